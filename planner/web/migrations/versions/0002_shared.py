"""A shared plan: accounts and their sessions, wishes campaigns, the réalisé, academic years, undo.

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-10 09:00:00

The journal (``change``) learns who made a change, its department, what it did
in words and in records (``ops``: what an undo applies backwards). A workspace
becomes one academic year of its inputs: several share a source, one per label.
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

NAMES = {"uq": "uq_%(table_name)s_%(column_0_name)s"}  # SQLite's unnamed constraints, named to drop them


def upgrade() -> None:
    op.create_table(
        "account",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("login", sa.String(length=100), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("password_hash", sa.String(length=300), nullable=False),
        sa.Column("role", sa.String(length=20), nullable=False),
        sa.Column("department", sa.String(length=50), nullable=True),
        sa.Column("teacher", sa.String(length=100), nullable=True),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("failed_logins", sa.Integer(), nullable=False),
        sa.Column("locked_until", sa.DateTime(timezone=True), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("login"),
    )
    op.create_table(
        "login_session",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("csrf", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("seen_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["account_id"], ["account.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_login_session_account_id", "login_session", ["account_id"], unique=False)
    op.create_table(
        "campaign",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("workspace_id", sa.Integer(), nullable=False),
        sa.Column("department", sa.String(length=50), nullable=True),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("opened_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("opened_by", sa.String(length=100), nullable=False),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("closed_by", sa.String(length=100), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["workspace_id"], ["workspace.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "wish",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("campaign_id", sa.Integer(), nullable=False),
        sa.Column("teacher", sa.String(length=100), nullable=False),
        sa.Column("modules", sa.JSON(), nullable=False),
        sa.Column("weeks", sa.JSON(), nullable=False),
        sa.Column("comment", sa.Text(), nullable=False),
        sa.Column("answered_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("author", sa.String(length=100), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["campaign_id"], ["campaign.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("campaign_id", "teacher"),
    )
    op.create_table(
        "taught",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("workspace_id", sa.Integer(), nullable=False),
        sa.Column("teacher", sa.String(length=100), nullable=False),
        sa.Column("key", sa.String(length=300), nullable=False),
        sa.Column("hours", sa.String(length=30), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("author", sa.String(length=100), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["workspace_id"], ["workspace.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("workspace_id", "teacher", "key"),
    )
    with op.batch_alter_table("change", schema=None) as batch_op:
        batch_op.add_column(sa.Column("account_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("department", sa.String(length=50), nullable=True))
        batch_op.add_column(sa.Column("summary", sa.Text(), nullable=False, server_default=""))
        batch_op.add_column(sa.Column("ops", sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column("undoes_id", sa.Integer(), nullable=True))
        batch_op.create_index("ix_change_workspace", ["workspace_id", "id"], unique=False)
        batch_op.create_foreign_key(
            "fk_change_account_id", "account", ["account_id"], ["id"], ondelete="SET NULL"
        )
        batch_op.create_foreign_key("fk_change_undoes_id", "change", ["undoes_id"], ["id"])
    sqlite = op.get_bind().dialect.name == "sqlite"
    with op.batch_alter_table("workspace", schema=None, naming_convention=NAMES) as batch_op:
        # one workspace per academic year of the same inputs: the source alone is no longer unique
        batch_op.drop_constraint("uq_workspace_source" if sqlite else "workspace_source_key", type_="unique")
        batch_op.add_column(sa.Column("label", sa.String(length=20), nullable=False, server_default=""))
        batch_op.add_column(sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("previous_id", sa.Integer(), nullable=True))
        batch_op.create_index("ix_workspace_source", ["source"], unique=False)
        batch_op.create_unique_constraint("uq_workspace_source_label", ["source", "label"])
        batch_op.create_foreign_key("fk_workspace_previous_id", "workspace", ["previous_id"], ["id"])


def downgrade() -> None:
    with op.batch_alter_table("workspace", schema=None) as batch_op:
        batch_op.drop_constraint("fk_workspace_previous_id", type_="foreignkey")
        batch_op.drop_constraint("uq_workspace_source_label", type_="unique")
        batch_op.drop_index("ix_workspace_source")
        batch_op.drop_column("previous_id")
        batch_op.drop_column("closed_at")
        batch_op.drop_column("label")
        batch_op.create_unique_constraint("uq_workspace_source", ["source"])
    with op.batch_alter_table("change", schema=None) as batch_op:
        batch_op.drop_constraint("fk_change_undoes_id", type_="foreignkey")
        batch_op.drop_constraint("fk_change_account_id", type_="foreignkey")
        batch_op.drop_index("ix_change_workspace")
        for column in ("undoes_id", "ops", "summary", "department", "account_id"):
            batch_op.drop_column(column)
    op.drop_table("taught")
    op.drop_table("wish")
    op.drop_table("campaign")
    op.drop_index("ix_login_session_account_id", table_name="login_session")
    op.drop_table("login_session")
    op.drop_table("account")
