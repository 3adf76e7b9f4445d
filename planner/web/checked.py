"""The inputs of the database, checked by the loader the command line uses.

``check`` writes the tables of one state of the database to a scratch folder
(or workbook) and reads them with ``load_inputs``, ``checked_totals`` and
``check_plausible``, exactly as ``planner solve`` does: an edit the checks
refuse gets the very message, file, row and column the command line would
print, with the scratch folder's path replaced by the real one (``relocate``).

A checked state is kept per inputs version (``Cache``). A hand fix changes
only the locks and co-taught tables: ``with_locks`` reads those two again,
with the same readers, against the checked rest (the tables after them in
``load_inputs`` depend on neither), so that a fix is checked in milliseconds
on an IUT whose whole load takes seconds.
"""

from __future__ import annotations

import dataclasses
import os
import shutil
import tempfile
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from planner.data.inputs import COTAUGHT, LOCKS, MAQUETTE, Inputs, load_inputs
from planner.data.iut import DEPARTMENT_COLUMN, FOLDER, department_records, scoped_record, split
from planner.data.maquette import checked_totals
from planner.data.plausibility import check_plausible
from planner.data.staff import read_cotaught, read_locks
from planner.data.tables import Record, Source, load_table
from planner.demand import Demand, build_demand
from planner.errors import PlannerError
from planner.web import tables as store
from planner.web.models import Workspace

PREFIX = "planner-inputs-"


@dataclass
class Problem:
    """A refused state: the loader's message (with real paths), and where it points."""

    text: str
    path: str | None = None  # the table's path under the inputs (or sheet)
    row: int | None = None
    column: str | None = None


@dataclass
class Checked:
    """One version of the inputs: checked ``Inputs`` or the problem, and the warnings."""

    version: int
    inputs: Inputs | None
    problem: Problem | None = None
    warnings: list[str] = field(default_factory=list)
    scratch: list[tuple[str, str]] = field(default_factory=list)  # (scratch path, real path)
    demands: dict[tuple[int, ...], Demand] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return self.inputs is not None

    @property
    def fault(self) -> Problem:
        """The problem of a version its checks refused."""
        if self.problem is None:
            raise ValueError(f"the inputs of version {self.version} have no problem")
        return self.problem

    @property
    def valid(self) -> Inputs:
        """The checked inputs; asked of a version with a problem, that problem as an error."""
        if self.inputs is None:
            text = self.problem.text if self.problem is not None else "not checked"
            raise ValueError(f"the inputs of version {self.version} have a problem: {self.relocate(text)}")
        return self.inputs

    def relocate(self, text: str) -> str:
        """A message about the scratch files, naming the real ones."""
        for scratch, real in self.scratch:
            text = text.replace(scratch, real)
        return text

    def demand(self, years: list[int]) -> Demand:
        """The demand of ``years`` (kept: a fix does not change it)."""
        key = tuple(years)
        if key not in self.demands:
            self.demands[key] = build_demand(self.valid, list(years))
        return self.demands[key]


def shown(source: str) -> str:
    """The inputs' path as messages name it: relative to the working folder when under it."""
    try:
        return os.path.relpath(source) if Path(source).is_relative_to(Path.cwd()) else source
    except ValueError:
        return source


def _scratch(workspace: Workspace) -> tuple[Path, Path, str]:
    """A new scratch folder, the path to load from it, and the path it stands for."""
    folder = Path(tempfile.mkdtemp(prefix=PREFIX))
    real = Path(workspace.source)
    target = folder / real.name if workspace.form == "workbook" else folder
    return folder, target, shown(workspace.source)


def problem_of(exc: PlannerError, checked: Checked, workspace: Workspace) -> Problem:
    """The loader's error with real paths, and the table it names (its path under the inputs)."""
    text = checked.relocate(str(exc))
    path = None
    where = checked.relocate(exc.where or "")
    root = shown(workspace.source)
    if where.startswith(root):
        rest = where[len(root) :].lstrip("/")
        if workspace.form == "workbook":
            path = rest.split("sheet ", 1)[1].strip("'\"") if "sheet " in rest else None
        else:
            path = rest or None
    return Problem(text, path, exc.row, exc.column)


def check(session: Session, workspace: Workspace) -> Checked:
    """The database's tables (as this session sees them) through the command line's loader and checks."""
    folder, target, real = _scratch(workspace)
    checked = Checked(workspace.inputs_version, None, scratch=[(str(target), real), (str(folder), real)])
    try:
        if workspace.form == "workbook":
            store.write_workbook(session, workspace, target, Path(workspace.source))
        else:
            store.write_folder(session, workspace, target)
        inputs = load_inputs(target)
        checked_totals(inputs)
        checked.warnings = [checked.relocate(str(f)) for f in check_plausible(inputs)]
        checked.inputs = dataclasses.replace(inputs, source=real)
    except PlannerError as exc:
        checked.problem = problem_of(exc, checked, workspace)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return checked


