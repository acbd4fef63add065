"""GET /v1/persons/{name}/explain on a generated population with an identity map, checked
against a separate process (`peoplerank explain --json` of the same snapshot, by person name)
and against invariants that do not go through the code under test: the parts sum to the rank
that `lookup --json` reads, the position is lookup's, and a person answers the same by any of
their accounts. The golden snapshot, which has no explanations, answers 404
explain_unavailable (test_serve_api.py)."""
import json
import os
import tempfile
import urllib.parse

from serve_lib import Server, check, finish, run

work = tempfile.mkdtemp(prefix="prserve_explain.")
events = os.path.join(work, "ev.tsv")
run("generate", "-q", "--persons", "300", "--seed", "5", "-o", events)

# Identity map: every third handle seen on both networks is one person with two accounts.
nets = {}
with open(events) as f:
    next(f)
    for line in f:
        cols = line.rstrip("\n").split("\t")
        nets.setdefault(cols[2], set()).add(cols[1])
both = sorted(h for h, n in nets.items() if n == {"twitter", "facebook"})[::3]
check(len(both) >= 5, f"identity map has persons ({len(both)})")
with open(os.path.join(work, "ids.tsv"), "w") as f:
    for h in both:
        f.write(f"{h}\ttwitter\t{h}\n{h}\tfacebook\t{h}\n")
snaps = os.path.join(work, "snaps")
run("run", "-q", "--events", events, "--identities", os.path.join(work, "ids.tsv"), "--out", snaps)
latest = os.path.join(snaps, "latest")

rows = [line.split("\t") for line in run("top", latest, "-n", "1000000", "--tsv").splitlines()[1:]]
names = [r[1] for i, r in enumerate(rows) if i < 5 or i % 97 == 0]
merged = [json.loads(line) for line in run("export", latest, "--format", "jsonl").splitlines()]
merged = [r for r in merged if len(r["accounts"]) >= 2][:5]
check(len(merged) >= 3, f"persons with two accounts in the snapshot ({len(merged)})")

every = names + [r["name"] for r in merged]
records = {}
for line in run("lookup", latest, "--json", input="\n".join(every) + "\n").splitlines():
    rec = json.loads(line)
    records[rec["query"]] = rec
check(all(records.get(n, {}).get("found") for n in every), "lookup --json finds every name")

srv = Server(snaps, "--threads", "2")
try:
    for name in every:
        path = "/v1/persons/" + urllib.parse.quote(name, safe=":") + "/explain"
        status, got, _ = srv.get(path)
        if not check(status == 200, f"{name}: 200 (got {status} {got})"):
            continue
        cli = json.loads(run("explain", latest, name, "--json"))
        rec = records[name]
        extra = {k: got.pop(k, None) for k in ("position", "bucket", "as_of")}
        check(got == cli, f"{name}: the service's explanation is explain --json's")
        check(extra["position"] == rec["position"], f"{name}: position {extra} vs {rec['position']}")
        check(extra["as_of"] == os.path.basename(os.path.realpath(latest))[11:21],
              f"{name}: as_of {extra['as_of']}")
        lo = min(int(rec["score"] // 10) * 10, 90)
        check(extra["bucket"] == f"{lo}-{lo + 10}", f"{name}: bucket {extra['bucket']}")
        total = sum(p["value"] for p in got["parts"])
        check(got["rank"] == rec["rank"] and abs(total - rec["rank"]) <= 1e-9 and
              abs(total - rec["rank"]) <= 1e-7 * rec["rank"] + 1e-300,
              f"{name}: parts sum {total!r} to lookup's rank {rec['rank']!r}")
        check({p["kind"] for p in got["parts"]} >= {"teleport", "rest"},
              f"{name}: teleport and rest parts")
    for r in merged:
        _, by_name, _ = srv.get("/v1/persons/" + urllib.parse.quote(r["name"], safe=":") + "/explain")
        for account in r["accounts"]:
            status, by_account, _ = srv.get("/v1/persons/" + account + "/explain")
            check(status == 200 and by_account == by_name,
                  f"{account}: the same explanation as {r['name']} ({status})")
    print(f"{len(every)} explanations checked, {len(merged)} persons by each account")
    status, body, _ = srv.get("/v1/persons/twitter:nobody/explain")
    check(status == 404 and body["error"] == "not_found", f"unknown person: 404 ({status} {body})")
finally:
    srv.stop()
finish()
