#!/usr/bin/env bash
# Install what georeg needs on a Debian machine: system packages, the Python
# environment (.venv) and the map's front-end assets (node_modules).
# Safe and fast to re-run: each step is skipped when already done.
#   scripts/setup.sh          what `make run` needs
#   scripts/setup.sh --test   also what the test suite needs (Chromium and its headless shell, GDAL tools, QGIS's Python bindings,
#                             poppler's pdftotext to read the map exports back)
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(postgresql-15 postgresql-15-postgis-3 python3-venv nodejs npm fonts-dejavu-core)
extras=""
if [[ "${1:-}" == "--test" ]]; then
    packages+=(chromium chromium-headless-shell gdal-bin python3-qgis varnish poppler-utils)
    extras="[test]"
fi

missing=()
for package in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
# A machine may already have node and npm from elsewhere than Debian.
if command -v npm >/dev/null; then
    missing=("${missing[@]/nodejs}"); missing=("${missing[@]/npm}")
fi
read -r -a missing <<< "${missing[*]}"
if ((${#missing[@]})); then
    echo "setup: installing system packages: ${missing[*]}"
    if [[ $(id -u) -ne 0 ]]; then
        echo "setup: not root; run: sudo apt-get install -y ${missing[*]}" >&2
        exit 1
    fi
    apt-get update -q
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

stamp=".venv/.georeg-installed"
want="$(sha256sum pyproject.toml | cut -d' ' -f1)${extras}"
if [[ ! -x .venv/bin/python ]]; then
    python3 -m venv .venv
fi
if [[ ! -f "$stamp" ]] || ! grep -qx -- "$want" "$stamp" 2>/dev/null; then
    echo "setup: installing the Python environment"
    .venv/bin/pip install -q --upgrade pip
    .venv/bin/pip install -q -e ".${extras}"
    echo "$want" > "$stamp"
fi

if [[ ! -f node_modules/.package-lock.json ]] || ! cmp -s <(sha256sum < package-lock.json) node_modules/.georeg-lock; then
    echo "setup: installing the map's front-end assets"
    npm ci --no-audit --no-fund --silent
    sha256sum < package-lock.json > node_modules/.georeg-lock
fi
echo "setup: ready"
