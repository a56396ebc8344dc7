"""members: index on the last four characters of 公民身份号码

The 党员 search box finds members by the tail of their ID (身份证后四位). Without this index each such
keystroke read the whole ID index of 100,000 members; with it the tail is one index lookup.

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-25 14:40:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_members_id_tail", "members", [sa.text("substr(id_number, -4)")])


def downgrade() -> None:
    op.drop_index("ix_members_id_tail", table_name="members")
