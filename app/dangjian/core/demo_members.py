"""Demo step: realistic 党员 for the demo 街道, bulk-inserted (100,000 in a few seconds).

Valid 公民身份号码 from the Changsha area (mostly 430121 长沙县), names drawn from common surnames,
plausible 入党/转正 dates, education by generation, some 预备/流动/失联/困难/离退休 members.
"""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import func, insert, select

from . import idcard
from .db import bulk_insert
from .demo import DemoContext
from .models import Member, MemberTransfer, Organisation
from .textnorm import pinyin_initials

REGIONS = (("430121", 70), ("430102", 4), ("430103", 4), ("430104", 4), ("430105", 4), ("430111", 4),
           ("430112", 4), ("430181", 3), ("430182", 3))
SURNAMES = ("刘李王陈张彭周罗谭唐易黄曾胡杨邓吴赵徐孙朱何高林郭马梁宋郑谢韩冯董程曹袁许沈苏卢蒋蔡贾丁魏"
            "薛叶余潘杜戴夏钟汪田任姜范方石姚廖邹熊金陆郝孔白崔毛邱秦江顾侯邵孟龙万段雷钱汤尹黎常武贺")
MALE = "伟强军勇杰涛斌超明刚平辉鹏华飞鑫波宇浩凯健俊帆建国志文新海林峰亮成东兵德松湘龙湘"
FEMALE = "芳娜敏静丽艳娟霞秀英华玲桂兰红梅琳燕萍洁婷雪慧颖倩琴云莲凤翠春晓湘"
JOBS_EMPLOYED = ("社区工作者", "教师", "医生", "护士", "公务员", "企业职工", "工程师", "会计", "个体经营者",
                 "销售", "技术员", "驾驶员", "物业管理员", "快递员", "网约车司机", "律师", "村（社区）干部")
EDUCATION_BY_DECADE = {  # birth decade -> (level, weight)...
    1930: (("小学及以下", 40), ("初中", 35), ("高中", 20), ("中专", 5)),
    1950: (("小学及以下", 15), ("初中", 35), ("高中", 30), ("中专", 12), ("大学专科", 8)),
    1970: (("初中", 15), ("高中", 25), ("中专", 15), ("大学专科", 25), ("大学本科", 18), ("研究生", 2)),
    1990: (("高中", 5), ("大学专科", 25), ("大学本科", 55), ("研究生", 15)),
}
ETHNICITIES = (("汉族", 96), ("土家族", 2), ("苗族", 1), ("侗族", 1))
OUTSIDE_ORGS = ("星沙街道泉塘社区党委", "湘龙街道原机关党支部", "浏阳市集里街道党工委", "岳麓区望月湖街道党工委")


def _pool(pairs) -> list[str]:
    """A weighted list expanded so one uniform pick is a weighted pick (much faster than choices())."""
    return [value for value, weight in pairs for _ in range(weight)]


def _allocation(ctx: DemoContext, orgs: list[int]) -> list[tuple[int, int, int]]:
    """(org_id, formal, probationary) per org from ctx.extra["member_plan"], else spread evenly."""
    plan: dict[int, dict] = ctx.extra.get("member_plan") or {}
    exact = [(org_id, int(p.get("formal", 0)), int(p.get("probationary", 0)))
             for org_id, p in plan.items() if "weight" not in p]
    weighted = {org_id: float(p["weight"]) for org_id, p in plan.items() if "weight" in p}
    if not weighted:
        weighted = {org_id: 1.0 for org_id in orgs if org_id not in plan}
    remaining = max(0, ctx.members - sum(f + p for _, f, p in exact))
    if not weighted or not remaining:
        return exact
    total_weight = sum(weighted.values()) or 1.0
    shares = {org_id: int(remaining * w / total_weight) for org_id, w in weighted.items()}
    leftover = remaining - sum(shares.values())
    for org_id in list(weighted)[:leftover]:
        shares[org_id] += 1
    result = list(exact)
    for org_id, count in shares.items():
        expected = count * 0.06  # about 6% 预备党员; small branches get one now and then
        probationary = round(expected) if count >= 10 else int(ctx.rng.random() < expected)
        result.append((org_id, count - probationary, probationary))
    return result


