"""The error a sample loader raises for bad bundled data."""


class SampleDataError(ValueError):
    """Bad content in a bundled data file; the message names the file, the record and the field."""

    def __init__(self, file: str, record: str, field: str, problem: str) -> None:
        super().__init__(f"{file}: {record}: field {field!r}: {problem}")
