"""Files attached to records — 销号佐证, 述职报告, 项目材料 — kept in the content-addressed store next to the database
(storage.attachment_store). Each row belongs to exactly one record; activity files have their own older table."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, DateTime, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base

OWNERS = ("rectification_id", "review_id", "project_id")  # one column per kind of record that can carry files


class Attachment(Base):
    __tablename__ = "attachments"
    __table_args__ = (
        CheckConstraint(" + ".join(f"({c} IS NOT NULL)" for c in OWNERS) + " = 1", name="owner"),
        CheckConstraint("size >= 0", name="size"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    rectification_id: Mapped[int | None] = mapped_column(ForeignKey("rectifications.id", ondelete="CASCADE"),
                                                         index=True, default=None)
    review_id: Mapped[int | None] = mapped_column(ForeignKey("secretary_reviews.id", ondelete="CASCADE"),
                                                  index=True, default=None)
    project_id: Mapped[int | None] = mapped_column(ForeignKey("service_projects.id", ondelete="CASCADE"),
                                                   index=True, default=None)
    filename: Mapped[str] = mapped_column(String(200))
    size: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    added_at: Mapped[datetime] = mapped_column(DateTime)
