"""Demo step: realistic 党员 for the demo 街道, bulk-inserted (100,000 in about three seconds).

Valid 公民身份号码 from the Changsha area (mostly 430121 长沙县), names drawn from common surnames,
plausible 入党/转正 dates, education by generation, some 预备/流动/失联/困难/离退休 members.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from datetime import date, timedelta
from functools import cache

from sqlalchemy import func, insert, select

from ..common.idcard import CHECK_CHARS, CHECK_WEIGHTS  # GB 11643, for checksums computed in shares (see _Person)
from ..models import Member, MemberTransfer, Organisation
from .build import DemoContext, indexes_dropped

REGIONS = (("430121", 70), ("430102", 4), ("430103", 4), ("430104", 4), ("430105", 4), ("430111", 4),
           ("430112", 4), ("430181", 3), ("430182", 3))
SURNAMES = ("刘李王陈张彭周罗谭唐易黄曾胡杨邓吴赵徐孙朱何高林郭马梁宋郑谢韩冯董程曹袁许沈苏卢蒋蔡贾丁魏"
            "薛叶余潘杜戴夏钟汪田任姜范方石姚廖邹熊金陆郝孔白崔毛邱秦江顾侯邵孟龙万段雷钱汤尹黎常武贺")
MALE = "伟强军勇杰涛斌超明刚平辉鹏华飞鑫波宇浩凯健俊帆建国志文新海林峰亮成东兵德松湘龙湘"
FEMALE = "芳娜敏静丽艳娟霞秀英华玲桂兰红梅琳燕萍洁婷雪慧颖倩琴云莲凤翠春晓湘"
# textnorm.pinyin_initials of each character above, written out so that the demo need not load pypinyin's
# dictionaries (a third of a second); a test keeps them in step.
INITIALS = dict(zip(SURNAMES + MALE + FEMALE,
                    "llwczpzlttyhzhydwzxszhglgmlszxhfdccyxssljcjdwxyypddxzwtrjffsylzxjlhkbcmqqjghsmlwdlqtylcwh"
                    "wqjyjtbcmgphphfxbyhkjjfjgzwxhlflcdbdsxlx" "fnmjlyjxxyhlglhmlypjtxhyqqylfccxx", strict=True))
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


COLUMNS = ("id", "name", "name_initials", "gender", "id_number", "ethnicity", "birth_date", "education", "category",
           "org_id", "joined_on", "joined_precision", "confirmed_on", "confirmed_precision",
           "probation_extension_months", "party_status", "employment", "job", "phone", "address", "is_mobile",
           "is_lost_contact", "is_hardship", "dual_registered", "note")
INSERT_MEMBERS = f"INSERT INTO members ({', '.join(COLUMNS)}) VALUES ({', '.join('?' * len(COLUMNS))})"


def _pool(pairs) -> list[str]:
    """A weighted list expanded so that a uniform pick is a weighted pick (choices() is much faster without
    weights)."""
    return [value for value, weight in pairs for _ in range(weight)]


@cache
def _checksum_share(digits: str, position: int) -> int:
    """What `digits`, starting at `position` of a 公民身份号码, add to its GB 11643 weighted sum."""
    return sum(int(digit) * weight for digit, weight in zip(digits, CHECK_WEIGHTS[position:], strict=False))


class _Day:
    """What a member's row needs of one calendar day, worked out once per day instead of once per row."""

    __slots__ = ("adult", "digits", "education", "first_of_month", "iso", "share")

    def __init__(self, day: date, education: Iterator[str]):
        self.iso = day.isoformat()  # as SQLAlchemy stores a Date
        self.first_of_month = self.iso[:8] + "01"
        self.digits = self.iso.replace("-", "")  # the birth date in a 公民身份号码
        self.share = _checksum_share(self.digits[:4], 6) + _checksum_share(self.digits[4:], 10)
        self.adult = date(day.year + 18, day.month, min(day.day, 28)).toordinal()  # earliest 入党 for this birthday
        self.education = education  # picks for people born this day's decade


