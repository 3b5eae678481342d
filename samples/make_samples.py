#!/usr/bin/env python3
"""Generate the 2018 sample returns (自评表) and their expected scores.

Run from the repository root:

    python3 samples/make_samples.py

Writes
    samples/2018/*.xlsx, *.xls   42 returns, one per office, canonical layout (returns.md)
    samples/expected-2018.csv    the expected result, computed here by an independent oracle
    samples/decisions-2018.csv   headquarters' decisions (核定) the Rust tests apply with
                                 `kaoping adjust` (a veto set, a veto lifted, a score)
    samples/expected-2018-decided.csv   the expected result with those decisions applied

The script is deterministic: a fixed random seed, fixed dates (nothing depends on "today"),
and the .xlsx archives are written with fixed time stamps, so a rerun gives identical files
(with openpyxl 3.1.5 and xlwt 1.3.0; another version may write other bytes, same values).

Most returns are drawn from one random stream (SPECIAL); the returns that exercise the rules
of issue 11 are amended afterwards (AMEND), without drawing from that stream, so that the
other returns stay byte-identical to the first version of the samples.

The oracle below re-implements ../shared/spec/scoring.md on its own, with exact rational
arithmetic (fractions.Fraction, never float). It scores the in-memory returns this script
builds; the files written are a rendering of exactly those values.

Dependencies: openpyxl (.xlsx) and xlwt (.xls, a BIFF8 writer):
    pip install openpyxl==3.1.5 xlwt==1.3.0
"""

from __future__ import annotations

import datetime as dt
import io
import random
import sys
import zipfile
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path

import openpyxl
import xlwt
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.writer.excel import ExcelWriter

D = dt.date
SEED = 20181228

# =============================================================================================
# Data: the 2018 indicator set (../shared/spec/indicators-2018.md)
# =============================================================================================

CATEGORIES = {  # id -> 一级指标
    "A": "公开解读回应",
    "B": "政务服务",
    "C": "平台建设",
    "D": "制度规范",
    "E": "加分项",
    "V": "否决项",
}


@dataclass(frozen=True)
class Indicator:
    id: str
    content: str       # 考核内容 (short text of the spec)
    rule: str          # level | ratio | timeliness | deadline | deduction | bonus | veto
    pts: int           # maximum (for a bonus: the cap; for the veto: 0)
    per: int = 0       # deduction / bonus: points per case
    days: int = 0      # timeliness: limit in working days
    deadline: dt.date | None = None  # deadline rule
    ext: int = 0       # timeliness: extension_days (延期 allowed up to this many more days)
    content_new: str = ""  # 考核内容 as the current template words it, where it differs

    @property
    def category(self) -> str:
        return self.id[0]


INDICATORS = [
    Indicator("A1", "公告及业务规定按时发布，杜绝发布日期晚于执行日期", "deduction", 6, per=2),
    Indicator("A2", "权责清单修订调整并对外公开", "level", 4),
    Indicator("A3", "建议提案办理结果公开（或说明不公开原因）", "ratio", 4),
    Indicator("A4", "双随机抽查情况和结果20个工作日内公开", "timeliness", 6, days=20),
    Indicator("A5", "预决算、收费公示、涉案财物变卖事前公开", "level", 4),
    Indicator("A6", "行政许可和行政处罚信用信息7个工作日内公示", "timeliness", 6, days=7),
    Indicator("A7", "政策性文件与解读材料同步", "ratio", 5),
    Indicator("A8", "舆情监测、研判和回应", "level", 5),
    Indicator("A9", "发生重大舆情且处置不力", "deduction", 5, per=5),
    Indicator("B1", '报关大厅及政务大厅海关窗口建设，"只进一扇门""最多跑一次"', "level", 8),
    Indicator("B2", "办事条件变化后1个工作日内公开变更信息", "timeliness", 7, days=1),
    Indicator("B3", "线上线下办事服务信息不一致", "deduction", 5, per=1),
    Indicator("C1", "子网站整合、全文检索、IPv6改造、原检验检疫网站内容迁移", "deadline", 8,
              deadline=D(2018, 8, 31)),
    Indicator("C2", '"两微一端"信息发布、内容审查和日常维护', "level", 7),
    Indicator("C3", '"两微一端"信息发布失当造成不良影响', "deduction", 5, per=2),
    Indicator("D1", "依申请公开按期答复（15个工作日）", "timeliness", 6, days=15, ext=15,
              content_new="依申请公开按期答复（15个工作日，经批准可延长15个工作日）"),
    Indicator("D2", "公开前审查，涉及个人隐私的去标识化处理", "level", 5),
    Indicator("D3", "条例实施10周年宣传活动", "level", 4),
    Indicator("E1", "舆情监测及舆论引导工作获季度通报表扬", "bonus", 3, per=1),
    Indicator("E2", "政务新媒体工作经验被总署推广", "bonus", 2, per=2),
    Indicator("V1", "发生泄露国家秘密、商业秘密或个人隐私的信息公开事件", "veto", 0),
]
IND = {i.id: i for i in INDICATORS}
BASE_CATS = "ABCD"
SCORE_CATS = "ABCDE"

# Category maxima as the spec states them; checked against the table at start-up.
CATEGORY_MAX = {"A": 45, "B": 20, "C": 20, "D": 15, "E": 5}

# 完成情况 words that declare a timeliness indicator has nothing to report (scoring.md).
DECLARED_NONE = {"无此项业务", "无", "不涉及"}


# The 评分方法 column: the rule in words, as the template shows it. `new` is the template of
# issue 11 (延期 column, declared 无此项业务, the veto's text the right way round); most
# samples were filled on the older template, and offices send back what they were given.
def scoring_method(ind: Indicator, new: bool = False) -> str:
    if new and ind.rule == "timeliness":
        s = (f"得分＝分值×按时公开事项数÷事项总数（时限{ind.days}个工作日，"
             "起算日不计，公开日计入，明细填时效明细表）")
        if ind.ext:
            s += f"；经批准延期的，时效明细“延期”栏填“是”或延长的工作日数（最长{ind.ext}个工作日）"
        return s + "；无此项业务的，完成情况填“无此项业务”，得满分；未填报的不得分"
    if new and ind.rule == "veto":
        return "发生的（填“是”），等次最高为良好（不得评为优秀）"
    if ind.rule == "level":
        return "完成得满分；基本完成得60%；未完成不得分"
    if ind.rule == "ratio":
        return "得分＝分值×数量÷总数；总数为0的视为无此项业务，得满分"
    if ind.rule == "timeliness":
        return (f"得分＝分值×按时公开事项数÷事项总数（时限{ind.days}个工作日，"
                "起算日不计，公开日计入，明细填时效明细表）；无此项业务得满分")
    if ind.rule == "deadline":
        d = ind.deadline
        return f"{d.year}年{d.month}月{d.day}日前完成得满分；逾期完成得50%；未完成不得分"
    if ind.rule == "deduction":
        return f"每发生1起扣{ind.per}分，扣完为止"
    if ind.rule == "bonus":
        return f"每次加{ind.per}分，最多加{ind.pts}分"
    if ind.rule == "veto":
        return "发生的（填“是”），考核等级最高为良好"
    raise ValueError(ind.rule)


# =============================================================================================
# Data: the working-day calendar 2017–2019, copied from the spec (scoring.md "Working days":
# 国办发明电〔2016〕17号, 〔2017〕12号, 〔2018〕15号 with 劳动节 2019 as amended), NOT read from
# indicators/calendar.toml: the oracle must stay independent of the program's data.
# check_tables() asserts 249 / 250 / 250 working days.
# =============================================================================================

HOLIDAY_RANGES = [  # inclusive
    # 2017
    (D(2016, 12, 31), D(2017, 1, 2)),    # 元旦
    (D(2017, 1, 27), D(2017, 2, 2)),     # 春节
    (D(2017, 4, 2), D(2017, 4, 4)),      # 清明
    (D(2017, 4, 29), D(2017, 5, 1)),     # 劳动节
    (D(2017, 5, 28), D(2017, 5, 30)),    # 端午
    (D(2017, 10, 1), D(2017, 10, 8)),    # 国庆·中秋
    # 2018
    (D(2017, 12, 30), D(2018, 1, 1)),    # 元旦
    (D(2018, 2, 15), D(2018, 2, 21)),    # 春节
    (D(2018, 4, 5), D(2018, 4, 7)),      # 清明
    (D(2018, 4, 29), D(2018, 5, 1)),     # 劳动节
    (D(2018, 6, 16), D(2018, 6, 18)),    # 端午
    (D(2018, 9, 22), D(2018, 9, 24)),    # 中秋
    (D(2018, 10, 1), D(2018, 10, 7)),    # 国庆
    (D(2018, 12, 30), D(2019, 1, 1)),    # 元旦
    # 2019
    (D(2019, 2, 4), D(2019, 2, 10)),     # 春节
    (D(2019, 4, 5), D(2019, 4, 7)),      # 清明
    (D(2019, 5, 1), D(2019, 5, 4)),      # 劳动节 (as amended in March 2019)
    (D(2019, 6, 7), D(2019, 6, 9)),      # 端午
    (D(2019, 9, 13), D(2019, 9, 15)),    # 中秋
    (D(2019, 10, 1), D(2019, 10, 7)),    # 国庆
]
MAKEUP_DAYS = {  # 调休上班 (weekend days that are working days)
    D(2017, 1, 22), D(2017, 2, 4), D(2017, 4, 1), D(2017, 5, 27), D(2017, 9, 30),
    D(2018, 2, 11), D(2018, 2, 24), D(2018, 4, 8), D(2018, 4, 28),
    D(2018, 9, 29), D(2018, 9, 30), D(2018, 12, 29),
    D(2019, 2, 2), D(2019, 2, 3), D(2019, 4, 28), D(2019, 5, 5), D(2019, 9, 29),
    D(2019, 10, 12),
}
CALENDAR_YEARS = {2017, 2018, 2019}
WORKING_DAYS_PER_YEAR = {2017: 249, 2018: 250, 2019: 250}   # as scoring.md states them


