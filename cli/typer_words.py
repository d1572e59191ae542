"""The words typer prints itself (its help's headings, its usage errors), in Vietnamese then English, and the
command line's commands and groups (:class:`SaidTyper`), whose help reads as written and whose usage errors follow
``--lang``.

typer vendors its own click, whose messages are f-strings that gettext cannot reach: a usage error is printed here
instead, its English message matched against the known forms and said in Vietnamese above it. A message of a form
not listed is printed in English only. A command line with ``--lang vi`` or ``--lang en`` is told its usage error in
that language alone (:func:`asked_language`).
"""

from __future__ import annotations

import importlib.abc
import importlib.util
import inspect
import re
import sys
from collections.abc import Sequence
from contextvars import ContextVar
from types import ModuleType
from typing import TYPE_CHECKING, Any

import typer
import typer._click.core
import typer._click.exceptions
import typer._click.formatting
import typer.main
from rich.console import Console
from rich.markup import escape
from rich.panel import Panel
from typer.core import TyperCommand, TyperGroup

if TYPE_CHECKING:
    from typer._click.exceptions import ClickException

#: typer's module words (read when it prints help and errors).
HELP_WORDS = {
    "ARGUMENTS_PANEL_TITLE": "Đối số · Arguments",
    "OPTIONS_PANEL_TITLE": "Tùy chọn · Options",
    "COMMANDS_PANEL_TITLE": "Lệnh · Commands",
    "ERRORS_PANEL_TITLE": "Lỗi · Error",
    "DEFAULT_STRING": "[mặc định · default: {}]",
    "REQUIRED_LONG_STRING": "[bắt buộc · required]",
    "ABORTED_TEXT": "Đã dừng · Aborted.",
}
#: The help of the options typer adds to every command (by their name), and the prefix of its usage line.
OPTION_HELP = {
    "help": "Hiện trợ giúp này rồi thoát · Show this message and exit.",
    "install_completion": "Cài tự hoàn thành lệnh cho shell đang dùng · Install completion for the current shell.",
    "show_completion": "In mã tự hoàn thành lệnh của shell đang dùng, để chép hoặc sửa · Show completion for the "
    "current shell, to copy it or customize the installation.",
}
USAGE_PREFIX = "Cách dùng · Usage: "
#: What a usage error says around its message, in the language the command line asks for (None: not asked, both).
ERROR_WORDS = {
    None: {"usage": USAGE_PREFIX, "help": "Trợ giúp · Help: ", "title": HELP_WORDS["ERRORS_PANEL_TITLE"]},
    "vi": {"usage": "Cách dùng: ", "help": "Trợ giúp: ", "title": "Lỗi"},
    "en": {"usage": "Usage: ", "help": "Help: ", "title": "Error"},
}

#: click's and pydantic's messages (fullmatch) -> the Vietnamese; ``{inner}`` is a message itself said again.
USAGE_ERRORS = [
    (r"Missing argument (?P<name>\S+)\. Choose from:(?P<choices>.+)", "Thiếu đối số {name}. Chọn một trong:{choices}"),
    (r"Missing option (?P<name>\S+)\. Choose from:(?P<choices>.+)", "Thiếu tùy chọn {name}. Chọn một trong:{choices}"),
    (r"Missing argument (?P<name>.+)\.", "Thiếu đối số {name}."),
    (r"Missing option (?P<name>.+)\.", "Thiếu tùy chọn {name}."),
    (r"Missing command\.", "Thiếu lệnh."),
    (r"No such command (?P<name>.+)\. Did you mean (?P<like>.+)\?", "Không có lệnh {name} (có thể là: {like})."),
    (r"No such command (?P<name>.+)\.", "Không có lệnh {name}."),
    (
        r"No such option: (?P<name>\S+) \(Possible options: (?P<like>.+)\)",
        "Không có tùy chọn {name} (có thể là: {like}).",
    ),
    (r"No such option: (?P<name>\S+)", "Không có tùy chọn {name}."),
    (r"Option (?P<name>.+) requires an argument\.", "Tùy chọn {name} cần một giá trị."),
    (r"Option (?P<name>.+) requires (?P<n>\d+) arguments\.", "Tùy chọn {name} cần {n} giá trị."),
    (r"Option (?P<name>.+) does not take a value\.", "Tùy chọn {name} không nhận giá trị."),
    (r"Got unexpected extra arguments? \((?P<extra>.*)\)", "Thừa đối số ({extra})."),
    (r"Invalid value for (?P<name>[^:]+): (?P<inner>.+)", "Giá trị không hợp lệ cho {name}: {inner}"),
    (r"Value error, (?P<inner>.+)", "{inner}"),
    (r"(?P<value>.+) is not one of (?P<choices>.+)\.", "{value} không phải một trong {choices}."),
    (r"(?P<value>.+) does not match the formats? (?P<formats>.+)\.", "{value} không đúng dạng {formats}."),
    (r"Input should be a valid integer.*", "cần một số nguyên."),
    (r"Input should be a valid number.*", "cần một số."),
    (r"file (?P<path>.+) does not exist\.", "không có tệp {path}."),
    (r"directory (?P<path>.+) does not exist\.", "không có thư mục {path}."),
    (r"path (?P<path>.+) does not exist\.", "không có đường dẫn {path}."),
    (r"(?P<kind>file|path) (?P<path>.+) is a directory\.", "{path} là một thư mục, không phải một tệp."),
    (r"(?P<kind>directory|path) (?P<path>.+) is a file\.", "{path} là một tệp, không phải một thư mục."),
]


