#!/usr/bin/env bash
# House style: every C file in the repository is formatted by .clang-format (100 columns, braces
# always, Linux brace placement). InsertBraces needs clang-format 15 or later: Debian 12 has 16.
# Fix a failure with: clang-format-16 -i FILE
set -u
root="$(cd "$(dirname "$0")/../.." && pwd)"
fmt=""
for c in clang-format-16 clang-format-17 clang-format-18 clang-format; do
    if command -v "$c" >/dev/null && "$c" --version | grep -Eq 'version (1[5-9]|[2-9][0-9])'; then
        fmt="$c"
        break
    fi
done
if [ -z "$fmt" ]; then
    echo "SKIP: no clang-format >= 15 (scripts/setup.sh installs clang-format-16)"
    exit 77
fi
cd "$root" || exit 1
if ! git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
    echo "SKIP: not a git checkout (the file list comes from git ls-files)"
    exit 77
fi
pass=0 fail=0
while IFS= read -r f; do
    if "$fmt" --dry-run -Werror "$f" >/dev/null 2>&1; then
        pass=$((pass + 1))
    else
        fail=$((fail + 1))
        echo "not formatted: $f (fix: $fmt -i $f)"
    fi
done < <(git ls-files '*.c' '*.h')
echo "$pass passed, $fail failed ($fmt)"
[ "$fail" -eq 0 ] && [ "$pass" -gt 0 ]
