#!/usr/bin/env python3
"""kaoping against "the script an analyst would write": pandas + calamine.

Run from anywhere (paths are taken relative to the repository root):

    pip install pandas python-calamine
    python3 benches/compare.py --validate-only       # the pandas scorer against expected-2018.csv
    python3 benches/compare.py [--n 2000] [--workdir DIR] [--runs 3]

The pandas scorer (`analyst_score`) reads a canonical return with
`pd.read_excel(..., sheet_name=None, header=None, engine="calamine")`, finds the sheets and
columns by their header labels and applies the scoring rules of the README in exact
arithmetic (fractions.Fraction; each indicator rounded to 2 decimals half away from zero).
It reads only the canonical layout (what `kaoping template` writes); it does none of
kaoping's checking, tolerance of variations or error reporting. It is validated first, on
the 42 returns of samples/2018, against samples/expected-2018.csv (every total, grade and
indicator score); the benchmark does not start unless it agrees.

Benchmark mode runs `cargo build --release --examples` and `cargo build --release` (no-ops
when up to date; --no-build skips them), generates a workspace of N synthetic returns when
DIR has no registry.toml (target/release/examples/gen_workspace DIR N), then times, on the
same files (wall clock, median of --runs runs after one untimed warm-up run):

  floor        target/release/examples/calamine_floor DIR   (calamine opening every file and
               reading every sheet, nothing else; rayon, like kaoping)
  kaoping      target/release/kaoping score --offices DIR/registry.toml --format csv DIR
  both again with RAYON_NUM_THREADS=1, for a per-core comparison
  pandas       analyst_score over every file, in this process, one file after the other
               (pandas already imported, as in an analyst's notebook)
  samples      target/release/kaoping score samples/2018    (42 returns end to end, median
               of 20 runs)

The peak RSS of each is measured on one more run (/usr/bin/time -f %M; without GNU time,
getrusage in a fresh child, an upper bound). kaoping's totals are checked against the pandas
totals for every office. A Markdown table is printed with the machine, the load average and
the commands to reproduce it (--out FILE writes it to a file too); progress goes to stderr.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import os
import platform
import statistics
import subprocess
import sys
import time
import tomllib
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples" / "2018"
EXPECTED = ROOT / "samples" / "expected-2018.csv"
OFFICES_2018 = ROOT / "indicators" / "offices-2018.toml"
RELEASE = ROOT / "target" / "release"
KAOPING = RELEASE / "kaoping"
GEN_WORKSPACE = RELEASE / "examples" / "gen_workspace"
CALAMINE_FLOOR = RELEASE / "examples" / "calamine_floor"
SAMPLE_RUNS = 20

# =============================================================================================
# Data, copied from samples/make_samples.py (the 2018 indicator set and calendar)
# =============================================================================================

D = dt.date

# id, rule, points (bonus: the cap; veto: 0), per case (deduction/bonus), limit in working
# days (timeliness), deadline (deadline rule)
INDICATORS = [
    ("A1", "deduction", 6, 2, 0, None),
    ("A2", "level", 4, 0, 0, None),
    ("A3", "ratio", 4, 0, 0, None),
    ("A4", "timeliness", 6, 0, 20, None),
    ("A5", "level", 4, 0, 0, None),
    ("A6", "timeliness", 6, 0, 7, None),
    ("A7", "ratio", 5, 0, 0, None),
    ("A8", "level", 5, 0, 0, None),
    ("A9", "deduction", 5, 5, 0, None),
    ("B1", "level", 8, 0, 0, None),
    ("B2", "timeliness", 7, 0, 1, None),
    ("B3", "deduction", 5, 1, 0, None),
    ("C1", "deadline", 8, 0, 0, D(2018, 8, 31)),
    ("C2", "level", 7, 0, 0, None),
    ("C3", "deduction", 5, 2, 0, None),
    ("D1", "timeliness", 6, 0, 15, None),
    ("D2", "level", 5, 0, 0, None),
    ("D3", "level", 4, 0, 0, None),
    ("E1", "bonus", 3, 1, 0, None),
    ("E2", "bonus", 2, 2, 0, None),
    ("V1", "veto", 0, 0, 0, None),
]
IND_IDS = {i[0] for i in INDICATORS}
LEVEL_FACTOR = {"完成": Fraction(1), "基本完成": Fraction(3, 5), "未完成": Fraction(0)}

HOLIDAY_RANGES = [  # inclusive
    (D(2017, 12, 30), D(2018, 1, 1)),    # 元旦
    (D(2018, 2, 15), D(2018, 2, 21)),    # 春节
    (D(2018, 4, 5), D(2018, 4, 7)),      # 清明
    (D(2018, 4, 29), D(2018, 5, 1)),     # 劳动节
    (D(2018, 6, 16), D(2018, 6, 18)),    # 端午
    (D(2018, 9, 22), D(2018, 9, 24)),    # 中秋
    (D(2018, 10, 1), D(2018, 10, 7)),    # 国庆
    (D(2018, 12, 30), D(2019, 1, 1)),    # 元旦
]
MAKEUP_DAYS = {  # 调休上班 (weekend days that are working days)
    D(2018, 2, 11), D(2018, 2, 24), D(2018, 4, 8), D(2018, 4, 28),
    D(2018, 9, 29), D(2018, 9, 30), D(2018, 12, 29),
}
CALENDAR_YEAR = 2018


def _working_day_index() -> dict[dt.date, int]:
    """For each day of the calendar year: the number of working days from 1 January up to
    and including it. Working days after s up to and including p are then idx[p] - idx[s]."""
    holidays = set()
    for a, b in HOLIDAY_RANGES:
        d = a
        while d <= b:
            holidays.add(d)
            d += dt.timedelta(days=1)
    idx, n, d = {}, 0, D(CALENDAR_YEAR, 1, 1)
    while d.year == CALENDAR_YEAR:
        if d in MAKEUP_DAYS or (d not in holidays and d.weekday() < 5):
            n += 1
        idx[d] = n
        d += dt.timedelta(days=1)
    return idx


WD = _working_day_index()
assert WD[D(2018, 12, 31)] == 250
assert WD[D(2018, 10, 9)] - WD[D(2018, 9, 28)] == 4

# =============================================================================================
# The analyst's scorer (pandas)
# =============================================================================================


def _blank(v) -> bool:
    import pandas as pd
    return v is None or (isinstance(v, str) and not v.strip()) or (not isinstance(v, str) and pd.isna(v))


def _text(v) -> str | None:
    return None if _blank(v) else str(v).strip()


def _count(v) -> int | None:
    """A count cell: an int (.xls) or a float holding an integer (.xlsx)."""
    if _blank(v):
        return None
    f = float(v)
    if f != int(f) or f < 0:
        raise ValueError(f"not a count: {v!r}")
    return int(f)


def _date(v) -> dt.date | None:
    if _blank(v):
        return None
    if isinstance(v, dt.datetime):        # also pd.Timestamp
        return v.date()
    if isinstance(v, dt.date):
        return v
    return dt.date.fromisoformat(str(v).strip())


def _header_row(df, label: str) -> int | None:
    """The first row among the first 10 that holds `label`."""
    for r in range(min(10, len(df))):
        if any(isinstance(v, str) and v.strip() == label for v in df.iloc[r]):
            return r
    return None


def _table(df, h: int):
    """The rows below header row h, with the header labels as column names."""
    body = df.iloc[h + 1:].copy()
    body.columns = [str(v).strip() if isinstance(v, str) else f"_{k}"
                    for k, v in enumerate(df.iloc[h])]
    return body


def round2(x: Fraction) -> Fraction:
    """Round to 2 decimals, half away from zero."""
    q = abs(x) * 100
    n = q.numerator // q.denominator
    if (q - n) * 2 >= 1:
        n += 1
    return Fraction(n if x >= 0 else -n, 100)


def analyst_score_full(path, registry_names) -> dict:
    """Score one canonical return: office, total, grade, veto and every indicator's score."""
    import pandas as pd

    sheets = pd.read_excel(path, sheet_name=None, header=None, engine="calamine")

    # The main sheet: the one whose header row (in the first 10 rows) holds 编号 and 完成情况.
    main = None
    for name, df in sheets.items():
        h = _header_row(df, "编号")
        if h is not None and "完成情况" in {str(v).strip() for v in df.iloc[h]}:
            main = (df, h)
            break
    if main is None:
        raise ValueError(f"{path}: no sheet with a header row holding 编号")
    df, h = main

    # The office: the cell right of 填报单位：
    office = None
    for r in range(h):
        row = list(df.iloc[r])
        for c, v in enumerate(row[:-1]):
            if isinstance(v, str) and v.strip() in ("填报单位：", "填报单位:"):
                office = _text(row[c + 1])
    if office is None or office not in registry_names:
        raise ValueError(f"{path}: office {office!r} is not in the registry")

    table = _table(df, h)
    table["编号"] = table["编号"].map(_text)
    table = table[table["编号"].isin(IND_IDS)].set_index("编号")

    # The timeliness items (sheet 时效明细).
    items: dict[str, list[tuple]] = {}
    if "时效明细" in sheets:
        ts = sheets["时效明细"]
        th = _header_row(ts, "编号")
        if th is not None:
            t = _table(ts, th)
            for k, s, p in zip(t["编号"], t["起算日期"], t["公开日期"]):
                k = _text(k)
                if k in IND_IDS:
                    items.setdefault(k, []).append((_date(s), _date(p)))

    scores: dict[str, Fraction] = {}
    veto = False
    for iid, rule, pts, per, days, deadline in INDICATORS:
        pts = Fraction(pts)
        row = table.loc[iid] if iid in table.index else None
        get = (lambda col: None) if row is None else (lambda col: row[col])
        if rule == "level":
            status = _text(get("完成情况"))
            raw = pts * LEVEL_FACTOR[status] if status else Fraction(0)
        elif rule == "ratio":
            a, b = _count(get("数量")), _count(get("总数"))
            if a is None and b is None:
                raw = Fraction(0)                                 # 未填报
            elif b == 0 and (a or 0) == 0:
                raw = pts                                         # 无此项业务
            else:
                if a is None or b is None or a > b:
                    raise ValueError(f"{path}: {iid}: invalid 数量/总数 {a}/{b}")
                raw = pts * Fraction(a, b)
        elif rule == "timeliness":
            mine = items.get(iid, [])
            if not mine:
                raw = pts                                         # 无此项业务
            else:
                on_time = 0
                for s, p in mine:
                    if p is None:
                        continue                                  # not published
                    if p < s:
                        raise ValueError(f"{path}: {iid}: published {p} before start {s}")
                    on_time += WD[p] - WD[s] <= days              # KeyError outside 2018
                raw = pts * Fraction(on_time, len(mine))
        elif rule == "deadline":
            done = _date(get("完成时间"))
            raw = Fraction(0) if done is None else pts if done <= deadline else pts / 2
        elif rule == "deduction":
            n = _count(get("数量")) or 0
            raw = max(Fraction(0), pts - n * per)
        elif rule == "bonus":
            n = _count(get("数量")) or 0
            raw = min(pts, Fraction(n * per))
        elif rule == "veto":
            veto = _text(get("完成情况")) == "是"
            raw = Fraction(0)
        else:
            raise ValueError(rule)
        scores[iid] = round2(raw)

    total = sum(scores.values(), Fraction(0))
    if total >= 90:
        grade = "良好" if veto else "优秀"
    elif total >= 80:
        grade = "良好"
    elif total >= 60:
        grade = "合格"
    else:
        grade = "不合格"
    cats = {c: sum((v for k, v in scores.items() if k[0] == c), Fraction(0)) for c in "ABCDE"}
    return {"office": office, "total": to_decimal(total), "grade": grade, "veto": veto,
            "cats": {c: to_decimal(v) for c, v in cats.items()},
            "scores": {k: to_decimal(v) for k, v in scores.items()}}


