"""The database's migrations (Alembic), run at start-up by ``web.db.migrate``."""
