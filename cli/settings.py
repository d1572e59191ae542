"""``georeg settings``: every setting as the code that runs reads it, and where each came from.

An administrator checked where a command would write with ``python -c "from geo.settings import …"``: run in another
checkout, it imported that folder's code and named its files, not those of the code the command runs.

Like every module of ``cli``, this one imports only typer, rich and the standard library at the top.
"""

from __future__ import annotations

from pathlib import Path

from rich.console import Console
from rich.markup import escape

from cli.backup import LangOrBoth, in_lang

console = Console()
#: Where a setting came from, in each language.
SOURCES = {
    "environment": ("biến môi trường", "environment"),
    ".env": (".env", ".env"),
    "default": ("mặc định", "default"),
}


def settings_command(lang: LangOrBoth = None) -> None:
    """Thiết lập đang dùng · Print every setting in effect (database, folders of files…) and where each came from.

    Đọc như georeg serve và các lệnh khác đọc · Read as georeg serve and the other commands read them: the environment
    first, then the .env file of the folder it runs in, else the default (folders beside the code run)."""
    from geo.settings import SOURCE_TREE, get_settings, in_effect

    settings, env_file = get_settings(), Path.cwd() / ".env"
    found = in_lang("có", "found", lang) if env_file.is_file() else in_lang("không có", "none", lang)
    _line(f"{in_lang('Mã chạy từ', 'Code run from', lang)}: {SOURCE_TREE}")
    _line(f"{in_lang('Tệp .env', '.env file', lang)}: {env_file} ({found})")
    _line(f"{in_lang('Cơ sở dữ liệu đang dùng', 'Database in use', lang)}: {settings.shown_database_url}")
    for variable, value, source in in_effect(settings):
        _line(f"{variable}={value}  ({in_lang(*SOURCES[source], lang)})")


def _line(text: str) -> None:
    """One line, never wrapped: a path cut by a line break is not copied whole."""
    console.print(escape(text), highlight=False, soft_wrap=True)