def to_decimal(x: Fraction) -> Decimal:
    """An exact two-decimal Fraction as a Decimal with two decimals ('45.00')."""
    c = x * 100
    assert c.denominator == 1, x
    return Decimal(c.numerator).scaleb(-2)


def analyst_score(path, registry_names) -> tuple[str, Decimal]:
    """(office, total) of one canonical return, the way an analyst would compute it."""
    r = analyst_score_full(path, registry_names)
    return r["office"], r["total"]


# =============================================================================================
# Files, registries, CSV
# =============================================================================================


def returns_under(folder: Path) -> list[Path]:
    """Every .xls/.xlsx under folder (any case), lock files and kaoping exports excluded."""
    out = []
    for dirpath, _dirs, files in os.walk(folder):
        for f in files:
            low = f.lower()
            if (low.endswith((".xls", ".xlsx")) and not f.startswith("~$")
                    and not low.endswith(".kaoping.xlsx")):
                out.append(Path(dirpath) / f)
    out.sort()
    return out


def registry_names(path: Path) -> set[str]:
    with open(path, "rb") as f:
        data = tomllib.load(f)
    offices = data.get("office")
    if not isinstance(offices, list) or not all(isinstance(o, dict) and "name" in o
                                                 for o in offices):
        sys.exit(f"compare.py: {path}: expected [[office]] tables with a name")
    return {o["name"] for o in offices}


