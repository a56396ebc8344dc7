"""training courses and attendance

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-25 11:50:52.115278
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "courses",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=120), nullable=False),
        sa.Column("course_type", sa.String(length=30), nullable=False),
        sa.Column("organiser", sa.String(length=100), nullable=False),
        sa.Column("starts_on", sa.Date(), nullable=False),
        sa.Column("ends_on", sa.Date(), nullable=False),
        sa.Column("place", sa.String(length=100), nullable=False),
        sa.Column("hours_tenths", sa.Integer(), nullable=False),
        sa.Column("target_group", sa.String(length=100), nullable=False),
        sa.Column("target_org_id", sa.Integer(), nullable=True),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), server_default=sa.text("(CURRENT_TIMESTAMP)"), nullable=False),
        sa.Column("updated_at", sa.DateTime(), server_default=sa.text("(CURRENT_TIMESTAMP)"), nullable=False),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.CheckConstraint("ends_on >= starts_on", name=op.f("ck_courses_dates")),
        sa.CheckConstraint("hours_tenths >= 0", name=op.f("ck_courses_hours")),
        sa.ForeignKeyConstraint(
            ["target_org_id"],
            ["organisations.id"],
            name=op.f("fk_courses_target_org_id_organisations"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_courses")),
    )
    with op.batch_alter_table("courses", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_courses_deleted_at"), ["deleted_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_courses_starts_on"), ["starts_on"], unique=False)

    op.create_table(
        "course_attendance",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("course_id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("credited_tenths", sa.Integer(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.CheckConstraint(
            "status IN ('pending', 'present', 'leave', 'absent')", name=op.f("ck_course_attendance_status")
        ),
        sa.CheckConstraint("credited_tenths >= 0", name=op.f("ck_course_attendance_credited")),
        sa.ForeignKeyConstraint(
            ["course_id"],
            ["courses.id"],
            name=op.f("fk_course_attendance_course_id_courses"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["member_id"],
            ["members.id"],
            name=op.f("fk_course_attendance_member_id_members"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_course_attendance")),
        sa.UniqueConstraint("course_id", "member_id", name=op.f("uq_course_attendance_course_id_member_id")),
    )
    with op.batch_alter_table("course_attendance", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_course_attendance_member_id"), ["member_id"], unique=False)
        batch_op.create_index(
            "ix_course_attendance_credits", ["course_id", "member_id", "credited_tenths"], unique=False
        )

    op.create_table(
        "external_hours",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("earned_on", sa.Date(), nullable=False),
        sa.Column("title", sa.String(length=120), nullable=False),
        sa.Column("hours_tenths", sa.Integer(), nullable=False),
        sa.Column("proof_note", sa.Text(), nullable=False),
        sa.CheckConstraint("hours_tenths > 0", name=op.f("ck_external_hours_hours")),
        sa.ForeignKeyConstraint(
            ["member_id"],
            ["members.id"],
            name=op.f("fk_external_hours_member_id_members"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_external_hours")),
    )
    with op.batch_alter_table("external_hours", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_external_hours_member_id"), ["member_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("external_hours", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_external_hours_member_id"))

    op.drop_table("external_hours")
    with op.batch_alter_table("course_attendance", schema=None) as batch_op:
        batch_op.drop_index("ix_course_attendance_credits")
        batch_op.drop_index(batch_op.f("ix_course_attendance_member_id"))

    op.drop_table("course_attendance")
    with op.batch_alter_table("courses", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_courses_starts_on"))
        batch_op.drop_index(batch_op.f("ix_courses_deleted_at"))

    op.drop_table("courses")
