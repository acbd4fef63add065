#!/usr/bin/env python3
"""A second population generator, built differently from `peoplerank generate` (issue 13).

A check the score scale is NOT tuned on: docs/scores.md reports its archetype medians
separately. Where `peoplerank generate` decides for each person how much engagement they
*receive* (a daily user gets 8-20 a day from a fixed audience), this one decides how much each
person *gives*, and to whom by attention:

- every person has an appeal (lognormal, by archetype) and an activity (engagements a day);
- each person follows accounts drawn in proportion to appeal (casual users mostly among a
  neighbourhood of casual users: friends), so popular accounts gather followers by themselves;
- every day each person makes Poisson(activity) engagements, each on one of the accounts they
  follow, chosen in proportion to the followee's appeal; actions from a per-archetype mix.

Archetypes: newcomer, casual, daily, marketer, celebrity, bought (casual plus 5,000-20,000 fake
followers), pod (members like every other member daily), spam (1,000-3,000 mentions a day to
random persons). Networks `mastodon` and `bluesky`; daily users, marketers and celebrities are on
both (same handle), the others on one. Output: event format v1 (README) and a label file
`network:handle<TAB>archetype`, like `peoplerank generate --labels`.

usage: popgen_alt.py --persons N [--seed S] [--mix default|pyramid] -o EVENTS --labels LABELS
"""
import argparse
import bisect
import math
import random
import sys

END = 1795478400  # 2026-11-24 00:00 UTC, the last day (as `peoplerank generate`)
DAYS = 90
NETS = ("mastodon", "bluesky")
ACTIONS = ("like", "mention", "reply", "comment", "reshare")
MIXES = {
    "default": dict(newcomer=8, casual=69, daily=14, marketer=0.5, celebrity=2, bought=0.5,
                    pod=2, spam=0.05),
    "pyramid": dict(newcomer=18, casual=72.5, daily=5.5, marketer=0.4, celebrity=2, bought=0.2,
                    pod=3.3, spam=0.1),
}
# appeal: lognormal (mu, sigma); activity: engagements a day per network (lo, hi); follows
# (lo, hi) per network; action mix (like, mention, reply, comment, reshare)
ARCH = {
    "newcomer": ((-1.0, 0.5), (0.2, 0.6), (10, 50), (70, 5, 15, 5, 5)),
    "casual": ((0.0, 0.5), (0.3, 1.5), (40, 150), (60, 5, 15, 10, 10)),
    "daily": ((1.2, 0.4), (8, 25), (100, 400), (55, 5, 15, 10, 15)),
    "marketer": ((3.0, 0.4), (20, 60), (200, 600), (40, 5, 5, 10, 40)),
    "celebrity": ((5.5, 0.3), (0.5, 2), (20, 60), (50, 10, 20, 5, 15)),
}


def counts(n, mix):
    spec = dict(MIXES[mix])
    celeb = int(spec.pop("celebrity"))
    rest = n - celeb
    total = sum(spec.values())
    out = {k: max(1, int(rest * v / total)) for k, v in spec.items()}
    out["casual"] += rest - sum(out.values())
    out["celebrity"] = celeb
    return out


class Pop:
    def __init__(self, n, mix, rng):
        self.rng = rng
        self.people = []  # (handle, archetype, nets)
        for arch, c in counts(n, mix).items():
            for i in range(c):
                nets = NETS if arch in ("daily", "marketer", "celebrity") else (NETS[i % 2],)
                self.people.append((f"{arch}_{i:04d}", arch, nets))
        self.on = {net: [p for p, (_, _, nets) in enumerate(self.people) if net in nets]
                   for net in NETS}
        self.appeal = []
        for h, arch, _ in self.people:
            mu, sd = ARCH["casual" if arch in ("bought", "pod", "spam") else arch][0]
            self.appeal.append(math.exp(rng.gauss(mu, sd)))
        # the day each person joined: newcomers 14-28 days before the end, everyone else before
        # the window. Nobody can follow or engage a person before that day (until 2026-12-03
        # newcomers were engaged over the whole 90 days, like everyone else).
        first = END - (DAYS - 1) * 86400
        self.join = [END - rng.randint(14, 28) * 86400 if arch == "newcomer" else first
                     for _, arch, _ in self.people]

    def arch(self, p):
        return self.people[p][1]


