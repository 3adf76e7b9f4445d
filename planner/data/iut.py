"""An IUT: several departments that share statuses, calendar, settings and teachers.

Inputs describe one department or an IUT. The *department tables* (maquette,
maquette_totals, cohorts, groups, locks, cotaught, periods) belong to one
department; every other table is IUT-wide. An IUT is given either as

- a folder with the IUT-wide tables at its root and one sub-folder per
  department, ``departments/<CODE>/``, holding that department's tables; or
- department tables with a ``department`` first column (the sheets of an xlsx
  workbook, or CSV files at the root of a folder).

Without either, the inputs are one department, named by the ``department``
setting, and nothing below applies: names are used as written.

Inside the planner the names a department table gives are *qualified* with
their department, ``GEA/R3.01``, ``GEA/OSC``, ``GEA/*`` (every parcours of
GEA), so that nothing pools, matches or counts across departments by accident:
two departments' R3.01 are two modules. Plan files show the department in a
column of its own and the names as written (``local``). A qualification or
wish pattern names a department the same way (``GEA/R3.*``, ``*/R3.01`` for
every department); without one it is the teacher's home department.
"""

from __future__ import annotations

import bisect
import dataclasses
import fnmatch
import functools
import re
from collections.abc import Iterable, Sequence

from planner.data.entities import ANY
from planner.data.tables import Column, Record, Source, Table, parse_table, table_rows
from planner.errors import PlannerError, Problems

SEP = "/"
FOLDER = "departments"
DEPARTMENT_COLUMN = "department"
NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]*$")
# department table -> columns whose names are qualified with the department
QUALIFIED = {
    "maquette": ("parcours", "code"),
    "maquette_totals": ("parcours",),
    "cohorts": ("parcours",),
    "groups": ("parcours",),
    "locks": ("code", "parcours"),
    "cotaught": ("pattern",),
    "periods": ("parcours",),
}
UNQUALIFIED = {("locks", "parcours"): ANY}  # "any parcours" of a lock: the code already names the department


@dataclasses.dataclass(frozen=True)
class Scope:
    """The departments of the inputs (in name order) and whether names are qualified (an IUT)."""

    departments: tuple[str, ...]
    scoped: bool

    def shown(self, name: str) -> str:
        """A name as its table writes it (without the department of an IUT's qualified names)."""
        return local(name) if self.scoped else name


def qualify(department: str, name: str) -> str:
    """``GEA/R3.01``: a name of a department table as the planner knows it."""
    return f"{department}{SEP}{name}"


def split(name: str) -> tuple[str, str]:
    """(department, name as written); department "" for an unqualified name."""
    if SEP in name:
        department, rest = name.split(SEP, 1)
        return department, rest
    return "", name


def local(name: str) -> str:
    """A qualified name as written in its department's table (``GEA/OSC`` -> ``OSC``)."""
    return split(name)[1]


def local_label(label: str) -> str:
    """A pool label of qualified parcours as written (``GEA/OSC+GEA/QMI`` -> ``OSC+QMI``)."""
    return "+".join(local(p) for p in label.split("+"))


def qualify_label(department: str, label: str) -> str:
    """The inverse of ``local_label`` for one department."""
    return "+".join(qualify(department, p) for p in label.split("+"))


def any_parcours(parcours: str) -> str:
    """The ``*`` (every parcours of the year) a parcours falls under: ``GEA/*``, or ``*``."""
    department, _ = split(parcours)
    return qualify(department, ANY) if department else ANY


def is_any(parcours: str) -> bool:
    return local(parcours) == ANY


def check_name(name: str, where: str, row: int | None = None, column: str | None = None) -> str:
    if not NAME.match(name):
        raise PlannerError(
            f"{name!r} is not a department code",
            where=where,
            row=row,
            column=column,
            hint="Use letters, digits, '-' and '_' (GEA, GEII, QLIO, TC…).",
        )
    return name


# --- reading department tables ------------------------------------------------------------


def with_department(table: Table) -> Table:
    """A department table's schema with a ``department`` first column (the flat form)."""
    return dataclasses.replace(
        table,
        columns=(Column(DEPARTMENT_COLUMN), *table.columns),
        key=(DEPARTMENT_COLUMN, *table.key) if table.key else (),
    )


def scoped_record(rec: Record, department: str, table: str) -> Record:
    """A record of ``department``'s table with its names qualified."""
    values = dict(rec.values)
    for column in QUALIFIED.get(table, ()):
        text = values[column]
        if not text or UNQUALIFIED.get((table, column)) == text:
            continue
        if text.startswith(department + SEP):  # already qualified with its own department
            text = text[len(department) + 1 :]
        if SEP in text:
            raise rec.error(
                f"{text!r}: {SEP!r} is reserved to name a department (GEA{SEP}R3.01)",
                column,
                hint=f"This is a table of department {department}: write its names without a department.",
            )
        values[column] = qualify(department, text)
    values[DEPARTMENT_COLUMN] = department
    return Record(values, rec.where, rec.row)


def department_records(
    source: Source, tables: tuple[Table, ...], default: str, problems: Problems | None = None
) -> tuple[tuple[str, ...], bool, dict[str, list[Record]]]:
    """The records of the department tables, from whichever form the inputs use.

    Returns the departments (in name order), whether the inputs are an IUT
    (names qualified), and the records of each table, department after department.
    A bad cell or row is recorded in ``problems`` (raised at the end without it).
    """
    found = Problems.of(problems)
    folder = source.path / FOLDER
    if not source.is_workbook and folder.is_dir():
        out = _from_folders(source, tables, found)
    else:
        raws = {t.name: source.read(t) for t in tables}
        if any(raw is not None and DEPARTMENT_COLUMN in raw.header for raw in raws.values()):
            out = _from_column(source, tables, raws, found)
        else:
            out = (default,), False, {t.name: table_rows(source, t, found) for t in tables}
    found.close(problems)
    return out


