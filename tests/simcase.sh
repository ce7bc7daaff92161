# tests/simcase.sh - what the end-to-end tests against a loopback simulator
# share (sourced by entraconnect.sh and entraid.sh after setting `cases`):
# the arguments (IDLE [CASE...]), a temporary folder, the simulator's control
# and stop (its start sets SIM_PORT, SIM_CONTROL_PORT and SIM_PID), choosing
# the cases to run, and judging a case against its golden file.
set -u
idle=$1
shift
case $idle in /*) ;; *) idle=$PWD/$idle ;; esac
root=$(cd "$(dirname "$0")/.." && pwd)
sim=$root/tests/sim
update=${IDLE_GOLDEN_UPDATE:-}
only=("$@")
tmp=$(mktemp -d)
pass=0 fail=0 skipped=0
ctl() { python3 "$sim/simctl.py" call "$SIM_CONTROL_PORT" "$@"; }
cleanup() {
	[ -n "${SIM_PID:-}" ] && python3 "$sim/simctl.py" stop "$SIM_CONTROL_PORT" "$SIM_PID" >/dev/null 2>&1
	rm -rf "$tmp"
}
trap cleanup EXIT
export NO_COLOR=1 NO_PROXY='*' no_proxy='*'

# sim_start SIM ARGS...: starts the simulator (winrm, graph) or exits 2.
sim_start() {
	local s=$1 vars
	shift
	vars=$(python3 "$sim/simctl.py" start "$s" "$tmp" --shell SIM -- "$@") || { echo "$vars"; exit 2; }
	eval "$vars"
}

# chosen NAME IDLE-ARGS...: whether the case runs (named on the command line, or none named;
# a .psd1 argument that is not in $tmp is a template of the shared folder that is not there).
chosen() {
	local name=$1 arg
	shift
	if [ ${#only[@]} -gt 0 ] && [[ " ${only[*]} " != *" $name "* ]]; then
		return 1
	fi
	for arg in "$@"; do
		if [[ $arg == *.psd1 ]] && [ ! -e "$tmp/$arg" ]; then
			skipped=$((skipped + 1))
			return 1
		fi
	done
}

# judge NAME GOT [PROBLEM]: a secret (CANARY) in GOT or in a JSON file the run wrote, or a
# PROBLEM the caller found, fails the case; else GOT becomes the golden (IDLE_GOLDEN_UPDATE=1)
# or must equal it.
judge() {
	local name=$1 got=$2 problem=${3:-} want=$cases/$1.expected
	if grep -q CANARY "$got" "$tmp"/*.json 2>/dev/null; then
		echo "FAIL: $name: a secret reached an output"
		grep -n CANARY "$got" "$tmp"/*.json 2>/dev/null | head -3
		fail=$((fail + 1))
	elif [ -n "$problem" ]; then
		echo "FAIL: $name: $problem"
		fail=$((fail + 1))
	elif [ -n "$update" ]; then
		cp "$got" "$want"
		pass=$((pass + 1))
	elif ! diff -u "$want" "$got"; then
		echo "FAIL: $name"
		fail=$((fail + 1))
	else
		pass=$((pass + 1))
	fi
	rm -f "$tmp"/*.json
}

# verdict SUITE: the summary line, and the exit status.
verdict() {
	echo "$1: $pass passed, $fail failed$([ $skipped -eq 0 ] || echo ", $skipped skipped (no shared folder)")"
	[ $fail -eq 0 ]
}
