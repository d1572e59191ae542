"""Why the registry itself recorded an indicator value over another, kept as data (a code in the value's ``reason``),
worded in each reader's language where it is shown: they were stored as English sentences ("recomputed: …", "entered
after the value before was withdrawn"), which the API served as they were, as a withdrawal's reason was (session 63).
A reason a person typed is kept and shown as typed. Codes begin with ``registry:``, which no sentence stored before
did (migration 0047 turned those into codes)."""

from __future__ import annotations

from geo.said import LANGS, Said
from geo.source_labels import source_label

#: A value the registry computed again (from another forest raster) over the one it held: its source is the row's.
RECOMPUTED = "registry:recomputed"
#: A value entered with no reason typed over a withdrawal (its raster removed): it corrects nothing held.
AFTER_WITHDRAWAL = "registry:after-withdrawal"

_WORDS = {
    RECOMPUTED: Said("tính lại từ «{source}»", "recomputed from “{source}”"),
    AFTER_WITHDRAWAL: Said("nhập sau khi giá trị trước đó bị rút lại", "entered after the value before was withdrawn"),
}


def reason_said(reason: str | None, source: str | None) -> Said | None:
    """The ``reason`` of a value whose source is ``source``, in both languages: the registry's code worded, a
    person's as typed; None for none (a first value, a withdrawal)."""
    if reason is None:
        return None
    words = _WORDS.get(reason)
    if words is None:
        return Said(reason, reason)
    return Said(*(words.text(lang).format(source=source_label(source or "", lang)) for lang in LANGS))
