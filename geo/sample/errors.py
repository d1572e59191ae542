"""The error a sample loader raises for bad bundled data, said in Vietnamese and English (``georeg load-sample
--lang``): which file, which record, which field and what is wrong with it."""

from __future__ import annotations

from typing import Any

from geo.said import Said, SaidError, fill

#: The records of the bundled files, as the error names them.
RECORDS = {
    "plan": {"vi": "kế hoạch", "en": "plan"},
    "action": {"vi": "nhiệm vụ {code}", "en": "action {code}"},
    "indicator": {"vi": "chỉ tiêu {code}", "en": "indicator {code}"},
    "succession": {"vi": "kế thừa {old} -> {new}", "en": "succession {old} -> {new}"},
    "feature": {"vi": "đối tượng {index} ({code})", "en": "feature {index} ({code})"},
    "row": {"vi": "dòng của {code} ngày {day}", "en": "row for {code} on {day}"},
}
#: What is wrong with a field.
PROBLEMS = {
    "unknown_agency": {"vi": "không có cơ quan mã {code}", "en": "unknown agency code {code}"},
    "parent_after": {
        "vi": "{parent} không phải một nhiệm vụ ghi trước nó",
        "en": "{parent} is not an action listed before it",
    },
    "not_a_day": {"vi": "{due} không phải ngày/tháng như 14/11", "en": "{due} is not a day/month such as 14/11"},
    "not_one_of": {"vi": "{value} không phải một trong {allowed}", "en": "{value} is not one of {allowed}"},
    "geometry": {
        "vi": "cần hình học, trừ khi location_precision là 'province' (khi đó phải để trống)",
        "en": "a geometry is required unless location_precision is 'province' (and must be null then)",
    },
    "unknown_plan": {"vi": "không có kế hoạch {plan}", "en": "unknown plan {plan}"},
    "no_action": {"vi": "kế hoạch {plan} không có nhiệm vụ {action}", "en": "plan {plan} has no action {action}"},
    "no_project": {"vi": "không có dự án mã này", "en": "no project with this code"},
    "not_a_status": {"vi": "{status} không phải một tình trạng", "en": "{status} is not a status"},
}
_MESSAGE = {
    "bad_field": {
        "vi": "{file}: {record}: trường {field}: {problem}; hãy sửa tệp đó (trong thư mục data/)",
        "en": "{file}: {record}: field {field}: {problem}; correct that file (in the data/ folder)",
    }
}


class SampleDataError(SaidError):
    """Bad content in a bundled data file; the message names the file, the record and the field, in both languages
    (:func:`record`, :func:`problem`)."""

    def __init__(self, file: str, record: Said, field: str, problem: Said) -> None:
        super().__init__(fill(_MESSAGE, "bad_field", file=file, record=record, field=repr(field), problem=problem))


def record(key: str, **blanks: Any) -> Said:
    """A record of :data:`RECORDS`, its blanks filled."""
    return fill(RECORDS, key, **{name: str(value) for name, value in blanks.items()})


def problem(key: str, **blanks: Any) -> Said:
    """A problem of :data:`PROBLEMS`, its blanks filled (``repr`` them where the value is quoted)."""
    return fill(PROBLEMS, key, **blanks)