def _triangular(u: float, low: float = 22, high: float = 92, mode: float = 55) -> float:
    """random.triangular(low, high, mode) for a uniform draw u (ages: most 党员 are about 55)."""
    c = (mode - low) / (high - low)
    if u > c:
        return high - (high - low) * math.sqrt((1 - u) * (1 - c))
    return low + (high - low) * math.sqrt(u * c)


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
    """Generates members as rows ready for SQLite (tuples in COLUMNS order, dates as ISO text) and keeps
    IDs and phones unique within the run.

    Written for speed (100,000 rows in about a second): picks from pre-weighted pools come from streams
    drawn in bulk; dates are day numbers, with all a row needs of a day looked up in a table made once;
    the 公民身份号码 checksum is added up from precomputed shares of its region, birth date and order code.
    """

    def __init__(self, ctx: DemoContext):
        self.rng, self.random = ctx.rng, ctx.rng.random
        self.today = ctx.today.toordinal()
        self.latest_join = self.today - 400
        self.ids: set[str] = set()
        self.phones: set[str] = set()
        self.surnames, self.ethnicities = self._stream(SURNAMES), self._stream(_pool(ETHNICITIES))
        self.given = {True: self._stream(MALE), False: self._stream(FEMALE)}
        self.jobs, self.mobile_prefixes = self._stream(JOBS_EMPLOYED), self._stream("3456789")
        self.regions = self._stream([(code, _checksum_share(code, 0)) for code in _pool(REGIONS)])
        # Order codes: two digits and a gender digit (odd for men).
        self.orders = {male: self._stream([(order, _checksum_share(order, 14)) for order in
                                           (f"{seq:02d}{(seq % 5) * 2 + male}" for seq in range(100))])
                       for male in (False, True)}
        self.blocks = self._stream([f"长沙县湘龙街道{side}湖小区{n}栋" for side in "东西南北" for n in range(1, 31)])
        self.flats = self._stream([f"{unit}单元{floor}{flat:02d}室" for unit in range(1, 7) for floor in range(1, 19)
                                   for flat in range(1, 5)])
        by_decade = {decade: self._stream(_pool(levels)) for decade, levels in EDUCATION_BY_DECADE.items()}
        education = {year: by_decade[max(d for d in by_decade if d <= max(year, 1930))]
                     for year in range(ctx.today.year - 94, ctx.today.year + 1)}
        self.first_day = self.today - 93 * 365  # the oldest birth below
        self.days = [_Day(day, education[day.year])
                     for day in map(date.fromordinal, range(self.first_day, self.today + 1))]

    def _stream(self, pool) -> Iterator:
        """Endless uniform picks from `pool`, drawn in bulk: choices() costs a fifth of a pick at a time."""
        while True:
            yield from self.rng.choices(pool, k=4096)

    def _birth(self, probationary: bool) -> int:
        random = self.random
        # Most 预备党员 are young (they joined within two years, so at least 18 then).
        age = 21 + int(random() * 15) if probationary and random() < 0.8 else int(_triangular(random()))
        return self.today - age * 365 - int(random() * 365)

    def _unique_id(self, born: _Day, male: bool) -> str:
        """Like idcard.make_id (region, birth, order, gender digit + GB 11643 check), without its per-call
        argument checks and string work, which cost more than the rest of a row."""
        while True:
            region, region_share = next(self.regions)
            order, order_share = next(self.orders[male])
            number = region + born.digits + order + CHECK_CHARS[(region_share + born.share + order_share) % 11]
            if number not in self.ids:
                self.ids.add(number)
                return number

    def _phone(self) -> str:
        while True:
            phone = f"1{next(self.mobile_prefixes)}{int(self.random() * 1_000_000_000):09d}"
            if phone not in self.phones:
                self.phones.add(phone)
                return phone

    def _dates(self, birth: _Day, probationary: bool) -> tuple[int, int | None, int]:
        """(joined, confirmed, months of extended 预备期) as day numbers."""
        random, today = self.random, self.today
        if probationary:
            joined = today - 20 - int(random() * 340)
            if random() < 0.05:  # a few with an extended 预备期
                return joined - 365, None, 6 if random() < 0.5 else 12
            return joined, None, 0
        span = max(0, self.latest_join - birth.adult)
        joined = birth.adult + int(span * min(random(), random()))  # most join young
        return joined, min(joined + 365 + int(random() * 21), today), 0

    def row(self, member_id: int, org_id: int, probationary: bool) -> tuple:
        random, days, first_day = self.random, self.days, self.first_day
        male = random() < 0.62
        born = self._birth(probationary)
        birth = days[born - first_day]
        given = self.given[male]
        surname, first = next(self.surnames), next(given)
        second = next(given) if random() < 0.7 else ""
        joined, confirmed, extension = self._dates(birth, probationary)
        month_only = not probationary and random() < 0.08
        precision = "month" if month_only else "day"
        retired = self.today - born >= 60 * 365 and random() < 0.9
        employment = "retired" if retired else ("employed" if random() < 0.93 else "other")
        employed = employment == "employed"
        joined_day = days[joined - first_day]
        confirmed_day = days[confirmed - first_day] if confirmed else None
        return (
            member_id, surname + first + second,
            INITIALS[surname] + INITIALS[first] + (INITIALS[second] if second else ""),
            "男" if male else "女", self._unique_id(birth, male), next(self.ethnicities), birth.iso,
            next(birth.education), "probationary" if probationary else "formal", org_id,
            joined_day.first_of_month if month_only else joined_day.iso, precision,
            confirmed_day and (confirmed_day.first_of_month if month_only else confirmed_day.iso), precision,
            extension, "suspended" if random() < 0.002 else "normal", employment,
            "退休" if retired else next(self.jobs), self._phone() if random() < 0.97 else "",
            next(self.blocks) + next(self.flats),
            # Flags as 0/1: sqlite3 binds an int directly but tries adapters for a bool (costly).
            int(employed and random() < 0.04),  # is_mobile
            int(random() < 0.004),  # is_lost_contact
            int((retired and random() < 0.06) or random() < 0.005),  # is_hardship
            int(employed and random() < 0.3),  # dual_registered
            "",
        )


