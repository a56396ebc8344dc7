"""Every 党组织设置 rule at its boundaries; limits come from the settings so a changed setting changes the verdict."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from dangjian.core.orgs.facts import CandidateFacts, ElectionFacts, OrgFacts, SeatFacts, TermFacts, UnitFacts
from dangjian.core.orgs.rules import (
    OrgLimits,
    check_attached_host,
    check_committee,
    check_election,
    check_joint_units,
    check_min_formal,
    check_secretary_party_years,
    check_size,
    check_term,
    org_rule_findings,
)
from dangjian.core.system import settings_edit

TODAY = date(2026, 11, 25)
BRANCH = OrgFacts(id=1, name="第一小区党支部", kind="branch", formal=5)
SECRETARY = SeatFacts("secretary", "张建国", confirmed_on=date(2010, 7, 1))


def rules(found) -> list[str]:
    return [f.rule for f in found]


@pytest.fixture
def limits(db) -> OrgLimits:
    with db.read() as session:
        return OrgLimits.load(session)


def limits_with(db, key: str, value) -> OrgLimits:
    with db.write() as session:
        settings_edit.set_value(session, key, value)
    with db.read() as session:
        return OrgLimits.load(session)


# --- 单独组建 needs ≥3 正式党员 ----------------------------------------------------------------


@pytest.mark.parametrize(("formal", "probationary", "expected"), [
    (2, 0, True), (2, 1, True), (2, 5, True), (3, 0, False), (3, 2, False)])
def test_min_formal_counts_only_formal_members(limits, formal, probationary, expected):
    found = check_min_formal(replace(BRANCH, formal=formal, probationary=probationary), limits)
    assert bool(found) is expected
    if found:
        assert found[0].setting_key == "org.min_formal_members"
        assert found[0].severity == "error"
        assert f"正式党员{formal}名" in found[0].message and "少于单独组建所需的3名" in found[0].message


def test_min_formal_message_says_probationary_do_not_count(limits):
    (finding,) = check_min_formal(replace(BRANCH, formal=2, probationary=1), limits)
    assert finding.message == "正式党员2名（另有预备党员1名，不计入），少于单独组建所需的3名，建议联合组建或挂靠组建"


def test_min_formal_follows_the_setting(db):
    org = replace(BRANCH, formal=3)
    assert check_min_formal(org, limits_with(db, "org.min_formal_members", 3)) == []
    assert rules(check_min_formal(org, limits_with(db, "org.min_formal_members", 4))) == ["org.min_formal_members"]


def test_min_formal_only_for_single_formation_leaves(limits):
    small = replace(BRANCH, formal=1)
    assert check_min_formal(replace(small, formation="joint"), limits) == []
    assert check_min_formal(replace(small, formation="attached"), limits) == []
    assert check_min_formal(replace(small, child_count=2), limits) == []
    assert check_min_formal(replace(small, kind="street_committee"), limits) == []


# --- 联合组建 and 挂靠组建 ----------------------------------------------------------------------


def units(n: int, formal: int | None = 1) -> tuple[UnitFacts, ...]:
    return tuple(UnitFacts(f"单位{i}", formal) for i in range(1, n + 1))


def test_joint_branch_with_five_units_is_fine_six_is_not(db, limits):
    joint = replace(BRANCH, formation="joint")
    assert check_joint_units(replace(joint, units=units(5)), limits) == []
    (finding,) = check_joint_units(replace(joint, units=units(6)), limits)
    assert (finding.rule, finding.setting_key) == ("org.joint_max_units", "org.joint_max_units")
    assert finding.message == "联合组建的单位有6个，一般不超过5个"
    assert check_joint_units(replace(joint, units=units(6)), limits_with(db, "org.joint_max_units", 6)) == []


def test_joint_unit_with_three_formal_members_should_stand_alone(limits):
    joint = replace(BRANCH, formation="joint")
    assert check_joint_units(replace(joint, units=units(3, formal=2)), limits) == []
    found = check_joint_units(replace(joint, units=(*units(2), UnitFacts("星沙物业", 3))), limits)
    assert rules(found) == ["org.joint_unit_can_stand_alone"]
    assert "星沙物业" in found[0].message
    assert check_joint_units(replace(joint, units=units(3, formal=None)), limits) == []


def test_joint_branch_without_units_is_flagged(limits):
    assert rules(check_joint_units(replace(BRANCH, formation="joint"), limits)) == ["org.joint_units_missing"]


def test_attached_branch_needs_a_live_host():
    attached = replace(BRANCH, formation="attached")
    assert rules(check_attached_host(attached)) == ["org.attached_host"]
    assert check_attached_host(replace(attached, host_org_id=7)) == []
    assert rules(check_attached_host(replace(attached, host_org_id=7, host_active=False))) == ["org.attached_host"]
    assert check_attached_host(BRANCH) == []


# --- size: 50/51 and 100/101 --------------------------------------------------------------------


@pytest.mark.parametrize(("kind", "total", "expected"), [
    ("branch", 50, []), ("branch", 51, ["org.branch_max_members"]),
    ("branch", 100, ["org.branch_max_members"]), ("branch", 101, ["org.general_branch_max_members"]),
    ("general_branch", 51, []), ("general_branch", 100, []),
    ("general_branch", 101, ["org.general_branch_max_members"]), ("party_committee", 500, []),
])
def test_size_boundaries(limits, kind, total, expected):
    # 预备党员 count towards size: split the total between 正式 and 预备.
    org = replace(BRANCH, kind=kind, formal=total - 5, probationary=5)
    found = check_size(org, limits)
    assert rules(found) == expected
    assert [f.setting_key for f in found] == expected


def test_size_follows_the_settings(db):
    org = replace(BRANCH, formal=51)
    assert check_size(org, limits_with(db, "org.branch_max_members", 60)) == []
    assert rules(check_size(replace(org, kind="general_branch", formal=81),
                            limits_with(db, "org.general_branch_max_members", 80))) == [
        "org.general_branch_max_members"]


# --- committee: 6/7 with and without committee --------------------------------------------------


def committee(*roles: str) -> tuple[SeatFacts, ...]:
    return tuple(SeatFacts(role, f"委员{i}", date(2010, 1, 1)) for i, role in enumerate(roles))


FULL = committee("secretary", "organisation", "publicity")
LEADERS = committee("secretary", "deputy_secretary")


@pytest.mark.parametrize(("formal", "seats", "expected"), [
    (6, LEADERS, []),
    (6, FULL, ["org.committee_not_needed"]),
    (7, LEADERS[:1], ["org.committee_required"]),
    (7, LEADERS, ["org.committee_required"]),
    (7, (), ["org.secretary_missing", "org.committee_required"]),
    (7, FULL, []),
    (7, FULL[:2], ["org.committee_size"]),
    (7, committee("secretary", *["member"] * 7), ["org.committee_size"]),
    (7, committee("secretary", *["member"] * 6), []),
])
def test_committee_boundaries(limits, formal, seats, expected):
    assert rules(check_committee(replace(BRANCH, formal=formal, seats=seats), limits)) == expected


def test_probationary_members_do_not_make_a_committee_required(limits):
    org = replace(BRANCH, formal=6, probationary=4, seats=LEADERS)
    assert check_committee(org, limits) == []


def test_part_time_members_do_not_count_towards_committee_size(limits):
    org = replace(BRANCH, formal=20, seats=(*FULL[:2], SeatFacts("part_time", "驻区单位代表")))
    assert rules(check_committee(org, limits)) == ["org.committee_size"]
    below = replace(BRANCH, formal=4, seats=(*LEADERS, SeatFacts("part_time", "驻区单位代表")))
    assert check_committee(below, limits) == []


def test_committee_threshold_follows_the_setting(db):
    org = replace(BRANCH, formal=7, seats=LEADERS)
    assert rules(check_committee(org, limits_with(db, "org.committee_required_at", 7))) == ["org.committee_required"]
    assert check_committee(org, limits_with(db, "org.committee_required_at", 8)) == []
    found = check_committee(replace(org, formal=8, seats=FULL), limits_with(db, "org.committee_min_size", 4))
    assert [(f.rule, f.setting_key) for f in found] == [("org.committee_size", "org.committee_min_size")]


def test_missing_secretary_is_an_error_only_where_a_committee_is_required(limits):
    assert [f.severity for f in check_committee(replace(BRANCH, formal=3), limits)] == ["warning"]
    assert check_committee(replace(BRANCH, formal=7), limits)[0].severity == "error"


# --- 书记党龄 -------------------------------------------------------------------------------------


@pytest.mark.parametrize(("confirmed_on", "flagged"), [
    (date(2025, 11, 25), False), (date(2025, 11, 26), True), (date(2026, 6, 1), True), (None, False)])
def test_secretary_party_years(limits, confirmed_on, flagged):
    org = replace(BRANCH, seats=(SeatFacts("secretary", "李红", confirmed_on),))
    found = check_secretary_party_years(org, limits, TODAY)
    assert bool(found) is flagged
    if found:
        assert found[0].setting_key == "org.secretary_min_party_years"
        assert "李红" in found[0].message


def test_probationary_secretary_has_no_party_years(limits):
    org = replace(BRANCH, seats=(SeatFacts("secretary", "王芳", None, probationary=True),))
    assert "为预备党员" in check_secretary_party_years(org, limits, TODAY)[0].message


def test_secretary_party_years_follow_the_setting(db):
    org = replace(BRANCH, seats=(SeatFacts("secretary", "李红", date(2024, 1, 1)),))
    assert check_secretary_party_years(org, limits_with(db, "org.secretary_min_party_years", 2), TODAY) == []
    assert check_secretary_party_years(org, limits_with(db, "org.secretary_min_party_years", 3), TODAY)


# --- terms: end today / yesterday / in 3 months ---------------------------------------------------


@pytest.mark.parametrize(("end", "expected"), [
    (date(2026, 11, 24), "term.overdue"),
    (date(2026, 11, 25), "term.due_soon"),
    (date(2027, 2, 25), "term.due_soon"),
    (date(2027, 2, 26), None),
])
def test_term_boundaries(limits, end, expected):
    org = replace(BRANCH, latest_term=TermFacts(3, end, "term.branch_years"))
    found = check_term(org, limits, TODAY)
    assert rules(found) == ([expected] if expected else [])
    if expected == "term.overdue":
        assert found[0].setting_key == "term.branch_years"
        assert found[0].message == "第3届任期已于2026年11月24日届满，逾期未换届"
    if expected == "term.due_soon":
        assert found[0].setting_key == "term.due_soon_months"


def test_term_due_today_says_today(limits):
    org = replace(BRANCH, latest_term=TermFacts(2, TODAY, "term.branch_years"))
    assert check_term(org, limits, TODAY)[0].message == "第2届任期将于今天届满，请做好换届准备"


def test_due_soon_window_follows_the_setting(db):
    org = replace(BRANCH, latest_term=TermFacts(1, date(2027, 4, 1), "term.branch_years"))
    assert check_term(org, limits_with(db, "term.due_soon_months", 3), TODAY) == []
    assert rules(check_term(org, limits_with(db, "term.due_soon_months", 6), TODAY)) == ["term.due_soon"]


def test_missing_term_is_a_hint(limits):
    assert [(f.rule, f.severity) for f in check_term(BRANCH, limits, TODAY)] == [("term.missing", "info")]
    assert check_term(replace(BRANCH, kind="group"), limits, TODAY) == []


# --- elections --------------------------------------------------------------------------------


def election(eligible=50, present=41, seats=5, votes=(30, 30, 30, 30, 30, 5), winners=5) -> ElectionFacts:
    cands = tuple(CandidateFacts(f"候选人{i}", v, i < winners) for i, v in enumerate(votes))
    return ElectionFacts(date(2026, 3, 1), eligible, present, seats, cands)


def test_valid_election_has_no_findings(limits):
    assert check_election(replace(BRANCH, latest_election=election()), limits) == []


@pytest.mark.parametrize(("present", "valid"), [(40, False), (41, True)])
def test_quorum_must_exceed_four_fifths(limits, present, valid):
    found = check_election(replace(BRANCH, latest_election=election(present=present)), limits)
    assert ("election.quorum" not in rules(found)) is valid


@pytest.mark.parametrize(("votes", "valid"), [(20, False), (21, True)])
def test_winner_needs_more_than_half_of_present(limits, votes, valid):
    found = check_election(replace(BRANCH, latest_election=election(present=40, eligible=40,
                                                                    votes=(votes, 30, 30, 30, 30, 5))), limits)
    assert (rules(found) == []) is valid
    if not valid:
        assert found[0].message == "2026年3月1日选举当选人候选人0得20票，未超过实到40人的50%，当选无效"


def test_losing_candidate_may_have_few_votes(limits):
    e = election(votes=(30, 30, 30, 30, 30, 1))
    assert check_election(replace(BRANCH, latest_election=e), limits) == []


@pytest.mark.parametrize(("candidates", "valid"), [(5, False), (6, True)])
def test_surplus_needs_twenty_percent_more_candidates(limits, candidates, valid):
    e = election(votes=(30,) * candidates)
    found = check_election(replace(BRANCH, latest_election=e), limits)
    assert (found == []) is valid
    if not valid:
        assert found[0].setting_key == "election.surplus_percent"
        assert "至少应有6名候选人" in found[0].message


def test_election_thresholds_follow_the_settings(db):
    org = replace(BRANCH, latest_election=election(present=41))
    assert rules(check_election(org, limits_with(db, "election.quorum_percent", 90))) == ["election.quorum"]
    org = replace(BRANCH, latest_election=election(present=50, votes=(30,) * 6))
    assert rules(check_election(org, limits_with(db, "election.surplus_percent", 30))) == ["election.surplus"]


def test_all_rules_together(limits):
    org = replace(BRANCH, formal=2, seats=(SECRETARY,),
                  latest_term=TermFacts(1, date(2030, 1, 1), "term.branch_years"))
    assert rules(org_rule_findings(org, limits, TODAY)) == ["org.min_formal_members"]