def _expand(ranges):
    out = set()
    for a, b in ranges:
        d = a
        while d <= b:
            out.add(d)
            d += dt.timedelta(days=1)
    return out


HOLIDAYS = _expand(HOLIDAY_RANGES)


def is_working_day(d: dt.date) -> bool:
    if d.year not in CALENDAR_YEARS:
        raise ValueError(f"{d} is outside the calendar")
    if d in MAKEUP_DAYS:
        return True
    if d in HOLIDAYS:
        return False
    return d.weekday() < 5


def working_days_after(s: dt.date, p: dt.date) -> int:
    """Number of working days d with s < d <= p (the start day does not count)."""
    n, d = 0, s
    while d < p:
        d += dt.timedelta(days=1)
        n += is_working_day(d)
    return n


def add_working_days(s: dt.date, k: int) -> dt.date:
    """The k-th working day after s (k = 0: s itself)."""
    d = s
    while k > 0:
        d += dt.timedelta(days=1)
        k -= is_working_day(d)
    return d


# =============================================================================================
# Data: the office registry, in registry order (offices-2018.md), with a phone area code
# =============================================================================================

OFFICES = [
    ("北京海关", "010"), ("天津海关", "022"), ("石家庄海关", "0311"), ("太原海关", "0351"),
    ("满洲里海关", "0470"), ("呼和浩特海关", "0471"), ("沈阳海关", "024"), ("大连海关", "0411"),
    ("长春海关", "0431"), ("哈尔滨海关", "0451"), ("上海海关", "021"), ("南京海关", "025"),
    ("杭州海关", "0571"), ("宁波海关", "0574"), ("合肥海关", "0551"), ("福州海关", "0591"),
    ("厦门海关", "0592"), ("南昌海关", "0791"), ("青岛海关", "0532"), ("济南海关", "0531"),
    ("郑州海关", "0371"), ("武汉海关", "027"), ("长沙海关", "0731"), ("广州海关", "020"),
    ("黄埔海关", "020"), ("深圳海关", "0755"), ("拱北海关", "0756"), ("汕头海关", "0754"),
    ("海口海关", "0898"), ("湛江海关", "0759"), ("江门海关", "0750"), ("南宁海关", "0771"),
    ("成都海关", "028"), ("重庆海关", "023"), ("贵阳海关", "0851"), ("昆明海关", "0871"),
    ("拉萨海关", "0891"), ("西安海关", "029"), ("乌鲁木齐海关", "0991"), ("兰州海关", "0931"),
    ("西宁海关", "0971"), ("银川海关", "0951"),
]
OFFICE_NAMES = [o for o, _ in OFFICES]

# =============================================================================================
# The oracle: scoring.md, exact arithmetic
# =============================================================================================

LEVEL_FACTOR = {"完成": Fraction(1), "基本完成": Fraction(3, 5), "未完成": Fraction(0)}


def round2(x: Fraction) -> Fraction:
    """Round to 2 decimals, half away from zero."""
    q = abs(x) * 100
    n = q.numerator // q.denominator
    if (q - n) * 2 >= 1:
        n += 1
    return Fraction(n if x >= 0 else -n, 100)


def fmt2(x: Fraction) -> str:
    """A two-decimal Fraction as text: '45.00'."""
    c = x * 100
    assert c.denominator == 1, x
    c = c.numerator
    sign = "-" if c < 0 else ""
    c = abs(c)
    return f"{sign}{c // 100}.{c % 100:02d}"


@dataclass
class Item:
    """One row of 时效明细."""
    ind: str
    name: str
    start: dt.date
    publish: dt.date | None
    note: str = ""
    ext: str | int | None = None     # 延期: None (blank), "是", or a number of working days


@dataclass
class Row:
    """The office-filled cells of one indicator row of 自评表."""
    status: str | None = None        # 完成情况
    count: int | None = None         # 数量
    total: int | None = None         # 总数
    done: dt.date | None = None      # 完成时间
    claim: Fraction | None = None    # 自评得分
    remark: str = ""                 # 自评说明
    evidence: str = ""               # 佐证材料


@dataclass
class Return:
    office: str
    filled: dt.date
    contact: str
    phone: str
    rows: dict[str, Row] = field(default_factory=dict)
    items: list[Item] = field(default_factory=list)
    new_template: bool = False   # filled on the template of issue 11 (延期 column, new texts)
    item_sheet: bool = True      # False: the office deleted the 时效明细 sheet


def item_limit(item: Item, ind: Indicator) -> int:
    """N, or N + E for an item marked 延期 (是: the indicator's extension_days; a number of
    days: that many, at most extension_days). 延期 elsewhere is a row error: never generated."""
    if item.ext is None:
        return ind.days
    assert ind.ext > 0, (ind.id, item)
    extra = ind.ext if item.ext == "是" else item.ext
    assert isinstance(extra, int) and 0 <= extra <= ind.ext, item
    return ind.days + extra


def item_on_time(item: Item, ind: Indicator) -> bool:
    if item.publish is None:
        return False
    assert item.publish >= item.start, item  # P < S is a row error; never generated here
    return working_days_after(item.start, item.publish) <= item_limit(item, ind)


def declares_none(row: Row) -> bool:
    """The row on 自评表 declares 无此项业务: 完成情况 = 无此项业务 / 无 / 不涉及, or 总数 = 0."""
    return (row.status or "").strip() in DECLARED_NONE or row.total == 0


def score_indicator(ind: Indicator, row: Row, items: list[Item]) -> Fraction:
    """Exact score of one indicator, already rounded to 2 decimals (half away from zero)."""
    pts = Fraction(ind.pts)
    if ind.rule == "level":
        raw = pts * LEVEL_FACTOR[row.status] if row.status else Fraction(0)
    elif ind.rule == "ratio":
        a, b = row.count, row.total
        if a is None and b is None:
            raw = Fraction(0)                     # 未填报
        elif b == 0:
            assert a == 0
            raw = pts                             # 无此项业务
        else:
            assert 0 <= a <= b
            raw = pts * Fraction(a, b)
    elif ind.rule == "timeliness":
        # Items listed count, whatever the row declares (a declaration with items: a warning).
        # No items: full only when declared (无此项业务); silence is 未填报, 0. A return without
        # the 时效明细 sheet has no items here, so it scores the same way.
        mine = [it for it in items if it.ind == ind.id]
        if not mine:
            raw = pts if declares_none(row) else Fraction(0)
        else:
            on_time = sum(item_on_time(it, ind) for it in mine)
            raw = pts * Fraction(on_time, len(mine))
    elif ind.rule == "deadline":
        if row.done is None:
            raw = Fraction(0)
        elif row.done <= ind.deadline:
            raw = pts
        else:
            raw = pts / 2
    elif ind.rule == "deduction":
        n = row.count or 0
        raw = max(Fraction(0), pts - n * ind.per)
    elif ind.rule == "bonus":
        n = row.count or 0
        raw = min(pts, Fraction(n * ind.per))
    elif ind.rule == "veto":
        raw = Fraction(0)
    else:
        raise ValueError(ind.rule)
    return round2(raw)


def grade_of(total: Fraction, veto: bool) -> str:
    if total >= 90:
        return "良好" if veto else "优秀"
    if total >= 80:
        return "良好"
    if total >= 60:
        return "合格"
    return "不合格"


@dataclass
class Result:
    office: str
    scores: dict[str, Fraction]
    cats: dict[str, Fraction]
    total: Fraction
    veto: bool
    grade: str
    rank: int = 0


def result_of(office: str, scores: dict[str, Fraction], veto: bool) -> Result:
    cats = {c: sum((scores[i.id] for i in INDICATORS if i.category == c), Fraction(0))
            for c in SCORE_CATS}
    total = sum(cats.values(), Fraction(0))
    return Result(office, scores, cats, total, veto, grade_of(total, veto))


def score_return(ret: Return) -> Result:
    scores = {i.id: score_indicator(i, ret.rows[i.id], ret.items) for i in INDICATORS}
    return result_of(ret.office, scores, ret.rows["V1"].status == "是")


def apply_decisions(results: list[Result], decisions) -> list[Result]:
    """核定: a decided score replaces the computed one; a decided veto replaces the reported one.
    Categories, total and grade follow from the scores that count."""
    out = []
    for r in results:
        scores, veto = dict(r.scores), r.veto
        for office, ind, v, score, _reason in decisions:
            if office != r.office:
                continue
            if IND[ind].rule == "veto":
                assert v in ("是", "否") and score is None
                veto = v == "是"
            else:
                assert v is None and 0 <= score <= IND[ind].pts and round2(score) == score
                scores[ind] = score
        out.append(result_of(r.office, scores, veto))
    return out


