"""The database connection: SQLite in WAL mode by default, any SQLAlchemy URL otherwise.

``connect(url)`` makes the engine, brings the schema to the last migration
(Alembic, ``web/migrations``) and returns a session factory. Each request
works in one transaction (``transaction``): every change is written whole or
not at all, and a server killed at any moment restarts on a consistent
database (SQLite's write-ahead log replays what was committed).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TypeVar

from sqlalchemy import create_engine, event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

M = TypeVar("M")
MIGRATIONS = Path(__file__).parent / "migrations"
SUFFIX = ".planner.sqlite"


def default_url(inputs: Path) -> str:
    """The database beside the inputs, not inside them: ``inputs/`` -> ``inputs.planner.sqlite``."""
    path = inputs.resolve()
    return f"sqlite:///{path.parent / (path.name + SUFFIX)}"


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute(
        "PRAGMA journal_mode=WAL"
    )  # readers never wait for the writer; a crash loses nothing committed
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.close()


def driver_url(url: str) -> str:
    """``postgresql://…`` (or ``postgres://…``) read with psycopg 3 (the ``postgresql`` extra)."""
    for plain in ("postgresql://", "postgres://"):
        if url.startswith(plain):
            return "postgresql+psycopg://" + url[len(plain) :]
    return url


def make_engine(url: str) -> Engine:
    """The engine of ``url`` (SQLite: WAL, foreign keys, shared by the server's threads)."""
    url = driver_url(url)
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 10})
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    return create_engine(url, pool_pre_ping=True, pool_size=20, max_overflow=20)  # the server's threads


def migrate(engine: Engine) -> None:
    """Bring the schema to the last migration (creates it on an empty database).

    SQLite alters a table by copying it and dropping the old one: its foreign keys are
    off meanwhile (else dropping a table would cascade to the rows that point at it) and
    checked after, before they are on again.
    """
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    sqlite = engine.dialect.name == "sqlite"
    with engine.connect() as connection:
        if sqlite:
            connection.exec_driver_sql("PRAGMA foreign_keys=OFF")  # outside any transaction
            connection.commit()
        with connection.begin():
            config.attributes["connection"] = connection
            command.upgrade(config, "head")
        if sqlite:
            broken = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
            connection.exec_driver_sql("PRAGMA foreign_keys=ON")
            connection.commit()
            if broken:
                raise RuntimeError(f"the migration left rows pointing nowhere: {broken[:5]}")


def connect(url: str) -> sessionmaker[Session]:
    """An engine on ``url`` with its schema up to date, as a session factory."""
    engine = make_engine(url)
    migrate(engine)
    return sessionmaker(engine, expire_on_commit=False)


@contextmanager
def transaction(sessions: sessionmaker[Session]) -> Iterator[Session]:
    """One session and one transaction: committed at the end, rolled back on any error."""
    with sessions() as session, session.begin():
        yield session


def must_get(session: Session, model: type[M], key: object) -> M:
    """The row of ``model`` with this primary key, which must exist (an id the server itself holds)."""
    found = session.get(model, key)
    if found is None:
        raise LookupError(f"no {getattr(model, '__tablename__', model.__name__)} {key!r} in the database")
    return found
