"""All ORM models. Importing this package registers every table on `Base.metadata`."""

from .activities import Activity, ActivityAttachment, ActivityAttendance, ActivityOrg, ActivityUnit, AgendaItem
from .assessment import (
    DutyItem,
    DutyReport,
    Indicator,
    IndicatorScore,
    Problem,
    Rectification,
    RectificationNote,
    SecretaryReview,
)
from .base import Base
from .budgets import BudgetAdjustment, BudgetLine, Expenditure, FundCategory, FundStandard
from .cobuild import (
    DualRegistration,
    ProjectMilestone,
    ProjectPartner,
    ServiceBrand,
    ServiceProject,
    ServiceRecord,
    Venue,
    VolunteerTeam,
    VolunteerTeamMember,
)
from .dues import DuesBase, DuesPayment, DuesRemittance, DuesWaiver
from .files import Attachment
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
    "Attachment",
    "AuditEntry",
    "Base",
    "BudgetAdjustment",
    "BudgetLine",
    "CommitteeSeat",
    "Course",
    "CourseAttendance",
    "DualRegistration",
    "DuesBase",
    "DuesPayment",
    "DuesRemittance",
    "DuesWaiver",
    "DutyItem",
    "DutyReport",
    "Election",
    "ElectionCandidate",
    "Expenditure",
    "ExternalHours",
    "FundCategory",
    "FundStandard",
    "Indicator",
    "IndicatorScore",
    "Member",
    "MemberTransfer",
    "OrgUnit",
    "Organisation",
    "Problem",
    "ProjectMilestone",
    "ProjectPartner",
    "Rectification",
    "RectificationNote",
    "SecretaryReview",
    "ServiceBrand",
    "ServiceProject",
    "ServiceRecord",
    "Setting",
    "Term",
    "Venue",
    "VolunteerTeam",
    "VolunteerTeamMember",
]
