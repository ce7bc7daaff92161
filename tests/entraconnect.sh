#!/usr/bin/env bash
# The EntraConnect provider end to end: `idle` runs workflows against the
# WinRM + ADSync simulator (tests/sim/winrm_sim.py) over HTTPS with Basic
# auth on 127.0.0.1, which this script starts and stops itself.
#
# Usage: entraconnect.sh IDLE [CASE...]
#
# Each case resets the simulator, applies its settings and injections, runs
# idle on the simulated clock (the simulator's clock is manual: each
# Get-ADSyncScheduler moves it 10 s, a poll interval), and compares exit
# status, stdout, stderr and what the simulator counted (shells, requests
# per action, connections) with tests/cases/entraconnect/CASE.expected
# (IDLE_GOLDEN_UPDATE=1 rewrites them). Every run must leave no shell open
# and no output may hold the password (it contains CANARY).
cases=$(cd "$(dirname "$0")" && pwd)/cases/entraconnect
. "$(dirname "$0")/simcase.sh"
export IDLE_AADC_PASSWORD='CANARY-aadc-Pa55' WRONG_PASSWORD='CANARY-wrong'
export WINRM_PW=$IDLE_AADC_PASSWORD

bash "$sim/mkcert.sh" "$tmp/certs" >/dev/null 2>&1 || { echo "mkcert.sh failed"; exit 2; }
cat >"$tmp/sim.json" <<'JSON'
{"clock": {"mode": "manual", "start": "2026-03-02T08:00:00Z", "auto_advance_s": 10},
 "settings": {"delta_seconds": 30, "initial_seconds": 60}}
JSON
sim_start winrm --user 'CORP\svc-idle' --password-env WINRM_PW \
	--tls-cert "$tmp/certs/server.pem" --tls-key "$tmp/certs/server.key" \
	--config "$tmp/sim.json" --max-lifetime 600

