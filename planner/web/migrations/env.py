"""Alembic's environment: migrate the connection ``web.db.migrate`` hands over (no alembic.ini)."""

from __future__ import annotations

from alembic import context

from planner.web.models import Base

config = context.config
connection = config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=True,  # SQLite alters a table by copying it
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