def parse_csv(text: str) -> list[dict[str, str]]:
    """kaoping's CSV contract (rank,office,total,grade,veto,A…E,A1…V1)."""
    return list(csv.DictReader(io.StringIO(text)))


def score_all(files: list[Path], names: set[str]) -> dict[str, Decimal]:
    out: dict[str, Decimal] = {}
    for f in files:
        office, total = analyst_score(f, names)
        if office in out:
            raise ValueError(f"{f}: a second return for {office}")
        out[office] = total
    return out


# =============================================================================================
# Step 1: the pandas scorer against the oracle
# =============================================================================================


def validate() -> None:
    names = registry_names(OFFICES_2018)
    expected = {r["office"]: r for r in parse_csv(EXPECTED.read_text(encoding="utf-8"))}
    files = returns_under(SAMPLES)
    got = {}
    for f in files:
        r = analyst_score_full(f, names)
        assert r["office"] not in got, f
        got[r["office"]] = r
    if set(got) != set(expected):
        sys.exit(f"compare.py: validation: offices differ: {sorted(set(got) ^ set(expected))}")
    bad = []
    for office, e in expected.items():
        g = got[office]
        pairs = [("total", Decimal(e["total"]), g["total"]), ("grade", e["grade"], g["grade"]),
                 ("veto", e["veto"], "是" if g["veto"] else "")]
        pairs += [(c, Decimal(e[c]), g["cats"][c]) for c in "ABCDE"]
        pairs += [(k, Decimal(e[k]), g["scores"][k]) for k in g["scores"]]
        bad += [f"{office} {what}: expected {x}, pandas {y}" for what, x, y in pairs if x != y]
    if bad:
        sys.exit("compare.py: validation failed:\n  " + "\n  ".join(bad))
    log(f"validated: the pandas scorer gives every total, grade, category and indicator score "
        f"of {EXPECTED.relative_to(ROOT)} on the {len(files)} returns of "
        f"{SAMPLES.relative_to(ROOT)}")


