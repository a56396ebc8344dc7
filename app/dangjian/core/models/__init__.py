"""All ORM models. Importing this package registers every table on `Base.metadata`."""

from .activities import Activity, ActivityAttachment, ActivityAttendance, ActivityOrg, ActivityUnit, AgendaItem
from .base import Base
from .budgets import BudgetAdjustment, BudgetLine, Expenditure, FundCategory, FundStandard
from .dues import DuesBase, DuesPayment, DuesRemittance, DuesWaiver
from .members import Member, MemberTransfer
from .orgs import CommitteeSeat, Election, ElectionCandidate, Organisation, OrgUnit, Term
from .system import AuditEntry, Setting
from .training import Course, CourseAttendance, ExternalHours

__all__ = [
    "Activity",
    "ActivityAttachment",
    "ActivityAttendance",
    "ActivityOrg",
    "ActivityUnit",
    "AgendaItem",
    "AuditEntry",
    "Base",
    "BudgetAdjustment",
    "BudgetLine",
    "CommitteeSeat",
    "Course",
    "CourseAttendance",
    "DuesBase",
    "DuesPayment",
    "DuesRemittance",
    "DuesWaiver",
    "Election",
    "ElectionCandidate",
    "Expenditure",
    "ExternalHours",
    "FundCategory",
    "FundStandard",
    "Member",
    "MemberTransfer",
    "OrgUnit",
    "Organisation",
    "Setting",
    "Term",
]
