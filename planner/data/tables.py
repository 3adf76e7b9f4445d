"""Read typed tables from a folder of CSV files or from one xlsx workbook.

Every cell is checked against a declared schema; any problem raises a
``PlannerError`` naming the file (and sheet), the row and the column.
CSV files may be UTF-8 or Windows-1252 and use ``,`` or ``;`` (French Excel,
with decimal commas).
"""

from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path
from typing import Any

from planner.errors import PlannerError, Problems

REQUIRED = object()  # marker: a blank cell is an error
FREE_COLUMNS = ("notes",)  # extra columns users may add anywhere


@dataclass(frozen=True)
class Column:
    """One column of a table.

    kind: ``str``, ``int`` (whole number), ``hours`` (a whole number of half
    hours: ``4``, ``4.5`` or ``4,5``), ``number`` (exact fraction; accepts
    ``1.5``, ``1,5`` and ``2/3``), ``bool`` (yes/no).
    """

    name: str
    kind: str = "str"
    blank: Any = REQUIRED
    minimum: Fraction | int | None = 0
    choices: tuple[str, ...] = ()
    required: bool = True  # False: the column itself may be absent


@dataclass(frozen=True)
class Table:
    """A table's schema: its columns, key, and whether it may be missing or empty."""

    name: str
    columns: tuple[Column, ...]
    key: tuple[str, ...] = ()
    optional: bool = False  # the whole table may be absent
    allow_empty: bool = False  # header without rows is fine

    @property
    def file_name(self) -> str:
        return f"{self.name}.csv"


@dataclass(frozen=True)
class Record:
    """A parsed row: typed values and where they came from."""

    values: dict[str, Any]
    where: str
    row: int

    def __getitem__(self, name: str) -> Any:
        return self.values[name]

    def error(self, message: str, column: str | None = None, hint: str | None = None):
        return PlannerError(message, where=self.where, row=self.row, column=column, hint=hint)


@dataclass
class RawTable:
    where: str
    header: list[str]
    rows: list[tuple[int, list[str]]] = field(default_factory=list)
    decimal_comma: bool = False


# --- sources --------------------------------------------------------------


class Source:
    """Where the tables come from: a folder of CSV files or an xlsx workbook."""

    def __init__(self, path: str | Path):
        self.path = Path(path)
        if not self.path.exists():
            raise PlannerError(
                f"inputs not found: {self.path}",
                hint="Give --inputs a folder of CSV files or an .xlsx workbook.",
            )
        self.is_workbook = self.path.is_file()
        if self.is_workbook and self.path.suffix.lower() not in (".xlsx", ".xlsm"):
            raise PlannerError(
                f"{self.path}: not a folder nor an .xlsx workbook",
                hint="Give --inputs a folder of CSV files or an .xlsx workbook.",
            )
        self._sheets: dict[str, RawTable] | None = None

    def read(self, table: Table) -> RawTable | None:
        if self.is_workbook:
            return self._workbook().get(table.name)
        file = self.path / table.file_name
        if not file.exists():
            return None
        return read_csv_file(file)

    def describe(self, table: Table) -> str:
        if self.is_workbook:
            return f"{self.path}, sheet {table.name!r}"
        return str(self.path / table.file_name)

    def _workbook(self) -> dict[str, RawTable]:
        if self._sheets is None:
            self._sheets = read_workbook(self.path)
        return self._sheets


def read_csv_file(file: Path) -> RawTable:
    where = str(file)
    try:
        data = file.read_bytes()
    except OSError as exc:
        raise PlannerError(f"cannot read the file ({exc.strerror})", where=where) from None
    return parse_csv_text(decode(data, where), where)


