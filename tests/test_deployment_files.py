"""docker-compose.yml and the Dockerfile agree with the app's settings (no Docker engine runs here)."""

from __future__ import annotations

import tomllib
from urllib.parse import urlparse

import yaml

from geo.settings import PROJECT_ROOT, Settings


def _compose() -> dict:
    with open(PROJECT_ROOT / "docker-compose.yml", encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def _expand(value: str) -> str:
    """Resolve ${VAR:-default} the way compose does when VAR is unset."""
    while "${" in value:
        start = value.index("${")
        end = value.index("}", start)
        value = value[:start] + value[start + 2 : end].split(":-", 1)[-1] + value[end + 1 :]
    return value


def test_app_reaches_the_postgis_service_by_name_and_port():
    services = _compose()["services"]
    assert set(services) == {"db", "app"}
    assert "postgis" in services["db"]["image"]
    env = {k: _expand(str(v)) for k, v in services["app"]["environment"].items()}
    settings = Settings(**{k.removeprefix("GEOREG_").lower(): v for k, v in env.items()})
    url = urlparse(settings.effective_database_url.replace("postgresql+psycopg", "postgresql"))
    db_env = services["db"]["environment"]
    assert url.hostname == "db" and str(url.port) in services["db"]["expose"]
    assert url.username == db_env["POSTGRES_USER"] and url.path == "/" + db_env["POSTGRES_DB"]
    assert url.password == _expand(db_env["POSTGRES_PASSWORD"])
    assert services["app"]["depends_on"]["db"]["condition"] == "service_healthy"


def test_app_port_is_published_and_served_on_all_interfaces():
    app = _compose()["services"]["app"]
    settings = Settings(host=app["environment"]["GEOREG_HOST"], port=app["environment"]["GEOREG_PORT"])
    assert settings.host == "0.0.0.0"
    assert f"{settings.port}:{settings.port}" in app["ports"]


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
