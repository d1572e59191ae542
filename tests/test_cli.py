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


def test_load_sample_without_the_sample_data_says_where_to_find_them(
    make_registry, tmp_path, monkeypatch, commands_use
):
    monkeypatch.setenv("GEOREG_DATA_DIR", str(tmp_path))
    commands_use(make_registry("cli_no_sample"))
    result = runner.invoke(app, ["load-sample"])
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit), result.output  # not a traceback
    output = "".join(result.output.split())
    assert "notfound" in output and "GEOREG_DATA_DIRtoacheckout'sdata/folder" in output
    assert "".join(str(tmp_path / "boundaries").split()) in output
