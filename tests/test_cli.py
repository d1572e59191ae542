"""The georeg command line."""

from __future__ import annotations

from typer.testing import CliRunner

from cli.main import app
from geo.settings import get_settings

runner = CliRunner()


def test_db_up_starts_the_local_cluster_and_prints_its_url(cluster):
    result = runner.invoke(app, ["db", "up"])
    assert result.exit_code == 0, result.output
    assert get_settings().local_database_url in result.output
    assert cluster.is_running()


def test_help_lists_the_commands():
    result = runner.invoke(app, ["--help"])
    for command in ("db", "load-sample", "serve"):
        assert command in result.output