def in_vietnamese(message: str) -> str | None:
    """The Vietnamese of one of typer's usage messages, or None for a form not in :data:`USAGE_ERRORS`."""
    for pattern, vietnamese in USAGE_ERRORS:
        match = re.fullmatch(pattern, message, flags=re.DOTALL)
        if match is None:
            continue
        parts = match.groupdict()
        if "inner" in parts:
            inner = in_vietnamese(parts["inner"])
            if inner is None:
                return None
            parts["inner"] = inner
        return vietnamese.format(**parts)
    return None


def print_usage_error(error: ClickException) -> None:
    """typer's usage error (a missing argument, an unknown option…): the usage line, where the help is, and the
    message in the language the command line asks for (:func:`asked_language`), else in Vietnamese then in
    English."""
    if error.__class__.__name__ == "NoArgsIsHelpError":  # the help was printed instead
        return
    lang = _ASKED.get()
    words = ERROR_WORDS[lang]
    console = Console(stderr=True)
    ctx = getattr(error, "ctx", None)
    if ctx is not None:
        usage = ctx.get_usage().removeprefix(USAGE_PREFIX)  # written with it (install: said_usage)
        console.print(f"{words['usage']}{escape(usage)}", style="yellow")
        help_command = escape(f"{ctx.command_path} {ctx.help_option_names[0]}")
        console.print(f"{words['help']}[blue]{help_command}[/]", style="dim")
    said = getattr(error, "said", None)  # a NotTextError's, in both languages
    english = said.en if said else error.format_message().replace(": Value error, ", ": ")  # not pydantic's words
    vietnamese = said.vi if said else in_vietnamese(english)
    both = english if vietnamese is None else f"{vietnamese}\n{english}"
    said = {"vi": vietnamese or english, "en": english}.get(lang, both)
    console.print(Panel(escape(said), border_style="red", title=words["title"], title_align="left"))


def install() -> None:
    """Make typer print its words as above (it reads them from its module when it prints), and give the options it
    adds to every command (--help, the shell completion) their help in both languages."""
    if "typer.rich_utils" in sys.modules:
        _words_into(sys.modules["typer.rich_utils"])
    else:
        sys.meta_path.insert(0, _WordsWhenImported())
    help_option = typer._click.core.Command.get_help_option
    completion_options = typer.main.get_install_completion_arguments
    write_usage = typer._click.formatting.HelpFormatter.write_usage

    def said_help_option(command: Any, ctx: Any) -> Any:
        return _said(help_option(command, ctx))

    def said_completion_options() -> tuple[Any, ...]:
        return tuple(_said(option) for option in completion_options())

    def said_usage(formatter: Any, prog: str, args: str = "", prefix: str | None = None) -> None:
        write_usage(formatter, prog, args, USAGE_PREFIX if prefix is None else prefix)

    typer._click.core.Command.get_help_option = said_help_option
    typer.main.get_install_completion_arguments = said_completion_options
    typer._click.formatting.HelpFormatter.write_usage = said_usage


class _WordsWhenImported(importlib.abc.MetaPathFinder):
    """Puts the words into ``typer.rich_utils`` as typer imports it, which it does only to print help or an error: a
    command that prints neither does not import it (nor rich's markdown and traceback with it: 0.05 s of CPU of each
    command's start)."""

    def find_spec(self, name: str, path: Any, target: Any = None) -> Any:
        if name != "typer.rich_utils":
            return None
        sys.meta_path.remove(self)
        spec = importlib.util.find_spec(name)
        run = spec.loader.exec_module

        def run_then_say(module: ModuleType) -> None:
            run(module)
            _words_into(module)

        spec.loader.exec_module = run_then_say
        return spec


