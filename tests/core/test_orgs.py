"""党组织设置 services: tree, moves, 撤销/恢复, units, seats, terms, elections — and refusals that write nothing."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from dangjian.core.checks import all_findings
from dangjian.core.common.errors import UserError, ValidationError
from dangjian.core.common.uscc import make_uscc
from dangjian.core.models import AuditEntry, CommitteeSeat, Election, Member, Organisation, OrgUnit, Term
from dangjian.core.orgs.committees import (
    CandidateFields,
    ElectionFields,
    SeatFields,
    add_seat,
    add_term,
    record_election,
)
from dangjian.core.orgs.overview import org_lines, term_reminders
from dangjian.core.orgs.tree import (
    OrgFields,
    UnitFields,
    create_org,
    find_org_by_name,
    move_org,
    org_tree_rows,
    restore_org,
    revoke_org,
    set_units,
    subtree_ids,
    update_org,
)
from dangjian.core.system import settings_edit

VALID_CODES = [make_uscc(f"91430121MA4L{n:05d}") for n in range(1, 8)]


@pytest.fixture
def tree(db):
    """湘龙街道党工委 → 朝阳社区党委 → 第一小区党支部 / 第二小区党支部; 南市社区党委 → 第一小区党支部."""
    with db.write() as s:
        root = create_org(s, OrgFields("湘龙街道党工委", "street_committee", None))
        chaoyang = create_org(s, OrgFields("朝阳社区党委", "party_committee", root.id))
        nanshi = create_org(s, OrgFields("南市社区党委", "party_committee", root.id))
        first = create_org(s, OrgFields("第一小区党支部", "branch", chaoyang.id, domain="residential",
                                        recorded_formal_count=2, recorded_probationary_count=1))
        second = create_org(s, OrgFields("第二小区党支部", "branch", chaoyang.id, domain="residential"))
        namesake = create_org(s, OrgFields("第一小区党支部", "branch", nanshi.id, domain="residential"))
        return {"root": root.id, "chaoyang": chaoyang.id, "nanshi": nanshi.id, "first": first.id,
                "second": second.id, "namesake": namesake.id}


def add_members(session, org_id: int, formal: int, probationary: int = 0, **extra) -> list[int]:
    start = session.scalar(select(func.count()).select_from(Member)) or 0
    ids = []
    for i in range(formal + probationary):
        member = Member(name=f"党员{start + i}", gender="男", id_number=f"43012119800101{start + i:04d}",
                        org_id=org_id, category="formal" if i < formal else "probationary",
                        joined_on=date(2000, 1, 1), confirmed_on=date(2001, 1, 1) if i < formal else None, **extra)
        session.add(member)
        session.flush()
        ids.append(member.id)
    return ids


def count(db, model) -> int:
    with db.read() as s:
        return s.scalar(select(func.count()).select_from(model))


def rules_of(db, org_id: int) -> list[str]:
    with db.read() as s:
        return sorted(f.rule for f in all_findings(s, date(2026, 11, 25)) if f.org_id == org_id)


# --- tree ---------------------------------------------------------------------------------------


def test_find_org_by_name_exact_path_and_code(db, tree):
    with db.read() as s:
        assert find_org_by_name(s, "朝阳社区党委").id == tree["chaoyang"]
        assert find_org_by_name(s, "南市社区党委/第一小区党支部").id == tree["namesake"]
        assert find_org_by_name(s, " 朝阳社区党委／第一小区党支部 ").id == tree["first"]
        with pytest.raises(UserError, match="找不到党组织“星沙社区党委”"):
            find_org_by_name(s, "星沙社区党委")
        with pytest.raises(UserError, match=r"有2个党组织名为“第一小区党支部”.*请写成“上级党组织/名称”"):
            find_org_by_name(s, "第一小区党支部")


def test_subtree_ids_lists_descendants_parents_first(db, tree):
    with db.read() as s:
        assert subtree_ids(s, tree["chaoyang"]) == [tree["chaoyang"], tree["first"], tree["second"]]
        assert subtree_ids(s, tree["root"])[0] == tree["root"]
        assert len(subtree_ids(s, tree["root"])) == 6


def test_tree_rows_use_roster_counts_when_the_roster_has_members(db, tree):
    with db.write() as s:
        add_members(s, tree["second"], 4, 2)
        add_members(s, tree["second"], 1, party_status="suspended")  # 停止党籍: not counted
        gone = add_members(s, tree["second"], 1)
        s.get(Member, gone[0]).deleted_at = s.get(Organisation, tree["root"]).created_at  # in the 回收站
    with db.read() as s:
        rows = {r.id: r for r in org_tree_rows(s)}
    assert next(iter(rows)) == tree["root"]
    first, second = rows[tree["first"]], rows[tree["second"]]
    assert (first.formal, first.probationary, first.counts_from_roster) == (2, 1, False)
    assert (second.formal, second.probationary, second.counts_from_roster) == (4, 2, True)
    assert (rows[tree["chaoyang"]].total_formal, rows[tree["chaoyang"]].total_probationary) == (6, 3)
    assert rows[tree["chaoyang"]].children == (tree["first"], tree["second"])


def test_create_refuses_bad_input_naming_the_field(db, tree):
    cases = [
        (OrgFields("", "branch", tree["root"]), "名称：不能为空"),
        (OrgFields("第二小区党支部", "branch", tree["chaoyang"]), "名称：同一上级党组织下已有“第二小区党支部”"),
        (OrgFields("新党支部", "branch", None), "上级党组织：请选择上级党组织"),
        (OrgFields("星沙街道党工委", "street_committee", None),
         "类别：已有街道党工委“湘龙街道党工委”，一个数据库只能有一个"),
        (OrgFields("新党支部", "cell", tree["root"]), "类别：只能是"),
        (OrgFields("新党支部", "branch", tree["root"], recorded_formal_count=-1), "登记正式党员数：应为 0 到 100000"),
        (OrgFields("新党支部", "branch", 9999), "上级党组织：所选党组织不存在"),
    ]
    before = count(db, Organisation), count(db, AuditEntry)
    for fields, message in cases:
        with pytest.raises(ValidationError) as info, db.write() as s:
            create_org(s, fields)
        assert str(info.value).startswith(message)
    assert (count(db, Organisation), count(db, AuditEntry)) == before


def test_move_refuses_cycles_and_writes_nothing(db, tree):
    for target in (tree["chaoyang"], tree["first"]):
        with pytest.raises(ValidationError, match="上级党组织：不能把“朝阳社区党委”移到它自己或它的下级党组织之下"), \
                db.write() as s:
            move_org(s, tree["chaoyang"], target)
    with db.read() as s:
        assert s.get(Organisation, tree["chaoyang"]).parent_id == tree["root"]
    with pytest.raises(ValidationError, match="上级党组织"), db.write() as s:
        fields = OrgFields.of(s.get(Organisation, tree["chaoyang"]))
        fields.parent_id = tree["second"]
        update_org(s, tree["chaoyang"], fields)


def test_move_takes_the_subtree_along_and_is_audited(db, tree):
    with db.write() as s:
        move_org(s, tree["second"], tree["nanshi"])
    with db.read() as s:
        assert set(subtree_ids(s, tree["nanshi"])) == {tree["nanshi"], tree["namesake"], tree["second"]}
        entry = s.scalars(select(AuditEntry).order_by(AuditEntry.id.desc())).first()
        assert entry.action == "move"
        assert entry.summary == ("移动党组织“第二小区党支部”："
                                 "湘龙街道党工委 / 朝阳社区党委 → 湘龙街道党工委 / 南市社区党委")


# --- 撤销 / 恢复 ------------------------------------------------------------------------------------


def test_revoke_and_restore_are_reversible_and_audited(db, tree):
    with db.write() as s:
        revoke_org(s, tree["second"], date(2025, 6, 30), "湘龙党工发〔2025〕12号", "小区合并")
    with db.read() as s:
        org = s.get(Organisation, tree["second"])
        assert (org.status, org.revoked_on, org.revoked_doc_no, org.revoked_reason) == (
            "revoked", date(2025, 6, 30), "湘龙党工发〔2025〕12号", "小区合并")
        assert tree["second"] in subtree_ids(s, tree["chaoyang"])  # still in the tree, shown as 已撤销
    with pytest.raises(ValidationError, match="上级党组织：“第二小区党支部”已撤销"), db.write() as s:
        create_org(s, OrgFields("新党小组", "group", tree["second"]))
    with db.write() as s:
        restore_org(s, tree["second"])
    with db.read() as s:
        org = s.get(Organisation, tree["second"])
        assert (org.status, org.revoked_on, org.revoked_doc_no) == ("active", None, "")
        actions = [e.action for e in s.scalars(select(AuditEntry).where(AuditEntry.entity_id == org.id))]
        assert actions[-2:] == ["revoke", "restore"]
        assert "湘龙党工发〔2025〕12号" in s.scalars(select(AuditEntry.summary).where(
            AuditEntry.action == "restore")).one()


def test_revoke_refuses_orgs_that_still_have_children_or_members(db, tree):
    with pytest.raises(UserError, match="下还有2个未撤销的党组织"), db.write() as s:
        revoke_org(s, tree["chaoyang"], date(2025, 1, 1), "", "调整")
    with db.write() as s:
        add_members(s, tree["first"], 1)
    with pytest.raises(UserError, match="还有1名党员，请先将组织关系转到其他党组织"), db.write() as s:
        revoke_org(s, tree["first"], date(2025, 1, 1), "", "调整")
    with pytest.raises(ValidationError, match="撤销原因：不能为空"), db.write() as s:
        revoke_org(s, tree["second"], date(2025, 1, 1), "", "  ")
    with db.read() as s:
        assert s.scalar(select(func.count()).where(Organisation.status == "revoked")) == 0


# --- 联合组建 units and 挂靠 ------------------------------------------------------------------------


def make_joint(db, org_id: int) -> None:
    with db.write() as s:
        fields = OrgFields.of(s.get(Organisation, org_id))
        fields.formation = "joint"
        update_org(s, org_id, fields)


def test_joint_branch_with_six_units_is_refused_and_nothing_written(db, tree):
    make_joint(db, tree["first"])
    units = [UnitFields(f"长沙{n}号科技有限公司", VALID_CODES[n], formal_member_count=1) for n in range(6)]
    with pytest.raises(ValidationError) as info, db.write() as s:
        set_units(s, tree["first"], units)
    assert str(info.value) == "组建单位：联合组建一般不超过5个单位，现填写了6个"
    assert count(db, OrgUnit) == 0
    with db.write() as s:
        settings_edit.set_value(s, "org.joint_max_units", 6)
    with db.write() as s:
        set_units(s, tree["first"], units)
    assert count(db, OrgUnit) == 6


def test_invalid_credit_code_is_refused_naming_the_unit(db, tree):
    make_joint(db, tree["first"])
    bad = VALID_CODES[0][:-1] + ("0" if VALID_CODES[0][-1] != "0" else "1")
    with pytest.raises(ValidationError) as info, db.write() as s:
        set_units(s, tree["first"], [UnitFields("湖南湘龙电子科技有限公司", VALID_CODES[1]),
                                     UnitFields("长沙祥泰商贸有限公司", bad)])
    assert info.value.field == "统一社会信用代码"
    assert "长沙祥泰商贸有限公司" in str(info.value)
    assert count(db, OrgUnit) == 0


def test_units_only_on_joint_branches_and_formation_keeps_them(db, tree):
    with pytest.raises(ValidationError, match="不是联合组建"), db.write() as s:
        set_units(s, tree["first"], [UnitFields("甲公司")])
    make_joint(db, tree["first"])
    with db.write() as s:
        set_units(s, tree["first"], [UnitFields("甲公司", VALID_CODES[0].lower()), UnitFields("乙公司")])
    with db.read() as s:
        assert [u.credit_code for u in s.get(Organisation, tree["first"]).units] == [VALID_CODES[0], ""]
    with pytest.raises(ValidationError, match="组建方式：还登记有2个组建单位"), db.write() as s:
        fields = OrgFields.of(s.get(Organisation, tree["first"]))
        fields.formation = "single"
        update_org(s, tree["first"], fields)


def test_converting_a_small_branch_to_joint_clears_the_finding(db, tree):
    assert "org.min_formal_members" in rules_of(db, tree["first"])
    make_joint(db, tree["first"])
    assert "org.joint_units_missing" in rules_of(db, tree["first"])
    with db.write() as s:
        set_units(s, tree["first"], [UnitFields("甲公司", VALID_CODES[0], formal_member_count=1),
                                     UnitFields("乙公司", VALID_CODES[1], formal_member_count=2)])
    rules = rules_of(db, tree["first"])
    assert not {"org.min_formal_members", "org.joint_units_missing"} & set(rules)


def test_attached_branch_host(db, tree):
    with db.write() as s:
        fields = OrgFields.of(s.get(Organisation, tree["first"]))
        fields.formation = "attached"
        update_org(s, tree["first"], fields)
    assert "org.attached_host" in rules_of(db, tree["first"])
    with pytest.raises(ValidationError, match="挂靠党组织：不能挂靠在自己名下"), db.write() as s:
        fields.host_org_id = tree["first"]
        update_org(s, tree["first"], fields)
    with db.write() as s:
        fields.host_org_id = tree["chaoyang"]
        update_org(s, tree["first"], fields)
    assert "org.attached_host" not in rules_of(db, tree["first"])


# --- seats, terms, elections ---------------------------------------------------------------------


def test_seats_from_the_roster_and_part_time_members_from_outside(db, tree):
    with db.write() as s:
        member_ids = add_members(s, tree["second"], 3)
        add_seat(s, tree["chaoyang"], SeatFields("secretary", date(2024, 1, 1), member_id=member_ids[0]))
        add_seat(s, tree["chaoyang"], SeatFields("part_time", date(2024, 1, 1), person_name="谭志明",
                                                 person_unit="国网长沙县供电公司湘龙供电所"))
    cases = [
        (SeatFields("organisation", date(2024, 1, 1), person_name="外单位人员"), "人员：组织委员须从党员花名册中选择"),
        (SeatFields("part_time", date(2024, 1, 1), person_name="黄海燕"),
         "所在单位：兼职委员不在花名册中时须填写所在单位"),
        (SeatFields("secretary", date(2024, 1, 1), member_id=member_ids[1]), "职务：已有在任书记党员"),
        (SeatFields("member", date(2024, 1, 1), member_id=member_ids[1], ended_on=date(2023, 12, 31)),
         "离任日期：不能早于任职日期"),
    ]
    for fields, message in cases:
        with pytest.raises(ValidationError) as info, db.write() as s:
            add_seat(s, tree["chaoyang"], fields)
        assert str(info.value).startswith(message)
    assert count(db, CommitteeSeat) == 2


@pytest.mark.parametrize(("org_key", "setting", "years"), [
    ("chaoyang", "term.community_years", 5), ("first", "term.branch_years", 3)])
def test_term_planned_end_follows_the_org_kind_setting(db, tree, org_key, setting, years):
    with db.write() as s:
        term = add_term(s, tree[org_key], date(2024, 2, 29))
        assert term.planned_end_on == date(2024 + years, 2, 28)
        settings_edit.set_value(s, setting, years + 1)
        term = add_term(s, tree[org_key], date(2024, 3, 1))
        assert (term.number, term.planned_end_on) == (2, date(2025 + years, 3, 1))


def test_party_committee_outside_communities_uses_its_own_setting(db, tree):
    with db.write() as s:
        org = create_org(s, OrgFields("湘龙建设集团党委", "party_committee", tree["root"], domain="enterprise"))
        settings_edit.set_value(s, "term.party_committee_years", 4)
        assert add_term(s, org.id, date(2022, 1, 1)).planned_end_on == date(2026, 1, 1)


def test_term_end_before_start_is_refused(db, tree):
    with pytest.raises(ValidationError, match="届满日期：必须晚于任期开始日期"), db.write() as s:
        add_term(s, tree["first"], date(2024, 1, 1), planned_end_on=date(2023, 12, 31))
    assert count(db, Term) == 0


def election(winners: int, seats: int = 3) -> ElectionFields:
    candidates = [CandidateFields(f"候选人{i}", 30, elected=i < winners) for i in range(4)]
    return ElectionFields(date(2026, 3, 1), 40, 35, seats, candidates)


def test_more_winners_than_seats_is_refused_and_nothing_written(db, tree):
    with pytest.raises(ValidationError) as info, db.write() as s:
        record_election(s, tree["chaoyang"], election(winners=4))
    assert str(info.value) == "当选人：当选4人，多于应选名额3名"
    assert (count(db, Election), count(db, Term)) == (0, 0)


def test_election_opens_the_next_term(db, tree):
    with db.write() as s:
        add_term(s, tree["chaoyang"], date(2021, 3, 1))
        record_election(s, tree["chaoyang"], election(winners=3))
    with db.read() as s:
        term = s.scalars(select(Term).order_by(Term.number.desc())).first()
        assert (term.number, term.started_on, term.planned_end_on, term.elected_on) == (
            2, date(2026, 3, 1), date(2031, 3, 1), date(2026, 3, 1))
        assert s.scalars(select(Election)).one().term_id == term.id


def test_present_cannot_exceed_eligible(db, tree):
    fields = election(winners=3)
    fields.present_count = 41
    with pytest.raises(ValidationError, match="实到人数：41人，多于应到人数40人"), db.write() as s:
        record_election(s, tree["chaoyang"], fields)


def test_org_findings_are_registered_for_dangjian_check(db, tree, cli, db_path):
    import json

    code, out, _ = cli("--db", db_path, "check", "--json")
    assert code == 0
    findings = json.loads(out)["findings"]
    assert {"severity": "error", "org": "第一小区党支部", "rule": "org.min_formal_members",
            "message": "正式党员2名（另有预备党员1名，不计入），少于单独组建所需的3名，建议联合组建或挂靠组建",
            "setting": "org.min_formal_members"} in findings


def test_demo_builds_the_street_with_findings(demo_db):
    with demo_db.read() as s:
        names = {r.name for r in org_tree_rows(s)}
        assert {"湘龙街道党工委", "朝阳社区党委", "祥泰社区党总支", "南市社区党委",
                "祥泰商圈两新组织联合党支部"} <= names
        joint = find_org_by_name(s, "祥泰商圈两新组织联合党支部")
        assert len(joint.units) == 4 and all(len(u.credit_code) == 18 for u in joint.units)
        assert find_org_by_name(s, "汇金大厦楼宇党支部").host_org_id == find_org_by_name(s, "朝阳社区党委").id
        rules = {f.rule for f in all_findings(s)}
    assert {"term.overdue", "term.due_soon", "org.attached_host", "org.min_formal_members",
            "org.joint_unit_can_stand_alone"} <= rules


def test_overview_lines_and_term_reminders(db, tree):
    today = date.today()
    with db.write() as s:
        member = add_members(s, tree["second"], 3)[0]
        add_seat(s, tree["second"], SeatFields("secretary", date(2020, 1, 1), member_id=member))
        add_term(s, tree["second"], date(2020, 1, 1), planned_end_on=today - timedelta(days=1))
        add_term(s, tree["first"], date(2024, 1, 1), planned_end_on=today + timedelta(days=30))
        add_term(s, tree["chaoyang"], date(2024, 1, 1))  # ends 2029: no reminder
    with db.read() as s:
        lines = {line.row.name + str(line.depth): line for line in org_lines(s, today, root_id=tree["chaoyang"])}
        reminders = term_reminders(s, today)
    assert set(lines) == {"朝阳社区党委0", "第一小区党支部1", "第二小区党支部1"}
    second = lines["第二小区党支部1"]
    assert (second.secretary, second.term_number, second.term_end) == ("党员0", 1, today - timedelta(days=1))
    assert [(r.org, r.status_label, r.days_text(today)) for r in reminders] == [
        ("第二小区党支部", "逾期未换届", "已逾期1天"), ("第一小区党支部", "即将到期", "还有30天")]


def test_demo_org_step_leaves_a_member_plan(db):
    import random

    from dangjian.core.demo.build import DemoContext
    from dangjian.core.demo.orgs import build_orgs

    with db.write() as s:
        ctx = DemoContext(s, 800, date.today(), random.Random(1))
        build_orgs(ctx)
        plan, ids = ctx.extra["member_plan"], ctx.extra["demo_orgs"]
        assert plan[ids["ns_hemei"]] == {"formal": 2, "probationary": 1}  # the branch below 3 正式党员
        assert "weight" in plan[ids["cy1"]]
        assert ids["root"] not in plan and ids["cy_old"] not in plan  # no members in the root or revoked orgs
        assert s.get(Organisation, ids["cy_old"]).status == "revoked"
        assert ctx.summary["党组织"] == len(ids)