def decisions_csv(decisions) -> str:
    lines = ["office,indicator,veto,score,reason"]
    for office, ind, v, score, reason in decisions:
        assert "," not in reason and '"' not in reason and "\n" not in reason
        lines.append(",".join([office, ind, v or "", fmt2(score) if score is not None else "",
                               reason]))
    return "\n".join(lines) + "\n"


def rank_competition(results: list[Result]) -> list[Result]:
    """Highest total first; equal totals share a rank (1, 2, 2, 4); ties in registry order."""
    order = {name: k for k, name in enumerate(OFFICE_NAMES)}
    ranked = sorted(results, key=lambda r: (-r.total, order[r.office]))
    for k, r in enumerate(ranked):
        if k > 0 and r.total == ranked[k - 1].total:
            r.rank = ranked[k - 1].rank
        else:
            r.rank = k + 1
    return ranked


CSV_HEADER = (["rank", "office", "total", "grade", "veto"] + list(SCORE_CATS)
              + [i.id for i in INDICATORS])


def expected_csv(ranked: list[Result]) -> str:
    lines = [",".join(CSV_HEADER)]
    for r in ranked:
        cells = [str(r.rank), r.office, fmt2(r.total), r.grade, "是" if r.veto else ""]
        cells += [fmt2(r.cats[c]) for c in SCORE_CATS]
        cells += [fmt2(r.scores[i.id]) for i in INDICATORS]
        lines.append(",".join(cells))
    return "\n".join(lines) + "\n"


# =============================================================================================
# Sample design
#
# Every office gets a plausible random return (quality q: the chance that a thing is done
# right), then the offices in SPECIAL override some indicators to exercise a given case.
# Offices marked base="full" start from a return with full marks everywhere, so that their
# totals are exact by construction (the tie, the 90.00 / 89.99 / 80.00 / 60.00 boundaries).
#
# Override values per rule:
#   level/veto   "完成" | "基本完成" | "未完成" | "是" | "否" | None (blank)
#   ratio        (a, b)
#   deadline     a date | None
#   deduction    n | None (blank)          bonus   n | None
#   timeliness   a list of item specs:  "on" (random, on time), "late" (random, late),
#                "unpub" (random start, not yet published), or (S, P, note) with fixed dates
# and "claims": {indicator: claimed score | "blank"} for 自评得分 that differ from the truth;
# "declare": {indicator: cells} sets cells of a timeliness row (完成情况 = 无此项业务, or
# 数量 0 / 总数 0) that declare 无此项业务, before the claims, without a random draw.
# =============================================================================================

def T(s, p, note=""):
    return (s, p, note)


SPECIAL: dict[str, dict] = {
    "北京海关": dict(
        cases="half-way rounding: A7 5×37/40=4.625→4.63, A4 6×15/16=5.625→5.63; E2 bonus",
        A7=(37, 40), A4=["on"] * 15 + ["late"], E2=1, A8="完成", B1="完成"),
    "天津海关": dict(
        cases="ratio rounding: A3 4×1/3→1.33, A7 5×2/3→3.33; B2 7×7/8=6.125→6.13 (half)",
        A3=(1, 3), A7=(2, 3), B2=["on"] * 7 + ["late"]),
    "石家庄海关": dict(
        cases="A6 2/3 of 6 = 4.00 with one item not yet published (公开日期 blank); "
              "C1 done on the deadline day 2018-08-31 (full)",
        A6=["on", "on", "unpub"], C1=D(2018, 8, 31), claims={"A6": 6}),
    "太原海关": dict(
        cases="B2 5/7 of 7 = 5.00; A6 6×5/7=4.2857→4.29",
        B2=["on"] * 5 + ["late"] * 2, A6=["on"] * 5 + ["late"] * 2),
    "满洲里海关": dict(
        cases="不合格: A1 4 cases (8>6 → 0), C3 3 cases (6>5 → 0), A7 5×3/40=0.375→0.38 (half), "
              "blank level rows A5/D2, D3 未完成, C1 blank, B2 2/3 (one unpublished), overclaims",
        A1=4, A2="基本完成", A3=(4, 5), A4=["on", "on", "late"], A5=None, A7=(3, 40),
        A8="基本完成", A9=0, B1="完成", B2=["on", "on", "unpub"], B3=None, C1=None,
        C2="基本完成", C3=3, D2=None, D3="未完成", A6=["on", "on", "on", "late"],
        D1=["on", "on", "late"],
        claims={"A2": 4, "A7": 3, "B2": 7, "C2": "blank"}),
    "呼和浩特海关": dict(
        cases="A3 总数 0 and 数量 0 → full (无此项业务); D1 no items, declared 完成情况 = "
              "无此项业务 → full",
        A3=(0, 0), D1=[], declare={"D1": dict(status="无此项业务")}),
    "沈阳海关": dict(
        cases="C1 late (2018-10-15 → half, 4.00); E1 5 cases capped at 3",
        C1=D(2018, 10, 15), E1=5, claims={"C1": 8, "E1": 5}),
    "大连海关": dict(
        base="full",
        cases="tie with 宁波海关 at 96.66 (A3 4×1/3→1.33, A7 5×2/3→3.33; E1 1); "
              "an unrounded sum would give 96.67",
        A3=(1, 3), A7=(2, 3), E1=1),
    "长春海关": dict(
        cases="Spring Festival: A4 01-31→03-05 on time (exactly 20 wd, holidays skipped), "
              "A4 01-31→03-06 late (21); A6 02-09→02-26 late only because of make-up days",
        A4=[T(D(2018, 1, 31), D(2018, 3, 5), "春节假期顺延"),
            T(D(2018, 1, 31), D(2018, 3, 6), "春节假期顺延"), "on", "on"],
        A6=[T(D(2018, 2, 9), D(2018, 2, 26), "春节后首个工作日公示"), "on", "on", "on", "on"],
        claims={"A4": Fraction(9, 2), "A6": 6}),
    "哈尔滨海关": dict(
        cases="A6 02-09→02-24 on time (7th working day is the make-up Saturday); "
              "D1 02-12→03-07 on time only because of the Spring Festival",
        A6=[T(D(2018, 2, 9), D(2018, 2, 24), "2月24日（调休上班日）公示"), "on", "on"],
        D1=[T(D(2018, 2, 12), D(2018, 3, 7), "春节假期顺延"), "on", "on"]),
    "上海海关": dict(
        base="full",
        cases="veto V1 = 是 with total ≥ 90 → grade 良好, veto 是",
        V1="是", A7=(18, 20), E1=1,
        A6=["on"] * 10, A4=["on"] * 8, D1=["on"] * 9),
    "南京海关": dict(
        cases="Qingming: A6 04-02→04-12 on time (holidays skipped, 04-08 make-up counted); "
              "B2 04-04→04-08 on time (published on the make-up Sunday); "
              "B2 04-04→04-09 late only because of the make-up day",
        A6=[T(D(2018, 4, 2), D(2018, 4, 12), "清明假期顺延"), "on", "on", "on"],
        B2=[T(D(2018, 4, 4), D(2018, 4, 8), "4月8日（调休上班日）公开"),
            T(D(2018, 4, 4), D(2018, 4, 9)), "on"],
        claims={"B2": 7}),
    "杭州海关": dict(
        cases="Labour Day: B2 04-27→04-28 on time (make-up Saturday), 04-27→05-02 late "
              "(04-28 counts), 04-28→05-02 on time (holidays skipped)",
        B2=[T(D(2018, 4, 27), D(2018, 4, 28), "4月28日（调休上班日）公开"),
            T(D(2018, 4, 27), D(2018, 5, 2), "劳动节假期顺延"),
            T(D(2018, 4, 28), D(2018, 5, 2), "劳动节假期顺延"), "on"],
        E1=2),
    "宁波海关": dict(
        base="full",
        cases="tie with 大连海关 at 96.66 (A1 1 case, D3 基本完成, A3 4×22/27=3.259→3.26; E1 1)",
        A1=1, D3="基本完成", A3=(22, 27), E1=1),
    "合肥海关": dict(
        base="full",
        cases="total exactly 90.00 → 优秀 (boundary): C1 late, A1 1 case, D2 基本完成, A6 2/3",
        C1=D(2018, 9, 14), A1=1, D2="基本完成", A6=["on", "on", "late"]),
    "福州海关": dict(
        base="full",
        cases="total 89.99 → 良好: per-indicator rounding A3 4×1/3, A7 5×2/3, A6 6×5/9 "
              "(each x.333…→x.33); an unrounded sum would give 90.00 (优秀)",
        A3=(1, 3), A7=(2, 3), A6=["on"] * 5 + ["late"] * 4, B3=3,
        claims={"A6": 6, "B3": 5}),
    "厦门海关": dict(
        cases="National Day / Mid-Autumn: B2 09-30 (make-up Sunday)→10-08 on time; "
              "D1 09-20→10-18 late only because of make-up days 09-29/30; D1 10-02 (holiday)→"
              "10-26 on time (exactly 15); A6 09-21→10-08 on time, 09-21→10-09 late",
        B2=[T(D(2018, 9, 30), D(2018, 10, 8), "国庆假期顺延"), "on", "on"],
        D1=[T(D(2018, 9, 20), D(2018, 10, 18), "国庆假期顺延"),
            T(D(2018, 10, 2), D(2018, 10, 26), "国庆假期网上收到申请"), "on", "on", "on"],
        A6=[T(D(2018, 9, 21), D(2018, 10, 8), "国庆假期顺延"),
            T(D(2018, 9, 21), D(2018, 10, 9), "国庆假期顺延"), "on", "on", "on", "on"],
        claims={"D1": 6, "A6": 6}),
    "南昌海关": dict(
        cases="blank level rows A8 and D3 (→ 0, 未填报); several 自评得分 blank",
        A8=None, D3=None, claims={"A1": "blank", "A2": "blank", "B1": "blank"}),
    "青岛海关": dict(
        cases="Dragon Boat: A6 06-08→06-20 on time (06-18 holiday skipped); E1 2, E2 2 cases "
              "(4 capped at 2)",
        A6=[T(D(2018, 6, 8), D(2018, 6, 20), "端午假期顺延"), "on", "on", "on", "on"],
        E1=2, E2=2, claims={"E2": 4}),
    "济南海关": dict(
        cases="deductions: A1 1 case (→4), B3 2 cases (→3), A9 1 case (5−5 → 0)",
        A1=1, B3=2, A9=1, claims={"A9": 5}),
    "郑州海关": dict(
        cases="year end: D1 12-07→12-29 late only because the make-up Saturday 12-29 counts; "
              "items published the same day they started (0 working days)",
        D1=[T(D(2018, 12, 7), D(2018, 12, 29), "12月29日（调休上班日）答复"),
            T(D(2018, 3, 14), D(2018, 3, 14), "当日答复"), "on", "on"],
        B2=[T(D(2018, 7, 10), D(2018, 7, 10), "当日公开"), "on"],
        claims={"D1": 6}),
    "广州海关": dict(
        cases="A3 4×29/32=3.625→3.63 (half); many timeliness items; E1 3 (exactly the cap)",
        A3=(29, 32), A6=["on"] * 18 + ["late"] * 2, A4=["on"] * 12, D1=["on"] * 14 + ["late"],
        E1=3),
    "深圳海关": dict(
        base="full",
        cases="top office above 100: E1 2 + E2 1 → 104.00",
        E1=2, E2=1, A6=["on"] * 16, D1=["on"] * 12),
    "拉萨海关": dict(
        cases="A7 总数 0 and 数量 0 → full; B2 no items, declared 数量 0 / 总数 0 → full "
              "(无此项业务)",
        A7=(0, 0), B2=[], declare={"B2": dict(count=0, total=0)}),
    "乌鲁木齐海关": dict(
        base="full",
        cases="total exactly 80.00 → 良好 (boundary): C1 blank, A2 未完成, D2 基本完成, "
              "A1 2 cases, B3 2 cases",
        C1=None, A2="未完成", D2="基本完成", A1=2, B3=2),
    "兰州海关": dict(
        base="full",
        cases="total exactly 60.00 → 合格 (boundary)",
        C1=None, A2="未完成", A5="未完成", A8="未完成", B1="基本完成", C2="基本完成", A1=3,
        A9=1, D3="基本完成", A3=(9, 10)),
}

