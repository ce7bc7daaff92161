#!/usr/bin/env bash
# IdLE's mock examples planned and run by idle on the built-in providers
# (tests/cases/upstream-run/cases.txt): every example plans (exit 0) and runs
# on a simulated clock; the events and summaries must equal
# tests/cases/upstream-run/expected.txt (IDLE_GOLDEN_UPDATE=1 rewrites it).
# Every mock example needs at least one row.
#
# Usage: upstream-run.sh IDLE SHARED_DIR
set -u
idle=$1
shared=$2
case $idle in /*) ;; *) idle=$PWD/$idle ;; esac
ex=$shared/upstream/idle/examples/workflows/mock
root=$(cd "$(dirname "$0")/.." && pwd)
here=$root/tests/cases/upstream-run
[ -d "$ex" ] || { echo "no examples in $ex"; exit 2; }
cd "$root" || exit 2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

trim() { printf '%s' "$1" | sed 's/^ *//; s/ *$//'; }

fail=0
seen=" "
n=0
while IFS='|' read -r example prov req; do
	example=$(trim "$example")
	case $example in '' | '#'*) continue ;; esac
	prov=$(trim "$prov")
	req=$(trim "$req")
	seen="$seen$example "
	n=$((n + 1))
	cid=$(printf 'upstream-%04d' "$n")
	if ! NO_COLOR=1 timeout 30 "$idle" plan "$ex/$example" -r "$req" -p "$prov" \
		--correlation-id "$cid" >/dev/null 2>"$tmp/plan.err"; then
		echo "FAIL: $example does not plan with $prov:"
		sed 's/^/    /' "$tmp/plan.err"
		fail=1
	fi
	echo "== $example with $prov"
	NO_COLOR=1 timeout 30 "$idle" run "$ex/$example" -r "$req" -p "$prov" \
		--correlation-id "$cid" --simulated-clock --events - 2>&1
	echo "exit $?"
done <"$here/cases.txt" >"$tmp/actual.txt"
grep "^FAIL" "$tmp/actual.txt" && fail=1
if [ "${IDLE_GOLDEN_UPDATE:-}" = 1 ]; then
	cp "$tmp/actual.txt" "$here/expected.txt"
elif ! cmp -s "$tmp/actual.txt" "$here/expected.txt"; then
	echo "FAIL: the runs differ from tests/cases/upstream-run/expected.txt"
	diff -u "$here/expected.txt" "$tmp/actual.txt" | head -80
	fail=1
fi
for f in $(cd "$ex" && ls *.psd1); do
	case $seen in *" $f "*) ;; *) echo "FAIL: no case for example $f"; fail=1 ;; esac
done
[ $fail -eq 0 ] && echo "upstream run: $n runs ok"
exit $fail