_ORG, _JOINED, _CONFIRMED = COLUMNS.index("org_id"), COLUMNS.index("joined_on"), COLUMNS.index("confirmed_on")


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
    connection = session.connection()
    batch: list[tuple] = []
    transfers: list[dict] = []
    with indexes_dropped(connection, "members"):
        for org_id, formal, probationary in allocation:
            for index in range(formal + probationary):
                row = person.row(next_id, org_id, probationary=index >= formal)
                next_id += 1
                batch.append(row)
                if ctx.rng.random() < 0.02:  # about 1 in 50 came in from outside the 街道
                    transfers.append(_transfer_in(ctx, row))
                if len(batch) == 10_000:
                    connection.exec_driver_sql(INSERT_MEMBERS, batch)
                    batch = []
                    if ctx.progress:
                        ctx.progress(next_id - 1, total)
        if batch:
            connection.exec_driver_sql(INSERT_MEMBERS, batch)
    if transfers:
        session.execute(insert(MemberTransfer), transfers)
    _summarise(ctx, total)


def _transfer_in(ctx: DemoContext, row: tuple) -> dict:
    start = date.fromisoformat(row[_CONFIRMED] or row[_JOINED])
    days = max(1, (ctx.today - start).days)
    return {"member_id": row[0], "transferred_on": start + timedelta(days=int(ctx.rng.random() * days)),
            "from_org_id": None, "to_org_id": row[_ORG], "outside_org_name": ctx.rng.choice(OUTSIDE_ORGS),
            "note": ""}


def _summarise(ctx: DemoContext, total: int) -> None:
    counts = ctx.session.execute(select(
        func.count().filter(Member.category == "probationary"), func.count().filter(Member.is_mobile.is_(True)),
        func.count().filter(Member.is_lost_contact.is_(True)), func.count().filter(Member.is_hardship.is_(True)),
    )).one()
    ctx.summary["党员"] = total
    for label, count in zip(("其中预备党员", "流动党员", "失联党员", "困难党员"), counts, strict=True):
        ctx.summary[label] = count
