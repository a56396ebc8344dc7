"""党费: yearly bases, payments by month, 减免 and 上缴

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-04 13:28:28.010749
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "dues_remittances",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("org_id", sa.Integer(), nullable=False),
        sa.Column("remitted_on", sa.Date(), nullable=False),
        sa.Column("collected_until", sa.Date(), nullable=False),
        sa.Column("amount_fen", sa.Integer(), nullable=False),
        sa.Column("receiver", sa.String(length=100), nullable=False),
        sa.Column("receipt_no", sa.String(length=40), nullable=False),
        sa.Column("handled_by", sa.String(length=40), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), server_default=sa.text("(CURRENT_TIMESTAMP)"), nullable=False),
        sa.Column("updated_at", sa.DateTime(), server_default=sa.text("(CURRENT_TIMESTAMP)"), nullable=False),
        sa.CheckConstraint("amount_fen > 0", name=op.f("ck_dues_remittances_amount")),
        sa.ForeignKeyConstraint(
            ["org_id"], ["organisations.id"], name=op.f("fk_dues_remittances_org_id_organisations"), ondelete="RESTRICT"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_dues_remittances")),
    )
    with op.batch_alter_table("dues_remittances", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_dues_remittances_org_id"), ["org_id"], unique=False)

    op.create_table(
        "dues_bases",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("basis", sa.String(length=10), nullable=False),
        sa.Column("income_fen", sa.Integer(), nullable=False),
        sa.Column("monthly_fen", sa.Integer(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), server_default=sa.text("(CURRENT_TIMESTAMP)"), nullable=False),
        sa.Column("updated_at", sa.DateTime(), server_default=sa.text("(CURRENT_TIMESTAMP)"), nullable=False),
        sa.CheckConstraint("basis IN ('working', 'retired', 'fixed')", name=op.f("ck_dues_bases_basis")),
        sa.CheckConstraint("income_fen >= 0 AND monthly_fen >= 0", name=op.f("ck_dues_bases_amounts")),
        sa.ForeignKeyConstraint(
            ["member_id"], ["members.id"], name=op.f("fk_dues_bases_member_id_members"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_dues_bases")),
        sa.UniqueConstraint("member_id", "year", name=op.f("uq_dues_bases_member_id_year")),
    )
    with op.batch_alter_table("dues_bases", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_dues_bases_member_id"), ["member_id"], unique=False)

    op.create_table(
        "dues_payments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("org_id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("first_month", sa.Integer(), nullable=False),
        sa.Column("last_month", sa.Integer(), nullable=False),
        sa.Column("amount_fen", sa.Integer(), nullable=False),
        sa.Column("paid_on", sa.Date(), nullable=False),
        sa.Column("way", sa.String(length=10), nullable=False),
        sa.Column("receipt_no", sa.String(length=40), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("approved_by", sa.String(length=40), nullable=False),
        sa.Column("remittance_id", sa.Integer(), nullable=True),
        sa.Column("voided_at", sa.DateTime(), nullable=True),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), server_default=sa.text("(CURRENT_TIMESTAMP)"), nullable=False),
        sa.Column("updated_at", sa.DateTime(), server_default=sa.text("(CURRENT_TIMESTAMP)"), nullable=False),
        sa.CheckConstraint("kind IN ('regular', 'back_pay')", name=op.f("ck_dues_payments_kind")),
        sa.CheckConstraint(
            "way IN ('cash', 'transfer', 'wechat', 'alipay', 'other')", name=op.f("ck_dues_payments_way")
        ),
        sa.CheckConstraint("amount_fen >= 0", name=op.f("ck_dues_payments_amount")),
        sa.CheckConstraint(
            "first_month BETWEEN 1 AND 12 AND last_month BETWEEN first_month AND 12",
            name=op.f("ck_dues_payments_months"),
        ),
        sa.ForeignKeyConstraint(
            ["member_id"], ["members.id"], name=op.f("fk_dues_payments_member_id_members"), ondelete="RESTRICT"
        ),
        sa.ForeignKeyConstraint(
            ["org_id"], ["organisations.id"], name=op.f("fk_dues_payments_org_id_organisations"), ondelete="RESTRICT"
        ),
        sa.ForeignKeyConstraint(
            ["remittance_id"],
            ["dues_remittances.id"],
            name=op.f("fk_dues_payments_remittance_id_dues_remittances"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_dues_payments")),
    )
    with op.batch_alter_table("dues_payments", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_dues_payments_member_id"), ["member_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_dues_payments_org_id"), ["org_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_dues_payments_remittance_id"), ["remittance_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_dues_payments_year"), ["year"], unique=False)

    op.create_table(
        "dues_waivers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("first_month", sa.Integer(), nullable=False),
        sa.Column("last_month", sa.Integer(), nullable=False),
        sa.Column("monthly_fen", sa.Integer(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("approved_by", sa.String(length=40), nullable=False),
        sa.Column("approved_on", sa.Date(), nullable=False),
        sa.Column("created_at", sa.DateTime(), server_default=sa.text("(CURRENT_TIMESTAMP)"), nullable=False),
        sa.Column("updated_at", sa.DateTime(), server_default=sa.text("(CURRENT_TIMESTAMP)"), nullable=False),
        sa.CheckConstraint(
            "first_month BETWEEN 1 AND 12 AND last_month BETWEEN first_month AND 12",
            name=op.f("ck_dues_waivers_months"),
        ),
        sa.CheckConstraint("monthly_fen >= 0", name=op.f("ck_dues_waivers_amount")),
        sa.ForeignKeyConstraint(
            ["member_id"], ["members.id"], name=op.f("fk_dues_waivers_member_id_members"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_dues_waivers")),
    )
    with op.batch_alter_table("dues_waivers", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_dues_waivers_member_id"), ["member_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("dues_waivers", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_dues_waivers_member_id"))

    op.drop_table("dues_waivers")
    with op.batch_alter_table("dues_payments", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_dues_payments_year"))
        batch_op.drop_index(batch_op.f("ix_dues_payments_remittance_id"))
        batch_op.drop_index(batch_op.f("ix_dues_payments_org_id"))
        batch_op.drop_index(batch_op.f("ix_dues_payments_member_id"))

    op.drop_table("dues_payments")
    with op.batch_alter_table("dues_bases", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_dues_bases_member_id"))

    op.drop_table("dues_bases")
    with op.batch_alter_table("dues_remittances", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_dues_remittances_org_id"))

    op.drop_table("dues_remittances")