def with_locks(session: Session, workspace: Workspace, base: Checked, department: str = "") -> Checked:
    """``base`` with the locks and co-taught tables read again from the database (a hand fix).

    In an IUT of department folders only ``department``'s two tables are read again: a lock or
    co-taught rule is read on its own, each department's after the one before, so the others'
    are ``base``'s. Falls back to ``check`` (the whole load) for a workbook.
    """
    if workspace.form == "workbook" or base.inputs is None:
        return check(session, workspace)
    inputs = base.inputs
    folder, target, real = _scratch(workspace)
    checked = Checked(workspace.inputs_version, None, scratch=[*base.scratch, (str(folder), real)])
    folders = inputs.scoped and (Path(workspace.source) / FOLDER).is_dir()
    one = department if folders and department in inputs.departments else ""
    # an IUT's tables with a department column take their department names from the maquette
    tables = (MAQUETTE, LOCKS, COTAUGHT) if inputs.scoped and not folders else (LOCKS, COTAUGHT)
    wanted = {t.name for t in tables}
    try:
        for table in store.tables_of(session, workspace.id):
            if table.name in wanted and (not one or table.department == one):
                path = target / table.path
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_bytes(store.csv_bytes(table, store.rows_of(session, table.id)))
        if one:
            locks, cotaught = _one_department(inputs, target, one)
        else:
            if folders:
                for name in inputs.departments:
                    (target / FOLDER / name).mkdir(parents=True, exist_ok=True)
            source = Source(target)
            if inputs.scoped:
                records = department_records(source, tables, inputs.settings.department)[2]
            else:
                records = {t.name: load_table(source, t) for t in tables}
            locks = (records["locks"], read(records["locks"], inputs, "locks"))
            cotaught = (records["cotaught"], read(records["cotaught"], inputs, "cotaught"))
        checked.inputs = dataclasses.replace(
            inputs,
            records={**inputs.records, "locks": locks[0], "cotaught": cotaught[0]},
            locks=locks[1],
            cotaught=cotaught[1],
        )
        checked.warnings = base.warnings
        checked.demands = dict(base.demands)  # locks and co-taught blocks change no demand
    except PlannerError as exc:
        checked.problem = problem_of(exc, checked, workspace)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return checked


def read(records: list[Record], inputs: Inputs, table: str) -> list:
    """The locks or co-taught rules of ``records``, by the loader's own readers, against ``inputs``."""
    codes = sorted({m.code for m in inputs.modules})
    if table == "locks":
        return read_locks(records, inputs.teachers, inputs.modules, inputs.scope)
    return read_cotaught(records, codes, inputs.scope)


def _one_department(inputs: Inputs, target: Path, department: str):
    """The locks and co-taught rules with ``department``'s read again: (records, entities) of each."""
    sub = Source(target / FOLDER / department)
    fresh = {
        t.name: [scoped_record(r, department, t.name) for r in load_table(sub, t)] for t in (LOCKS, COTAUGHT)
    }
    read_ = {name: read(records, inputs, name) for name, records in fresh.items()}
    kept: dict[str, list[Any]] = {"locks": inputs.locks, "cotaught": inputs.cotaught}
    key = {"locks": lambda lk: lk.code, "cotaught": lambda c: c.pattern}
    out = []
    for name in ("locks", "cotaught"):
        records, entities = [], []
        for d in inputs.departments:  # department after department, as load_inputs reads them
            if d == department:
                records += fresh[name]
                entities += read_[name]
            else:
                records += [r for r in inputs.records[name] if r[DEPARTMENT_COLUMN] == d]
                entities += [e for e in kept[name] if split(key[name](e))[0] == d]
        out.append((records, entities))
    return out


class Cache:
    """The checked inputs of each workspace's last versions (built on first use, kept in memory)."""

    def __init__(self, keep: int = 3) -> None:
        self._by: dict[int, dict[int, Checked]] = {}
        self._lock = threading.Lock()
        self._building: dict[int, threading.Lock] = {}
        self.keep = keep

    def get(self, workspace_id: int, version: int) -> Checked | None:
        with self._lock:
            return self._by.get(workspace_id, {}).get(version)

    def put(self, workspace_id: int, checked: Checked) -> None:
        with self._lock:
            mine = self._by.setdefault(workspace_id, {})
            mine[checked.version] = checked
            for old in sorted(mine)[: -self.keep]:
                del mine[old]

    def checked(self, session: Session, workspace: Workspace) -> Checked:
        """The checked state of the workspace's current version (checked now if not kept)."""
        found = self.get(workspace.id, workspace.inputs_version)
        if found is not None:
            return found
        with self._lock:
            building = self._building.setdefault(workspace.id, threading.Lock())
        with building:  # one load at a time per workspace; the others wait for it
            found = self.get(workspace.id, workspace.inputs_version)
            if found is None:
                found = check(session, workspace)
                self.put(workspace.id, found)
        return found
