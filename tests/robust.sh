#!/usr/bin/env bash
# A run that is interrupted, that shares its state file, or that cannot write
# its outputs (tests/cases/robust, on the real clock; each case bounded):
#  1. SIGTERM while a step waits: exit 5, RunCompleted Interrupted, the result and
#     the state written; a second signal ends the process at once;
#  2. two runs on one StatePath: the second waits for the first, both identities
#     survive; with LockTimeoutSeconds = 0 the second is refused before any step;
#  3. an unwritable --result is refused before the first step; a result that
#     cannot be written at the end (/dev/full) still shows the outcome, exit 6;
#  4. the state file: its folder is made, its mode kept, secrets redacted,
#     stale temporaries of a killed run removed, a symlinked lock refused;
#  5. a FIFO or a device as any input is refused at once, never read;
#  6. on a terminal (script(1)): with --events - the live view never rewrites a line
#     between JSON lines; with TERM=dumb it has no colour and no cursor codes.
#
# Usage: robust.sh IDLE
set -u
idle=$1
case $idle in /*) ;; *) idle=$PWD/$idle ;; esac
here=$(cd "$(dirname "$0")/cases/robust" && pwd)
tmp=$(mktemp -d)
pids=()
trap 'kill -9 "${pids[@]}" 2>/dev/null; rm -rf "$tmp"' EXIT
cp "$here"/*.psd1 "$tmp"/
cd "$tmp" || exit 2
export NO_COLOR=1
fail=0
bad() {
	echo "FAIL: $*"
	fail=1
}

# waits (up to $2 s) until process $1 has ended (it may be another shell's child)
wait_exit() {
	local i
	for i in $(seq $(($2 * 20))); do
		kill -0 "$1" 2>/dev/null || return 0
		sleep 0.05
	done
	return 1
}

# waits (up to 10 s) until file holds text
wait_for() {
	local i
	for i in $(seq 100); do
		grep -q "$2" "$1" 2>/dev/null && return 0
		sleep 0.1
	done
	return 1
}

state=state/sub/identity.json

# ---- 1. interruption ------------------------------------------------------------------
"$idle" run joiner.psd1 -r req-a.psd1 -p providers.psd1 --events ev1.jsonl --result res1.json \
	>out1.txt 2>err1.txt &
pid=$!
pids+=($pid)
wait_for ev1.jsonl DirectorySyncWaiting || bad "the run never reached its wait"
kill -TERM $pid
wait_exit $pid 10
wait $pid
rc=$?
[ $rc -eq 5 ] || bad "an interrupted run exits 5, not $rc"
grep -q '"Type":"RunCompleted".*"Status":"Interrupted"' ev1.jsonl || bad "no RunCompleted Interrupted event"
grep -q '"Type":"StepInterrupted","[^}]*"StepName":"Sync"' ev1.jsonl || bad "no StepInterrupted for the waiting step"
grep -q '"StepStarted".*"Announce"' ev1.jsonl && bad "a step started after the interruption"
python3 -c 'import json; r=json.load(open("res1.json")); assert r["Status"]=="Interrupted", r["Status"]; assert [s["Status"] for s in r["Steps"]]==["Completed","Interrupted"]' ||
	bad "the result file does not say Interrupted"
grep -q "Run of workflow 'Joiner with sync' (Joiner): Interrupted" out1.txt || bad "no summary after the interruption"
python3 -c 'import json; d=json.load(open("'$state'")); assert "user-a" in d["Identities"]' ||
	bad "the state was not saved after the interruption"

"$idle" run joiner.psd1 -r req-b.psd1 -p providers.psd1 --events ev2.jsonl >out2.txt 2>err2.txt &
pid=$!
pids+=($pid)
wait_for ev2.jsonl DirectorySyncWaiting || bad "the second run never reached its wait"
# two signals at once, deterministically: both are pending while the process is stopped
kill -STOP $pid
kill -INT $pid
kill -TERM $pid
kill -CONT $pid
wait_exit $pid 10
wait $pid
rc=$?
[ $rc -eq 130 ] || [ $rc -eq 143 ] || bad "a second signal ends the run at once (128 + the signal), not $rc"
grep -q '"Type":"RunCompleted"' ev2.jsonl && bad "the run went on to its end after a second signal"

# ---- 2. two runs on one state file ------------------------------------------------------
rm -rf state
"$idle" run joiner.psd1 -r req-a.psd1 -p providers.psd1 --events ev3.jsonl >out3.txt 2>err3.txt &
first=$!
pids+=($first)
wait_for ev3.jsonl DirectorySyncWaiting || bad "the first run never reached its wait"
"$idle" run quick.psd1 -r req-b.psd1 -p providers-nowait.psd1 >out4.txt 2>err4.txt
rc=$?
[ $rc -eq 2 ] || bad "a run that cannot lock the state file exits 2, not $rc"
grep -q "is in use by another run" err4.txt || bad "no message about the other run: $(cat err4.txt)"
[ -s out4.txt ] && bad "a refused run printed a result"
"$idle" run quick.psd1 -r req-b.psd1 -p providers.psd1 >out5.txt 2>err5.txt &
second=$!
pids+=($second)
sleep 0.5
kill -TERM $first # the first run ends, saves, and lets the second in
wait_exit $second 20
wait $first
wait $second
rc=$?
[ $rc -eq 0 ] || bad "the waiting run exits 0, not $rc: $(cat err5.txt)"
python3 -c 'import json; d=json.load(open("'$state'")); assert {"user-a","user-b"} <= set(d["Identities"]), d' ||
	bad "an update was lost: $(cat $state)"

# ---- 3. outputs ---------------------------------------------------------------------------
"$idle" run quick.psd1 -r req-a.psd1 -p providers.psd1 --result no/such/dir/r.json >out6.txt 2>err6.txt
rc=$?
[ $rc -eq 2 ] || bad "an unwritable --result exits 2 before the run, not $rc"
grep -q "cannot write 'no/such/dir/r.json'" err6.txt || bad "no message for the unwritable result"
[ -s out6.txt ] && bad "the refused run printed a result"
"$idle" run quick.psd1 -r req-a.psd1 -p providers.psd1 --result /dev/full >out7.txt 2>err7.txt
rc=$?
[ $rc -eq 6 ] || bad "a result that cannot be written at the end exits 6, not $rc"
grep -q "Run of workflow 'Quick joiner' (Joiner): Completed" out7.txt || bad "the outcome was not shown first"
grep -q "not all recorded" err7.txt || bad "no message that the result was not recorded"

# ---- 4. the state file ---------------------------------------------------------------------
chmod 640 $state
touch state/sub/.identity.json.tmp-a1b2c3 state/sub/identity.json.tmp4242
touch state/sub/xidentity.json.tmp-a1b2c3 state/sub/.identity.json.tmp-long-one # not ours
"$idle" run quick.psd1 -r req-b.psd1 -p providers.psd1 >/dev/null 2>&1 || bad "a plain run failed"
[ "$(stat -c %a $state)" = 640 ] || bad "the state file's mode was not kept: $(stat -c %a $state)"
[ "$(ls -a state/sub | grep tmp | tr '\n' ' ')" = ".identity.json.tmp-long-one xidentity.json.tmp-a1b2c3 " ] ||
	bad "stale temporaries were left, or others removed: $(ls -a state/sub)"
grep -q '"Password": "\[REDACTED\]"' $state || bad "a secret attribute is not redacted in the state"
grep -q '"InitialPassword": "\[REDACTED\]"' $state || bad "InitialPassword is not redacted in the state"
rm -f $state.lock
ln -s "$tmp/victim" $state.lock
"$idle" run quick.psd1 -r req-b.psd1 -p providers.psd1 >out8.txt 2>err8.txt
rc=$?
[ $rc -eq 2 ] || bad "a symlinked lock is refused (exit 2), not $rc"
[ -e victim ] && bad "the run followed the lock's symlink"
# ---- 5. inputs that are not regular files ------------------------------------------------
mkfifo fifo.psd1 fifo.json
rm -rf state && mkdir -p state/sub && mkfifo $state
for args in "validate fifo.psd1" "validate ." "convert /dev/zero" \
	"plan fifo.psd1 -r req-a.psd1" "plan quick.psd1 -r fifo.psd1" \
	"plan quick.psd1 -r req-a.psd1 -p fifo.psd1" "run --plan fifo.json -p providers.psd1" \
	"run quick.psd1 -r req-a.psd1 -p providers.psd1"; do
	timeout 10 "$idle" $args >out9.txt 2>err9.txt
	rc=$?
	[ $rc -eq 124 ] && bad "idle $args hangs on a FIFO"
	[ $rc -eq 0 ] && bad "idle $args accepted a FIFO or a device"
	grep -q "not a regular file" err9.txt || bad "idle $args: no clear message: $(head -3 err9.txt)"
done
rm -f fifo.psd1 fifo.json $state

# ---- 6. the live view on a terminal ------------------------------------------------------------
if command -v script >/dev/null; then
	cat >prov-fast.psd1 <<'PSD1'
@{ Providers = @{ Identity = @{ Type = 'Mock' }; DirectorySync = @{ Type = 'MockDirectorySync'; CycleSeconds = 1 } } }
PSD1
	TERM=xterm timeout 30 script </dev/null -qec "'$idle' run joiner.psd1 -r req-a.psd1 -p prov-fast.psd1 --events -" \
		/dev/null >tty1.txt
	grep -q '"Type":"RunCompleted"' tty1.txt || bad "no events on the terminal: $(head -3 tty1.txt)"
	grep -q 'Sync ... Poll attempt 1' tty1.txt || bad "no live view beside the events"
	grep -q $'\033\[K' tty1.txt && bad "the live view rewrites lines between the JSON events"
	TERM=dumb timeout 30 script </dev/null -qec "'$idle' run joiner.psd1 -r req-a.psd1 -p prov-fast.psd1" /dev/null >tty2.txt
	grep -q 'Sync ... done' tty2.txt || bad "no live view with TERM=dumb: $(head -3 tty2.txt)"
	grep -q $'\033' tty2.txt && bad "TERM=dumb got colour or cursor codes"
fi

if grep -rl --exclude="req-*.psd1" "CANARY" . >/dev/null; then
	bad "a secret reached a file: $(grep -rl --exclude="req-*.psd1" CANARY .)"
fi
[ $fail -eq 0 ] && echo "interruption, locking, outputs and the state file: ok"
exit $fail
