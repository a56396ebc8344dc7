"""organisations, units, terms, elections

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25 11:50:51.722871
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "organisations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("code", sa.String(length=40), nullable=True),
        sa.Column("kind", sa.String(length=30), nullable=False),
        sa.Column("domain", sa.String(length=30), nullable=False),
        sa.Column("parent_id", sa.Integer(), nullable=True),
        sa.Column("formation", sa.String(length=20), nullable=False),
        sa.Column("host_org_id", sa.Integer(), nullable=True),
        sa.Column("approved_on", sa.Date(), nullable=True),
        sa.Column("approval_doc_no", sa.String(length=60), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("revoked_on", sa.Date(), nullable=True),
        sa.Column("revoked_doc_no", sa.String(length=60), nullable=False),
        sa.Column("revoked_reason", sa.Text(), nullable=False),
        sa.Column("recorded_formal_count", sa.Integer(), nullable=True),
        sa.Column("recorded_probationary_count", sa.Integer(), nullable=True),
        sa.Column("address", sa.String(length=200), nullable=False),
        sa.Column("contact_phone", sa.String(length=40), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("sort_order", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), server_default=sa.text("(CURRENT_TIMESTAMP)"), nullable=False),
        sa.Column("updated_at", sa.DateTime(), server_default=sa.text("(CURRENT_TIMESTAMP)"), nullable=False),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.CheckConstraint(
            "formation IN ('single', 'joint', 'attached')", name=op.f("ck_organisations_formation")
        ),
        sa.CheckConstraint("status IN ('active', 'revoked')", name=op.f("ck_organisations_status")),
        sa.CheckConstraint(
            "parent_id IS NULL OR parent_id <> id", name=op.f("ck_organisations_not_own_parent")
        ),
        sa.ForeignKeyConstraint(
            ["host_org_id"],
            ["organisations.id"],
            name=op.f("fk_organisations_host_org_id_organisations"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["parent_id"],
            ["organisations.id"],
            name=op.f("fk_organisations_parent_id_organisations"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_organisations")),
        sa.UniqueConstraint("code", name=op.f("uq_organisations_code")),
        sa.UniqueConstraint("parent_id", "name", name=op.f("uq_organisations_parent_id_name")),
    )
    with op.batch_alter_table("organisations", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_organisations_deleted_at"), ["deleted_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_organisations_parent_id"), ["parent_id"], unique=False)

    op.create_table(
        "org_units",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("org_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("credit_code", sa.String(length=18), nullable=False),
        sa.Column("contact_name", sa.String(length=40), nullable=False),
        sa.Column("contact_phone", sa.String(length=40), nullable=False),
        sa.Column("formal_member_count", sa.Integer(), nullable=True),
        sa.Column("sort_order", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["org_id"],
            ["organisations.id"],
            name=op.f("fk_org_units_org_id_organisations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_org_units")),
    )
    with op.batch_alter_table("org_units", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_org_units_org_id"), ["org_id"], unique=False)

    op.create_table(
        "terms",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("org_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("started_on", sa.Date(), nullable=False),
        sa.Column("planned_end_on", sa.Date(), nullable=False),
        sa.Column("elected_on", sa.Date(), nullable=True),
        sa.Column("note", sa.Text(), nullable=False),
        sa.CheckConstraint("planned_end_on > started_on", name=op.f("ck_terms_dates")),
        sa.ForeignKeyConstraint(
            ["org_id"], ["organisations.id"], name=op.f("fk_terms_org_id_organisations"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_terms")),
        sa.UniqueConstraint("org_id", "number", name=op.f("uq_terms_org_id_number")),
    )
    with op.batch_alter_table("terms", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_terms_org_id"), ["org_id"], unique=False)

    op.create_table(
        "elections",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("org_id", sa.Integer(), nullable=False),
        sa.Column("term_id", sa.Integer(), nullable=True),
        sa.Column("held_on", sa.Date(), nullable=False),
        sa.Column("eligible_count", sa.Integer(), nullable=False),
        sa.Column("present_count", sa.Integer(), nullable=False),
        sa.Column("seats", sa.Integer(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.CheckConstraint("present_count <= eligible_count", name=op.f("ck_elections_turnout")),
        sa.ForeignKeyConstraint(
            ["org_id"],
            ["organisations.id"],
            name=op.f("fk_elections_org_id_organisations"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["term_id"], ["terms.id"], name=op.f("fk_elections_term_id_terms"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_elections")),
    )
    with op.batch_alter_table("elections", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_elections_org_id"), ["org_id"], unique=False)

    op.create_table(
        "election_candidates",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("election_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=40), nullable=False),
        sa.Column("votes", sa.Integer(), nullable=False),
        sa.Column("elected", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["election_id"],
            ["elections.id"],
            name=op.f("fk_election_candidates_election_id_elections"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_election_candidates")),
    )
    with op.batch_alter_table("election_candidates", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_election_candidates_election_id"), ["election_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("election_candidates", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_election_candidates_election_id"))

    op.drop_table("election_candidates")
    with op.batch_alter_table("elections", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_elections_org_id"))

    op.drop_table("elections")
    with op.batch_alter_table("terms", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_terms_org_id"))

    op.drop_table("terms")
    with op.batch_alter_table("org_units", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_org_units_org_id"))

    op.drop_table("org_units")
    with op.batch_alter_table("organisations", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_organisations_parent_id"))
        batch_op.drop_index(batch_op.f("ix_organisations_deleted_at"))

    op.drop_table("organisations")
