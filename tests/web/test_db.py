"""The database: created by its migrations (which match the models), SQLite in WAL mode, one transaction."""

from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect, text

from planner.web.db import connect, default_url, make_engine, migrate, transaction
from planner.web.models import Base, Workspace


def test_the_migrations_make_the_schema_the_models_describe(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'db.sqlite'}")
    migrate(engine)
    migrate(engine)  # a second start changes nothing
    with engine.connect() as connection:
        assert compare_metadata(MigrationContext.configure(connection), Base.metadata) == []
        assert connection.execute(text("select version_num from alembic_version")).scalar() == "0001"
    assert set(inspect(engine).get_table_names()) == {*Base.metadata.tables, "alembic_version"}


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