class _Person:
    """Generates one member's values; keeps IDs and phones unique within the run.

    Written for speed (100,000 rows in a few seconds): uniform picks from pre-weighted pools,
    pinyin initials cached per character.
    """

    def __init__(self, ctx: DemoContext):
        self.random = ctx.rng.random
        self.rng = ctx.rng
        self.today = ctx.today
        self.ids: set[str] = set()
        self.phones: set[str] = set()
        self.initials: dict[str, str] = {}
        self.regions = _pool(REGIONS)
        self.ethnicities = _pool(ETHNICITIES)
        self.education = {decade: _pool(levels) for decade, levels in EDUCATION_BY_DECADE.items()}
        self.decades = sorted(EDUCATION_BY_DECADE, reverse=True)
        self.latest_join = ctx.today - timedelta(days=400)

    def pick(self, items):
        return items[int(self.random() * len(items))]

    def _initials(self, text: str) -> str:
        found = self.initials.get(text)
        if found is None:
            found = self.initials[text] = pinyin_initials(text)
        return found

    def _birth(self, probationary: bool) -> date:
        if probationary and self.random() < 0.8:
            age = 21 + int(self.random() * 15)  # joined within two years, so at least 18 then
        else:
            age = int(self.rng.triangular(22, 92, 55))
        return self.today - timedelta(days=age * 365 + int(self.random() * 365))

    def _unique_id(self, birth: date, gender: str) -> str:
        """Like idcard.make_id (region, birth, order, gender digit + GB 11643 check), without its argument
        checks and strftime, which cost more than the rest of a row."""
        born = birth.isoformat().replace("-", "")
        male = gender == "男"
        while True:
            seq = int(self.random() * 100)
            first17 = f"{self.pick(self.regions)}{born}{seq:02d}{(seq % 5) * 2 + male}"
            number = first17 + idcard.check_digit(first17)
            if number not in self.ids:
                self.ids.add(number)
                return number

    def _phone(self) -> str:
        while True:
            phone = f"1{self.pick('3456789')}{int(self.random() * 1_000_000_000):09d}"
            if phone not in self.phones:
                self.phones.add(phone)
                return phone

    def _dates(self, birth: date, probationary: bool) -> tuple[date, date | None, int]:
        random, today = self.random, self.today
        if probationary:
            joined = today - timedelta(days=20 + int(random() * 340))
            if random() < 0.05:  # a few with an extended 预备期
                return joined - timedelta(days=365), None, 6 if random() < 0.5 else 12
            return joined, None, 0
        earliest = date(birth.year + 18, birth.month, 28 if birth.day > 28 else birth.day)
        span = max(0, (self.latest_join - earliest).days)
        joined = earliest + timedelta(days=int(span * min(random(), random())))  # most join young
        confirmed = min(joined + timedelta(days=365 + int(random() * 21)), today)
        return joined, confirmed, 0

    def row(self, org_id: int, probationary: bool) -> dict:
        random, pick = self.random, self.pick
        gender = "男" if random() < 0.62 else "女"
        birth = self._birth(probationary)
        surname = pick(SURNAMES)
        chars = MALE if gender == "男" else FEMALE
        given = pick(chars) + (pick(chars) if random() < 0.7 else "")
        age = (self.today - birth).days // 365
        decade = next(d for d in self.decades if d <= max(birth.year, 1930))
        joined, confirmed, extension = self._dates(birth, probationary)
        month_only = not probationary and random() < 0.08
        retired = age >= 60 and random() < 0.9
        employment = "retired" if retired else ("employed" if random() < 0.93 else "other")
        employed = employment == "employed"
        return {
            "name": surname + given,
            "name_initials": self._initials(surname) + "".join(self._initials(c) for c in given),
            "gender": gender,
            "id_number": self._unique_id(birth, gender),
            "ethnicity": pick(self.ethnicities),
            "birth_date": birth,
            "education": pick(self.education[decade]),
            "category": "probationary" if probationary else "formal",
            "org_id": org_id,
            "joined_on": joined.replace(day=1) if month_only else joined,
            "joined_precision": "month" if month_only else "day",
            "confirmed_on": confirmed.replace(day=1) if month_only and confirmed else confirmed,
            "confirmed_precision": "month" if month_only else "day",
            "probation_extension_months": extension,
            "party_status": "suspended" if random() < 0.002 else "normal",
            "employment": employment,
            "job": "退休" if retired else pick(JOBS_EMPLOYED),
            "phone": self._phone() if random() < 0.97 else "",
            "address": f"长沙县湘龙街道{pick('东西南北')}湖小区{1 + int(random() * 30)}栋"
                       f"{1 + int(random() * 6)}单元{1 + int(random() * 18)}{1 + int(random() * 4):02d}室",
            "is_mobile": employed and random() < 0.04,
            "is_lost_contact": random() < 0.004,
            "is_hardship": (retired and random() < 0.06) or random() < 0.005,
            "dual_registered": employed and random() < 0.3,
            "note": "",
        }


