"""members, transfers, committee seats

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-25 11:50:51.915597
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "members",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=40), nullable=False),
        sa.Column("name_initials", sa.String(length=40), nullable=False),
        sa.Column("gender", sa.String(length=2), nullable=False),
        sa.Column("id_number", sa.String(length=18), nullable=False),
        sa.Column("ethnicity", sa.String(length=20), nullable=False),
        sa.Column("birth_date", sa.Date(), nullable=True),
        sa.Column("education", sa.String(length=20), nullable=False),
        sa.Column("category", sa.String(length=20), nullable=False),
        sa.Column("org_id", sa.Integer(), nullable=False),
        sa.Column("joined_on", sa.Date(), nullable=True),
        sa.Column("joined_precision", sa.String(length=5), nullable=False),
        sa.Column("confirmed_on", sa.Date(), nullable=True),
        sa.Column("confirmed_precision", sa.String(length=5), nullable=False),
        sa.Column("probation_extension_months", sa.Integer(), nullable=False),
        sa.Column("party_status", sa.String(length=20), nullable=False),
        sa.Column("employment", sa.String(length=20), nullable=False),
        sa.Column("job", sa.String(length=100), nullable=False),
        sa.Column("phone", sa.String(length=40), nullable=False),
        sa.Column("address", sa.String(length=200), nullable=False),
        sa.Column("is_mobile", sa.Boolean(), nullable=False),
        sa.Column("is_lost_contact", sa.Boolean(), nullable=False),
        sa.Column("is_hardship", sa.Boolean(), nullable=False),
        sa.Column("dual_registered", sa.Boolean(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), server_default=sa.text("(CURRENT_TIMESTAMP)"), nullable=False),
        sa.Column("updated_at", sa.DateTime(), server_default=sa.text("(CURRENT_TIMESTAMP)"), nullable=False),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.CheckConstraint("category IN ('formal', 'probationary')", name=op.f("ck_members_category")),
        sa.CheckConstraint(
            "confirmed_precision IN ('year', 'month', 'day')", name=op.f("ck_members_confirmed_precision")
        ),
        sa.CheckConstraint("gender IN ('男', '女')", name=op.f("ck_members_gender")),
        sa.CheckConstraint(
            "joined_precision IN ('year', 'month', 'day')", name=op.f("ck_members_joined_precision")
        ),
        sa.CheckConstraint(
            "confirmed_on IS NULL OR joined_on IS NULL OR confirmed_on >= joined_on",
            name=op.f("ck_members_confirmed_after_joined"),
        ),
        sa.ForeignKeyConstraint(
            ["org_id"],
            ["organisations.id"],
            name=op.f("fk_members_org_id_organisations"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_members")),
        sa.UniqueConstraint("id_number", name=op.f("uq_members_id_number")),
    )
    with op.batch_alter_table("members", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_members_deleted_at"), ["deleted_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_members_name"), ["name"], unique=False)
        batch_op.create_index(batch_op.f("ix_members_name_initials"), ["name_initials"], unique=False)
        batch_op.create_index(batch_op.f("ix_members_org_id"), ["org_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_members_phone"), ["phone"], unique=False)

    op.create_table(
        "committee_seats",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("org_id", sa.Integer(), nullable=False),
        sa.Column("role", sa.String(length=30), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=True),
        sa.Column("person_name", sa.String(length=40), nullable=False),
        sa.Column("person_unit", sa.String(length=100), nullable=False),
        sa.Column("started_on", sa.Date(), nullable=False),
        sa.Column("ended_on", sa.Date(), nullable=True),
        sa.Column("note", sa.Text(), nullable=False),
        sa.CheckConstraint(
            "member_id IS NOT NULL OR person_name <> ''", name=op.f("ck_committee_seats_has_person")
        ),
        sa.CheckConstraint(
            "ended_on IS NULL OR ended_on >= started_on", name=op.f("ck_committee_seats_dates")
        ),
        sa.ForeignKeyConstraint(
            ["member_id"],
            ["members.id"],
            name=op.f("fk_committee_seats_member_id_members"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["org_id"],
            ["organisations.id"],
            name=op.f("fk_committee_seats_org_id_organisations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_committee_seats")),
    )
    with op.batch_alter_table("committee_seats", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_committee_seats_member_id"), ["member_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_committee_seats_org_id"), ["org_id"], unique=False)

    op.create_table(
        "member_transfers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("transferred_on", sa.Date(), nullable=False),
        sa.Column("from_org_id", sa.Integer(), nullable=True),
        sa.Column("to_org_id", sa.Integer(), nullable=True),
        sa.Column("outside_org_name", sa.String(length=100), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["from_org_id"],
            ["organisations.id"],
            name=op.f("fk_member_transfers_from_org_id_organisations"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["member_id"],
            ["members.id"],
            name=op.f("fk_member_transfers_member_id_members"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["to_org_id"],
            ["organisations.id"],
            name=op.f("fk_member_transfers_to_org_id_organisations"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_member_transfers")),
    )
    with op.batch_alter_table("member_transfers", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_member_transfers_member_id"), ["member_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("member_transfers", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_member_transfers_member_id"))

    op.drop_table("member_transfers")
    with op.batch_alter_table("committee_seats", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_committee_seats_org_id"))
        batch_op.drop_index(batch_op.f("ix_committee_seats_member_id"))

    op.drop_table("committee_seats")
    with op.batch_alter_table("members", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_members_phone"))
        batch_op.drop_index(batch_op.f("ix_members_org_id"))
        batch_op.drop_index(batch_op.f("ix_members_name_initials"))
        batch_op.drop_index(batch_op.f("ix_members_name"))
        batch_op.drop_index(batch_op.f("ix_members_deleted_at"))

    op.drop_table("members")