def _from_folders(source: Source, tables: tuple[Table, ...], found: Problems):
    folder = source.path / FOLDER
    for t in tables:
        if source.read(t) is not None:
            raise PlannerError(
                f"{t.file_name} is a department table, but this IUT has a {FOLDER}/ folder",
                where=source.describe(t),
                hint=f"Move it to {FOLDER}/<CODE>/{t.file_name} (one folder per department).",
            )
    names = sorted(d.name for d in folder.iterdir() if d.is_dir() and not d.name.startswith("."))
    if not names:
        raise PlannerError(
            f"the {FOLDER}/ folder has no department sub-folder",
            where=str(folder),
            hint=f"Add one folder per department, e.g. {FOLDER}/GEA/ with maquette.csv, cohorts.csv….",
        )
    records: dict[str, list[Record]] = {t.name: [] for t in tables}
    for name in names:
        check_name(name, str(folder / name))
        sub = Source(folder / name)
        for t in tables:
            for r in table_rows(sub, t, found):
                with found.each():
                    records[t.name].append(scoped_record(r, name, t.name))
    return tuple(names), True, records


def _from_column(source: Source, tables: tuple[Table, ...], raws, found: Problems):
    records: dict[str, list[Record]] = {}
    for t in tables:
        raw = raws[t.name]
        if raw is None:
            records[t.name] = table_rows(source, t, found)  # a problem unless the table is optional
            continue
        if DEPARTMENT_COLUMN not in raw.header:
            raise PlannerError(
                f"missing column {DEPARTMENT_COLUMN!r}: the other department tables have one",
                where=raw.where,
                row=1,
                hint="Give every department table (maquette, cohorts, periods…) a department first column.",
            )
        parsed = parse_table(raw, with_department(t), found)
        for rec in parsed:
            check_name(rec[DEPARTMENT_COLUMN], rec.where, rec.row, DEPARTMENT_COLUMN)
        records[t.name] = [scoped_record(r, r[DEPARTMENT_COLUMN], t.name) for r in parsed]
    names = tuple(sorted({r[DEPARTMENT_COLUMN] for r in records["maquette"]}))
    for t in tables:
        for rec in records[t.name]:
            if rec[DEPARTMENT_COLUMN] not in names:
                raise rec.error(
                    f"department {rec[DEPARTMENT_COLUMN]!r} has no row in the maquette",
                    DEPARTMENT_COLUMN,
                    hint=f"The maquette names: {', '.join(names)}.",
                )
    return names, True, records


# --- references to departments -------------------------------------------------------------


def home_department(rec: Record, scope: Scope) -> str:
    """A teacher's home department (column ``department`` of teachers.csv), checked."""
    text = rec.values.get(DEPARTMENT_COLUMN, "")
    if not text:
        if scope.scoped:
            raise rec.error(
                "this teacher has no home department",
                DEPARTMENT_COLUMN,
                hint=f"Departments of this IUT: {', '.join(scope.departments)}.",
            )
        return scope.departments[0]
    if text not in scope.departments:
        raise rec.error(
            f"unknown department {text!r}",
            DEPARTMENT_COLUMN,
            hint=f"Departments of these inputs: {', '.join(scope.departments)}.",
        )
    return text


def scope_pattern(pattern: str, home: str, scope: Scope, codes: Iterable[str]) -> str:
    """A qualification, wish or lock pattern as the planner matches it against module codes.

    ``GEA/R3.*`` names department GEA, ``*/R3.01`` every department; a pattern
    without a department is the teacher's home department (``codes``: the
    module codes, for a single department's codes that have a ``/`` of their
    own). Raises ``ValueError`` (its message for the caller's located error)
    for an unknown department.
    """
    department, rest = split(pattern)
    if not scope.scoped:
        if not department:
            return pattern
        if department in (ANY, scope.departments[0]):
            return rest
        if any(SEP in code for code in codes):
            return pattern  # a code that has a '/' of its own
        raise ValueError(
            f"pattern {pattern!r} names department {department!r}, but these inputs are department "
            f"{scope.departments[0]} alone"
        )
    if not department:
        return qualify(home, pattern)
    if department == ANY or department in scope.departments:
        return pattern
    raise ValueError(
        f"pattern {pattern!r} names department {department!r}, which does not exist "
        f"(departments: {', '.join(scope.departments)})"
    )


def matches_any(pattern: str, codes: Sequence[str]) -> bool:
    """Whether the module-code ``pattern`` (``*``, ``?``, ``[…]``) matches one of ``codes``.

    ``codes`` sorted: only the codes that start with the pattern's literal head are tried.
    """
    head = re.split(r"[*?\[]", pattern, maxsplit=1)[0]
    match = _matcher(pattern)
    for k in range(bisect.bisect_left(codes, head), len(codes)):
        if not codes[k].startswith(head):
            return False
        if match(codes[k]):
            return True
    return False


@functools.lru_cache(maxsize=4096)
def _matcher(pattern: str):
    return re.compile(fnmatch.translate(pattern)).match
