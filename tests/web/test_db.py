"""The database: created by its migrations (which match the models), SQLite in WAL mode, one transaction.

The schema tests run on SQLite and on PostgreSQL (``db_url``).
"""

from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect, text

from planner.web.db import connect, default_url, driver_url, make_engine, migrate, transaction
from planner.web.models import Base, Workspace


def test_the_migrations_make_the_schema_the_models_describe(db_url):
    engine = make_engine(db_url)
    migrate(engine)
    migrate(engine)  # a second start changes nothing
    with engine.connect() as connection:
        assert compare_metadata(MigrationContext.configure(connection), Base.metadata) == []
        assert connection.execute(text("select version_num from alembic_version")).scalar() == "0002"
    assert set(inspect(engine).get_table_names()) == {*Base.metadata.tables, "alembic_version"}
    engine.dispose()


def test_a_database_of_the_first_schema_is_upgraded_with_its_rows(db_url, shipped):
    """A database made by ``planner serve`` before accounts existed keeps its tables and journal."""
    from alembic import command
    from alembic.config import Config

    from planner.web import tables as store
    from planner.web.db import MIGRATIONS
    from planner.web.models import Change

    engine = make_engine(db_url)
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "0001")
    with engine.begin() as connection:  # the first schema's rows, as its code wrote them
        connection.execute(
            text(
                "insert into workspace (source, form, years, inputs_version, created_at, version) "
                "values (:source, 'folder', '2', 3, CURRENT_TIMESTAMP, 1)"
            ),
            {"source": str(shipped)},
        )
        first = connection.execute(text("select id from workspace")).scalar()
        connection.execute(
            text(
                "insert into change (workspace_id, at, action, target, inputs_version) "
                "values (:id, CURRENT_TIMESTAMP, 'edit', 'teachers.csv', 3)"
            ),
            {"id": first},
        )
    migrate(engine)
    sessions = connect(db_url)
    with sessions() as session:
        workspace = session.get(Workspace, first)
        assert (workspace.label, workspace.closed_at, workspace.inputs_version) == ("", None, 3)
        change = session.query(Change).one()
        assert (change.summary, change.ops, change.author) == ("", None, None)
    with transaction(sessions) as session:  # a second year of the same inputs may now be added
        session.add(Workspace(source=str(shipped), form="folder", label="2026-2027"))
        assert store.tables_of(session, first) == []
    engine.dispose()


def test_sqlite_runs_in_wal_mode_with_foreign_keys(tmp_path):
    sessions = connect(f"sqlite:///{tmp_path / 'db.sqlite'}")
    with sessions() as session:
        assert session.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert session.execute(text("PRAGMA foreign_keys")).scalar() == 1


def test_a_change_that_fails_midway_leaves_nothing(tmp_path):
    sessions = connect(f"sqlite:///{tmp_path / 'db.sqlite'}")
    with pytest.raises(RuntimeError), transaction(sessions) as session:
        session.add(Workspace(source="/somewhere", form="folder"))
        session.flush()
        raise RuntimeError("stopped halfway")
    with sessions() as session:
        assert session.query(Workspace).count() == 0


def test_the_database_lies_beside_the_inputs_not_inside(tmp_path):
    (tmp_path / "inputs").mkdir()
    assert default_url(tmp_path / "inputs") == f"sqlite:///{tmp_path / 'inputs.planner.sqlite'}"
    assert default_url(tmp_path / "iut.xlsx") == f"sqlite:///{tmp_path / 'iut.xlsx.planner.sqlite'}"


def test_a_plain_postgresql_url_is_read_with_psycopg():
    assert driver_url("postgresql://u@h:5432/d") == "postgresql+psycopg://u@h:5432/d"
    assert driver_url("postgres://h/d") == "postgresql+psycopg://h/d"
    assert driver_url("postgresql+psycopg://h/d") == "postgresql+psycopg://h/d"
    assert driver_url("sqlite:///x.sqlite") == "sqlite:///x.sqlite"
