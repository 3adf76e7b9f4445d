"""Reading tables: encodings, separators, schema errors located to the cell."""

from fractions import Fraction

import pytest

from planner.data.tables import Column, Table, parse_csv_text, parse_table, read_csv_file
from planner.errors import PlannerError

TABLE = Table(
    "t",
    (Column("code"), Column("hours", "int"), Column("factor", "number", blank=Fraction(1), required=False)),
    key=("code",),
)


def parse(text: str):
    return parse_table(parse_csv_text(text, "t.csv"), TABLE)


def error_of(text: str) -> PlannerError:
    with pytest.raises(PlannerError) as info:
        parse(text)
    return info.value


def test_reads_typed_values_with_defaults():
    rows = parse("code,hours,factor\nR1.01,12,1.5\nR1.02,4,\n")
    assert [r["hours"] for r in rows] == [12, 4]
    assert [r["factor"] for r in rows] == [Fraction(3, 2), Fraction(1)]
    assert rows[1].row == 3


def test_french_excel_semicolons_and_decimal_commas():
    rows = parse("code;hours;factor\nR1.01;12;1,5\nR1.02;4;2/3\n")
    assert rows[0]["factor"] == Fraction(3, 2)
    assert rows[1]["factor"] == Fraction(2, 3)


def test_windows_1252_file(tmp_path):
    path = tmp_path / "t.csv"
    path.write_bytes("code,hours\nRésumé,3\n".encode("cp1252"))
    rows = parse_table(read_csv_file(path), TABLE)
    assert rows[0]["code"] == "Résumé"


@pytest.mark.parametrize(
    "text, row, column, words",
    [
        ("code,factor\nA,1\n", 1, None, "missing column 'hours'"),
        ("code,hours,colour\nA,1,red\n", 1, "colour", "unknown column"),
        ("code,hours\nA,twelve\n", 2, "hours", "not a number"),
        ("code,hours\nA,1.5\n", 2, "hours", "not a whole number"),
        ("code,hours\nA,-3\n", 2, "hours", "below the minimum"),
        ("code,hours\nA,\n", 2, "hours", "empty"),
        ("code,hours\nA,1\nB,2\nA,3\n", 4, None, "duplicate row"),
        ("code,hours\nA,1,9\n", 2, None, "3 cells"),
    ],
)
def test_bad_cells_are_located(text, row, column, words):
    err = error_of(text)
    assert err.where == "t.csv"
    assert err.row == row
    assert err.column == column
    assert words in str(err)


def test_empty_file_and_header_only():
    assert "empty" in str(error_of(""))
    assert "no rows" in str(error_of("code,hours\n"))


def test_notes_column_is_allowed():
    assert parse("code,hours,notes\nA,1,anything\n")[0]["hours"] == 1
