#!/usr/bin/env bash
# IdLE's workflow fixtures planned by idle, each with the outcome
# shared/spec/idle-planning.md gives for it (tests/cases/upstream-plan/cases.txt).
#
# Usage: upstream-plan.sh IDLE SHARED_DIR
set -u
idle=$1
shared=$2
case $idle in /*) ;; *) idle=$PWD/$idle ;; esac
fx=$shared/upstream/idle/tests/fixtures/workflows
here=$(cd "$(dirname "$0")/cases/upstream-plan" && pwd)
[ -d "$fx" ] || { echo "no fixtures in $fx"; exit 2; }
cd "$here" || exit 2

trim() { printf '%s' "$1" | sed 's/^ *//; s/ *$//'; }

pass=0
fail=0
seen=" "
while IFS='|' read -r fixture prov req code want; do
	fixture=$(trim "$fixture")
	case $fixture in '' | '#'*) continue ;; esac
	prov=$(trim "$prov")
	req=$(trim "$req")
	code=$(trim "$code")
	want=$(trim "$want")
	seen="$seen$fixture "
	out=$(NO_COLOR=1 IDLE_TEST_TOKEN=t IDLE_TEST_PW=p timeout 30 "$idle" plan "$fx/$fixture" \
		--request "$req" --providers "$prov" --format text 2>&1)
	rc=$?
	if [ "$rc" = "$code" ] && printf '%s' "$out" | grep -qF -- "$want"; then
		pass=$((pass + 1))
	else
		fail=$((fail + 1))
		echo "FAIL: $fixture with $prov: exit $rc (want $code), looking for: $want"
		printf '%s\n' "$out" | head -20 | sed 's/^/    /'
	fi
done <cases.txt

# every fixture has a row
for f in $(cd "$fx" && find . -name '*.psd1' | sed 's|^\./||' | sort); do
	case $seen in *" $f "*) ;; *) echo "FAIL: no case for fixture $f"; fail=$((fail + 1)) ;; esac
done
echo "upstream plan: $pass passed, $fail failed"
[ $fail -eq 0 ] && [ $pass -gt 0 ]
