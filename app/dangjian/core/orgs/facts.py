"""The plain facts the 党组织设置 rules read: one frozen record per active org, with its units, seats,
latest term and election. `gather` fills them from the database; `rules` judges them; tests build them
by hand.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class UnitFacts:
    name: str
    formal: int | None  # 正式党员 in that unit, when recorded


@dataclass(frozen=True)
class SeatFacts:
    role: str
    person: str
    confirmed_on: date | None = None  # 转正日期 of a roster member: 党龄 counts from it
    probationary: bool = False


@dataclass(frozen=True)
class TermFacts:
    number: int
    planned_end_on: date
    length_setting: str  # e.g. "term.community_years"


@dataclass(frozen=True)
class CandidateFacts:
    name: str
    votes: int
    elected: bool


@dataclass(frozen=True)
class ElectionFacts:
    held_on: date
    eligible: int
    present: int
    seats: int
    candidates: tuple[CandidateFacts, ...] = ()


@dataclass(frozen=True)
class OrgFacts:
    """One active org as the rules see it. Counts are the org's subtree (roster, else recorded)."""

    id: int
    name: str
    kind: str
    formation: str = "single"
    formal: int = 0
    probationary: int = 0
    child_count: int = 0  # active sub-organisations
    host_org_id: int | None = None
    host_active: bool = True
    units: tuple[UnitFacts, ...] = ()
    seats: tuple[SeatFacts, ...] = ()  # current seats only
    latest_term: TermFacts | None = None
    latest_election: ElectionFacts | None = None