# The fixed items above, with the number of working days d, S < d <= P, that their verdict
# relies on; checked at start-up (a plain Mon–Fri count, or one that ignores the make-up
# days, gives the opposite verdict for most of them).
CALENDAR_CASES = [
    (D(2018, 1, 31), D(2018, 3, 5), 20),    # A4 limit 20: on time only thanks to 春节
    (D(2018, 1, 31), D(2018, 3, 6), 21),    # A4: one day late
    (D(2018, 2, 9), D(2018, 2, 24), 7),     # A6 limit 7: published on make-up Saturday
    (D(2018, 2, 9), D(2018, 2, 26), 8),     # A6: late because 02-11 and 02-24 count
    (D(2018, 4, 2), D(2018, 4, 12), 7),     # A6: 清明 skipped, 04-08 counted
    (D(2018, 4, 4), D(2018, 4, 9), 2),      # B2 limit 1: late because 04-08 counts
    (D(2018, 4, 27), D(2018, 5, 2), 2),     # B2: late because 04-28 counts
    (D(2018, 4, 28), D(2018, 5, 2), 1),     # B2: on time, 劳动节 skipped
    (D(2018, 9, 30), D(2018, 10, 8), 1),    # B2: on time, 国庆 skipped
    (D(2018, 9, 20), D(2018, 10, 18), 16),  # D1 limit 15: late because 09-29/30 count
    (D(2018, 10, 2), D(2018, 10, 26), 15),  # D1: started on a holiday, exactly 15
    (D(2018, 6, 8), D(2018, 6, 20), 7),     # A6: 端午 06-18 skipped
    (D(2018, 12, 7), D(2018, 12, 29), 16),  # D1: late because 12-29 counts
    (D(2018, 3, 14), D(2018, 3, 14), 0),    # same day
    # issue 11: across the year's ends (AMEND below)
    (D(2018, 12, 25), D(2019, 1, 4), 7),    # A6 limit 7: 12-29 counts, 12-31 and 01-01 do not
    (D(2018, 12, 28), D(2019, 1, 2), 2),    # B2 limit 1: late because 12-29 counts
    (D(2018, 12, 29), D(2019, 1, 2), 1),    # B2: started on the make-up Saturday, on time
    (D(2018, 12, 20), D(2019, 1, 11), 15),  # D1 limit 15: exactly 15 across 元旦
    (D(2018, 12, 20), D(2019, 1, 14), 16),  # D1: one day late
    (D(2017, 12, 27), D(2018, 1, 25), 20),  # A4 limit 20: exactly 20, 2018-01-01 skipped
    (D(2017, 12, 27), D(2018, 1, 26), 21),  # A4: one day late
    (D(2017, 12, 31), D(2018, 1, 22), 15),  # D1: received on a holiday of 2017, exactly 15
    # issue 11: 延期 (D1 limit 15, extension_days 15)
    (D(2018, 6, 4), D(2018, 7, 13), 28),    # 延期 是: on time (≤ 30), late without
    (D(2018, 8, 6), D(2018, 9, 5), 22),     # 延期 5: late (> 20) even with the extension
    (D(2018, 8, 1), D(2018, 8, 31), 22),    # 延期 15: on time (≤ 30), late without
    (D(2018, 7, 2), D(2018, 7, 27), 19),    # 延期 10: on time (≤ 25), late without
    (D(2018, 12, 10), D(2019, 1, 18), 28),  # 延期 是 across 元旦: on time (≤ 30)
]

# =============================================================================================
# Issue 11: returns amended after the random stream, each to exercise one new rule
#
#   drop    indicators whose 时效明细 items the office left out
#   add     items (indicator, name, S, P, 备注, 延期); "{k}" in a name is the item's number
#   rows    cells of 自评表 rows set as given (status, count, total, claim, remark, evidence);
#           a touched row without a given claim claims its new computed score
#   new     filled on the new template (延期 column, new texts); otherwise the old template
#   sheet   False: the return has no 时效明细 sheet at all
#   filled  填报日期 (January 2019 where items cross the year's end)
# =============================================================================================

def X(ind, name, s, p, note="", ext=None):
    return (ind, name, s, p, note, ext)


D1_NAME = "政府信息公开申请（{y}年第{k}号，申请人：{who}）"

