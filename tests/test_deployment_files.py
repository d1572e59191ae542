"""docker-compose.yml and the Dockerfile agree with the app's settings (no Docker engine runs here)."""

from __future__ import annotations

import tomllib
from urllib.parse import urlparse

import pytest
import yaml

from geo.settings import PROJECT_ROOT, Settings


def _compose() -> dict:
    with open(PROJECT_ROOT / "docker-compose.yml", encoding="utf-8") as handle:
        return yaml.safe_load(handle)


class Refused(Exception):
    """Compose would not start: a ${VAR:?message} whose VAR is unset."""


def _expand(value: str, env: dict[str, str] | None = None) -> str:
    """Resolve ${VAR:-default} and ${VAR:?message} the way compose does with the variables ``env``."""
    env = env or {}
    while "${" in value:
        start = value.index("${")
        end = value.index("}", start)
        name, sign, rest = value[start + 2 : end].partition(":")
        if name in env:
            said = env[name]
        elif rest.startswith("?"):
            raise Refused(rest[1:])
        else:
            said = rest[1:] if sign else ""
        value = value[:start] + said + value[end + 1 :]
    return value


def test_app_reaches_the_postgis_service_by_name_and_port():
    services = _compose()["services"]
    assert set(services) == {"db", "app"}
    assert "postgis" in services["db"]["image"]
    env = {
        k: _expand(str(v), {"GEOREG_DB_PASSWORD": "a-long-secret"}) for k, v in services["app"]["environment"].items()
    }
    settings = Settings(**{k.removeprefix("GEOREG_").lower(): v for k, v in env.items()})
    url = urlparse(settings.effective_database_url.replace("postgresql+psycopg", "postgresql"))
    db_env = services["db"]["environment"]
    assert url.hostname == "db" and str(url.port) in services["db"]["expose"]
    assert url.username == db_env["POSTGRES_USER"] and url.path == "/" + db_env["POSTGRES_DB"]
    assert url.password == _expand(db_env["POSTGRES_PASSWORD"], {"GEOREG_DB_PASSWORD": "a-long-secret"})
    assert services["app"]["depends_on"]["db"]["condition"] == "service_healthy"


def test_compose_refuses_to_start_without_the_database_password():
    """It fell back to the password "georeg" when GEOREG_DB_PASSWORD was forgotten (trial 55)."""
    services = _compose()["services"]
    for value in (
        services["db"]["environment"]["POSTGRES_PASSWORD"],
        services["app"]["environment"]["GEOREG_DATABASE_URL"],
    ):
        with pytest.raises(Refused, match="GEOREG_DB_PASSWORD"):
            _expand(value)


def test_app_port_is_published_on_this_machine_only_unless_told():
    """It was published on every interface; the proxy in front is usually on the same machine (trial 55)."""
    app = _compose()["services"]["app"]
    settings = Settings(host=app["environment"]["GEOREG_HOST"], port=app["environment"]["GEOREG_PORT"])
    assert settings.host == "0.0.0.0"  # inside the container, so that the published port reaches it
    (published,) = app["ports"]
    assert _expand(published) == f"127.0.0.1:{settings.port}:{settings.port}"
    assert _expand(published, {"GEOREG_PUBLISH": "0.0.0.0"}) == f"0.0.0.0:{settings.port}:{settings.port}"


def _installed_packages() -> list[str]:
    """The top-level packages pyproject installs ("geo*" → geo): the image needs each one's source to install."""
    with open(PROJECT_ROOT / "pyproject.toml", "rb") as handle:
        patterns = tomllib.load(handle)["tool"]["setuptools"]["packages"]["find"]["include"]
    return [pattern.rstrip("*") for pattern in patterns]


def test_dockerfile_builds_the_same_app():
    dockerfile = (PROJECT_ROOT / "Dockerfile").read_text(encoding="utf-8")
    assert "npm ci" in dockerfile and "pip install" in dockerfile
    for folder in (*_installed_packages(), "alembic", "data"):
        assert f"COPY {folder} {folder}" in dockerfile
    assert "georeg db migrate" in dockerfile and "georeg serve" in dockerfile


def test_a_start_of_the_image_does_not_load_the_sample_data():
    """Each start loaded the Bạc Liêu / Trà Vinh sample into the registry again (trial 55): loaded once, by hand."""
    command = next(
        line
        for line in (PROJECT_ROOT / "Dockerfile").read_text(encoding="utf-8").splitlines()
        if line.startswith("CMD")
    )
    assert "db migrate" in command and "load-sample" not in command
    assert "command" not in _compose()["services"]["app"]
