"""peoplerank serve switches to a new `latest` with no failed request: a load run (four
keep-alive clients, single lookups and batches) while the nightly job publishes five snapshots.
Every answer must be 200 and equal, field by field, to `peoplerank lookup --json` on the one
snapshot its as_of names (so no answer mixes two snapshots); old snapshots must be closed once
unused; history must list every day; a broken new latest must not be served."""
import json
import os
import shutil
import subprocess
import tempfile
import threading
import time

from serve_lib import BIN, Server, check, finish, run, wait_for

work = tempfile.mkdtemp(prefix="prswitch.")
snaps = os.path.join(work, "snaps")
events = os.path.join(work, "ev.tsv")
run("generate", "-q", "--seed", "5", "--persons", "300", "--fakes", "1000", "-o", events)
days = ["2026-11-%d" % d for d in range(18, 24)]


def publish(day):
    run("run", "-q", "--events", events, "--as-of", day + "T23:59:59Z", "--out", snaps)


publish(days[0])
names = [line.split("\t")[1] for line in
         run("top", os.path.join(snaps, "latest"), "-n", "40", "--tsv").splitlines()[1:]]
srv = Server(snaps, "--threads", "2", "--poll-ms", "50")
stop = threading.Event()
answers = []  # (kind, status, parsed body)
lock = threading.Lock()


def client(k):
    c = srv.conn()
    got = []
    i = k
    while not stop.is_set():
        if i % 10 == 0:
            batch = [names[(i + j) % len(names)] for j in range(10)]
            got.append(("batch",) + srv.get("/v1/lookup", method="POST", body=json.dumps(batch),
                                            conn=c)[:2])
        else:
            got.append(("one",) + srv.get("/v1/persons/" + names[i % len(names)], conn=c)[:2])
        i += 1
    c.close()
    with lock:
        answers.extend(got)


try:
    threads = [threading.Thread(target=client, args=(k,)) for k in range(4)]
    for t in threads:
        t.start()
    t0 = time.time()
    for day in days[1:]:
        publish(day)
        check(wait_for(lambda: srv.get("/healthz")[1]["as_of"] == day, timeout=15),
              f"serving {day} soon after it is published")
        time.sleep(0.2)  # let the load see it
    stop.set()
    for t in threads:
        t.join()
    took = time.time() - t0
    print(f"{len(answers)} answers in {took:.1f} s during 5 publications")

    bad = [a for a in answers if a[1] != 200]
    check(not bad, f"every answer 200 ({len(bad)} not: {bad[:3]})")
    truth = {}
    for day in days:
        path = os.path.join(snaps, f"peoplerank-{day}.snap")
        out = subprocess.run([BIN, "lookup", path, *names, "--json"], capture_output=True,
                             text=True)
        rows = [json.loads(line) for line in out.stdout.splitlines()]
        for r in rows:  # lookup's "query" and "found" join a batch back to its input
            r.pop("query"), r.pop("found")
        truth[day] = {r["name"]: r for r in rows}
        check(len(truth[day]) == len(names), f"all {len(names)} names in {day}")
    mixed = 0
    seen_days = set()
    for kind, status, body in answers:
        if status != 200:
            continue
        records = body["results"] if kind == "batch" else [body]
        for r in records:
            day = r["as_of"] if kind == "one" else body["as_of"]
            seen_days.add(day)
            want = truth.get(day, {}).get(r["name"])
            if want is None or any(r.get(k) != v for k, v in want.items()) or r["as_of"] != day:
                mixed += 1
    check(mixed == 0, f"every answer equals lookup --json on its own snapshot ({mixed} differ)")
    check(seen_days == set(days), f"answers from all six snapshots ({sorted(seen_days)})")

    _, m, _ = srv.get("/metrics")
    check("peoplerank_snapshot_switches_total 5" in m, "metrics: 5 switches")

    # Old generations are closed: the newest file is open once per worker plus once for the
    # header; every older one once (for /history), not once per past generation.
    fds = {}
    for fd in os.listdir(f"/proc/{srv.proc.pid}/fd"):
        try:
            target = os.readlink(f"/proc/{srv.proc.pid}/fd/{fd}")
        except OSError:
            continue
        if target.endswith(".snap"):
            fds[os.path.basename(target)] = fds.get(os.path.basename(target), 0) + 1
    want_fds = {f"peoplerank-{d}.snap": 1 for d in days[:-1]}
    want_fds[f"peoplerank-{days[-1]}.snap"] = 3
    check(fds == want_fds, f"open snapshot files {fds} = {want_fds}")

    # History: one point per day, each the score in that day's file.
    who = names[0]
    _, h, _ = srv.get("/v1/persons/" + who + "/history")
    check([(p["date"], p["score"]) for p in h["history"]] ==
          [(d, truth[d][who]["score"]) for d in days], f"history of {who}: {h}")

    # A broken new latest is not served: the old one stays, the error is counted.
    with open(os.path.join(snaps, "peoplerank-2026-11-24.snap"), "wb") as f:
        f.write(b"PRSNAP\0\0 not a snapshot")
    os.symlink("peoplerank-2026-11-24.snap", os.path.join(snaps, "latest.tmp"))
    os.rename(os.path.join(snaps, "latest.tmp"), os.path.join(snaps, "latest"))
    check(wait_for(lambda: "switch_errors_total 1" in srv.get("/metrics")[1], timeout=10),
          "a broken latest is counted as a switch error")
    status, body, _ = srv.get("/v1/persons/" + who)
    check(status == 200 and body["as_of"] == days[-1], "... and the last good one still served")
    check("new latest not served" in srv.stderr(), "... and said so on stderr")
finally:
    stop.set()
    srv.stop()
shutil.rmtree(work)
finish()
