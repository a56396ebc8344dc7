"""activities, attendance, attachments, ledger link

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-25 12:37:52.785270
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "activities",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("activity_type", sa.String(length=30), nullable=False),
        sa.Column("title", sa.String(length=120), nullable=False),
        sa.Column("planned_start", sa.DateTime(), nullable=False),
        sa.Column("planned_end", sa.DateTime(), nullable=False),
        sa.Column("actual_start", sa.DateTime(), nullable=True),
        sa.Column("actual_end", sa.DateTime(), nullable=True),
        sa.Column("place", sa.String(length=100), nullable=False),
        sa.Column("host_member_id", sa.Integer(), nullable=True),
        sa.Column("host_name", sa.String(length=40), nullable=False),
        sa.Column("recorder_member_id", sa.Integer(), nullable=True),
        sa.Column("recorder_name", sa.String(length=40), nullable=False),
        sa.Column("observers", sa.Text(), nullable=False),
        sa.Column("content", sa.Text(), nullable=False),
        sa.Column("resolution", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("course_id", sa.Integer(), nullable=True),
        sa.Column("fund_category_id", sa.Integer(), nullable=True),
        sa.Column("requested_fen", sa.Integer(), nullable=False),
        sa.Column("fund_plan", sa.Text(), nullable=False),
        sa.Column("requested_on", sa.Date(), nullable=True),
        sa.Column("approved_fen", sa.Integer(), nullable=True),
        sa.Column("approver", sa.String(length=40), nullable=False),
        sa.Column("approved_on", sa.Date(), nullable=True),
        sa.Column("approval_opinion", sa.Text(), nullable=False),
        sa.Column("approval_level", sa.String(length=10), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), server_default=sa.text("(CURRENT_TIMESTAMP)"), nullable=False),
        sa.Column("updated_at", sa.DateTime(), server_default=sa.text("(CURRENT_TIMESTAMP)"), nullable=False),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.CheckConstraint(
            "approval_level IN ('', 'branch', 'street')", name=op.f("ck_activities_approval_level")
        ),
        sa.CheckConstraint("status IN ('planned', 'held', 'cancelled')", name=op.f("ck_activities_status")),
        sa.CheckConstraint(
            "actual_end IS NULL OR actual_start IS NULL OR actual_end >= actual_start",
            name=op.f("ck_activities_actual"),
        ),
        sa.CheckConstraint("planned_end >= planned_start", name=op.f("ck_activities_planned")),
        sa.CheckConstraint(
            "requested_fen >= 0 AND (approved_fen IS NULL OR approved_fen >= 0)",
            name=op.f("ck_activities_money"),
        ),
        sa.ForeignKeyConstraint(
            ["course_id"], ["courses.id"], name=op.f("fk_activities_course_id_courses"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["fund_category_id"],
            ["fund_categories.id"],
            name=op.f("fk_activities_fund_category_id_fund_categories"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["host_member_id"],
            ["members.id"],
            name=op.f("fk_activities_host_member_id_members"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["recorder_member_id"],
            ["members.id"],
            name=op.f("fk_activities_recorder_member_id_members"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_activities")),
    )
    with op.batch_alter_table("activities", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_activities_activity_type"), ["activity_type"], unique=False)
        batch_op.create_index(batch_op.f("ix_activities_deleted_at"), ["deleted_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_activities_planned_start"), ["planned_start"], unique=False)

    op.create_table(
        "activity_agenda",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("activity_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("follow_up", sa.String(length=100), nullable=False),
        sa.ForeignKeyConstraint(
            ["activity_id"],
            ["activities.id"],
            name=op.f("fk_activity_agenda_activity_id_activities"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_activity_agenda")),
    )
    with op.batch_alter_table("activity_agenda", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_activity_agenda_activity_id"), ["activity_id"], unique=False)

    op.create_table(
        "activity_attachments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("activity_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("filename", sa.String(length=200), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("added_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint("size >= 0", name=op.f("ck_activity_attachments_size")),
        sa.ForeignKeyConstraint(
            ["activity_id"],
            ["activities.id"],
            name=op.f("fk_activity_attachments_activity_id_activities"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_activity_attachments")),
    )
    with op.batch_alter_table("activity_attachments", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_activity_attachments_activity_id"), ["activity_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_activity_attachments_sha256"), ["sha256"], unique=False)

    op.create_table(
        "activity_attendance",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("activity_id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("credited_tenths", sa.Integer(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.CheckConstraint(
            "status IN ('pending', 'present', 'leave', 'absent')", name=op.f("ck_activity_attendance_status")
        ),
        sa.CheckConstraint("credited_tenths >= 0", name=op.f("ck_activity_attendance_credited")),
        sa.ForeignKeyConstraint(
            ["activity_id"],
            ["activities.id"],
            name=op.f("fk_activity_attendance_activity_id_activities"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["member_id"],
            ["members.id"],
            name=op.f("fk_activity_attendance_member_id_members"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_activity_attendance")),
        sa.UniqueConstraint(
            "activity_id", "member_id", name=op.f("uq_activity_attendance_activity_id_member_id")
        ),
    )
    with op.batch_alter_table("activity_attendance", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_activity_attendance_member_id"), ["member_id"], unique=False)

    op.create_table(
        "activity_orgs",
        sa.Column("activity_id", sa.Integer(), nullable=False),
        sa.Column("org_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["activity_id"],
            ["activities.id"],
            name=op.f("fk_activity_orgs_activity_id_activities"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["org_id"],
            ["organisations.id"],
            name=op.f("fk_activity_orgs_org_id_organisations"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("activity_id", "org_id", name=op.f("pk_activity_orgs")),
    )
    with op.batch_alter_table("activity_orgs", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_activity_orgs_org_id"), ["org_id"], unique=False)

    op.create_table(
        "activity_units",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("activity_id", sa.Integer(), nullable=False),
        sa.Column("unit_name", sa.String(length=100), nullable=False),
        sa.Column("delegate", sa.String(length=40), nullable=False),
        sa.Column("seat_id", sa.Integer(), nullable=True),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["activity_id"],
            ["activities.id"],
            name=op.f("fk_activity_units_activity_id_activities"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["seat_id"],
            ["committee_seats.id"],
            name=op.f("fk_activity_units_seat_id_committee_seats"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_activity_units")),
    )
    with op.batch_alter_table("activity_units", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_activity_units_activity_id"), ["activity_id"], unique=False)

    with op.batch_alter_table("expenditures", schema=None) as batch_op:
        batch_op.add_column(sa.Column("activity_id", sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f("ix_expenditures_activity_id"), ["activity_id"], unique=False)
        batch_op.create_foreign_key(
            batch_op.f("fk_expenditures_activity_id_activities"),
            "activities",
            ["activity_id"],
            ["id"],
            ondelete="RESTRICT",
        )


def downgrade() -> None:
    with op.batch_alter_table("expenditures", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_expenditures_activity_id_activities"), type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_expenditures_activity_id"))
        batch_op.drop_column("activity_id")

    with op.batch_alter_table("activity_units", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_activity_units_activity_id"))

    op.drop_table("activity_units")
    with op.batch_alter_table("activity_orgs", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_activity_orgs_org_id"))

    op.drop_table("activity_orgs")
    with op.batch_alter_table("activity_attendance", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_activity_attendance_member_id"))

    op.drop_table("activity_attendance")
    with op.batch_alter_table("activity_attachments", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_activity_attachments_sha256"))
        batch_op.drop_index(batch_op.f("ix_activity_attachments_activity_id"))

    op.drop_table("activity_attachments")
    with op.batch_alter_table("activity_agenda", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_activity_agenda_activity_id"))

    op.drop_table("activity_agenda")
    with op.batch_alter_table("activities", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_activities_planned_start"))
        batch_op.drop_index(batch_op.f("ix_activities_deleted_at"))
        batch_op.drop_index(batch_op.f("ix_activities_activity_type"))

    op.drop_table("activities")