def follows_of(pop, p, rng, cum, members, casuals, casual_pos):
    """Followees of p on a network: by appeal; casual-like users half among neighbouring
    casual users (their friends)."""
    arch = pop.arch(p)
    lo, hi = ARCH.get(arch, ARCH["casual"])[2]
    k = rng.randint(lo, hi)
    out = set()
    for _ in range(k):
        if arch in ("casual", "bought", "newcomer") and casuals and rng.random() < 0.5:
            i = casual_pos.get(p, rng.randrange(len(casuals)))
            q = casuals[(i + rng.randint(-60, 60)) % len(casuals)]
        else:
            q = members[min(bisect.bisect(cum, rng.random() * cum[-1]), len(members) - 1)]
        if q != p and pop.arch(q) != "spam":
            out.add(q)
    return sorted(out)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--persons", type=int, required=True)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--mix", default="default", choices=sorted(MIXES))
    ap.add_argument("-o", required=True)
    ap.add_argument("--labels", required=True)
    a = ap.parse_args()
    rng = random.Random(a.seed)
    pop = Pop(a.persons, a.mix, rng)
    out = open(a.o, "w")
    w = out.write
    w(f"# popgen_alt.py --persons {a.persons} --seed {a.seed} --mix {a.mix} (event format v1)\n")
    with open(a.labels, "w") as lab:
        for h, arch, nets in pop.people:
            for net in nets:
                lab.write(f"{net}:{h}\t{arch}\n")
    first = END - (DAYS - 1) * 86400
    pods = [p for p in range(len(pop.people)) if pop.arch(p) == "pod"]
    for net in NETS:
        members = pop.on[net]
        cum, s = [], 0.0
        for q in members:
            s += pop.appeal[q] if pop.arch(q) != "spam" else 0.0
            cum.append(s)
        casuals = [q for q in members if pop.arch(q) in ("casual", "bought")]
        casual_pos = {q: i for i, q in enumerate(casuals)}
        for p in members:
            h, arch, _ = pop.people[p]
            if arch in ("pod", "spam"):
                continue
            fol = follows_of(pop, p, rng, cum, members, casuals, casual_pos)
            if not fol:
                continue
            join = pop.join[p]
            for q in fol:  # the follows themselves, once both have joined
                t = max(join, pop.join[q]) + rng.randrange(3 * 86400)
                w(f"{t}\t{net}\t{h}\tfollow\t{pop.people[q][0]}\n")
            wc, s2 = [], 0.0
            for q in fol:
                s2 += pop.appeal[q]
                wc.append(s2)
            lo, hi = ARCH["casual" if arch == "bought" else arch][1]
            rate = rng.uniform(lo, hi)
            mix = ARCH["casual" if arch == "bought" else arch][3]
            for day in range((join - first) // 86400, DAYS):
                # Poisson(rate) by inversion is slow for large rates: normal approximation there
                k = (max(0, int(rng.gauss(rate, math.sqrt(rate)) + 0.5)) if rate > 30
                     else poisson(rng, rate))
                t0 = first + day * 86400
                for _ in range(k):
                    q = fol[min(bisect.bisect(wc, rng.random() * s2), len(fol) - 1)]
                    if pop.join[q] > t0:
                        continue  # not there yet
                    act = rng.choices(ACTIONS, mix)[0]
                    w(f"{t0 + rng.randrange(86400)}\t{net}\t{h}\t{act}\t{pop.people[q][0]}\n")
            if arch == "bought":  # 5,000-20,000 fake followers on one day
                t = first + rng.randrange(7, DAYS - 7) * 86400
                for i in range(rng.randint(5000, 20000)):
                    w(f"{t + i % 86400}\t{net}\tfake_{p}_{i:05d}\tfollow\t{h}\n")
        # pods: groups of 50-80 on this network, every member likes every other member daily
        mine = [p for p in pods if net in pop.people[p][2]]
        i = 0
        while i < len(mine):
            group = mine[i:i + rng.randint(50, 80)]
            i += len(group)
            for day in range(DAYS):
                t0 = first + day * 86400
                for u in group:
                    for v in group:
                        if u != v:
                            w(f"{t0 + rng.randrange(86400)}\t{net}\t{pop.people[u][0]}\tlike\t"
                              f"{pop.people[v][0]}\n")
        # spam bots: thousands of mentions a day to random persons of the network
        for p in members:
            if pop.arch(p) != "spam":
                continue
            for day in range(DAYS):
                t0 = first + day * 86400
                for _ in range(rng.randint(1000, 3000)):
                    q = members[rng.randrange(len(members))]
                    if q != p:
                        w(f"{t0 + rng.randrange(86400)}\t{net}\t{pop.people[p][0]}\tmention\t"
                          f"{pop.people[q][0]}\n")
    out.close()
    return 0


def poisson(rng, lam):
    L, k, p = math.exp(-lam), 0, 1.0
    while True:
        p *= rng.random()
        if p <= L:
            return k
        k += 1


if __name__ == "__main__":
    sys.exit(main())
