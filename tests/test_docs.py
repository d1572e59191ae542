"""The README and the guides in docs/: every link leads somewhere, and the settings table lists every setting."""

from __future__ import annotations

import re
import sys
import unicodedata
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").rglob("*.md"))]  # the Vietnamese guides in docs/vi too
LINK = re.compile(r"\]\(([^)\s]+)\)")


def _anchor(heading: str) -> str:
    """GitHub's anchor of a heading: lower case, punctuation dropped, spaces to hyphens."""
    text = unicodedata.normalize("NFC", heading.strip().lower())
    text = re.sub(r"[^\w\- ]", "", text)
    return text.replace(" ", "-")


def _anchors(page: Path) -> set[str]:
    """A page's headings' anchors, and those it names itself (``<a id="stale-exports"></a>``, which GitHub keeps)."""
    text = page.read_text()
    headings = {_anchor(line.lstrip("#")) for line in text.splitlines() if line.startswith("#")}
    return headings | set(re.findall(r'<a id="([^"]+)"></a>', text))


def _leads_somewhere(page: Path, target: str) -> bool:
    if target.startswith(("http://", "https://", "mailto:")):
        return True
    path, _, anchor = target.partition("#")
    linked = (page.parent / path).resolve() if path else page
    if not linked.exists():
        return False
    return not anchor or linked.suffix != ".md" or anchor in _anchors(linked)


@pytest.mark.parametrize("page", PAGES, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_link_of_the_docs_leads_somewhere(page: Path) -> None:
    broken = [target for target in LINK.findall(page.read_text()) if not _leads_somewhere(page, target)]
    assert not broken, f"{page.relative_to(ROOT)} links to what does not exist: {broken}"


def test_the_readme_points_to_a_guide_for_every_audience() -> None:
    readme = (ROOT / "README.md").read_text()
    for guide in ("planner", "gis-officer", "field-officer", "administrator", "settings"):
        assert f"docs/{guide}.md" in readme
    for guide in ("planner", "gis-officer", "field-officer", "monitoring", "administrator"):  # in Vietnamese too
        assert f"docs/vi/{guide}.md" in readme


def test_the_settings_page_lists_every_setting_as_the_code_declares_it() -> None:
    sys.path.insert(0, str(ROOT / "scripts"))
    from settings_table import PAGE, page_with_table

    current = PAGE.read_text()
    assert page_with_table(current) == current, "docs/settings.md is out of date: run scripts/settings_table.py"


@pytest.mark.parametrize("guide", ["gis-officer.md", "vi/gis-officer.md"])
def test_the_gis_officer_guide_lists_every_project_kind_and_status_with_its_vietnamese_label(guide: str) -> None:
    from geo.vocab import PROJECT_KINDS, PROJECT_STATUSES

    text = (ROOT / "docs" / guide).read_text(encoding="utf-8")
    for term in (*PROJECT_KINDS, *PROJECT_STATUSES):
        assert f"`{term.code}` {term.vi}" in text, term.code


@pytest.mark.parametrize("page", PAGES, ids=lambda p: str(p.relative_to(ROOT)))
def test_the_guides_are_stored_as_nfc(page: Path) -> None:
    """Vietnamese text with its diacritics composed (NFC), as the registry stores and searches it."""
    assert unicodedata.is_normalized("NFC", page.read_text(encoding="utf-8"))


@pytest.mark.parametrize("guide", ["administrator.md", "vi/administrator.md"])
def test_the_administrator_guide_names_what_make_run_runs_in_the_makefiles_order(guide: str) -> None:
    """Trial 73: the guide said 'the first five' of a list whose fourth (`load-sample --only units`) make run skips."""
    recipe = (ROOT / "Makefile").read_text().split("\nrun:", 1)[1].split("\n\n", 1)[0]
    commands = re.findall(r"\.venv/bin/georeg (.+)", recipe)
    text = " ".join((ROOT / "docs" / guide).read_text(encoding="utf-8").split())
    sentence = text[text.index("`make run` (") :].split(". ", 1)[0]
    named = [name for name in re.findall(r"`([^`]+)`", sentence) if name in commands]
    assert named == commands, sentence
