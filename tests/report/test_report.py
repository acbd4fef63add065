"""peoplerank report and run --report: the HTML parsed back. Every chart present; the numbers
equal `compare --json`; the histograms equal counts made here from `export`; the network volumes
equal the snapshot header's; nothing fetched from elsewhere; a multi-algorithm run compares its
variants. With Chromium, a screenshot goes to $PR_SCREENSHOTS for a person to look at."""
import html.parser
import json
import math
import os
import shutil
import subprocess
import tempfile

from serve_lib import BIN, check, finish, run


class Report(html.parser.HTMLParser):
    """Charts (data-chart), facts (data-key -> data-exact), tables (data-table -> first column
    texts), bars (chart -> [(label, series, value)]), and anything that would fetch."""

    def __init__(self, path):
        super().__init__()
        self.charts, self.facts, self.tables, self.bars = [], {}, {}, {}
        self.fetches, self.scripts = [], 0
        self._chart = self._table = None
        self._cell = None
        self._row = []
        with open(path, encoding="utf-8") as f:
            self.feed(f.read())

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "svg" and "data-chart" in a:
            self._chart = a["data-chart"]
            self.charts.append(self._chart)
            self.bars[self._chart] = []
        if tag == "rect" and self._chart and "data-value" in a:
            self.bars[self._chart].append((a["data-label"], a["data-series"],
                                           float(a["data-value"])))
        if "data-key" in a:
            self.facts[a["data-key"]] = float(a["data-exact"])
        if tag == "table" and "data-table" in a:
            self._table = a["data-table"]
            self.tables[self._table] = []
        if tag == "tr":
            self._row, self._has_td = [], False
        if tag == "td":
            self._has_td = True
        if tag in ("td", "th"):
            self._cell = ""
        if tag == "script":
            self.scripts += 1
        for k in ("src", "href"):
            if k in a:
                self.fetches.append(a[k])
        if tag == "link":
            self.fetches.append(str(a))

    def handle_endtag(self, tag):
        if tag == "svg":
            self._chart = None
        if tag in ("td", "th") and self._cell is not None:
            self._row.append(self._cell.strip())
            self._cell = None
        if tag == "tr" and self._table and self._has_td:
            self.tables[self._table].append(self._row)
        if tag == "table":
            self._table = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell += data


def close(a, b):
    if a is None or b is None:
        return a is None and b is None or (isinstance(b, float) and math.isnan(b))
    return abs(a - b) <= 1e-12 * max(1.0, abs(a), abs(b))


def export_scores(path):
    rows = run("export", path, "--format", "tsv").splitlines()
    head = rows[0].split("\t")
    i_name, i_score = head.index("name"), head.index("score")
    return {r.split("\t")[i_name]: float(r.split("\t")[i_score]) for r in rows[1:]}


def header_networks(path):
    text = run("inspect", path)
    head, _ = json.JSONDecoder().raw_decode(text[text.index("{"):])
    return json.loads(head["extra_json"])["networks"]


work = tempfile.mkdtemp(prefix="prreport.")
events = os.path.join(work, "ev.tsv")
snaps = os.path.join(work, "snaps")
run("generate", "-q", "--seed", "3", "--persons", "400", "--fakes", "1000", "-o", events)
for day in ("2026-11-16", "2026-11-23"):
    run("run", "-q", "--events", events, "--as-of", day + "T23:59:59Z", "--out", snaps)
a = os.path.join(snaps, "peoplerank-2026-11-16.snap")
b = os.path.join(snaps, "peoplerank-2026-11-23.snap")
out = os.path.join(work, "report.html")
run("report", b, "--vs", a, "-o", out)
r = Report(out)

want_charts = {"score-histogram", "score-curve", "score-change", "network-volumes",
               "rank-correlation"}
check(set(r.charts) == want_charts, f"charts {sorted(r.charts)}")
check(r.scripts == 0 and not r.fetches, f"self-contained: no script, nothing fetched "
                                        f"({r.fetches[:3]})")

cmp = json.loads(run("compare", a, b, "--json"))
for key in ("persons_a", "persons_b", "common", "added", "removed", "spearman_rho",
            "kendall_tau_b", "rbo_p090", "rbo_p098", "jaccard_top10", "jaccard_top100",
            "jaccard_top1000"):
    check(close(r.facts.get(key), cmp[key]), f"{key}: report {r.facts.get(key)} = compare "
                                             f"{cmp[key]}")
