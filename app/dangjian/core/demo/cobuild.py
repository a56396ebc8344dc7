"""Demo step for 共建与服务: a 党群服务中心 and 活动室 per 社区 (this year's held activities of the 社区 take place
there), one brand per 社区, 服务项目 of each kind — 惠民项目 chosen by 议事会 or 居民投票 and paid from
社区惠民项目资金 through the ledger, some accepted with their 成效 — 在职党员 双报到 with their work units, one
志愿服务队 per 社区 and a year of service hours."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from sqlalchemy import select, update

from ..cobuild import projects, venues, volunteering
from ..models import Activity, ActivityOrg, FundCategory, Member, Organisation
from .build import DemoContext

UNITS = ("长沙县税务局", "县人民医院", "星沙街道中学", "国网长沙县供电公司", "县自然资源局", "湘龙小学",
         "中国银行星沙支行", "县市场监督管理局")
PROJECTS = [  # title, kind, content, beneficiaries, partner, commitment
    ("老旧小区加装楼道扶手", "livelihood", "为无电梯老旧楼栋加装楼道扶手和夜间感应灯", "楼栋内老年居民",
     "国网长沙县供电公司", "派出党员电工志愿者负责线路安装"),
    ("“四点半课堂”托管服务", "service", "放学后为双职工家庭子女提供作业辅导和托管", "辖区小学生",
     "湘龙小学", "每周安排党员教师两次到课堂辅导"),
    ("校社共建红色宣讲", "cobuild", "组织学校党员教师与社区党员联合开展红色故事宣讲", "社区居民和学生",
     "星沙街道中学", "提供宣讲教师和场地"),
    ("社区微菜园改造", "livelihood", "将小区闲置绿地改造为居民共享微菜园", "小区居民", "县自然资源局",
     "指导用地规划"),
    ("金融知识进社区", "service", "开展防诈骗、养老金融知识讲座和现场咨询", "社区老年居民", "中国银行星沙支行",
     "每季度安排一次讲座"),
]
BRANDS = ("红色管家", "邻里守望", "党员先锋岗", "幸福食堂", "银龄互助")


def build_cobuild_demo(ctx: DemoContext) -> None:
    session, rng, today = ctx.session, ctx.rng, ctx.today
    year = today.year
    communities = list(session.scalars(select(Organisation).where(
        Organisation.deleted_at.is_(None), Organisation.status == "active", Organisation.domain == "community",
        Organisation.kind.in_(("party_committee", "general_branch")))))
    if not communities:
        return
    benefit = session.scalar(select(FundCategory.id).where(FundCategory.code == "benefit"))
    members = list(session.scalars(select(Member.id).where(Member.deleted_at.is_(None),
                                                           Member.employment == "employed").limit(400)))
    for n, org in enumerate(communities):
        short = org.name.removesuffix("党委").removesuffix("党总支")
        center = venues.save_venue(session, venues.VenueFields(
            org.id, f"{short}党群服务中心", "center", f"{short}居委会一楼", rng.randint(300, 900),
            "党员活动室、议事厅、图书阅览室、便民服务窗口", "周一至周日 8:30—17:30"))
        venues.save_venue(session, venues.VenueFields(org.id, f"{short}党员活动室", "room", f"{short}居委会二楼",
                                                      rng.randint(60, 150), "投影、会议桌椅、党建书架", "工作日"))
        session.execute(update(Activity).where(
            Activity.id.in_(select(ActivityOrg.activity_id).where(ActivityOrg.org_id == org.id)),
            Activity.status == "held", Activity.planned_start >= datetime(year, 1, 1))
            .values(venue_id=center.id, place=center.name))
        brand = venues.save_brand(session, venues.BrandFields(org.id, f"“{BRANDS[n % len(BRANDS)]}”", year - 1,
                                                              f"{short}以党员志愿服务为载体，打造的特色服务品牌"))
        for title, kind, content, beneficiaries, unit, commitment in rng.sample(PROJECTS, 2):
            approved = date(year, rng.randint(1, max(1, min(today.month, 6))), rng.randint(1, 28))
            budget = rng.choice((30_000, 50_000, 80_000)) * 100
            fields = projects.ProjectFields(
                f"{short}{title}", kind, year, org.id, min(approved, today), content, beneficiaries, benefit, budget,
                chosen_by=("council" if rng.random() < 0.5 else "vote") if kind == "livelihood" else "",
                votes=rng.randint(120, 600), council_on=min(approved, today) - timedelta(days=10),
                brand_id=brand.id if kind != "livelihood" else None,
                partners=(projects.PartnerFields(unit_name=unit, commitment=commitment),))
            project = projects.add_project(session, fields)
            due = project.approved_on + timedelta(days=60)
            projects.add_milestone(session, project.id, "完成方案设计和居民公示",
                                   project.approved_on + timedelta(days=20))
            milestone = projects.add_milestone(session, project.id, "项目实施完成", due)
            if project.approved_on + timedelta(days=7) <= today:
                projects.advance(session, project.id, project.approved_on + timedelta(days=7))
                spent_on = min(today, project.approved_on + timedelta(days=30))
                projects.book_expense(session, project.id, projects.ProjectExpense(
                    spent_on, budget * rng.randint(40, 90) // 100, f"{title}材料及服务费", "社区书记",
                    f"HM{year}{project.id:03d}"))
                if due + timedelta(days=10) <= today and rng.random() < 0.6:
                    projects.set_milestone_done(session, milestone.id, due)
                    outcome = f"项目按计划完成，服务居民{rng.randint(80, 900)}人次，居民满意度{rng.randint(90, 99)}%"
                    projects.advance(session, project.id, due + timedelta(days=10), outcome)
        team = volunteering.save_team(session, volunteering.TeamFields(org.id, f"{short}红色志愿服务队", "",
                                                                       date(year - 2, 3, 5)))
        volunteers = members[n::len(communities)][:25]
        volunteering.set_team_members(session, team.id, volunteers, date(year, 1, 10))
        for member_id in volunteers[:15]:
            volunteering.register(session, member_id, org.id, date(year, rng.randint(1, max(1, today.month)), 1),
                                  rng.choice(UNITS))
            for _ in range(rng.randint(1, 6)):
                served = date(year, rng.randint(1, today.month), rng.randint(1, 28))
                if served <= today:
                    volunteering.add_service(session, volunteering.ServiceFields(
                        member_id, served, rng.choice((10, 15, 20, 30, 40)), rng.choice(
                            ("文明劝导", "敬老助老", "环境整治", "四点半课堂辅导", "防诈宣传")), team_id=team.id),
                        today=today)
    ctx.summary["服务项目"] = len(projects.project_rows(session, year))
    ctx.summary["双报到党员"] = len(volunteering.registration_rows(session, year))
