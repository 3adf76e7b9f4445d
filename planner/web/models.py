"""The database of ``planner serve``: the inputs as their tables, the plans solved, what changed.

One *workspace* is one inputs folder or workbook (``source``). Its tables are
kept as the files hold them: a table's dialect (``InputTable``) and its
records as cells of text (``InputRow``), so that exporting gives the same
bytes (``web.csvtext``). Every solve is a ``SolveRun``; the plan it gives is a
``PlanVersion`` with the text of its plan files (``PlanFile``), one of them
the workspace's current plan. ``Change`` records every edit (the journal an
undo and accounts build on). Mutable rows carry a ``version`` number bumped
on every update (optimistic concurrency: a stale edit is refused).

Only portable column types: the same schema runs on SQLite and PostgreSQL.
The schema is created and upgraded by the Alembic migrations of
``web/migrations`` at start-up, never by ``create_all``.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    JSON,
    Boolean,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


def now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class Base(DeclarativeBase):
    pass


class Workspace(Base):
    """One inputs folder or workbook and the years planned from it."""

    __tablename__ = "workspace"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    source: Mapped[str] = mapped_column(String(1000), unique=True)  # the inputs path, resolved
    form: Mapped[str] = mapped_column(String(20))  # "folder" or "workbook"
    years: Mapped[str] = mapped_column(String(20), default="1,2,3")
    inputs_version: Mapped[int] = mapped_column(Integer, default=1)  # bumped by every accepted edit
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=now)
    version: Mapped[int] = mapped_column(Integer, default=1)
    __mapper_args__ = {"version_id_col": version}


class InputTable(Base):
    """One input table: a CSV file (its path under the inputs folder) or a sheet of the workbook."""

    __tablename__ = "input_table"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspace.id", ondelete="CASCADE"))
    path: Mapped[str] = mapped_column(String(500))  # departments/GEA/locks.csv, or the sheet's name
    name: Mapped[str] = mapped_column(String(50))  # the table: maquette, teachers, locks…
    department: Mapped[str | None] = mapped_column(String(50), nullable=True)  # its folder's, in an IUT
    encoding: Mapped[str] = mapped_column(String(20), default="utf-8")  # "xlsx" for a sheet
    bom: Mapped[bool] = mapped_column(Boolean, default=False)
    delimiter: Mapped[str] = mapped_column(String(1), default=",")
    newline: Mapped[str] = mapped_column(String(2), default="\n")
    position: Mapped[int] = mapped_column(Integer, default=0)
    edited: Mapped[bool] = mapped_column(Boolean, default=False)  # changed since imported or exported
    disk_sha: Mapped[str | None] = mapped_column(
        String(64), nullable=True
    )  # the file as last read or written
    version: Mapped[int] = mapped_column(Integer, default=1)
    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (UniqueConstraint("workspace_id", "path"),)


class InputRow(Base):
    """One record of a table (the header is the first): its cells, and its original text if needed."""

    __tablename__ = "input_row"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    table_id: Mapped[int] = mapped_column(ForeignKey("input_table.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer)  # record number in the file (1 = header), or sheet row
    cells: Mapped[list] = mapped_column(JSON)
    raw: Mapped[str | None] = mapped_column(Text, nullable=True)  # None: the cells write it back
    origin: Mapped[str] = mapped_column(String(10), default="file")  # file, page, or fix (a hand fix)
    version: Mapped[int] = mapped_column(Integer, default=1)
    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (Index("ix_input_row_table_position", "table_id", "position"),)


class Change(Base):
    """One accepted change: what, where, the cells before and after (the journal)."""

    __tablename__ = "change"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspace.id", ondelete="CASCADE"))
    at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=now)
    author: Mapped[str | None] = mapped_column(String(100), nullable=True)  # accounts come later
    action: Mapped[str] = mapped_column(String(20))  # edit, add, delete, fix, unfix, import, adopt, export
    target: Mapped[str] = mapped_column(String(500))  # a table's path, or a plan version
    row_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    before: Mapped[list | dict | None] = mapped_column(JSON, nullable=True)
    after: Mapped[list | dict | None] = mapped_column(JSON, nullable=True)
    inputs_version: Mapped[int] = mapped_column(Integer)  # the version this change made


class PlanVersion(Base):
    """A plan solved from one version of the inputs: its files' text, figures and stages."""

    __tablename__ = "plan_version"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspace.id", ondelete="CASCADE"))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=now)
    years: Mapped[str] = mapped_column(String(20))
    inputs_version: Mapped[int] = mapped_column(Integer)
    interrupted: Mapped[bool] = mapped_column(Boolean, default=False)  # stopped: best found, not proven
    current: Mapped[bool] = mapped_column(Boolean, default=False)  # the workspace's plan
    fits: Mapped[bool] = mapped_column(Boolean, default=True)  # the hours fit the weeks
    status: Mapped[str] = mapped_column(String(100), default="")
    figures: Mapped[dict] = mapped_column(JSON, default=dict)  # reports.summary figures, as text
    stages: Mapped[list] = mapped_column(JSON, default=list)
    previous_id: Mapped[int | None] = mapped_column(ForeignKey("plan_version.id"), nullable=True)
    seconds: Mapped[float] = mapped_column(Float, default=0.0)
    version: Mapped[int] = mapped_column(Integer, default=1)
    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (Index("ix_plan_version_workspace", "workspace_id", "current"),)


class PlanFile(Base):
    """The text of one file of a plan version (assignments.csv, services.csv, weeks.csv…)."""

    __tablename__ = "plan_file"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plan_version.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(100))
    text: Mapped[str] = mapped_column(Text)
    __table_args__ = (UniqueConstraint("plan_id", "name"),)


class SolveRun(Base):
    """One solve or comparison asked from the page: its state, its steps, what it gave."""

    __tablename__ = "solve_run"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspace.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(20), default="plan")  # plan or compare
    started_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=now)
    finished_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    state: Mapped[str] = mapped_column(String(20), default="running")  # running, done, failed…
    years: Mapped[str] = mapped_column(String(20))
    inputs_version: Mapped[int] = mapped_column(Integer)
    message: Mapped[str] = mapped_column(Text, default="")
    steps: Mapped[list] = mapped_column(JSON, default=list)
    result: Mapped[dict | None] = mapped_column(JSON, nullable=True)  # a comparison's table
    plan_id: Mapped[int | None] = mapped_column(ForeignKey("plan_version.id"), nullable=True)
    version: Mapped[int] = mapped_column(Integer, default=1)
    __mapper_args__ = {"version_id_col": version}