AMEND: dict[str, dict] = {
    "成都海关": dict(
        cases="undeclared empty timeliness indicator: B2's items left out, 完成情况 blank, "
              "no declaration → B2 0 (未填报) though it claims 7",
        drop=["B2"], rows={"B2": dict(status=None, remark="", evidence="", claim=7)}),
    "重庆海关": dict(
        cases="no 时效明细 sheet at all: A4 declared 完成情况 = 不涉及 → full; A6, B2, D1 "
              "undeclared → 0 (they claim full marks)",
        new=True, sheet=False, drop=["A4", "A6", "B2", "D1"],
        rows={"A4": dict(status="不涉及", remark="本年度未开展“双随机”抽查", evidence="", claim=6),
              "A6": dict(claim=6), "B2": dict(claim=7), "D1": dict(claim=6)}),
    "贵阳海关": dict(
        cases="declared 完成情况 = 无 (the short spelling), no A6 items → A6 full",
        new=True, drop=["A6"],
        rows={"A6": dict(status="无", remark="本年度未作出行政许可和行政处罚决定", evidence="",
                         claim=6)}),
    "昆明海关": dict(
        cases="items listed while the row declares 无此项业务: D1's items count (2.00, "
              "not 6; a warning), it claims 6",
        rows={"D1": dict(status="无此项业务", remark="本年度依申请公开事项均已答复", claim=6)}),
    "西安海关": dict(
        cases="across 2018/2019 (元旦, make-up Saturday 12-29): A6 12-25→01-04 on time "
              "(exactly 7); B2 12-28→01-02 late (2), 12-29→01-02 on time (1); "
              "D1 12-20→01-11 on time (exactly 15), 12-20→01-14 late (16)",
        new=True, filled=D(2019, 1, 15),
        add=[X("A6", "行政处罚决定（西安海关缉违字〔2018〕471号）信用信息公示",
               D(2018, 12, 25), D(2019, 1, 4), "元旦假期顺延"),
             X("B2", "办事指南变更：原产地证书签发（办理地点调整）",
               D(2018, 12, 28), D(2019, 1, 2), "元旦假期后公开"),
             X("B2", "办事指南变更：报关单位注册登记（咨询电话变更）",
               D(2018, 12, 29), D(2019, 1, 2), "12月29日（调休上班日）变更"),
             X("D1", D1_NAME.format(y=2018, k="{k}", who="某进出口公司"),
               D(2018, 12, 20), D(2019, 1, 11), "跨年答复"),
             X("D1", D1_NAME.format(y=2018, k="{k}", who="赵某"),
               D(2018, 12, 20), D(2019, 1, 14), "跨年答复")]),
    "武汉海关": dict(
        cases="started in 2017: A4 inspection ended 2017-12-27, published 2018-01-25 on time "
              "(exactly 20, 2018-01-01 skipped), 2018-01-26 late (21); D1 received "
              "2017-12-31 (a holiday), answered 2018-01-22 on time (exactly 15); old template",
        add=[X("A4", "2017年第4批“双随机”抽查（企业稽查）结果公开",
               D(2017, 12, 27), D(2018, 1, 25), "抽查于2017年12月27日结束"),
             X("A4", "2017年第4批“双随机”抽查（保税监管场所）结果公开",
               D(2017, 12, 27), D(2018, 1, 26), "抽查于2017年12月27日结束"),
             X("D1", D1_NAME.format(y=2017, k=58, who="孙某"),
               D(2017, 12, 31), D(2018, 1, 22), "2017年12月31日网上收到申请")]),
    "江门海关": dict(
        cases="延期 on D1: 是 with 28 working days → on time (≤ 30); 5 days with 22 → late "
              "(> 20); 15 days with 22 → on time (≤ 30)",
        new=True,
        add=[X("D1", D1_NAME.format(y=2018, k="{k}", who="某律师事务所"),
               D(2018, 6, 4), D(2018, 7, 13), "经负责人批准延长答复期限", "是"),
             X("D1", D1_NAME.format(y=2018, k="{k}", who="陈某"),
               D(2018, 8, 6), D(2018, 9, 5), "经批准延长5个工作日", 5),
             X("D1", D1_NAME.format(y=2018, k="{k}", who="某物流有限公司"),
               D(2018, 8, 1), D(2018, 8, 31), "经批准延长15个工作日", 15)]),
    "拱北海关": dict(
        cases="延期 on D1 in an .xls: 10 days with 19 working days → on time (≤ 25); 是 "
              "across 元旦, 2018-12-10→2019-01-18, 28 → on time (≤ 30)",
        new=True, filled=D(2019, 1, 21),
        add=[X("D1", D1_NAME.format(y=2018, k="{k}", who="黄某"),
               D(2018, 7, 2), D(2018, 7, 27), "经批准延长10个工作日", 10),
             X("D1", D1_NAME.format(y=2018, k="{k}", who="某贸易有限公司"),
               D(2018, 12, 10), D(2019, 1, 18), "经负责人批准延期，跨年答复", "是")]),
}

# Headquarters' decisions (核定), applied by the Rust tests with `kaoping adjust` before
# comparing with expected-2018-decided.csv: (office, indicator, veto 是/否 or score, reason).
DECISIONS = [
    ("深圳海关", "V1", "是", None,
     "经核查该关门户网站公开的行政处罚决定书未对当事人身份证号码去标识化，属泄露个人隐私"),
    ("上海海关", "V1", "否", None, "经核查所涉信息系依法应当公开的信息，不属于泄露个人隐私"),
    ("福州海关", "B3", None, Fraction(3), "经核实其中1处不一致系总署业务系统数据未同步所致"),
]

# ---------------------------------------------------------------------------------------------
# Texts
# ---------------------------------------------------------------------------------------------

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘"
GIVEN = ["伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟",
         "涛", "明", "超", "秀英", "霞", "平", "刚", "桂英", "建华", "晓东", "海燕", "志强",
         "丹", "鹏", "宇", "晨", "思远", "雪梅", "文静", "立新", "国庆", "春燕"]

A4_TOPICS = ["报关企业", "加工贸易企业", "保税监管场所", "进出口食品生产企业", "跨境电商企业",
             "出口商品检验", "进口商品检验", "进境动植物检疫", "出入境卫生检疫", "企业稽查",
             "海关监管作业场所", "原产地证书"]
A6_PERMITS = ["保税仓库设立", "出口监管仓库设立", "报关企业注册登记", "进境动植物检疫审批",
              "海关监管货物仓储审批", "出入境特殊物品卫生检疫审批", "进境植物繁殖材料检疫审批",
              "免税商店设立", "暂时进出境货物延期审批", "进口食品境外生产企业注册"]
B2_SERVICES = ["报关单位注册登记", "加工贸易手册设立", "进出境邮递物品申报", "出入境特殊物品卫生检疫审批",
               "原产地证书签发", "保税仓库设立审批", "进出口货物收发货人备案", "出境动植物产品检疫",
               "进境水果指定口岸申请", "海关事务担保"]
B2_CHANGES = ["申请材料精简", "办理时限压缩", "办理地点调整", "受理窗口调整", "网上办理渠道变更",
              "取消纸质材料", "咨询电话变更"]


def item_name(rng: random.Random, ret: Return, ind: str, k: int) -> str:
    if ind == "A4":
        return f"2018年第{k}批“双随机”抽查（{rng.choice(A4_TOPICS)}）结果公开"
    if ind == "A6":
        if rng.random() < 0.5:
            return f"行政处罚决定（{ret.office}缉违字〔2018〕{rng.randint(10, 480)}号）信用信息公示"
        return f"行政许可：{rng.choice(A6_PERMITS)}（许可决定书2018-{rng.randint(10, 300):03d}号）"
    if ind == "B2":
        return f"办事指南变更：{rng.choice(B2_SERVICES)}（{rng.choice(B2_CHANGES)}）"
    if ind == "D1":
        who = rng.choice(SURNAMES) + "某"
        if rng.random() < 0.3:
            who = rng.choice(["某贸易有限公司", "某物流有限公司", "某律师事务所", "某进出口公司"])
        return f"政府信息公开申请（2018年第{k}号，申请人：{who}）"
    raise ValueError(ind)


LEVEL_TEXT = {
    "A2": ("已根据新“三定”方案修订权责清单，增加检验检疫权责事项，并在门户网站公开",
           "权责清单已修订，检验检疫部分尚未全部对外公开", "权责清单修订调整尚未完成"),
    "A5": ("预决算信息、经营服务性收费公示及涉案财物变卖信息均已事前公开",
           "预决算已公开，部分涉案财物变卖信息未事前公开", "相关信息未按要求公开"),
    "A8": ("建立舆情日监测、周研判机制，全年研判涉关舆情{n}次，均及时回应",
           "开展舆情监测，研判回应机制有待完善", "未建立舆情监测机制"),
    "B1": ("报关大厅设立综合业务窗口，实现“只进一扇门”“最多跑一次”",
           "报关大厅窗口整合基本完成，地方政务大厅窗口尚在建设", "窗口建设未开展"),
    "C2": ("“两微一端”全年发布信息{n}条，落实三审制度，日常维护正常",
           "“两微一端”正常发布，内容审查记录不全", "“两微一端”长期未更新"),
    "D2": ("建立公开前保密审查机制，涉及个人隐私的信息均作去标识化处理",
           "已开展公开前审查，去标识化处理规范尚未出台", "未建立公开前审查机制"),
    "D3": ("开展条例实施10周年宣传活动{k}场，制作展板和宣传册",
           "开展宣传活动1场，范围较小", "未开展宣传活动"),
}
EVIDENCE = {
    "A1": ["见附件1：公告发布清单", "门户网站“公告”栏目"],
    "A2": ["见附件2：权责清单网页截图", "门户网站“权责清单”栏目"],
    "A3": ["见附件3：建议提案办理结果公开清单", "见附件3：办理复文及公开情况"],
    "A4": ["见时效明细；附件4：抽查结果公开截图", "见时效明细"],
    "A5": ["见附件5：预决算公开截图", "门户网站“财政信息”栏目"],
    "A6": ["见时效明细；信用中国网站公示截图", "见时效明细"],
    "A7": ["见附件6：政策解读清单", "门户网站“政策解读”栏目"],
    "A8": ["见附件7：舆情周报", "舆情研判会议纪要"],
    "A9": ["", "情况说明"],
    "B1": ["见附件8：窗口建设照片", "现场检查记录"],
    "B2": ["见时效明细", "见时效明细；办事指南变更公告"],
    "B3": ["见附件9：办事指南自查表", "自查记录"],
    "C1": ["见附件10：网站整合验收报告", "见附件10：IPv6改造测试报告"],
    "C2": ["见附件11：新媒体发布统计", "三审记录"],
    "C3": ["", "情况说明"],
    "D1": ["见时效明细；依申请公开登记台账", "见时效明细"],
    "D2": ["见附件12：保密审查制度", "审查登记表"],
    "D3": ["见附件13：活动照片及新闻报道", "宣传活动方案"],
    "E1": ["见总署季度新闻宣传通报", ""],
    "E2": ["见总署推广通知", ""],
    "V1": ["", ""],
}


