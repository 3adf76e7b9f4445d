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
    source: Mapped[str] = mapped_column(String(1000), index=True)  # the inputs path, resolved
    form: Mapped[str] = mapped_column(String(20))  # "folder" or "workbook"
    years: Mapped[str] = mapped_column(String(20), default="1,2,3")
    inputs_version: Mapped[int] = mapped_column(Integer, default=1)  # bumped by every accepted edit
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=now)
    label: Mapped[str] = mapped_column(String(20), default="")  # the academic year: 2025-2026
    closed_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    previous_id: Mapped[int | None] = mapped_column(ForeignKey("workspace.id"), nullable=True)
    version: Mapped[int] = mapped_column(Integer, default=1)
    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (UniqueConstraint("source", "label", name="uq_workspace_source_label"),)


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
    """One accepted change: who, when, what, the cells before and after (the journal).

    ``ops`` holds every database record the change made, changed or removed, each
    with its fields before and after (``web.journal``): undoing the change
    applies them backwards, as a new change (``undoes_id``).
    """

    __tablename__ = "change"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspace.id", ondelete="CASCADE"))
    at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=now)
    author: Mapped[str | None] = mapped_column(String(100), nullable=True)  # the account's login
    action: Mapped[str] = mapped_column(String(20))  # edit, add, delete, fix, unfix, import, adopt, export…
    target: Mapped[str] = mapped_column(String(500))  # a table's path, or a plan version
    row_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    before: Mapped[list | dict | None] = mapped_column(JSON, nullable=True)
    after: Mapped[list | dict | None] = mapped_column(JSON, nullable=True)
    inputs_version: Mapped[int] = mapped_column(Integer)  # the version this change made
    account_id: Mapped[int | None] = mapped_column(
        ForeignKey("account.id", ondelete="SET NULL"), nullable=True
    )
    department: Mapped[str | None] = mapped_column(String(50), nullable=True)  # whose head may undo it
    summary: Mapped[str] = mapped_column(Text, default="")  # what, in words
    ops: Mapped[list | None] = mapped_column(JSON, nullable=True)  # None: cannot be undone
    undoes_id: Mapped[int | None] = mapped_column(ForeignKey("change.id"), nullable=True)
    __table_args__ = (Index("ix_change_workspace", "workspace_id", "id"),)


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


class Account(Base):
    """A person who signs in: a role, the department they head, the teacher they are."""

    __tablename__ = "account"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    login: Mapped[str] = mapped_column(String(100), unique=True)
    name: Mapped[str] = mapped_column(String(200), default="")
    password_hash: Mapped[str] = mapped_column(String(300))  # argon2id, with its salt and parameters
    role: Mapped[str] = mapped_column(String(20))  # admin, head, teacher, viewer
    department: Mapped[str | None] = mapped_column(String(50), nullable=True)  # a head's or viewer's
    teacher: Mapped[str | None] = mapped_column(String(100), nullable=True)  # teachers.csv id
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=now)
    failed_logins: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    version: Mapped[int] = mapped_column(Integer, default=1)
    __mapper_args__ = {"version_id_col": version}


class LoginSession(Base):
    """A signed-in browser: the hash of its cookie's token, its CSRF token, its expiry."""

    __tablename__ = "login_session"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)  # sha256 of the cookie's token
    account_id: Mapped[int] = mapped_column(ForeignKey("account.id", ondelete="CASCADE"), index=True)
    csrf: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=now)
    expires_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    seen_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=now)


class Campaign(Base):
    """A wishes campaign of one department (None: the one department), open until closed."""

    __tablename__ = "campaign"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspace.id", ondelete="CASCADE"))
    department: Mapped[str | None] = mapped_column(String(50), nullable=True)
    note: Mapped[str] = mapped_column(Text, default="")  # the head's word to the teachers
    opened_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=now)
    opened_by: Mapped[str] = mapped_column(String(100), default="")
    closed_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    closed_by: Mapped[str | None] = mapped_column(String(100), nullable=True)
    version: Mapped[int] = mapped_column(Integer, default=1)
    __mapper_args__ = {"version_id_col": version}


class Wish(Base):
    """A teacher's answer to a campaign: modules ranked by weight, unavailable weeks, a comment."""

    __tablename__ = "wish"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaign.id", ondelete="CASCADE"))
    teacher: Mapped[str] = mapped_column(String(100))
    modules: Mapped[list] = mapped_column(JSON, default=list)  # [[code, weight 1-3], ...]
    weeks: Mapped[list] = mapped_column(JSON, default=list)  # ISO weeks: ["2025-W40", ...]
    comment: Mapped[str] = mapped_column(Text, default="")
    answered_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    author: Mapped[str | None] = mapped_column(String(100), nullable=True)
    version: Mapped[int] = mapped_column(Integer, default=1)
    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (UniqueConstraint("campaign_id", "teacher"),)


class Taught(Base):
    """The réalisé: the hours a teacher actually taught of one module activity (a part key)."""

    __tablename__ = "taught"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspace.id", ondelete="CASCADE"))
    teacher: Mapped[str] = mapped_column(String(100))
    key: Mapped[str] = mapped_column(String(300))
    hours: Mapped[str] = mapped_column(String(30))  # a number as text (exact)
    at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=now)
    author: Mapped[str | None] = mapped_column(String(100), nullable=True)
    version: Mapped[int] = mapped_column(Integer, default=1)
    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (UniqueConstraint("workspace_id", "teacher", "key"),)