def _words_into(rich_utils: ModuleType) -> None:
    for name, words in HELP_WORDS.items():
        setattr(rich_utils, name, words)
    rich_utils.rich_format_error = print_usage_error


def _said(option: Any) -> Any:
    if option is not None and option.name in OPTION_HELP:
        option.help = OPTION_HELP[option.name]
    return option


#: The language the command line being run asks for with --lang, while it runs (SaidGroup.main); None when it asks
#: for none.
_ASKED: ContextVar[str | None] = ContextVar("asked_language", default=None)


def asked_language(args: Sequence[str]) -> str | None:
    """The language a command line asks for, read from its words before click parses them (a usage error arises
    before --lang is read): its last ``--lang vi`` or ``--lang en`` (``--lang=en`` too; click takes an option's last
    value) before a ``--``; None without one, or when the last is neither (``--lang fr``, itself a usage error)."""
    asked = None
    for i, word in enumerate(args):
        if word == "--":
            break
        if word == "--lang" or word.startswith("--lang="):
            value = word.partition("=")[2] if "=" in word else (args[i + 1] if i + 1 < len(args) else "")
            asked = value if value in ("vi", "en") else None
    return asked


def language_asked() -> str | None:
    """The language the command line being run asks for (:func:`asked_language`), while it runs: what a group's
    callback says is said in it, though click has not given it the command's --lang."""
    return _ASKED.get()


def unwrapped(help_text: str | None) -> str | None:
    """A command's help with each paragraph on one line, as click reads a docstring (it rewraps its paragraphs to the
    terminal): typer's rich help keeps a paragraph's line breaks (all but the first paragraph's in a command's help,
    all in its group's list), and `georeg db up --help` broke "…pointing at another / server…" at the code's margin.
    A paragraph starting with ``\\b`` keeps its lines, as click keeps them."""
    if help_text is None:
        return None
    paragraphs = inspect.cleandoc(help_text).split("\n\n")
    return "\n\n".join(p if p.startswith("\b") else re.sub(r"\s*\n\s*", " ", p) for p in paragraphs)


class SaidCommand(TyperCommand):
    """A command whose help reads as its docstring is written (:func:`unwrapped`), and whose text options and
    arguments hold text only (:func:`refuse_not_text`)."""

    def __init__(self, name: str | None, *, help: str | None = None, **options: Any) -> None:
        super().__init__(name, help=unwrapped(help), **options)

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        rest = super().parse_args(ctx, args)
        refuse_not_text(ctx, self.params)
        return rest


class NotTextError(typer._click.exceptions.UsageError):
    """An option or argument whose text holds characters the registry does not keep, said in both languages
    (``said``): raised before the command runs, so nothing is written."""

    def __init__(self, said: Any, ctx: Any) -> None:
        super().__init__(said.en, ctx)
        self.said = said


def refuse_not_text(ctx: Any, params: Sequence[Any]) -> None:
    """Refuse a text option or argument holding what geo.plain_text refuses (a control character, a direction
    override), naming it and the characters: the API and the forms refuse them, and a reason, a name or a note typed
    or pasted on the command line was stored with them (into the audit log, the yearly report's Word file)."""
    for param in params:
        value = ctx.params.get(param.name)
        values = value if isinstance(value, list | tuple) else [value]
        texts = [v for v in values if type(v) is str]  # a text, not a choice (an Enum) nor a path
        if not texts:
            continue
        from geo.plain_text import option_refused  # here: a command's start imports no geo module

        name = param.opts[0] if param.param_type_name == "option" else (param.metavar or param.name.upper())
        for text in texts:
            said = option_refused(name, text)
            if said is not None:
                raise NotTextError(said, ctx)


class SaidGroup(TyperGroup):
    """A group of commands whose help reads as written; run as the command line, its usage errors are said in the
    language its ``--lang`` asks for."""

    def __init__(self, *, help: str | None = None, **options: Any) -> None:
        super().__init__(help=unwrapped(help), **options)

    def main(self, args: Sequence[str] | None = None, *rest: Any, **options: Any) -> Any:
        asked = _ASKED.set(asked_language(sys.argv[1:] if args is None else args))
        try:
            return super().main(args, *rest, **options)
        finally:
            _ASKED.reset(asked)


class SaidTyper(typer.Typer):
    """typer.Typer making :class:`SaidGroup` groups and :class:`SaidCommand` commands: every module of ``cli``
    makes its commands with it."""

    def __init__(self, **options: Any) -> None:
        super().__init__(cls=SaidGroup, **options)

    def command(self, *names: Any, **options: Any) -> Any:
        return super().command(*names, cls=SaidCommand, **options)
