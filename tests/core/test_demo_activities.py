"""The demo's 活动: a year of meetings, funded 主题党日 (one 街道-approved), a 联席会议, a 党课 with 学时, gaps."""

from __future__ import annotations

from sqlalchemy import func, select

from dangjian.core.activities.checks import detailed_findings
from dangjian.core.models import Activity, ActivityUnit, Course, Expenditure


def test_demo_has_every_kind_of_activity_and_findings(demo_db):
    with demo_db.read() as s:
        funded = s.execute(select(Activity.id, Activity.approval_level).where(Activity.requested_fen > 0)).all()
        assert sorted(level for _, level in funded) == ["branch", "street"]
        for activity_id, _ in funded:
            assert s.scalar(select(func.count()).where(Expenditure.activity_id == activity_id)) >= 1
        joint = s.scalar(select(Activity.id).where(Activity.activity_type == "joint_meeting"))
        assert s.scalar(select(func.count()).where(ActivityUnit.activity_id == joint)) >= 3
        lecture_course = s.scalar(select(Activity.course_id).where(Activity.activity_type == "party_lecture",
                                                                   Activity.course_id.is_not(None)))
        assert s.get(Course, lecture_course).hours_tenths == 20
        today = s.scalar(select(func.max(Activity.planned_start))).date()
        rules = {f.finding.rule for f in detailed_findings(s, today)}
        assert {"activity.missing_minutes", "activity.not_held"} <= rules
        if s.scalar(select(func.count()).where(Activity.activity_type == "committee_meeting")):
            assert "activity.frequency.committee_meeting" in rules  # the deliberately skipped March