# =============================================================================================
# Step 2: the benchmark
# =============================================================================================


def log(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


def run(cmd: list, **kw) -> subprocess.CompletedProcess:
    return subprocess.run([str(c) for c in cmd], cwd=ROOT, **kw)


def ensure_binaries(build: bool) -> None:
    """cargo build (a no-op when the binaries are up to date, so a stale build is never
    timed), unless --no-build; then every binary must be there."""
    if build:
        for cmd in (["cargo", "build", "--release", "--examples"],
                    ["cargo", "build", "--release"]):
            log("$ " + " ".join(cmd))
            if run(cmd).returncode != 0:
                sys.exit(f"compare.py: `{' '.join(cmd)}` failed")
    for b, what in [(KAOPING, "src/main.rs"), (GEN_WORKSPACE, "examples/gen_workspace.rs"),
                    (CALAMINE_FLOOR, "examples/calamine_floor.rs")]:
        if not b.exists():
            sys.exit(f"compare.py: {rel(b)} is missing"
                     + (f" after the build (is {what} there?)" if build else
                        ": build it with `cargo build --release --examples && "
                        "cargo build --release`, or drop --no-build"))


def ensure_workspace(workdir: Path, n: int) -> tuple[list[Path], set[str]]:
    reg = workdir / "registry.toml"
    if not reg.exists():
        log(f"$ {rel(GEN_WORKSPACE)} {workdir} {n}")
        t = time.perf_counter()
        if run([GEN_WORKSPACE, workdir, n]).returncode != 0:
            sys.exit("compare.py: gen_workspace failed")
        log(f"  generated in {time.perf_counter() - t:.1f} s")
    if not reg.exists():
        sys.exit(f"compare.py: gen_workspace wrote no {reg}")
    files = returns_under(workdir)
    names = registry_names(reg)
    if len(files) != n:
        log(f"warning: {workdir} holds {len(files)} returns, not --n {n} "
            f"(an older workspace? remove it to regenerate)")
    if len(names) != len(files):
        log(f"warning: the registry names {len(names)} units for {len(files)} returns")
    return files, names


def timed(fn, runs: int, warmup: bool = True) -> list[float]:
    if warmup:
        fn()
    out = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        out.append(time.perf_counter() - t)
    return out


def check_ok(p: subprocess.CompletedProcess, cmd) -> subprocess.CompletedProcess:
    if p.returncode != 0:
        err = p.stderr.decode("utf-8", "replace") if isinstance(p.stderr, bytes) else ""
        sys.exit(f"compare.py: `{' '.join(map(str, cmd))}` exited {p.returncode}\n{err[-2000:]}")
    return p


def run_quiet(cmd, env=None) -> subprocess.CompletedProcess:
    return check_ok(run(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE), cmd)


PEAK_RSS_CHILD = (
    "import resource, subprocess, sys\n"
    "p = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)\n"
    "print(p.returncode, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
)
GNU_TIME = Path("/usr/bin/time")


def peak_rss_mb(cmd, env=None) -> tuple[float, str]:
    """Peak RSS of one run of cmd in a fresh process, in MiB, and how it was measured.

    With GNU time (/usr/bin/time -f %M): the command's own maximum resident set size.
    Without it: getrusage(RUSAGE_CHILDREN) in a fresh Python child whose only child is cmd.
    Linux carries the high-water mark of the forking process's memory across exec, so that
    figure is max(the Python child's own RSS (~14 MB), the command's): an upper bound, shown
    as ≤."""
    cmd = [str(c) for c in cmd]
    if GNU_TIME.exists():
        import tempfile
        with tempfile.NamedTemporaryFile("r", suffix=".rss") as f:
            p = run([GNU_TIME, "-f", "%M", "-o", f.name, *cmd], env=env,
                    stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
            check_ok(p, cmd)
            kb = int(f.read().split()[-1])
        return kb / 1024, "gnu-time"
    out = run([sys.executable, "-c", PEAK_RSS_CHILD, *cmd], env=env, capture_output=True,
              text=True)
    code, kb = out.stdout.split()
    if code != "0":
        sys.exit(f"compare.py: `{' '.join(cmd)}` exited {code} (peak RSS run)")
    return int(kb) / 1024, "getrusage"     # ru_maxrss is in KiB on Linux


def machine() -> str:
    model = "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    nproc = subprocess.run(["nproc"], capture_output=True, text=True).stdout.strip() or "?"
    mem = "?"
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                mem = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
    except OSError:
        pass
    from importlib.metadata import version
    rustc = subprocess.run(["rustc", "-V"], capture_output=True, text=True).stdout.strip()
    return (f"{model}, nproc {nproc}, {mem} RAM, {platform.system()} {platform.release()}; "
            f"{rustc or 'rustc ?'}; Python {platform.python_version()}, "
            f"pandas {version('pandas')}, python-calamine {version('python-calamine')}")


def loadavg() -> float | None:
    try:
        return float(Path("/proc/loadavg").read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return None


def rel(p: Path) -> str:
    try:
        return str(p.relative_to(ROOT))
    except ValueError:
        return str(p)


def benchmark(args) -> None:
    workdir = (args.workdir or ROOT / "target" / "bench" / f"workspace-{args.n}").resolve()
    ensure_binaries(not args.no_build)
    files, names = ensure_workspace(workdir, args.n)
    nfiles = len(files)
    reg = workdir / "registry.toml"
    nproc = len(os.sched_getaffinity(0))
    one_thread = {**os.environ, "RAYON_NUM_THREADS": "1"}

    k_cmd = [KAOPING, "score", "--offices", reg, "--format", "csv", workdir]
    f_cmd = [CALAMINE_FLOOR, workdir]
    s_cmd = [KAOPING, "score", SAMPLES]
    p_cmd = [sys.executable, Path(__file__).resolve(), "--pandas-only", workdir]

    def kaoping():
        return check_ok(run(k_cmd, capture_output=True), k_cmd)

    def floor(env=None):
        p = check_ok(run(f_cmd, env=env, capture_output=True), f_cmd)
        said = p.stdout.decode("utf-8", "replace").split()
        if not said or said[0] != str(nfiles):
            sys.exit(f"compare.py: calamine_floor read {' '.join(said)!r}, not {nfiles} files")
        return p

    # Correctness first (this is also kaoping's and pandas's warm-up run).
    log(f"checking: kaoping and pandas on {nfiles} returns of {workdir}")
    rows = parse_csv(kaoping().stdout.decode("utf-8"))
    k_totals = {r["office"]: Decimal(r["total"]) for r in rows if r["rank"]}
    unranked = [r["office"] for r in rows if not r["rank"]]
    t = time.perf_counter()
    p_totals = score_all(files, names)
    first_pandas = time.perf_counter() - t
    diff = [f"{o}: kaoping {k_totals.get(o)}, pandas {p_totals.get(o)}"
            for o in sorted(set(k_totals) | set(p_totals)) if k_totals.get(o) != p_totals.get(o)]
    if unranked:
        diff.insert(0, f"{len(unranked)} offices unranked by kaoping: {unranked[:5]}")
    if diff:
        sys.exit("compare.py: kaoping and pandas disagree:\n  " + "\n  ".join(diff[:20]))
    log(f"  equal: {len(k_totals)} totals (pandas first run {first_pandas:.1f} s)")

    # key: (label, files, runs, timed function, command for peak RSS, env for it)
    tasks = {
        "floor": (f"calamine floor (open + read every sheet), {nfiles} returns, "
                  f"{nproc} threads", nfiles, args.runs, floor, f_cmd, None),
        "floor1": (f"calamine floor, {nfiles} returns, 1 thread (RAYON_NUM_THREADS=1)",
                   nfiles, args.runs, lambda: floor(one_thread), f_cmd, one_thread),
        "kaoping": (f"kaoping score --format csv, {nfiles} returns, {nproc} threads", nfiles,
                    args.runs, kaoping, k_cmd, None),
        "kaoping1": (f"kaoping score --format csv, {nfiles} returns, 1 thread "
                     f"(RAYON_NUM_THREADS=1)", nfiles, args.runs,
                     lambda: run_quiet(k_cmd, env=one_thread), k_cmd, one_thread),
        "pandas": (f"pandas + calamine analyst script, {nfiles} returns, 1 process", nfiles,
                   args.runs, lambda: score_all(returns_under(workdir), names), p_cmd, None),
        "samples": (f"kaoping score samples/2018, 42 returns, {nproc} threads", 42,
                    SAMPLE_RUNS, lambda: run_quiet(s_cmd), s_cmd, None),
    }
    warm = {"kaoping", "pandas"}          # already run once above
    secs = {}
    for k, (label, _n, runs, fn, _cmd, _env) in tasks.items():
        log(f"timing: {label}, {runs} runs")
        secs[k] = timed(fn, runs, warmup=k not in warm)
    rss, how = {}, set()
    log("peak RSS: one more run of each")
    for k, (_label, _n, _runs, _fn, cmd, env) in tasks.items():
        mb, method = peak_rss_mb(cmd, env)
        rss[k] = f"{mb:.1f}" if method == "gnu-time" else f"≤ {mb:.1f}"
        how.add(method)

    load = loadavg()
    if load is not None and load > 0.5:
        log(f"warning: load average {load:.2f} while timing: other work shares the CPU")
    med = {k: statistics.median(v) for k, v in secs.items()}
    ratio = {
        "floor": "1 (the floor)",
        "floor1": f"floor 1 thread / floor = {med['floor1'] / med['floor']:.2f}",
        "kaoping": f"kaoping / floor = {med['kaoping'] / med['floor']:.2f}",
        "kaoping1": f"kaoping 1 thread / floor 1 thread = "
                    f"{med['kaoping1'] / med['floor1']:.2f}",
        "pandas": f"pandas / kaoping = {med['pandas'] / med['kaoping']:.1f}; "
                  f"pandas / kaoping 1 thread = {med['pandas'] / med['kaoping1']:.1f}",
        "samples": "",
    }

    load_note = "" if load is None else f"; 1-minute load average after timing {load:.2f}"
    out = [f"Machine: {machine()}{load_note}.", "",
           "| task | runs | seconds (median) | min–max | files/s | ratio | peak RSS MB |",
           "|---|---:|---:|---:|---:|---|---:|"]
    for k, (label, n, runs, _fn, _cmd, _env) in tasks.items():
        out.append(f"| {label} | {runs} | {med[k]:.3f} | {min(secs[k]):.3f}–{max(secs[k]):.3f} "
                   f"| {n / med[k]:,.0f} | {ratio[k]} | {rss[k]} |")
    out += ["",
            f"Correctness: kaoping's CSV totals equal the pandas script's for all "
            f"{len(k_totals)} offices; the pandas script reproduces samples/expected-2018.csv "
            f"exactly (every total, grade, category and indicator score).",
            "",
            "Reproduce (from the repository root):",
            "",
            "```sh",
            "pip install pandas python-calamine",
            "cargo build --release --examples && cargo build --release",
            f"target/release/examples/gen_workspace {rel(workdir)} {args.n}",
            f"target/release/kaoping score --offices {rel(reg)} --format csv {rel(workdir)}",
            f"RAYON_NUM_THREADS=1 target/release/kaoping score --offices {rel(reg)} "
            f"--format csv {rel(workdir)}",
            f"target/release/examples/calamine_floor {rel(workdir)}",
            f"RAYON_NUM_THREADS=1 target/release/examples/calamine_floor {rel(workdir)}",
            "target/release/kaoping score samples/2018",
            f"python3 benches/compare.py --n {args.n} --workdir {rel(workdir)} "
            f"--runs {args.runs}   # all of the above, timed, plus the pandas script",
            "```",
            "",
            "Wall clock, median of the runs after one untimed warm-up (files in the page "
            "cache). kaoping and the floor read files in parallel (rayon, one thread per "
            "core; RAYON_NUM_THREADS=1 for the 1-thread rows); the "
            "pandas script runs one file after the other in the benchmarking process, with "
            "pandas already imported, as in an analyst's notebook. Its peak RSS is that of a "
            "fresh Python process running it once over the same files (interpreter and "
            "pandas included). Peak RSS: "
            + ("`/usr/bin/time -f %M` on one more run of each command."
               if how == {"gnu-time"} else
               "getrusage(RUSAGE_CHILDREN) around one more run in a fresh Python child; "
               "Linux counts the forking Python's own memory (~14 MB) in it, so each "
               "figure is an upper bound (≤).")]
    text = "\n".join(out)
    print(text)
    if args.out:
        Path(args.out).write_text(text + "\n", encoding="utf-8")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--n", type=int, default=2000, help="returns in the workspace (2000)")
    ap.add_argument("--workdir", type=Path,
                    help="workspace folder (target/bench/workspace-N); generated if it has "
                         "no registry.toml")
    ap.add_argument("--runs", type=int, default=3, help="timed runs per task (3)")
    ap.add_argument("--no-build", action="store_true",
                    help="use the binaries in target/release as they are (by default cargo "
                         "build runs first; it is a no-op when they are up to date)")
    ap.add_argument("--out", help="also write the Markdown table to this file")
    ap.add_argument("--validate-only", action="store_true",
                    help="only check the pandas scorer against samples/expected-2018.csv")
    ap.add_argument("--pandas-only", type=Path, metavar="DIR", help=argparse.SUPPRESS)
    args = ap.parse_args()

    try:
        import pandas  # noqa: F401
        import python_calamine  # noqa: F401
    except ImportError as e:
        sys.exit(f"compare.py: {e.name} is missing: pip install pandas python-calamine")

    if args.pandas_only:                 # the peak-RSS child: one pass of the pandas script
        d = args.pandas_only
        score_all(returns_under(d), registry_names(d / "registry.toml"))
        return
    validate()
    if args.validate_only:
        return
    if args.runs < 1 or args.n < 1:
        sys.exit("compare.py: --n and --runs must be at least 1")
    benchmark(args)


if __name__ == "__main__":
    main()
