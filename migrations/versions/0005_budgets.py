"""fund categories, standards, budgets, ledger

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-25 11:50:52.382290
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "fund_categories",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=30), nullable=False),
        sa.Column("name", sa.String(length=40), nullable=False),
        sa.Column("builtin", sa.Boolean(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("sort_order", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_fund_categories")),
        sa.UniqueConstraint("code", name=op.f("uq_fund_categories_code")),
        sa.UniqueConstraint("name", name=op.f("uq_fund_categories_name")),
    )
    op.create_table(
        "budget_lines",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("org_id", sa.Integer(), nullable=False),
        sa.Column("category_id", sa.Integer(), nullable=False),
        sa.Column("standard_fen", sa.Integer(), nullable=False),
        sa.Column("member_count", sa.Integer(), nullable=True),
        sa.Column("county_share_pct", sa.Integer(), nullable=False),
        sa.Column("generated_at", sa.DateTime(), nullable=True),
        sa.CheckConstraint("standard_fen >= 0", name=op.f("ck_budget_lines_standard")),
        sa.CheckConstraint(
            "county_share_pct >= 0 AND county_share_pct <= 100", name=op.f("ck_budget_lines_share")
        ),
        sa.ForeignKeyConstraint(
            ["category_id"],
            ["fund_categories.id"],
            name=op.f("fk_budget_lines_category_id_fund_categories"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["org_id"],
            ["organisations.id"],
            name=op.f("fk_budget_lines_org_id_organisations"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_budget_lines")),
        sa.UniqueConstraint(
            "year", "org_id", "category_id", name=op.f("uq_budget_lines_year_org_id_category_id")
        ),
    )
    with op.batch_alter_table("budget_lines", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_budget_lines_org_id"), ["org_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_budget_lines_year"), ["year"], unique=False)

    op.create_table(
        "fund_standards",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("category_id", sa.Integer(), nullable=False),
        sa.Column("per_org_fen", sa.Integer(), nullable=False),
        sa.Column("per_member_fen", sa.Integer(), nullable=False),
        sa.Column("qualifying_kinds", sa.JSON(), nullable=False),
        sa.Column("qualifying_domains", sa.JSON(), nullable=False),
        sa.Column("county_share_pct", sa.Integer(), nullable=False),
        sa.Column("street_share_pct", sa.Integer(), nullable=False),
        sa.Column("member_cutoff_on", sa.Date(), nullable=True),
        sa.Column("note", sa.Text(), nullable=False),
        sa.CheckConstraint(
            "county_share_pct >= 0 AND street_share_pct >= 0 AND county_share_pct + street_share_pct = 100",
            name=op.f("ck_fund_standards_shares"),
        ),
        sa.CheckConstraint(
            "per_org_fen >= 0 AND per_member_fen >= 0", name=op.f("ck_fund_standards_amounts")
        ),
        sa.ForeignKeyConstraint(
            ["category_id"],
            ["fund_categories.id"],
            name=op.f("fk_fund_standards_category_id_fund_categories"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_fund_standards")),
        sa.UniqueConstraint("year", "category_id", name=op.f("uq_fund_standards_year_category_id")),
    )
    op.create_table(
        "budget_adjustments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("line_id", sa.Integer(), nullable=False),
        sa.Column("amount_fen", sa.Integer(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("adjusted_on", sa.Date(), nullable=False),
        sa.Column("doc_no", sa.String(length=60), nullable=False),
        sa.CheckConstraint("amount_fen <> 0", name=op.f("ck_budget_adjustments_amount")),
        sa.ForeignKeyConstraint(
            ["line_id"],
            ["budget_lines.id"],
            name=op.f("fk_budget_adjustments_line_id_budget_lines"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_budget_adjustments")),
    )
    with op.batch_alter_table("budget_adjustments", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_budget_adjustments_line_id"), ["line_id"], unique=False)

    op.create_table(
        "expenditures",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("spent_on", sa.Date(), nullable=False),
        sa.Column("budget_year", sa.Integer(), nullable=False),
        sa.Column("org_id", sa.Integer(), nullable=False),
        sa.Column("category_id", sa.Integer(), nullable=False),
        sa.Column("amount_fen", sa.Integer(), nullable=False),
        sa.Column("purpose", sa.Text(), nullable=False),
        sa.Column("handler", sa.String(length=40), nullable=False),
        sa.Column("voucher_no", sa.String(length=60), nullable=False),
        sa.Column("course_id", sa.Integer(), nullable=True),
        sa.Column("project_name", sa.String(length=120), nullable=False),
        sa.Column("voided_at", sa.DateTime(), nullable=True),
        sa.Column("void_reason", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), server_default=sa.text("(CURRENT_TIMESTAMP)"), nullable=False),
        sa.Column("updated_at", sa.DateTime(), server_default=sa.text("(CURRENT_TIMESTAMP)"), nullable=False),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.CheckConstraint("amount_fen > 0", name=op.f("ck_expenditures_amount")),
        sa.ForeignKeyConstraint(
            ["category_id"],
            ["fund_categories.id"],
            name=op.f("fk_expenditures_category_id_fund_categories"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["course_id"], ["courses.id"], name=op.f("fk_expenditures_course_id_courses"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["org_id"],
            ["organisations.id"],
            name=op.f("fk_expenditures_org_id_organisations"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_expenditures")),
    )
    with op.batch_alter_table("expenditures", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_expenditures_budget_year"), ["budget_year"], unique=False)
        batch_op.create_index(batch_op.f("ix_expenditures_deleted_at"), ["deleted_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_expenditures_org_id"), ["org_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_expenditures_spent_on"), ["spent_on"], unique=False)

    # The four fund categories of the seed's two-level funding model; users may add more.
    categories = sa.table(
        "fund_categories",
        sa.column("code", sa.String),
        sa.column("name", sa.String),
        sa.column("builtin", sa.Boolean),
        sa.column("active", sa.Boolean),
        sa.column("sort_order", sa.Integer),
    )
    op.bulk_insert(
        categories,
        [
            {"code": "operating", "name": "社区运转经费", "builtin": True, "active": True, "sort_order": 1},
            {"code": "benefit", "name": "社区惠民项目资金", "builtin": True, "active": True, "sort_order": 2},
            {
                "code": "party_building",
                "name": "党建专项经费",
                "builtin": True,
                "active": True,
                "sort_order": 3,
            },
            {
                "code": "education",
                "name": "党员教育活动经费",
                "builtin": True,
                "active": True,
                "sort_order": 4,
            },
        ],
    )


def downgrade() -> None:
    with op.batch_alter_table("expenditures", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_expenditures_spent_on"))
        batch_op.drop_index(batch_op.f("ix_expenditures_org_id"))
        batch_op.drop_index(batch_op.f("ix_expenditures_deleted_at"))
        batch_op.drop_index(batch_op.f("ix_expenditures_budget_year"))

    op.drop_table("expenditures")
    with op.batch_alter_table("budget_adjustments", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_budget_adjustments_line_id"))

    op.drop_table("budget_adjustments")
    op.drop_table("fund_standards")
    with op.batch_alter_table("budget_lines", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_budget_lines_year"))
        batch_op.drop_index(batch_op.f("ix_budget_lines_org_id"))

    op.drop_table("budget_lines")
    op.drop_table("fund_categories")
