"""A CSV file as lines of cells that write back to the very same bytes.

The inputs read by ``data.tables`` may be UTF-8 (with or without a BOM) or
Windows-1252, use ``,`` or ``;``, end lines with ``\\n`` or ``\\r\\n``, quote
cells that need no quotes or leave the last line without a line end. A file
is kept as its *dialect* (encoding, BOM, separator, line end) and its
*records* as the csv module reads them (the same records, numbered the same,
as ``data.tables.parse_csv_text``): each record's cells, and its original
text when writing the cells again would not give it back. A record left
untouched is written from its original text, an edited one from its cells:
a round trip changes no byte, an edit changes only its own line.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

BOM = "\ufeff"


@dataclass(frozen=True)
class Dialect:
    """How a CSV file is written: encoding (``utf-8`` or ``cp1252``), BOM, separator, line end."""

    encoding: str = "utf-8"
    bom: bool = False
    delimiter: str = ","
    newline: str = "\n"


@dataclass
class Line:
    """One record of the file: its cells, and its original text (None: the cells write it back)."""

    cells: list[str]
    raw: str | None = None


def decode(data: bytes) -> tuple[str, str, bool]:
    """The text, its encoding and whether it had a BOM (as ``data.tables.decode`` reads it)."""
    try:
        text = data.decode("utf-8")
        encoding = "utf-8"
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace"), "cp1252", False
    if text.startswith(BOM):
        return text[1:], encoding, True
    return text, encoding, False


def sniff(text: str) -> tuple[str, str]:
    """The separator (as ``data.tables.parse_csv_text`` chooses it) and the first line end."""
    first = next((line for line in text.splitlines() if line.strip()), "")
    delimiter = ";" if first.count(";") > first.count(",") else ","
    end = next((i for i, ch in enumerate(text) if ch in "\r\n"), None)
    if end is None:
        return delimiter, "\n"
    if text[end] == "\r":
        return delimiter, "\r\n" if text[end + 1 : end + 2] == "\n" else "\r"
    return delimiter, "\n"


def records(text: str, delimiter: str) -> list[tuple[list[str], str]]:
    """Each record's cells (unstripped) and the exact text it was read from."""
    consumed: list[str] = []

    def lines():
        for line in io.StringIO(text, newline=""):
            consumed.append(line)
            yield line

    out = []
    for cells in csv.reader(lines(), delimiter=delimiter):
        out.append((cells, "".join(consumed)))
        consumed.clear()
    return out


def read(data: bytes) -> tuple[Dialect, list[Line]]:
    """A CSV file's dialect and lines; ``write`` gives ``data`` back.

    Raises
    ------
    csv.Error
        For a malformed file (``data.tables`` refuses it too).
    """
    text, encoding, bom = decode(data)
    delimiter, newline = sniff(text)
    dialect = Dialect(encoding, bom, delimiter, newline)
    lines = []
    for cells, raw in records(text, delimiter):
        lines.append(Line(cells, None if row_text(cells, dialect) == raw else raw))
    return dialect, lines


def row_text(cells: list[str], dialect: Dialect) -> str:
    """One record as the csv module writes it, with the file's separator and line end."""
    buf = io.StringIO()
    csv.writer(buf, delimiter=dialect.delimiter, lineterminator=dialect.newline).writerow(cells)
    return buf.getvalue()


def text(dialect: Dialect, lines: list[Line]) -> str:
    """The file's text: untouched records as they were read, the others written from their cells."""
    parts: list[str] = []
    for line in lines:
        if line.raw is not None:
            parts.append(line.raw)
            continue
        if parts and not parts[-1].endswith(("\n", "\r")):
            parts.append(dialect.newline)  # the record before had no line end (the file's last, once)
        parts.append(row_text(line.cells, dialect))
    return "".join(parts)


def write(dialect: Dialect, lines: list[Line]) -> bytes:
    """The file's bytes in its own encoding (``UnicodeEncodeError``: a character it cannot hold)."""
    body = text(dialect, lines)
    return ((BOM if dialect.bom else "") + body).encode(dialect.encoding)


def encodable(value: str, dialect: Dialect) -> bool:
    """Whether the file's encoding can hold ``value`` (a Windows-1252 file cannot hold every character)."""
    try:
        value.encode(dialect.encoding)
    except UnicodeEncodeError:
        return False
    return True