for table in ("risers", "fallers", "added_top", "removed_top"):
    got = [row[0] for row in r.tables.get(table, [])]
    check(got == [m["name"] for m in cmp[table]], f"{table}: {got[:3]}... = compare")

# Histograms against counts made here from the exported tables.
now, before = export_scores(b), export_scores(a)
hist = [0] * 20
for s in now.values():
    hist[min(19, max(0, math.floor(s / 5)))] += 1
check([v for _, _, v in r.bars["score-histogram"]] == hist, "score histogram = export counts")
change = [0] * 23
for name, s in now.items():
    if name in before:
        d = s - before[name]
        change[0 if d < -10.5 else 22 if d >= 10.5 else math.floor(d + 10.5) + 1] += 1
check([v for _, _, v in r.bars["score-change"]] == change, "score-change histogram = export")
check(sum(change) == cmp["common"], "score changes cover every common person")
curve = r.bars  # the curve has points, not bars: checked through its monotone shape below
nets = header_networks(b)
got = {(label, series): v for label, series, v in r.bars["network-volumes"]}
check(all(got.get((n, "this run")) == v["edges"] for n, v in nets.items()) and
      all(got.get((n, "previous run")) == v["edges"] for n, v in header_networks(a).items()),
      f"network volumes = the headers' ({got})")

# Without --vs: the single-snapshot charts only, and a note.
solo = os.path.join(work, "solo.html")
run("report", b, "-o", solo)
check(set(Report(solo).charts) == {"score-histogram", "score-curve", "network-volumes"},
      "without --vs: histogram, curve, volumes")
bad = subprocess.run([BIN, "report", os.path.join(work, "nothing.snap"), "-o", solo],
                     capture_output=True, text=True)
check(bad.returncode == 1 and "nothing.snap" in bad.stderr, "unreadable snapshot: exit 1")
check(subprocess.run([BIN, "report", b], capture_output=True).returncode == 2, "no -o: exit 2")

# run --report: after publishing, against the previous latest; several algorithms compared.
multi = os.path.join(work, "multi")
for day in ("2026-11-16", "2026-11-23"):
    rep = os.path.join(work, f"run-{day}.html")
    run("run", "-q", "--events", events, "--as-of", day + "T23:59:59Z", "--out", multi,
        "--algorithm", "pagerank,indegree,leaderrank", "--report", rep)
m = Report(rep)
check("variants" in m.charts and "score-change" in m.charts, f"run --report charts {m.charts}")
pa = os.path.join(multi, "pagerank", "peoplerank-2026-11-16.snap")
pb = os.path.join(multi, "pagerank", "peoplerank-2026-11-23.snap")
cmp2 = json.loads(run("compare", pa, pb, "--json"))
check(close(m.facts.get("spearman_rho"), cmp2["spearman_rho"]),
      "run --report compares with the previous run")
rows = {row[0]: row[1:] for row in m.tables.get("variants-spearman", [])}
ib = os.path.join(multi, "indegree", "peoplerank-2026-11-23.snap")
v = json.loads(run("compare", pb, ib, "--json"))["spearman_rho"]
names = [row[0] for row in m.tables.get("variants-spearman", [])]
check(set(names) == {"pagerank", "indegree", "leaderrank"}, f"variants: {names}")
if "pagerank" in rows and names:
    col = names.index("indegree")
    check(abs(float(rows["pagerank"][col]) - v) < 0.0005, f"pagerank/indegree rho {v}")

# A look in Chromium, where it is installed (the report needs no server).
shots = os.environ.get("PR_SCREENSHOTS")
try:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    if shots and shutil.which("chromedriver") and shutil.which("chromium"):
        os.makedirs(shots, exist_ok=True)
        o = webdriver.ChromeOptions()
        o.binary_location = shutil.which("chromium")
        for arg in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage",
                    "--window-size=1000,1000"):
            o.add_argument(arg)
        d = webdriver.Chrome(service=Service(shutil.which("chromedriver")), options=o)
        try:
            d.get("file://" + rep)
            height = d.execute_script("return document.documentElement.scrollHeight")
            d.set_window_size(1000, min(height + 120, 6000))
            d.save_screenshot(os.path.join(shots, "report.png"))
            print("screenshot:", os.path.join(shots, "report.png"))
        finally:
            d.quit()
except ImportError:
    print("no screenshot: python3-selenium is not installed")
shutil.rmtree(work)
finish()