def decode(data: bytes, where: str) -> str:
    if b"\x00" in data[:4096]:
        raise PlannerError(
            "this is not a text CSV file (binary content)",
            where=where,
            hint="Save it from Excel as 'CSV UTF-8' or 'CSV (séparateur: point-virgule)'.",
        )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def parse_csv_text(text: str, where: str) -> RawTable:
    lines = text.splitlines()
    first = next((line for line in lines if line.strip()), None)
    if first is None:
        raise PlannerError("the file is empty (no header row)", where=where)
    sep = ";" if first.count(";") > first.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=sep)
    try:
        rows = list(reader)
    except csv.Error as exc:
        raise PlannerError(f"malformed CSV ({exc})", where=where) from None
    numbered = [(i + 1, [c.strip() for c in r]) for i, r in enumerate(rows)]
    numbered = [(n, r) for n, r in numbered if any(r)]
    header_row, header = numbered[0]
    raw = RawTable(where, header, decimal_comma=sep == ";")
    for n, cells in numbered[1:]:
        if len(cells) > len(header) and any(cells[len(header) :]):
            raise PlannerError(
                f"{len(cells)} cells but the header has {len(header)} columns",
                where=where,
                row=n,
                hint=f"Check for a stray {sep!r} in this row.",
            )
        raw.rows.append((n, cells + [""] * (len(header) - len(cells))))
    return raw


def read_workbook(path: Path) -> dict[str, RawTable]:
    import openpyxl
    from openpyxl.utils.exceptions import InvalidFileException

    where = str(path)
    try:
        head = path.read_bytes()[:8]
    except OSError as exc:
        raise PlannerError(f"cannot read the workbook ({exc.strerror})", where=where) from None
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        raise PlannerError(
            "this workbook is password-protected or in the old .xls format",
            where=where,
            hint="Remove the password and save it as .xlsx.",
        )
    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError) as exc:
        raise PlannerError(
            f"this workbook cannot be opened ({type(exc).__name__}: {exc})",
            where=where,
            hint="Is it a valid .xlsx file? Re-save it from Excel or LibreOffice.",
        ) from None
    sheets = {}
    try:
        for ws in book.worksheets:
            rows = [
                (i + 1, [cell_text(v) for v in values])
                for i, values in enumerate(ws.iter_rows(values_only=True))
            ]
            rows = [(n, r) for n, r in rows if any(r)]
            name = f"{where}, sheet {ws.title!r}"
            if not rows:
                sheets[ws.title] = RawTable(name, [])
                continue
            header = rows[0][1]
            while header and not header[-1]:
                header.pop()
            table = RawTable(name, header)
            for n, cells in rows[1:]:
                cells = (cells + [""] * len(header))[: max(len(header), len(cells))]
                if any(cells[len(header) :]):
                    raise PlannerError(
                        "a cell to the right of the last column is filled",
                        where=name,
                        row=n,
                    )
                table.rows.append((n, cells[: len(header)]))
            sheets[ws.title] = table
    except zipfile.BadZipFile as exc:
        raise PlannerError(f"this workbook is corrupt ({exc})", where=where) from None
    finally:
        book.close()
    return sheets


def cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


# --- typed parsing --------------------------------------------------------


def load_table(source: Source, table: Table, problems: Problems | None = None) -> list[Record]:
    """The checked rows of one table of a source (a folder of CSV files or a workbook).

    With ``problems``, a bad cell or row is recorded there and the row left
    out; without, the problems of the table are raised together.
    """
    raw = source.read(table)
    if raw is None:
        if table.optional:
            return []
        raise PlannerError(
            f"missing table {table.name!r}",
            where=source.describe(table),
            hint=f"Expected columns: {', '.join(c.name for c in table.columns)}.",
        )
    return parse_table(raw, table, problems)


def table_rows(source: Source, table: Table, problems: Problems) -> list[Record]:
    """One table's checked rows, every problem recorded: a problem of its header leaves it empty."""
    with problems.each():
        return load_table(source, table, problems)
    return []