def remark(rng: random.Random, ind: Indicator, row: Row, items: list[Item]) -> str:
    """A short, realistic 自评说明 for what the row says."""
    i = ind.id
    if ind.rule == "level":
        if row.status is None:
            return ""
        k = ["完成", "基本完成", "未完成"].index(row.status)
        return LEVEL_TEXT[i][k].format(n=rng.randint(40, 400), k=rng.randint(2, 6))
    if ind.rule == "ratio":
        a, b = row.count, row.total
        if b == 0:
            return ("本年度未承办人大建议、政协提案，无此项业务" if i == "A3"
                    else "本年度未出台政策性文件，无此项业务")
        if i == "A3":
            return f"承办建议提案{b}件，已公开办理结果或说明不公开原因{a}件"
        return f"出台政策性文件{b}件，同步发布解读材料{a}件"
    if ind.rule == "timeliness":
        mine = [it for it in items if it.ind == i]
        what = {"A4": "双随机抽查结果", "A6": "行政许可和行政处罚信用信息", "B2": "办事条件变更信息",
                "D1": "依申请公开答复"}[i]
        if not mine:
            return {"A4": "本年度未开展双随机抽查，无此项业务",
                    "A6": "本年度未作出行政许可和行政处罚决定，无此项业务",
                    "B2": "本年度办事条件未发生变化，无此项业务",
                    "D1": "本年度未收到政府信息公开申请，无此项业务"}[i]
        unpub = sum(it.publish is None for it in mine)
        s = f"{what}共{len(mine)}项，明细见时效明细表"
        if unpub:
            s += f"，其中{unpub}项尚未公开"
        return s
    if ind.rule == "deadline":
        if row.done is None:
            return "子网站整合已完成，IPv6改造尚在进行中"
        return f"已于{row.done.month}月{row.done.day}日完成子网站整合、全文检索和IPv6改造，原检验检疫网站内容迁移完毕"
    if ind.rule == "deduction":
        n = row.count or 0
        if n == 0:
            return {"A1": f"全年发布公告及业务规定{rng.randint(8, 40)}件，均在执行日期前发布",
                    "A9": "未发生重大舆情处置不力情况",
                    "B3": "经自查，线上线下办事服务信息一致",
                    "C3": "未发生信息发布失当情况"}[i]
        return {"A1": f"{n}件公告发布日期晚于执行日期，已整改",
                "A9": f"发生{n}起重大舆情，处置不及时，已约谈整改",
                "B3": f"自查发现{n}处线上线下办事信息不一致，已整改",
                "C3": f"微信公众号{n}条信息发布失当，已删除并整改"}[i]
    if ind.rule == "bonus":
        n = row.count or 0
        if n == 0:
            return "无"
        return (f"舆情监测及舆论引导工作获总署季度通报表扬{n}次" if i == "E1"
                else f"政务新媒体工作经验被总署推广{n}次")
    if ind.rule == "veto":
        if row.status == "是":
            return "10月门户网站发布的行政处罚决定书未对当事人身份证号去标识化，已撤下整改"
        return "未发生泄密事件" if row.status == "否" else ""
    raise ValueError(ind.rule)


# ---------------------------------------------------------------------------------------------
# Building one office's return
# ---------------------------------------------------------------------------------------------

LAST_ITEM_DAY = D(2018, 12, 21)   # random items end before the returns are filled in


def random_workday(rng: random.Random, lo: dt.date, hi: dt.date) -> dt.date:
    while True:
        d = lo + dt.timedelta(days=rng.randint(0, (hi - lo).days))
        if is_working_day(d):
            return d


def make_item(rng: random.Random, ind: Indicator, kind: str) -> tuple[dt.date, dt.date | None, str]:
    """A random item: 'on' (on time), 'late', or 'unpub' (not yet published)."""
    n = ind.days
    while True:
        s = random_workday(rng, D(2018, 1, 2), D(2018, 11, 30))
        if kind == "unpub":
            if s >= D(2018, 11, 1):
                return s, None, rng.choice(["尚未公开", "正在审核", "待公开"])
            continue
        if kind == "on":
            k = min(n, rng.choice([0, 1, 1, 2, 3, 4, 5, 7, 10, 12, 15, 18, 20]))
            if n > 1 and k == 0 and rng.random() < 0.7:
                k = 1
        else:
            k = n + rng.randint(1, 6)
        if (LAST_ITEM_DAY - s).days < 2 * k + 14:   # would run past the items' last day
            continue
        p = add_working_days(s, k)
        if p <= LAST_ITEM_DAY:
            return s, p, ""


