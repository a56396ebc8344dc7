"""党员 services: validation, derived values, 转正, transfers, 回收站, audit."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from dangjian.core.common.errors import UserError, ValidationError
from dangjian.core.members import fields
from dangjian.core.members import roster as svc
from dangjian.core.members.query import member_counts_by_org
from dangjian.core.models import AuditEntry, Member, MemberTransfer
from member_helpers import TODAY, make_id, make_orgs, member_input


@pytest.fixture
def orgs(db):
    with db.write() as session:
        return make_orgs(session)


def add(db, data):
    with db.write() as session:
        return svc.add_member(session, data, today=TODAY).id


def audit_summaries(db) -> list[str]:
    with db.read() as session:
        return list(session.scalars(select(AuditEntry.summary).order_by(AuditEntry.id)))


def test_add_member_normalises_and_derives_from_the_id(db, orgs):
    number = make_id(7, birth=date(1985, 7, 1), gender="男")
    assert number.endswith("X") or number[-1].isdigit()
    member_id = add(db, member_input(orgs["first"], id_number=f" {number.lower()} ", name=" 张　伟 ",
                                     phone="138 0013 8000"))
    with db.read() as session:
        member = session.get(Member, member_id)
        assert member.id_number == number.upper()
        assert member.gender == "男"
        assert member.birth_date == date(1985, 7, 1)
        assert member.name == "张伟"
        assert member.name_initials.lower() == "zw"
        assert member.phone == "13800138000"
    summaries = audit_summaries(db)
    assert summaries[-1].startswith("新增党员 张伟（")
    assert number not in "".join(summaries)


def test_bad_checksum_is_refused(db, orgs):
    number = make_id(3)
    wrong = number[:-1] + ("0" if number[-1] != "0" else "1")
    with pytest.raises(ValidationError) as raised, db.write() as session:
        svc.add_member(session, member_input(orgs["first"], id_number=wrong), today=TODAY)
    assert raised.value.field == "公民身份号码"
    with db.read() as session:
        assert svc.live_count(session) == 0


def test_gender_and_birth_must_agree_with_the_id(db, orgs):
    with pytest.raises(ValidationError, match="性别：与公民身份号码不符（号码显示为男）"), db.write() as session:
        svc.add_member(session, member_input(orgs["first"], gender="女"), today=TODAY)
    with pytest.raises(ValidationError, match="出生日期：与公民身份号码不符"), db.write() as session:
        svc.add_member(session, member_input(orgs["first"], birth_date=date(1980, 5, 18)), today=TODAY)


def test_id_is_unique_including_the_recycle_bin(db, orgs):
    first = add(db, member_input(orgs["first"]))
    with pytest.raises(ValidationError, match="已登记为党员“张伟”，同一号码不能重复登记"), db.write() as session:
        svc.add_member(session, member_input(orgs["second"], name="李四"), today=TODAY)
    with db.write() as session:
        svc.delete_members(session, [first])
    with pytest.raises(ValidationError, match="（在回收站中）"), db.write() as session:
        svc.add_member(session, member_input(orgs["second"], name="李四"), today=TODAY)


def test_probation_rules(db, orgs):
    with pytest.raises(ValidationError, match="入党日期：预备党员必须填写入党日期"), db.write() as session:
        svc.add_member(session, member_input(orgs["first"], category="probationary", joined_on=None,
                                             confirmed_on=None), today=TODAY)
    with pytest.raises(ValidationError, match="转正日期：预备党员不应有转正日期"), db.write() as session:
        svc.add_member(session, member_input(orgs["first"], category="预备党员"), today=TODAY)
    with pytest.raises(ValidationError, match="延长预备期：只能延长6至12个月"), db.write() as session:
        svc.add_member(session, member_input(orgs["first"], probation_extension_months=3), today=TODAY)
    assert fields.probation_ends_on(date(2026, 3, 31), 0) == date(2027, 3, 31)
    assert fields.probation_ends_on(date(2026, 3, 31), 6) == date(2027, 9, 30)
    assert fields.probation_ends_on(None) is None


def test_confirmed_before_joined_and_under_age_are_refused(db, orgs):
    with pytest.raises(ValidationError, match="转正日期：不能早于入党日期"), db.write() as session:
        svc.add_member(session, member_input(orgs["first"], confirmed_on=date(2005, 6, 30)), today=TODAY)
    with pytest.raises(ValidationError, match="入党日期：入党时应年满18周岁"), db.write() as session:
        svc.add_member(session, member_input(orgs["first"], joined_on=date(1998, 5, 16), confirmed_on=None),
                       today=TODAY)
    # Month precision: joined 1998-05 may be the 17th or later, so it is not refused.
    add(db, member_input(orgs["first"], joined_on=date(1998, 5, 1), joined_precision="month", confirmed_on=None))


def test_refuses_revoked_or_missing_org(db, orgs):
    with pytest.raises(ValidationError, match="所在党组织：“原物业党支部”已撤销"), db.write() as session:
        svc.add_member(session, member_input(orgs["revoked"]), today=TODAY)
    with pytest.raises(ValidationError, match="所在党组织：请选择一个党组织"), db.write() as session:
        svc.add_member(session, member_input(9999), today=TODAY)


def test_derived_age_and_party_years():
    assert fields.age(date(1980, 11, 26), TODAY) == 45
    assert fields.age(date(1980, 11, 25), TODAY) == 46
    assert fields.party_years("formal", date(2005, 7, 1), date(2006, 7, 1), 0, TODAY) == 20
    # Without a recorded 转正日期 the 预备期 is still not counted.
    assert fields.party_years("formal", date(2005, 12, 1), None, 0, TODAY) == 19
    assert fields.party_years("probationary", date(2026, 1, 1), None, 0, TODAY) == 0


def test_update_lists_changed_fields_and_records_org_change(db, orgs):
    member_id = add(db, member_input(orgs["first"]))
    with db.write() as session:
        data = fields.MemberInput.from_member(session.get(Member, member_id))
        data.phone = "13900139000"
        data.org_id = orgs["xihu"]
        svc.update_member(session, member_id, data, today=TODAY)
    assert audit_summaries(db)[-1].endswith("：所在党组织、联系电话")
    with db.read() as session:
        history = svc.transfer_history(session, member_id)
    assert history == [(TODAY, "东湖社区第一党支部", "西湖社区党支部", "编辑时调整")]


def test_batch_confirm_is_all_or_nothing(db, orgs):
    ids = [add(db, member_input(orgs["first"], seq, category="probationary", joined_on=date(2025, 10, n),
                                confirmed_on=None)) for n, seq in ((1, 11), (20, 12))]
    with pytest.raises(ValidationError, match="转正日期：早于张伟的入党日期2025-10-20"), db.write() as session:
        svc.confirm_members(session, ids, date(2025, 10, 10), today=TODAY)
    with db.read() as session:
        assert {m.category for m in session.scalars(select(Member))} == {"probationary"}
    with db.write() as session:
        assert svc.confirm_members(session, ids, date(2026, 10, 21), today=TODAY) == 2
    with db.read() as session:
        assert {(m.category, m.confirmed_on) for m in session.scalars(select(Member))} == {
            ("formal", date(2026, 10, 21))}
    with pytest.raises(UserError, match="已是正式党员"), db.write() as session:
        svc.confirm_members(session, ids[:1], date(2026, 10, 21), today=TODAY)


def test_transfers_out_and_back_in_keep_history_and_counts(db, orgs):
    a = add(db, member_input(orgs["first"], 21))
    b = add(db, member_input(orgs["first"], 22, category="probationary", joined_on=date(2026, 1, 5),
                             confirmed_on=None))
    with db.read() as session:
        assert member_counts_by_org(session)[orgs["first"]] == (1, 1)
    with db.write() as session:
        svc.transfer_members(session, [a, b], date(2026, 3, 1), to_org_id=orgs["second"], today=TODAY)
        svc.transfer_members(session, [a], date(2026, 4, 1), outside_org_name="星沙街道泉塘社区党委", today=TODAY)
    with db.read() as session:
        counts = member_counts_by_org(session)
        assert orgs["first"] not in counts
        assert counts[orgs["second"]] == (0, 1)
        assert session.get(Member, a).party_status == "transferred_out"
    with pytest.raises(UserError, match="已转出，不能重复转出"), db.write() as session:
        svc.transfer_members(session, [a], date(2026, 4, 2), outside_org_name="别处", today=TODAY)
    with db.write() as session:
        svc.transfer_members(session, [a], date(2026, 5, 1), to_org_id=orgs["xihu"],
                             outside_org_name="星沙街道泉塘社区党委", today=TODAY)
    with db.read() as session:
        assert session.get(Member, a).party_status == "normal"
        assert svc.transfer_history(session, a) == [
            (date(2026, 3, 1), "东湖社区第一党支部", "东湖社区第二党支部", ""),
            (date(2026, 4, 1), "东湖社区第二党支部", "星沙街道泉塘社区党委", ""),
            (date(2026, 5, 1), "星沙街道泉塘社区党委", "西湖社区党支部", ""),
        ]
    assert "转出至“星沙街道泉塘社区党委”" in audit_summaries(db)[-2]


def test_transfer_needs_a_destination(db, orgs):
    a = add(db, member_input(orgs["first"]))
    with pytest.raises(ValidationError, match="转往党组织"), db.write() as session:
        svc.transfer_members(session, [a], date(2026, 3, 1), today=TODAY)
    with pytest.raises(UserError, match="已在“东湖社区第一党支部”"), db.write() as session:
        svc.transfer_members(session, [a], date(2026, 3, 1), to_org_id=orgs["first"], today=TODAY)


def test_recycle_bin_delete_restore_and_confirmed_purge(db, orgs):
    a = add(db, member_input(orgs["first"], 31))
    with db.write() as session:
        svc.transfer_members(session, [a], date(2026, 3, 1), to_org_id=orgs["second"], today=TODAY)
        svc.delete_members(session, [a])
    with db.read() as session:
        assert svc.live_count(session) == 0
        assert svc.binned_member_ids(session) == [a]
    with db.write() as session:
        svc.restore_members(session, [a])
        svc.delete_members(session, [a])
    with pytest.raises(UserError, match="彻底删除后无法恢复"), db.write() as session:
        svc.purge_members(session, [a])
    with db.write() as session:
        assert svc.purge_members(session, [a], confirmed=True) == 1
    with db.read() as session:
        assert session.scalar(select(func.count()).select_from(Member)) == 0
        assert session.scalar(select(func.count()).select_from(MemberTransfer)) == 0
    assert [s.split(" ")[0] for s in audit_summaries(db)[-3:]] == ["党员", "党员", "彻底删除党员"]


def test_purge_refuses_live_members(db, orgs):
    a = add(db, member_input(orgs["first"]))
    with pytest.raises(UserError, match="不在回收站中"), db.write() as session:
        svc.purge_members(session, [a], confirmed=True)


def test_phone_validation():
    assert fields.normalise_phone("１３８ ００１３ ８０００") == "13800138000"
    assert fields.normalise_phone("13800138000.0") == "13800138000"
    assert fields.normalise_phone("0731-8412 3456") == "0731-84123456"
    with pytest.raises(ValidationError, match="联系电话：“无”不是有效的电话号码"):
        fields.normalise_phone("无")


def test_unmasked_view_is_audited(db):
    with db.write() as session:
        svc.record_unmasked_view(session, "党员列表")
    assert audit_summaries(db)[-1] == "查看完整公民身份号码（党员列表）"