# The providers files: the seed's way (a PSRemoting session with an Endpoint)
# and IdLE's (a Credential session; the server is the step's ComputerName).
cp "$cases"/*.psd1 "$tmp"/
sessions() { # $1 = session type, $2 = extra credential fields, $3 = password variable
	cat <<EOF
  AuthSessions = @{
    SessionMap = @(
      @{ Match = @{ AuthSessionName = 'EntraConnect'; Role = 'EntraConnectAdmin' }
         AuthSessionType = '$1'
         Credential = @{ UserName = 'CORP\\svc-idle'; PasswordEnv = '${3:-IDLE_AADC_PASSWORD}'$2 } }
      @{ Match = @{ AuthSessionName = 'EntraConnect' }
         AuthSessionType = '$1'
         Credential = @{ UserName = 'CORP\\svc-idle'; PasswordEnv = '${3:-IDLE_AADC_PASSWORD}'$2 } }
    )
  }
  ExecutionOptions = @{ RetryProfiles = @{ Quick = @{ MaxAttempts = 3; InitialDelayMilliseconds = 1000 } } }
EOF
}
provider() { # $1 = extra options
	echo "  Providers = @{ DirectorySync = @{ Type = 'EntraConnect'; Authentication = 'Basic'; Port = $SIM_PORT$1 } }"
}
endpoint="; Endpoint = 'https://localhost:$SIM_PORT/wsman'"
{ echo '@{'; provider "; CaFile = 'certs/ca.pem'"; sessions PSRemoting "$endpoint"; echo '}'; } >"$tmp/prov-endpoint.psd1"
{ echo '@{'; provider "; CaFile = 'certs/ca.pem'"; sessions Credential ''; echo '}'; } >"$tmp/prov-computer.psd1"
{ echo '@{'; provider "; CaFile = 'certs/untrusted.pem'"; sessions Credential ''; echo '}'; } >"$tmp/prov-untrusted.psd1"
{ echo '@{'; provider "; CaFile = 'certs/ca.pem'"; sessions Credential '' WRONG_PASSWORD; echo '}'; } >"$tmp/prov-badpw.psd1"
# for idle doctor: a name that does not resolve, a port nobody listens on, untrusted TLS, bad password
{ echo '@{'; provider "; CaFile = 'certs/ca.pem'"; sessions PSRemoting "; Endpoint = 'https://no-such-host.invalid:5986/wsman'"; echo '}'; } >"$tmp/prov-dns.psd1"
{ echo '@{'; provider "; CaFile = 'certs/ca.pem'"; sessions PSRemoting "; Endpoint = 'https://127.0.0.1:1/wsman'"; echo '}'; } >"$tmp/prov-closed.psd1"
{ echo '@{'; provider "; CaFile = 'certs/untrusted.pem'"; sessions PSRemoting "$endpoint"; echo '}'; } >"$tmp/prov-endpoint-untrusted.psd1"
{ echo '@{'; provider "; CaFile = 'certs/ca.pem'"; sessions PSRemoting "$endpoint" WRONG_PASSWORD; echo '}'; } >"$tmp/prov-endpoint-badpw.psd1"
cat >"$tmp/prov-default-session.psd1" <<EOF # only a DefaultAuthSession: it serves every step
@{
$(provider "; CaFile = 'certs/ca.pem'")
  AuthSessions = @{ DefaultAuthSession = @{ AuthSessionType = 'PSRemoting'
    Credential = @{ UserName = 'CORP\\svc-idle'; PasswordEnv = 'IDLE_AADC_PASSWORD'$endpoint } } }
}
EOF

# IdLE's and the seed's templates, when the shared folder is there.
shared=${IDLE_SHARED_DIR:-$root/../shared}
seed=$(ls "$shared"/seeds/000_*.txt 2>/dev/null | head -1)
if [ -n "$seed" ]; then # the template, as the seed page prints it
	awk '/^examples\/workflows\/templates\/directorysync-entraconnect-trigger-sync.psd1$/ { on = 1; next }
	     /^Troubleshooting$/ { on = 0 } on' "$seed" >"$tmp/seed-template.psd1"
fi
upstream=$shared/upstream/idle/examples/workflows/templates/directorysync-entraconnect-trigger-sync.psd1
[ -f "$upstream" ] && cp "$upstream" "$tmp/upstream-template.psd1"

# t NAME SETTINGS INJECTIONS IDLE-ARGS...: one case.
t() {
	local name=$1 settings=$2 injections=$3 got problem=
	shift 3
	chosen "$name" "$@" || return
	ctl POST /reset >/dev/null
	[ "$settings" = '{}' ] || ctl POST /state "$settings" >/dev/null || { echo "FAIL: $name: bad settings"; fail=$((fail + 1)); return; }
	[ -z "$injections" ] || ctl POST /inject "$injections" >/dev/null || { echo "FAIL: $name: bad injection"; fail=$((fail + 1)); return; }
	(cd "$tmp" && timeout -k 5 120 "$idle" "$@" >out 2>err </dev/null; echo $? >rc)
	got=$tmp/$name.actual
	{
		printf 'exit: %s\n' "$(cat "$tmp/rc")"
		[ -s "$tmp/out" ] && { echo '--- stdout'; cat "$tmp/out"; }
		[ -s "$tmp/err" ] && { echo '--- stderr'; cat "$tmp/err"; }
		echo '--- simulator'
		ctl GET /stats | python3 -c '
import json, sys
s = json.load(sys.stdin); a = s["app"]; h = s["http"]
acts = " ".join("%s=%d" % kv for kv in sorted(a["requests_per_action"].items()))
print("shells: %d created, %d deleted, %d open" % (a["shells_created"], a["shells_deleted"], a["shells_open"]))
print("requests: %s" % (acts or "none"))
print("connections: %d, TLS handshakes: %d" % (h["connections"], h["tls_handshakes"]))'
	} | sed -e "s/\b$SIM_PORT\b/PORT/g" -e "s#$tmp#TMP#g" \
		-e "s/does not resolve: .*/does not resolve: (the resolver's message)/" >"$got"
	grep -q '^shells: .* 0 open$' "$got" || problem="a shell was left open"
	judge "$name" "$got" "${problem:-}"
}

