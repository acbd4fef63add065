# The bands and gaming checks of issue 13 (docs/scores.md, "The matrix") over cell lines of
# scripts/calibration_cell.sh ("SIZE MIX LEVEL newcomer casual daily marketer celebrity bought pod
# spam SE"): prints each miss and the worst cell per archetype; exits 1 when a check fails.
#   newcomer 10-15, casual 20-30, daily 40-45, marketer 55-70, celebrity 85+ (from 10,000 persons
#   on: a celebrity is engaged by a share of everyone, and 2,000 people are too few); pod < 28 and
#   < daily; spam <= casual; bought <= casual + 2 SE (buyers are casual users plus fakes, and a
#   cell holds only a few dozen of them; the per-account requirement, fakes raise nothing, is
#   tests/cli/test_invariance.sh's).
# Variables: tol=POINTS lets a band median lie up to POINTS outside at the low and high levels;
# except="ARCH ..." reports those archetypes' misses as known and does not count them.
# usage: awk -f scripts/calibration_bands.awk [-v tol=1] [-v except="celebrity"] CELLS
BEGIN {
    archs = "newcomer casual daily marketer celebrity bought pod spam"
    k = split(archs, a, " ")
    lo["newcomer"] = 10; hi["newcomer"] = 15; lo["casual"] = 20; hi["casual"] = 30
    lo["daily"] = 40; hi["daily"] = 45; lo["marketer"] = 55; hi["marketer"] = 70
    lo["celebrity"] = 85; hi["celebrity"] = 100; bad = 0
    ne = split(except, ex, " ")
    for (i = 1; i <= ne; i++) known[ex[i]] = 1
}
function miss(arch, v, row, size, se, level,    d, e, t) {
    if (arch == "spam") return v > row["casual"] ? v - row["casual"] : 0
    if (arch == "bought") return v > row["casual"] + 2 * se ? v - row["casual"] - 2 * se : 0
    if (arch == "pod") { d = v - 27.99; e = v - row["daily"]; d = d > e ? d : e; return d > 0 ? d : 0 }
    if (arch == "celebrity" && size < 10000) return 0
    t = (level == "low" || level == "high") ? tol + 0 : 0
    return v < lo[arch] - t ? lo[arch] - v : (v > hi[arch] + t ? v - hi[arch] : 0)
}
NF >= 3 + k + 1 && $1 ~ /^[0-9]+$/ {
    for (i = 1; i <= k; i++) row[a[i]] = $(3 + i)
    for (i = 1; i <= k; i++) {
        if (row[a[i]] == "-") continue
        x = miss(a[i], row[a[i]], row, $1, $(4 + k), $3)
        if (!(a[i] in worstx) || x > worstx[a[i]]) {
            worstx[a[i]] = x; worst[a[i]] = $1 " " $2 " " $3 " (" row[a[i]] ")"
        }
        if (x > 0 && (a[i] in known)) print "KNOWN MISS " a[i] " " $1 " " $2 " " $3 ": " row[a[i]]
        else if (x > 0) { bad++; print "MISS " a[i] " " $1 " " $2 " " $3 ": " row[a[i]] }
    }
}
END {
    print "worst cell per archetype (distance outside its check):"
    for (i = 1; i <= k; i++)
        if (a[i] in worstx) printf "  %-9s %5.2f  %s\n", a[i], worstx[a[i]], worst[a[i]]
    print bad " archetype medians outside their checks"
    exit bad > 0
}