def build_members(ctx: DemoContext) -> None:
    """Demo step: ctx.members members spread by ctx.extra["member_plan"] or over all active non-root orgs."""
    session = ctx.session
    orgs = list(session.scalars(select(Organisation.id).where(
        Organisation.parent_id.is_not(None), Organisation.status == "active", Organisation.deleted_at.is_(None)
    ).order_by(Organisation.sort_order, Organisation.id)))
    if not orgs:  # a root alone (or nothing): members go to whatever live org exists
        orgs = list(session.scalars(select(Organisation.id).where(Organisation.deleted_at.is_(None))))
    if not orgs or ctx.members <= 0:
        return
    person = _Person(ctx)
    allocation = _allocation(ctx, orgs)
    total = sum(f + p for _, f, p in allocation)
    # Ids given here, so that the transfer history needs no query of what was just inserted.
    next_id = (session.scalar(select(func.max(Member.id))) or 0) + 1
    batch: list[dict] = []
    transfers: list[dict] = []
    for org_id, formal, probationary in allocation:
        for index in range(formal + probationary):
            row = person.row(org_id, probationary=index >= formal)
            row["id"] = next_id
            next_id += 1
            batch.append(row)
            if ctx.rng.random() < 0.02:  # about 1 in 50 came in from outside the 街道
                transfers.append(_transfer_in(ctx, row))
            if len(batch) == 10_000:
                bulk_insert(session, batch, "members")
                batch = []
                if ctx.progress:
                    ctx.progress(next_id - 1, total)
    bulk_insert(session, batch, "members")
    if transfers:
        session.execute(insert(MemberTransfer), transfers)
    _summarise(ctx, total)


def _transfer_in(ctx: DemoContext, row: dict) -> dict:
    start = row["confirmed_on"] or row["joined_on"] or ctx.today
    days = max(1, (ctx.today - start).days)
    return {"member_id": row["id"], "transferred_on": start + timedelta(days=int(ctx.rng.random() * days)),
            "from_org_id": None, "to_org_id": row["org_id"], "outside_org_name": ctx.rng.choice(OUTSIDE_ORGS),
            "note": ""}


def _summarise(ctx: DemoContext, total: int) -> None:
    def count(*where) -> int:
        return ctx.session.scalar(select(func.count()).select_from(Member).where(*where)) or 0

    ctx.summary["党员"] = total
    ctx.summary["其中预备党员"] = count(Member.category == "probationary")
    ctx.summary["流动党员"] = count(Member.is_mobile.is_(True))
    ctx.summary["失联党员"] = count(Member.is_lost_contact.is_(True))
    ctx.summary["困难党员"] = count(Member.is_hardship.is_(True))