R='--simulated-clock'
# the templates as written
t seed-template '{}' '' run seed-template.psd1 -r req-delta.psd1 -p prov-endpoint.psd1 $R
t upstream-template '{}' '' run upstream-template.psd1 -r req-delta.psd1 -p prov-computer.psd1 $R
# waiting and not waiting, Delta and Initial, the events
t wait-events '{}' '' run wf-wait.psd1 -r req-initial.psd1 -p prov-computer.psd1 $R --events -
t nowait '{}' '' run wf-nowait.psd1 -r req-delta.psd1 -p prov-endpoint.psd1 $R
# busy: retried by a retry profile without Wait; waited for with Wait
t busy-retry '{"cycle_running_at_start": 15}' '' run wf-nowait.psd1 -r req-delta.psd1 -p prov-computer.psd1 $R
t busy-wait-before '{"cycle_running_at_start": 45}' '' run wf-wait.psd1 -r req-delta.psd1 -p prov-computer.psd1 $R --events -
t busy-wait-after '{"autonomous_scheduler": true, "next_sync_in_s": 15}' '' run wf-wait.psd1 -r req-delta.psd1 -p prov-computer.psd1 $R --events -
# the start race: the scheduler still says idle on the first polls
t start-race '{"start_latency_s": 25}' '' run wf-wait.psd1 -r req-delta.psd1 -p prov-computer.psd1 $R --events -
t timeout '{"delta_seconds": 3600}' '' run wf-timeout.psd1 -r req-delta.psd1 -p prov-computer.psd1 $R
t legacy-build '{"legacy_build": true}' '' run wf-wait.psd1 -r req-delta.psd1 -p prov-computer.psd1 $R --events -
# the scheduler's states
t staging '{"staging_mode": true}' '' run wf-nowait.psd1 -r req-delta.psd1 -p prov-computer.psd1 $R
t suspended '{"scheduler_suspended": true}' '' run wf-nowait.psd1 -r req-delta.psd1 -p prov-computer.psd1 $R
t module-missing '{"module_missing": true}' '' run wf-nowait.psd1 -r req-delta.psd1 -p prov-computer.psd1 $R
t adsync-denied '{"adsync_access_denied": true}' '' run wf-nowait.psd1 -r req-delta.psd1 -p prov-computer.psd1 $R
# the WinRM and HTTP layers
t access-denied '{}' '{"kind": "access_denied", "match": "Create", "times": -1}' run wf-nowait.psd1 -r req-delta.psd1 -p prov-computer.psd1 $R
t bad-password '{}' '' run wf-nowait.psd1 -r req-delta.psd1 -p prov-badpw.psd1 $R
t tls-untrusted '{}' '' run wf-nowait.psd1 -r req-delta.psd1 -p prov-untrusted.psd1 $R
t fault-mid-poll '{}' '{"kind": "fault", "match": "Receive:Get-ADSyncScheduler", "times": 1, "wsman_code": 2150858770, "message": "The service is shutting down."}' run wf-wait.psd1 -r req-delta.psd1 -p prov-computer.psd1 $R
t fault-persistent '{}' '{"kind": "fault", "match": "Receive:Get-ADSyncScheduler", "times": -1, "wsman_code": 2150858770, "message": "The service is shutting down."}' run wf-wait.psd1 -r req-delta.psd1 -p prov-computer.psd1 $R
t reset-mid-poll '{}' '{"kind": "reset", "match": "Receive:Get-ADSyncScheduler", "times": 1}' run wf-wait.psd1 -r req-delta.psd1 -p prov-computer.psd1 $R
t shell-gone '{}' '{"kind": "shell_not_found", "match": "Command:Get-ADSyncScheduler", "times": 1}' run wf-wait.psd1 -r req-delta.psd1 -p prov-computer.psd1 $R
t receive-timeouts '{}' '{"kind": "timed_out", "match": "Receive", "times": 3}' run wf-nowait.psd1 -r req-delta.psd1 -p prov-computer.psd1 $R
t quota '{}' '{"kind": "quota", "match": "Create", "times": -1}' run wf-nowait.psd1 -r req-delta.psd1 -p prov-computer.psd1 $R
# single-object sync: created (a DN with a quote), updated, staging, out of scope, failures
t object-create '{}' '' run wf-object.psd1 -r req-object-pat.psd1 -p prov-computer.psd1 $R --format json
t object-update '{}' '' run wf-object.psd1 -r req-object-alex.psd1 -p prov-computer.psd1 $R
t object-staging '{}' '' run wf-object-staging.psd1 -r req-object-pat.psd1 -p prov-computer.psd1 $R
t object-out-of-scope '{}' '' run wf-object.psd1 -r req-object-scope.psd1 -p prov-computer.psd1 $R
t object-export-failed '{}' '' run wf-object.psd1 -r req-object-broken.psd1 -p prov-computer.psd1 $R
t object-unknown '{}' '' run wf-object.psd1 -r req-object-nobody.psd1 -p prov-computer.psd1 $R
t object-throttled '{"single_object_throttled": true}' '' run wf-object.psd1 -r req-object-pat.psd1 -p prov-computer.psd1 $R --events -
t object-unsupported '{"single_object_unsupported": true}' '' run wf-object.psd1 -r req-object-pat.psd1 -p prov-computer.psd1 $R
t no-server '{}' '' run wf-nowait.psd1 -r req-no-computer.psd1 -p prov-computer.psd1 $R

