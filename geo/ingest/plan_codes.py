"""A plan's action codes as a refusal lists them: in the plan's order, each run of numbers under one prefix written
as a range ("P1–P10, A1–A22" for plan 1099/QĐ-UBND), so that an officer whose file gives "P99" reads every code the
plan has, not one example (trial 69: "e.g. A4")."""

from __future__ import annotations

import re

from geo.ingest.messages import said
from geo.said import Said

#: Ranges listed before the rest are counted: plan 148/QĐ-UBND's 108 codes make 19 ranges ("1–18", "1.1–1.2", …).
SHOWN_RANGES = 8
_NUMBERED = re.compile(r"(.*?)(\d+)")


def code_ranges(codes: list[str]) -> list[str]:
    """``codes`` (in the plan's order) as ranges: those sharing a prefix and ending in consecutive numbers as
    "first–last", grouped in the order their prefix first comes; a code not ending in a number as it is."""
    groups: dict[str, list[int]] = {}
    for code in codes:
        numbered = _NUMBERED.fullmatch(code)
        if numbered is None:
            groups.setdefault(code, [])
        else:
            groups.setdefault(numbered[1], []).append(int(numbered[2]))
    ranges = []
    for prefix, numbers in groups.items():
        if not numbers:
            ranges.append(prefix)
        for first, last in _runs(sorted(set(numbers))):
            ranges.append(f"{prefix}{first}" if first == last else f"{prefix}{first}–{prefix}{last}")
    return ranges


def _runs(numbers: list[int]) -> list[tuple[int, int]]:
    """Sorted ``numbers`` as runs of consecutive ones, (first, last) each."""
    runs: list[tuple[int, int]] = []
    for number in numbers:
        if runs and number == runs[-1][1] + 1:
            runs[-1] = (runs[-1][0], number)
        else:
            runs.append((number, number))
    return runs


def plan_codes_said(codes: list[str]) -> Said:
    """The plan's ``codes`` as ranges, the first :data:`SHOWN_RANGES` of them with the count of codes beyond."""
    ranges = code_ranges(codes)
    shown = ", ".join(ranges[:SHOWN_RANGES])
    if len(ranges) <= SHOWN_RANGES:
        return Said(shown, shown)
    return said("plan_codes_more", codes=shown, count=len(codes))


def unknown_action(plan: str | None, plan_column: str, codes: list[str]) -> Said:
    """Why a plan action's code is refused: the plan named (by the file's plan column) has no action with it, and
    which codes it has; or the row names no plan, where an action's code means nothing."""
    if plan is None:
        return said("plan_action_without_plan", plan_column=plan_column)
    return said("unknown_plan_action", plan=plan, plan_column=plan_column, codes=plan_codes_said(codes))