def build_return(rng: random.Random, office: str, area: str, spec: dict) -> Return:
    full = spec.get("base") == "full"
    q = 1.0 if full else rng.uniform(0.50, 0.95)
    contact = rng.choice(SURNAMES) + rng.choice(GIVEN)
    if rng.random() < 0.2:
        phone = f"1{rng.choice('3589')}{rng.randint(0, 9)}{rng.randint(10000000, 99999999)}"
    else:
        digits = 8 if len(area) == 3 else 7
        phone = f"{area}-{rng.randint(10 ** (digits - 1) * 5, 10 ** digits - 1)}"
    ret = Return(office, D(2018, 12, 24), contact, phone)

    def chance(p):
        return rng.random() < p

    for ind in INDICATORS:
        row = Row()
        i = ind.id
        given = spec.get(i, ...)   # ... = not overridden
        if ind.rule == "level":
            if given is ...:
                r = rng.random()
                given = "完成" if r < q else ("基本完成" if r < q + (1 - q) * 0.8 else "未完成")
            row.status = given
        elif ind.rule == "ratio":
            if given is ...:
                b = rng.randint(2, 24) if i == "A3" else rng.randint(3, 30)
                a = b if chance(q) else b - rng.randint(1, max(1, b // 4))
                given = (a, b)
            row.count, row.total = given
        elif ind.rule == "timeliness":
            if given is ...:
                n = {"A4": rng.randint(2, 8), "A6": rng.randint(3, 12),
                     "B2": rng.randint(1, 6), "D1": rng.randint(1, 10)}[i]
                given = []
                for _ in range(n):
                    r = rng.random()
                    late_p = (1 - q) * 0.7
                    unpub_p = 0 if full else 0.01
                    given.append("late" if r < late_p else ("unpub" if r < late_p + unpub_p else "on"))
            dated = []
            for s in given:
                dated.append(s if isinstance(s, tuple) else make_item(rng, ind, s))
            dated.sort(key=lambda t: (t[0], t[1] or D(2099, 1, 1)))
            for k, (s, p, note) in enumerate(dated, 1):
                ret.items.append(Item(i, item_name(rng, ret, i, k), s, p, note))
        elif ind.rule == "deadline":
            if given is ...:
                if chance(q + 0.05):
                    given = random_workday(rng, D(2018, 6, 1), D(2018, 8, 31))
                else:
                    given = random_workday(rng, D(2018, 9, 3), D(2018, 11, 30))
            row.done = given
        elif ind.rule == "deduction":
            if given is ...:
                p0 = 1 - (1 - q) * (0.2 if i == "A9" else 0.8)
                given = 0 if chance(p0) else 1
                if given == 0 and chance(0.5):
                    given = None            # blank = 0 incidents
            row.count = given
        elif ind.rule == "bonus":
            if given is ...:
                given = None
                if not full and chance(0.25 if i == "E1" else 0.12):
                    given = 1 if i == "E2" else rng.choice([1, 1, 2])
            row.count = given
        elif ind.rule == "veto":
            if given is ...:
                given = "否" if chance(0.8) else None
            row.status = given
        ret.rows[i] = row

    # Declarations of 无此项业务 on a timeliness row (no random draw: the stream is unchanged).
    for i, cells in spec.get("declare", {}).items():
        for k, v in cells.items():
            setattr(ret.rows[i], k, v)

    # 自评说明, 佐证材料 and 自评得分 (the office's own claim).
    claims = spec.get("claims", {})
    for ind in INDICATORS:
        row = ret.rows[ind.id]
        row.remark = remark(rng, ind, row, ret.items)
        evidence = rng.choice(EVIDENCE[ind.id])
        if row.remark and row.remark != "无" and row.status != "未完成":
            row.evidence = evidence
        if ind.rule == "veto":
            continue
        true = score_indicator(ind, row, ret.items)
        if ind.id in claims:
            c = claims[ind.id]
            row.claim = None if c == "blank" else Fraction(c)
        elif not full and true < ind.pts and chance(0.15):
            row.claim = Fraction(ind.pts)      # an office that overclaims
        elif not full and chance(0.02):
            row.claim = None                   # left blank
        elif ind.rule == "bonus" and not row.count:
            row.claim = None if chance(0.5) else Fraction(0)
        else:
            row.claim = true

    last = max([it.publish for it in ret.items if it.publish] + [it.start for it in ret.items])
    filled = random_workday(rng, D(2018, 12, 24), D(2018, 12, 28))
    ret.filled = max(filled, last)
    return ret


ITEM_ORDER = {"A4": 0, "A6": 1, "B2": 2, "D1": 3}


def amend_return(ret: Return, spec: dict) -> None:
    """Apply one AMEND entry (issue 11). Uses no random draw: the other returns stay as built."""
    touched = set(spec.get("drop", []))
    ret.items = [it for it in ret.items if it.ind not in touched]
    added = set()
    for ind, name, s, p, note, ext in spec.get("add", []):
        k = sum(it.ind == ind for it in ret.items) + 1
        ret.items.append(Item(ind, name.format(k=k), s, p, note, ext))
        added.add(ind)
    touched |= added
    ret.items.sort(key=lambda it: (ITEM_ORDER[it.ind], it.start, it.publish or D(2099, 1, 1)))
    rows = spec.get("rows", {})
    for i in touched | set(rows):
        ind, row = IND[i], ret.rows[i]
        cells = rows.get(i, {})
        for k, v in cells.items():
            setattr(row, k, v)
        if "remark" not in cells and i in added:
            # "…共N项，明细见时效明细表" with the new count (no random draw for timeliness).
            # A dropped indicator keeps its text: 重庆海关 still says "明细见时效明细表".
            row.remark = remark(random.Random(0), ind, row, ret.items)
        if "claim" in cells:
            row.claim = None if cells["claim"] is None else Fraction(cells["claim"])
        elif row.claim is not None:
            row.claim = score_indicator(ind, row, ret.items)
    ret.new_template = spec.get("new", False)
    ret.item_sheet = spec.get("sheet", True)
    if not ret.item_sheet:
        assert not ret.items, ret.office
    if "filled" in spec:
        ret.filled = spec["filled"]
    last = max([it.publish for it in ret.items if it.publish] + [ret.filled])
    assert ret.filled >= last, ret.office


# =============================================================================================
# Writers
# =============================================================================================

TITLE = "2018年度海关政务公开考核评估自评表"
HEADER = ["编号", "一级指标", "考核内容", "分值", "评分方法", "完成情况", "数量", "总数",
          "完成时间", "自评得分", "自评说明", "佐证材料"]
ITEM_HEADER_OLD = ["编号", "事项名称", "起算日期", "公开日期", "备注"]
ITEM_HEADER_NEW = ["编号", "事项名称", "起算日期", "公开日期", "延期", "备注"]
WIDTHS = [6, 12, 40, 6, 40, 10, 7, 7, 12, 9, 44, 28]   # in characters (CJK = 2)
ITEM_WIDTHS_OLD = [6, 60, 12, 12, 26]
ITEM_WIDTHS_NEW = [6, 60, 12, 12, 8, 26]


def item_header(ret: Return) -> tuple[list[str], list[int]]:
    if ret.new_template:
        return ITEM_HEADER_NEW, ITEM_WIDTHS_NEW
    return ITEM_HEADER_OLD, ITEM_WIDTHS_OLD


def table_rows(ret: Return):
    """The 12 cells of each indicator row as (value, kind), kind one of text|wrap|int|num|date."""
    for ind in INDICATORS:
        row = ret.rows[ind.id]
        yield [
            (ind.id, "text"),
            (CATEGORIES[ind.category], "text"),
            ((ret.new_template and ind.content_new) or ind.content, "wrap"),
            (ind.pts if ind.rule != "veto" else None, "int"),
            (scoring_method(ind, ret.new_template), "wrap"),
            (row.status, "text"),
            (row.count, "int"),
            (row.total, "int"),
            (row.done, "date"),
            (row.claim, "num"),
            (row.remark, "wrap"),
            (row.evidence, "wrap"),
        ]


def item_rows(ret: Return):
    for it in ret.items:
        cells = [(it.ind, "text"), (it.name, "wrap"), (it.start, "date"), (it.publish, "date")]
        if ret.new_template:
            cells.append((it.ext, "int" if isinstance(it.ext, int) else "text"))
        else:
            assert it.ext is None, it
        yield cells + [(it.note, "text")]


FIXED_ZIP_TIME = (2018, 12, 28, 9, 0, 0)
FIXED_PROPS_TIME = dt.datetime(2018, 12, 28, 9, 0, 0)


def write_xlsx(ret: Return, path: Path) -> None:
    wb = openpyxl.Workbook()
    wb.properties.creator = ret.office
    wb.properties.created = FIXED_PROPS_TIME
    wb.properties.modified = FIXED_PROPS_TIME
    thin = Side(style="thin")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    head_fill = PatternFill("solid", fgColor="DDEBF7")
    bold = Font(bold=True)

    ws = wb.active
    ws.title = "自评表"
    ws["A1"] = TITLE
    ws["A1"].font = Font(bold=True, size=14)
    ws["A1"].alignment = Alignment(horizontal="center")
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(HEADER))
    ws["A2"], ws["B2"], ws["C2"] = "填报单位：", ret.office, "填报日期："
    ws["D2"] = ret.filled
    ws["D2"].number_format = "yyyy-mm-dd"
    ws["A3"], ws["B3"], ws["C3"], ws["D3"] = "联系人：", ret.contact, "联系电话：", ret.phone
    ws["D3"].number_format = "@"
    for c, label in enumerate(HEADER, 1):
        cell = ws.cell(row=4, column=c, value=label)
        cell.font, cell.fill, cell.border = bold, head_fill, border
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    for r, cells in enumerate(table_rows(ret), 5):
        for c, (value, kind) in enumerate(cells, 1):
            cell = ws.cell(row=r, column=c)
            cell.border = border
            cell.alignment = Alignment(vertical="center", wrap_text=(kind == "wrap"))
            if value is None or value == "":
                continue
            if kind == "date":
                cell.value, cell.number_format = value, "yyyy-mm-dd"
            elif kind == "num":
                cell.value, cell.number_format = float(value), "0.00"
            else:
                cell.value = value
    for c, w in enumerate(WIDTHS, 1):
        ws.column_dimensions[get_column_letter(c)].width = w
    ws.freeze_panes = "B5"

    if ret.item_sheet:
        wi = wb.create_sheet("时效明细")
        header, widths = item_header(ret)
        for c, label in enumerate(header, 1):
            cell = wi.cell(row=1, column=c, value=label)
            cell.font, cell.fill, cell.border = bold, head_fill, border
        for r, cells in enumerate(item_rows(ret), 2):
            for c, (value, kind) in enumerate(cells, 1):
                cell = wi.cell(row=r, column=c)
                cell.border = border
                if value is None or value == "":
                    continue
                cell.value = value
                if kind == "date":
                    cell.number_format = "yyyy-mm-dd"
        for c, w in enumerate(widths, 1):
            wi.column_dimensions[get_column_letter(c)].width = w
        wi.freeze_panes = "A2"

    # Save through a buffer, then re-zip with fixed time stamps (reproducible bytes).
    raw = io.BytesIO()
    with zipfile.ZipFile(raw, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(wb, archive).save()
    out = io.BytesIO()
    with zipfile.ZipFile(raw) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            zi = zipfile.ZipInfo(info.filename, date_time=FIXED_ZIP_TIME)
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.external_attr = 0o600 << 16
            dst.writestr(zi, src.read(info.filename))
    path.write_bytes(out.getvalue())


def write_xls(ret: Return, path: Path) -> None:
    wb = xlwt.Workbook(encoding="utf-8")
    b = "borders: left thin, right thin, top thin, bottom thin;"
    st = {
        "title": xlwt.easyxf("font: bold on, height 280; align: horiz center"),
        "head": xlwt.easyxf("font: bold on; align: horiz center, vert center, wrap on;"
                            "pattern: pattern solid, fore_colour pale_blue;" + b),
        "text": xlwt.easyxf("align: vert center;" + b),
        "wrap": xlwt.easyxf("align: vert center, wrap on;" + b),
        "int": xlwt.easyxf("align: vert center;" + b),
        "num": xlwt.easyxf("align: vert center;" + b, num_format_str="0.00"),
        "date": xlwt.easyxf("align: vert center;" + b, num_format_str="YYYY-MM-DD"),
        "plain": xlwt.easyxf(""),
        "plaindate": xlwt.easyxf("", num_format_str="YYYY-MM-DD"),
    }
    ws = wb.add_sheet("自评表")
    ws.write_merge(0, 0, 0, len(HEADER) - 1, TITLE, st["title"])
    ws.write(1, 0, "填报单位："), ws.write(1, 1, ret.office), ws.write(1, 2, "填报日期：")
    ws.write(1, 3, ret.filled, st["plaindate"])
    ws.write(2, 0, "联系人："), ws.write(2, 1, ret.contact), ws.write(2, 2, "联系电话：")
    ws.write(2, 3, ret.phone)
    for c, label in enumerate(HEADER):
        ws.write(3, c, label, st["head"])
    for r, cells in enumerate(table_rows(ret), 4):
        for c, (value, kind) in enumerate(cells):
            style = st[kind]
            if value is None or value == "":
                ws.write(r, c, None, style)          # styled blank cell
            elif kind == "num":
                ws.write(r, c, float(value), style)
            else:
                ws.write(r, c, value, style)
    for c, w in enumerate(WIDTHS):
        ws.col(c).width = 256 * w
    ws.set_panes_frozen(True)
    ws.set_horz_split_pos(4)
    ws.set_vert_split_pos(1)

    if ret.item_sheet:
        wi = wb.add_sheet("时效明细")
        header, widths = item_header(ret)
        for c, label in enumerate(header):
            wi.write(0, c, label, st["head"])
        for r, cells in enumerate(item_rows(ret), 1):
            for c, (value, kind) in enumerate(cells):
                style = st["date"] if kind == "date" else st["text"]
                wi.write(r, c, None if value == "" else value, style)
        for c, w in enumerate(widths):
            wi.col(c).width = 256 * w
    buf = io.BytesIO()
    wb.save(buf)
    path.write_bytes(buf.getvalue())


FILE_PATTERNS = [
    "{o}-2018年政务公开自评表",
    "2018年政务公开自评表（{o}）",
    "{o}2018年度政务公开考核评估自评表",
    "2018年度海关政务公开考核评估自评表-{o}",
    "附件：{o}政务公开自评表（定稿）",
    "{o}_政务公开自评表_2018",
    "关于报送2018年度政务公开自评情况的函附件（{o}）",
    "{o}自评表(修改稿)",
    "{o} 2018年政务公开考核自评表",
    "【{o}】2018年度政务公开自评",
]


# =============================================================================================
# Main
# =============================================================================================

def check_tables() -> None:
    """Sanity checks of the data above against the spec's stated sums."""
    for c, m in CATEGORY_MAX.items():
        assert sum(i.pts for i in INDICATORS if i.category == c) == m, c
    assert sum(CATEGORY_MAX[c] for c in BASE_CATS) == 100
    for d in MAKEUP_DAYS:
        assert d.weekday() >= 5, d
    for y, n in WORKING_DAYS_PER_YEAR.items():
        assert working_days_after(D(y, 1, 1), D(y, 12, 31)) + is_working_day(D(y, 1, 1)) == n, y
    assert D(2019, 10, 12).weekday() == 5 and D(2018, 12, 29).weekday() == 5
    assert len(OFFICES) == 42 and len(set(OFFICE_NAMES)) == 42
    for a in OFFICE_NAMES:
        for b in OFFICE_NAMES:
            assert a == b or a not in b, (a, b)
    for name in SPECIAL:
        assert name in OFFICE_NAMES, name
    for name in AMEND:
        assert name in OFFICE_NAMES and name not in SPECIAL, name
    for office, _, _, _, _ in DECISIONS:
        assert office in OFFICE_NAMES, office
    for s, p, n in CALENDAR_CASES:
        assert working_days_after(s, p) == n, (s, p, n)


def check_design(returns: dict[str, Return], ranked: list[Result]) -> None:
    """The samples must exercise what samples/README.md promises."""
    by = {r.office: r for r in ranked}
    grades = [r.grade for r in ranked]
    totals = [r.total for r in ranked]
    assert len(ranked) == 42
    assert grades.count("不合格") >= 1
    assert grades.count("优秀") >= 5
    assert sum(70 <= t <= 100 for t in totals) >= 30
    assert len(totals) != len(set(totals)), "no tie"
    assert by["大连海关"].total == by["宁波海关"].total
    vetoed = [r for r in ranked if r.veto]
    assert len(vetoed) == 1 and vetoed[0].total >= 90 and vetoed[0].grade == "良好"
    # issue 11: the cases AMEND and the declarations promise
    assert by["成都海关"].scores["B2"] == 0 and returns["成都海关"].rows["B2"].claim == 7
    assert by["重庆海关"].scores["A4"] == 6 and not returns["重庆海关"].item_sheet
    assert all(by["重庆海关"].scores[i] == 0 for i in ("A6", "B2", "D1"))
    assert by["贵阳海关"].scores["A6"] == 6 and returns["贵阳海关"].rows["A6"].status == "无"
    assert by["呼和浩特海关"].scores["D1"] == 6 and by["拉萨海关"].scores["B2"] == 7
    kunming = returns["昆明海关"]
    assert kunming.rows["D1"].status == "无此项业务" and by["昆明海关"].scores["D1"] < 6
    assert any(it.ind == "D1" for it in kunming.items)
    spans = {(it.start.year, (it.publish or it.start).year) for r in returns.values()
             for it in r.items}
    assert (2018, 2019) in spans and (2017, 2018) in spans
    # an item on time only with its extension, one late in spite of it
    ext_items = [(it, r) for r in returns.values() for it in r.items if it.ext is not None]
    verdicts = {(it.ext if it.ext == "是" else "n", item_on_time(it, IND[it.ind]),
                 working_days_after(it.start, it.publish) <= IND[it.ind].days)
                for it, _ in ext_items}
    assert ("是", True, False) in verdicts and ("n", True, False) in verdicts
    assert ("n", False, False) in verdicts
    assert {r.office for _, r in ext_items} <= {o for o, r in returns.items() if r.new_template}
    # omitting evidence never scores better than giving it (the issue's own example)
    for name, ret in returns.items():
        for ind in INDICATORS:
            if ind.rule == "timeliness" and not declares_none(ret.rows[ind.id]):
                assert score_indicator(ind, ret.rows[ind.id], []) == 0
    assert by["合肥海关"].total == 90 and by["合肥海关"].grade == "优秀"
    assert by["福州海关"].total == Fraction(8999, 100) and by["福州海关"].grade == "良好"
    assert by["乌鲁木齐海关"].total == 80 and by["兰州海关"].total == 60
    assert by["满洲里海关"].grade == "不合格"
    # 自评得分: equal to the computed score, higher (an overclaim) or blank; never lower
    for ret in returns.values():
        for ind in INDICATORS:
            claim = ret.rows[ind.id].claim
            assert claim is None or claim >= by[ret.office].scores[ind.id], (ret.office, ind.id)
    # every value is valid: no row errors in these samples (those belong to other fixtures),
    # except 重庆海关's missing 时效明细 sheet (one error naming the sheet)
    for ret in returns.values():
        for it in ret.items:
            assert it.start.year in CALENDAR_YEARS
            assert it.publish is None or it.publish.year in CALENDAR_YEARS
            assert it.publish is None or it.publish >= it.start
        for ind in INDICATORS:
            row = ret.rows[ind.id]
            if row.count is not None:
                assert row.count >= 0
            if row.total is not None:
                assert 0 <= row.count <= row.total <= 1_000_000
            if ind.rule == "timeliness":
                assert row.total in (None, 0) and row.count in (None, 0)
                assert row.status is None or row.status in DECLARED_NONE


def check_decided(ranked: list[Result], decided: list[Result]) -> None:
    """The decisions do what samples/README.md says: a veto set (优秀 → 良好), a veto lifted
    (良好 → 优秀), a score decided that moves the office across 90."""
    before = {r.office: r for r in ranked}
    after = {r.office: r for r in decided}
    set_on, lifted, scored = (d[0] for d in DECISIONS)
    assert not before[set_on].veto and before[set_on].grade == "优秀"
    assert after[set_on].veto and after[set_on].grade == "良好"
    assert before[lifted].veto and before[lifted].grade == "良好"
    assert not after[lifted].veto and after[lifted].grade == "优秀"
    assert before[scored].grade == "良好" and after[scored].grade == "优秀"
    assert before[scored].rank > after[scored].rank
    changed = {o for o in before if before[o].total != after[o].total}
    assert changed == {scored}, changed


def main() -> None:
    root = Path(__file__).resolve().parent
    out_dir = root / "2018"
    check_tables()
    rng = random.Random(SEED)

    returns = {}
    for name, area in OFFICES:
        returns[name] = build_return(rng, name, area, SPECIAL.get(name, {}))

    for name, spec in AMEND.items():
        amend_return(returns[name], spec)

    results = [score_return(returns[name]) for name in OFFICE_NAMES]
    ranked = rank_competition(results)
    check_design(returns, ranked)
    decided = rank_competition(apply_decisions(results, DECISIONS))
    check_decided(ranked, decided)

    # About a third as .xls (BIFF8, xlwt), the rest .xlsx (openpyxl).
    xls = set(rng.sample(OFFICE_NAMES, 14))
    out_dir.mkdir(parents=True, exist_ok=True)
    for old in list(out_dir.glob("*.xls")) + list(out_dir.glob("*.xlsx")):
        old.unlink()
    for k, name in enumerate(OFFICE_NAMES):
        stem = FILE_PATTERNS[(k * 7) % len(FILE_PATTERNS)].format(o=name)
        if name in xls:
            write_xls(returns[name], out_dir / f"{stem}.xls")
        else:
            write_xlsx(returns[name], out_dir / f"{stem}.xlsx")

    (root / "expected-2018.csv").write_text(expected_csv(ranked), encoding="utf-8", newline="\n")
    (root / "decisions-2018.csv").write_text(decisions_csv(DECISIONS), encoding="utf-8",
                                             newline="\n")
    (root / "expected-2018-decided.csv").write_text(expected_csv(decided), encoding="utf-8",
                                                    newline="\n")

    if "-v" in sys.argv:
        for name in OFFICE_NAMES:
            r = next(x for x in ranked if x.office == name)
            cases = (SPECIAL.get(name) or AMEND.get(name) or {}).get("cases", "")
            print(f"{r.rank:>3} {name:<8} {fmt2(r.total):>7} {r.grade} {'是' if r.veto else ''}  "
                  f"{cases}")
    print(f"wrote {len(OFFICE_NAMES)} returns to {out_dir} "
          f"({len(OFFICE_NAMES) - len(xls)} .xlsx, {len(xls)} .xls), expected-2018.csv, "
          "decisions-2018.csv and expected-2018-decided.csv")


if __name__ == "__main__":
    main()