# idle doctor: all green; sessions without a server; the servers a workflow's steps name;
# one failure of each kind
t doctor-ok '{}' '' doctor prov-endpoint.psd1
t doctor-json '{"staging_mode": true}' '' doctor prov-endpoint.psd1 --format json
t doctor-no-server '{}' '' doctor prov-computer.psd1
t doctor-workflow '{}' '' doctor prov-computer.psd1 --workflow wf-wait.psd1 --request req-delta.psd1
t doctor-default-session '{}' '' doctor prov-default-session.psd1
t doctor-default-session-workflow '{}' '' doctor prov-default-session.psd1 --workflow wf-wait.psd1 --request req-delta.psd1
t doctor-dns '{}' '' doctor prov-dns.psd1
t doctor-tcp '{}' '' doctor prov-closed.psd1
t doctor-tls '{}' '' doctor prov-endpoint-untrusted.psd1
t doctor-auth '{}' '' doctor prov-endpoint-badpw.psd1
t doctor-shell '{}' '{"kind": "access_denied", "match": "Create", "times": -1}' doctor prov-endpoint.psd1
t doctor-module '{"module_missing": true}' '' doctor prov-endpoint.psd1
t doctor-adsync-rights '{"adsync_access_denied": true}' '' doctor prov-endpoint.psd1

# interrupted while it waits (the real clock, SIGTERM): exit 5, and the shell is deleted
if [ ${#only[@]} -eq 0 ] || [[ " ${only[*]} " == *" interrupted "* ]]; then
	ctl POST /reset >/dev/null
	ctl POST /state '{"delta_seconds": 3600, "clock": {"mode": "real"}}' >/dev/null
	(cd "$tmp" && exec timeout 60 "$idle" run wf-wait.psd1 -r req-delta.psd1 -p prov-computer.psd1 \
		--events ev.jsonl >out 2>err </dev/null) &
	runner=$!
	for i in $(seq 100); do grep -q DirectorySyncPoll "$tmp/ev.jsonl" 2>/dev/null && break; sleep 0.1; done
	pkill -TERM -P $runner -x idle 2>/dev/null || kill -TERM $runner
	wait $runner
	rc=$?
	open=$(ctl GET /stats | python3 -c 'import json,sys; print(json.load(sys.stdin)["app"]["shells_open"])')
	if [ $rc -eq 5 ] && [ "$open" = 0 ] && grep -q '"Status":"Interrupted"' "$tmp/ev.jsonl"; then
		pass=$((pass + 1))
	else
		echo "FAIL: interrupted: exit $rc (want 5), $open shells open (want 0)"
		cat "$tmp/err"
		fail=$((fail + 1))
	fi
fi

verdict entraconnect
