from decimal import Decimal

import pytest
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from dangjian.core.common.errors import ValidationError
from dangjian.core.models import AuditEntry, Setting
from dangjian.core.system import settings, settings_edit


def test_defaults_come_from_the_domain_notes(db):
    with db.read() as session:
        assert settings.get(session, "org.min_formal_members") == 3
        assert settings.get(session, "org.branch_max_members") == 50
        assert settings.get(session, "term.community_years") == 5
        assert settings.get(session, "training.member_hours", 2026) == Decimal(32)
        assert settings.get(session, "training.leader_hours", 2026) == Decimal(56)
        assert settings.get(session, "activity.frequency.committee_meeting", 2026) == "monthly"


def test_yearly_values_apply_from_their_year_on(db):
    with db.write() as session:
        settings_edit.set_value(session, "training.member_hours", "40", year=2025)
        settings_edit.set_value(session, "training.member_hours", "36.5", year=2027)
    with db.read() as session:
        assert settings.get(session, "training.member_hours", 2024) == Decimal(32)
        assert settings.get(session, "training.member_hours", 2025) == Decimal(40)
        assert settings.get(session, "training.member_hours", 2026) == Decimal(40)
        assert settings.get(session, "training.member_hours", 2027) == Decimal("36.5")


def test_non_yearly_setting_ignores_the_year(db):
    with db.write() as session:
        settings_edit.set_value(session, "org.branch_max_members", 60, year=2026)
    with db.read() as session:
        assert settings.get(session, "org.branch_max_members") == 60
        assert session.scalars(select(Setting.year)).all() == [None]


def test_setting_twice_updates_one_row_and_audits(db):
    with db.write() as session:
        settings_edit.set_value(session, "general.unit_name", "湘龙街道党工委")
        settings_edit.set_value(session, "general.unit_name", "星沙街道党工委")
    with db.read() as session:
        assert settings.get(session, "general.unit_name") == "星沙街道党工委"
        assert session.scalars(select(Setting).where(Setting.key == "general.unit_name")).all().__len__() == 1
        summaries = session.scalars(select(AuditEntry.summary).order_by(AuditEntry.id)).all()
        assert summaries[-1] == "单位名称：湘龙街道党工委 → 星沙街道党工委"


def test_database_refuses_duplicate_all_years_rows(db):
    with pytest.raises(IntegrityError), db.write() as session:
        session.add_all([Setting(key="x", year=None, value="1"), Setting(key="x", year=None, value="2")])


@pytest.mark.parametrize(
    ("key", "raw", "reason"),
    [
        ("org.min_formal_members", "0", "不能小于 1 名"),
        ("org.min_formal_members", "三", "不是整数"),
        ("org.branch_max_members", 501, "不能大于 500 名"),
        ("training.member_hours", "32.25", "最多一位小数"),
        ("training.member_hours", "abc", "不是数字"),
        ("activity.frequency.theme_day", "每天", "只能是"),
        ("activity.approval_threshold", "-5", "不能为负数"),
        ("activity.approval_threshold", "12.345", "两位小数"),
    ],
)
def test_invalid_values_are_refused_with_the_field_name(db, key, raw, reason):
    label = settings.definition(key).label
    with pytest.raises(ValidationError) as info, db.write() as session:
        settings_edit.set_value(session, key, raw)
    assert info.value.field == label
    assert reason in str(info.value)
    with db.read() as session:
        assert session.scalars(select(Setting)).all() == []


def test_choice_accepts_label_or_code(db):
    with db.write() as session:
        assert settings_edit.set_value(session, "activity.frequency.party_lecture", "每月") == "monthly"
        assert settings_edit.set_value(session, "activity.frequency.party_lecture", "yearly") == "yearly"


def test_money_setting_parses_yuan(db):
    with db.write() as session:
        assert settings_edit.set_value(session, "activity.approval_threshold", "0.5万") == 500_000
    with db.read() as session:
        assert settings.get(session, "activity.approval_threshold", 2026) == 500_000
        item = settings.definition("activity.approval_threshold")
        assert item.display(500_000) == "¥5,000.00"


def test_reset_restores_default(db):
    with db.write() as session:
        settings_edit.set_value(session, "term.branch_years", 4)
    with db.write() as session:
        settings_edit.reset(session, "term.branch_years")
    with db.read() as session:
        assert settings.get(session, "term.branch_years") == 3


def test_every_default_passes_its_own_validation():
    for item in settings.REGISTRY.values():
        assert item.convert(item.default) == item.default, item.key