def parse_table(raw: RawTable, table: Table, problems: Problems | None = None) -> list[Record]:
    """The checked rows of a raw table: every bad cell and duplicate row recorded, that row left out.

    A header problem (an unknown, missing or repeated column) is raised at
    once; the rows' problems go to ``problems``, or are raised together at
    the end without it.
    """
    own = problems is None
    problems = Problems() if problems is None else problems
    where = raw.where
    if not raw.header:
        raise PlannerError("the table is empty (no header row)", where=where)
    header = raw.header
    expected = [c.name for c in table.columns]
    seen = set()
    for name in header:
        if name in seen:
            raise PlannerError(f"column {name!r} appears twice in the header", where=where, row=1)
        seen.add(name)
        if name not in expected and name not in FREE_COLUMNS:
            raise PlannerError(
                f"unknown column {name!r}",
                where=where,
                row=1,
                column=name,
                hint=f"Expected columns: {', '.join(expected)}.",
            )
    for col in table.columns:
        if col.required and col.name not in header:
            raise PlannerError(
                f"missing column {col.name!r}",
                where=where,
                row=1,
                hint=f"Expected columns: {', '.join(expected)}.",
            )
    index = {name: i for i, name in enumerate(header)}
    records = []
    keys: dict[tuple, int] = {}
    for n, cells in raw.rows:
        values = {}
        before = len(problems.found)
        for col in table.columns:
            text = cells[index[col.name]] if col.name in index else ""
            with problems.each():
                values[col.name] = parse_cell(text, col, raw.decimal_comma, where, n)
        if len(problems.found) > before:
            continue  # a bad cell: the row is left out, its problems reported
        record = Record(values, where, n)
        if table.key:
            key = tuple(values[k] for k in table.key)
            if key in keys:
                shown = ", ".join(f"{k}={v}" for k, v in zip(table.key, key))
                problems.add(
                    PlannerError(
                        f"duplicate row ({shown}); it already appears in row {keys[key]}",
                        where=where,
                        row=n,
                        hint="Each row must be unique; remove or merge one of them.",
                    )
                )
                continue
            keys[key] = n
        records.append(record)
    if not raw.rows and not table.allow_empty:
        raise PlannerError("the table has a header but no rows", where=where)
    if own:
        problems.raise_any()
    return records


def parse_cell(text: str, col: Column, decimal_comma: bool, where: str, row: int) -> Any:
    def fail(message: str, hint: str | None = None):
        return PlannerError(message, where=where, row=row, column=col.name, hint=hint)

    if text == "":
        if col.blank is REQUIRED:
            raise fail("this cell is empty but a value is required")
        return col.blank
    if col.kind == "str":
        if col.choices and text not in col.choices:
            raise fail(f"{text!r} is not one of: {', '.join(col.choices)}")
        return text
    if col.kind == "bool":
        low = text.lower()
        if low in ("yes", "oui", "true", "1", "y", "o", "vrai"):
            return True
        if low in ("no", "non", "false", "0", "n", "faux"):
            return False
        raise fail(f"{text!r} is not yes or no")
    number = parse_number(text, decimal_comma)
    if number is None:
        raise fail(f"{text!r} is not a number")
    value: Fraction | int = number
    if col.kind == "int":
        if number.denominator != 1:
            raise fail(f"{text!r} is not a whole number")
        value = int(number)
    if col.kind == "hours":
        hours = as_hours(number)
        if hours is None:
            raise fail(f"{text!r} is not a whole number of half hours", "Write hours like 4, 4.5 or 4,5.")
        value = hours
    if col.minimum is not None and value < col.minimum:
        raise fail(f"{text} is below the minimum of {col.minimum}")
    return value


def as_hours(value: Fraction) -> int | Fraction | None:
    """Hours as the planner keeps them: an int when whole, a Fraction for a half; None otherwise.

    Whole hours stay ints, so that a department counting in whole hours is
    planned exactly as before; ``4.5`` is ``Fraction(9, 2)``.
    """
    if value.denominator == 1:
        return int(value)
    return value if value.denominator == 2 else None


def parse_number(text: str, decimal_comma: bool = False) -> Fraction | None:
    """A cell's number (``1.5``, ``1,5`` with a decimal comma, ``2/3``) as a Fraction; None if not one."""
    t = text.replace("\u00a0", "").replace(" ", "")
    if decimal_comma or ("," in t and "." not in t):
        t = t.replace(",", ".")
    try:
        if "/" in t:
            num, den = t.split("/")
            return Fraction(Fraction(num), Fraction(den))
        return Fraction(t)
    except (ValueError, ZeroDivisionError):
        return None
