#!/usr/bin/env bash
# CSV export is safe to open in a spreadsheet: a field starting with = + - @ tab or CR gets a
# leading apostrophe inside quotes (OWASP CSV injection); other fields are untouched.
source "$(dirname "$0")/lib.sh"

printf '1700000000\ttwitter\tx\tlike\ty\n1700000000\ttwitter\ty\tlike\tz\n1700000000\ttwitter\tz\tlike\tw\n' >"$WORK/ev.tsv"
printf '=cmd|calc\ttwitter\tx\n+1+2\ttwitter\ty\n@SUM(A1)\ttwitter\tz\n' >"$WORK/ids.tsv"
"$PR_BIN" run --events "$WORK/ev.tsv" --identities "$WORK/ids.tsv" --out "$WORK/s" -q >/dev/null
"$PR_BIN" export "$WORK/s/latest" --format csv >"$WORK/all.csv"
check "= neutralised" grep -q "^[0-9]*,\"'=cmd|calc\"," "$WORK/all.csv"
check "+ neutralised" grep -q "^[0-9]*,\"'+1+2\"," "$WORK/all.csv"
check "@ neutralised" grep -q "^[0-9]*,\"'@SUM(A1)\"," "$WORK/all.csv"
check "an ordinary name is untouched" grep -q '^[0-9]*,twitter:w,' "$WORK/all.csv"
check "no field starts with a bare formula character" \
    sh -c "! grep -Eq '(^|,)[=+@]' '$WORK/all.csv'"
check "numbers stay numbers (no apostrophe before a digit)" \
    sh -c "! grep -q \"'[0-9]\" '$WORK/all.csv'"
"$PR_BIN" export "$WORK/s/latest" --format tsv >"$WORK/all.tsv"
check "TSV keeps names as they are" grep -q "	=cmd|calc	" "$WORK/all.tsv"

finish
