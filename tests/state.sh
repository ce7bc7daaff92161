#!/usr/bin/env bash
# Idempotency and secrets, against a Mock that keeps its state in a file:
#  - three workflows, each run twice on the same StatePath: the first run changes
#    things, the second finds them done (Changed false), as IdLE's steps promise;
#  - the state file is valid JSON, written atomically (no temporary left);
#  - a secret in the environment (an auth session's PasswordEnv) appears in none
#    of stdout, stderr, events, results, plans or the state file.
# The summaries must equal tests/cases/state/expected.txt (IDLE_GOLDEN_UPDATE=1 rewrites it).
#
# Usage: state.sh IDLE
set -u
idle=$1
case $idle in /*) ;; *) idle=$PWD/$idle ;; esac
here=$(cd "$(dirname "$0")/cases/state" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cp "$here"/*.psd1 "$tmp"/
cd "$tmp" || exit 2
export IDLE_CANARY_SECRET='CANARY-7f3a9c-do-not-print'
fail=0
for wf in a-provision b-reverse c-delete; do
	for n in 1 2; do
		echo "== $wf, run $n"
		NO_COLOR=1 "$idle" run "$wf.psd1" -r request.psd1 -p providers.psd1 --simulated-clock \
			--events "events-$wf-$n.jsonl" --result "result-$wf-$n.json" >"out-$wf-$n.txt" 2>"err-$wf-$n.txt"
		echo "exit $?"
		cat "out-$wf-$n.txt" "err-$wf-$n.txt"
	done
done >actual.txt
NO_COLOR=1 "$idle" plan a-provision.psd1 -r request.psd1 -p providers.psd1 >plan.json 2>plan.err
if [ "${IDLE_GOLDEN_UPDATE:-}" = 1 ]; then
	cp actual.txt "$here/expected.txt"
elif ! cmp -s actual.txt "$here/expected.txt"; then
	echo "FAIL: the runs differ from tests/cases/state/expected.txt"
	diff -u "$here/expected.txt" actual.txt | head -60
	fail=1
fi
python3 -c 'import json,sys; d=json.load(open("state.json")); assert "asmith" not in d["Identities"]; assert d["Identities"]["jdoe"]["Enabled"] is True' ||
	{ echo "FAIL: state.json is not the state the runs left"; fail=1; }
ls -a | grep -q "state.json.tmp" && { echo "FAIL: a temporary state file was left behind"; fail=1; }
if grep -rl "CANARY-7f3a9c" . ; then
	echo "FAIL: the secret appears in the files above"
	fail=1
fi
[ $fail -eq 0 ] && echo "state and secrets: ok"
exit $fail
