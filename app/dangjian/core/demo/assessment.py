"""Demo step for 考核: this year's indicators (five computed from the data, two scored by hand), two or three
责任 items per assessed org with their 月调度 (a few missing last month), problems from 督查/观摩 with measures
closed on time, late or still open, the org rule findings of today turned into problems, and every 书记's
述职评议 — so each tab of the 考核 page and each printout has something to show."""

from __future__ import annotations

from datetime import date, timedelta

from ..assessment import duties, indicators, problems, reviews
from ..assessment.scope import assessed_orgs
from ..orgs.rules import org_findings
from .build import DemoContext

INDICATORS = [  # name, 分值, 满分, method, 评分方法
    ("三会一课落实", 20, 100, "meetings", "按三会一课应开期数的完成率计分"),
    ("党员教育培训", 15, 100, "training", "按党员年度学时达标率计分"),
    ("党建经费使用", 10, 100, "budget", "按经费预算执行率计分，超支不加分"),
    ("按期换届", 10, 100, "terms", "按期换届得满分，逾期未换届不得分"),
    ("问题整改", 15, 100, "rectification", "按整改措施按期销号率计分"),
    ("党群服务阵地建设", 15, 10, "manual", "实地查看阵地标识、制度上墙、活动开展情况"),
    ("一社区一品牌", 15, 10, "manual", "品牌特色鲜明、群众认可度高的得满分"),
]
DUTIES = [  # task, source, reference
    ("推进党建引领基层治理，完善“街道党工委—社区党委—网格党支部—楼栋党小组”组织体系", "document",
     "湘龙党工委〔{year}〕3号"),
    ("规范三会一课和主题党日，建立组织生活纪实台账", "plan", ""),
    ("落实党员积分管理，每季度公示积分", "meeting", "街道党建联席会议第1次会议"),
    ("组织在职党员到居住地社区双报到并参加志愿服务", "document", "长组通〔{year}〕12号"),
    ("建设楼宇党群服务站，做到有场所、有标识、有制度", "meeting", "街道党建联席会议第2次会议"),
    ("实施社区惠民项目，由居民议事会票决确定项目", "plan", ""),
]
PROBLEMS = [  # description, source, measure
    ("党员活动室制度未上墙，活动记录不完整", "inspection", "制作制度牌并补齐活动记录"),
    ("主题党日内容单一，党员参与率不高", "observation", "结合志愿服务丰富主题党日内容"),
    ("流动党员联系不经常，部分党员长期未参加组织生活", "inspection", "建立流动党员联系台账，每月联系一次"),
    ("党务公开栏内容未及时更新", "observation", "指定专人每月更新党务公开栏"),
]
OWNERS = ("王强", "李敏", "陈静", "刘洋", "张丽", "周杰")


def build_assessment_demo(ctx: DemoContext) -> None:
    session, rng, today = ctx.session, ctx.rng, ctx.today
    year = today.year
    orgs = assessed_orgs(session, today)
    if not orgs:
        return
    for name, weight, top, method, criteria in INDICATORS:
        ind = indicators.add_indicator(session, indicators.IndicatorFields(year, name, weight, top, method, criteria))
        if method == "manual":
            for org in orgs:
                indicators.set_score(session, ind.id, org.id, rng.randint(60, 98) * top // 10)
    reported_until = today.month - 1
    items = 0
    for org in orgs:
        for task, source, ref in rng.sample(DUTIES, rng.randint(2, 3)):
            deadline = date(year, rng.choice((6, 9, 11, 12)), 30 if rng.random() < 0.5 else 15)
            owner = org.secretary or rng.choice(OWNERS)
            item = duties.add_duty(session, duties.DutyFields(org.id, year, task, owner, source,
                                                              ref.format(year=year), deadline))
            items += 1
            for month in range(1, reported_until + 1):
                if month == reported_until and rng.random() < 0.2:
                    break  # not reported yet: the 月调度 tab lists it
                done = month >= deadline.month and rng.random() < 0.8
                status = "done" if done else rng.choice(("on_track", "on_track", "on_track", "delayed"))
                duties.report_month(session, item.id, year, month, status,
                                    "按计划推进" if status != "delayed" else "进度滞后，已督促",
                                    date(year, month, 25))
                if done:
                    break
    found = 0
    for org in orgs[::2]:
        text, source, measure = rng.choice(PROBLEMS)
        found_on = min(today, date(year, rng.randint(1, max(1, today.month - 1)), rng.randint(1, 28)))
        problem = problems.add_problem(session, problems.ProblemFields(
            org.id, year, text, source, found_on, "街道党建督查组" if source == "inspection" else "观摩点评组"))
        deadline = found_on + timedelta(days=rng.choice((30, 45, 60)))
        rect = problems.add_measure(session, problem.id, problems.MeasureFields(measure, org.secretary or "王强",
                                                                                deadline))
        problems.add_progress(session, rect.id, min(today, found_on + timedelta(days=10)), "已部署整改")
        fate = rng.random()
        if fate < 0.6 and deadline <= today:
            problems.close_measure(session, rect.id, deadline - timedelta(days=rng.randint(0, 10)), "已按期整改到位")
        elif fate < 0.8 and deadline + timedelta(days=10) <= today:
            problems.close_measure(session, rect.id, deadline + timedelta(days=10), "逾期完成整改")
        found += 1
    for finding in problems.finding_candidates(session, org_findings(session, today), year)[:3]:
        problems.problem_from_finding(session, finding, today)
        found += 1
    for org in orgs:
        if not org.secretary:
            continue
        expected = rng.randint(15, 40)
        cast = expected - rng.randint(0, 3)
        excellent = int(cast * rng.uniform(0.55, 0.95))
        good = int((cast - excellent) * 0.7)
        fair = cast - excellent - good - (1 if rng.random() < 0.2 and cast - excellent - good > 0 else 0)
        poor = cast - excellent - good - fair
        reviews.save_review(session, reviews.ReviewFields(
            org.id, year, org.secretary, max(date(year, 1, 2), today - timedelta(days=rng.randint(1, 20))),
            expected, excellent, good, fair, poor))
    ctx.summary["责任清单事项"] = items
    ctx.summary["问题清单"] = found
