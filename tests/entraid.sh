#!/usr/bin/env bash
# The EntraID provider end to end: `idle` runs workflows against the fake
# Microsoft Graph + token server (tests/sim/graph_sim.py) on 127.0.0.1 over
# plain http (loopback only), which this script starts and stops itself.
#
# Usage: entraid.sh IDLE [CASE...]
#
# Each case resets the server (the directory of tests/cases/entraid/sim.json),
# applies its settings and injections, runs idle on the simulated clock (a
# Retry-After is waited on the engine's clock: nothing sleeps), and compares
# exit status, stdout, stderr and the requests the server saw (method, path,
# query, status, and each write's body as the server logged it, passwords
# redacted by the server) with tests/cases/entraid/CASE.expected
# (IDLE_GOLDEN_UPDATE=1 rewrites them). No output may hold the client secret
# or a temporary password: both contain CANARY.
cases=$(cd "$(dirname "$0")" && pwd)/cases/entraid
. "$(dirname "$0")/simcase.sh"
export IDLE_GRAPH_SECRET='CANARY-client-5ecret' WRONG_SECRET='CANARY-wrong-5ecret'

sim_start graph --config "$cases/sim.json" --max-lifetime 600

cp "$cases"/*.psd1 "$tmp"/
# providers files: $1 = extra provider options, $2 = client id, $3 = secret variable
providers() {
	local s
	cat <<EOF
@{
  Providers = @{ Identity = @{ Type = 'EntraID'
    GraphBaseUrl = '${BASE:-http://127.0.0.1:$SIM_PORT/v1.0}'; AuthorityUrl = 'http://127.0.0.1:$SIM_PORT'$1 } }
  AuthSessions = @{
    SessionMap = @(
EOF
	for s in Admin Tier0; do
		cat <<EOF
      @{ Match = @{ AuthSessionName = 'MicrosoftGraph'; Role = '$s' }
         AuthSessionType = 'OAuth'
         Credential = @{ TenantId = 'contoso.onmicrosoft.com'; ClientId = '$2'; ClientSecretEnv = '$3' } }
EOF
	done
	cat <<EOF
    )
  }
  ExecutionOptions = @{ RetryProfiles = @{ Patient = @{ MaxAttempts = 3; InitialDelayMilliseconds = 1000 } } }
}
EOF
}
app=0a1b2c3d-0000-4000-8000-00000000a001
reader=0a1b2c3d-0000-4000-8000-00000000a002
providers '' $app IDLE_GRAPH_SECRET >"$tmp/prov.psd1"
providers '; AllowDelete = $true' $app IDLE_GRAPH_SECRET >"$tmp/prov-delete.psd1"
providers '' $reader IDLE_GRAPH_SECRET >"$tmp/prov-reader.psd1"
providers '' $app WRONG_SECRET >"$tmp/prov-badsecret.psd1"
providers '' $app NO_SUCH_VARIABLE >"$tmp/prov-nosecret.psd1"
providers "; Proxy = 'http://127.0.0.1:1'" $app IDLE_GRAPH_SECRET >"$tmp/prov-proxy.psd1"
BASE=http://graph.example.com/v1.0 providers '' $app IDLE_GRAPH_SECRET >"$tmp/prov-plainhttp.psd1"
cat >"$tmp/prov-token.psd1" <<EOF
@{
  Providers = @{ Identity = @{ Type = 'EntraID'; GraphBaseUrl = 'http://127.0.0.1:$SIM_PORT/v1.0' } }
  AuthSessions = @{ DefaultAuthSession = @{ AuthSessionType = 'OAuth'; Credential = @{ TokenFile = 'token.txt' } } }
}
EOF

# IdLE's Entra templates, when the shared folder is there.
shared=${IDLE_SHARED_DIR:-$root/../shared}
for f in entraid-joiner entraid-leaver; do
	up=$shared/upstream/idle/examples/workflows/templates/$f.psd1
	[ -f "$up" ] && cp "$up" "$tmp/upstream-$f.psd1"
done

# The server's log of one case as golden lines.
summary() {
	ctl GET /log | python3 -c '
import json, sys
for e in json.load(sys.stdin)["entries"]:
    if "method" not in e:
        continue
    q = e.get("query") or ""
    a = e.get("app") or {}
    line = "%s %s%s -> %s" % (e["method"], e["path"], "?" + q if q else "", e.get("status"))
    if a.get("error"):
        line += " " + str(a["error"])
    print(line)
    body = a.get("body")
    if isinstance(body, dict) and isinstance(body.get("requests"), list):
        for r in body["requests"]:
            print("    %s %s %s" % (r.get("id"), r.get("method"), r.get("url")))
    elif body is not None:
        print("    " + json.dumps(body, sort_keys=True))
s = json.loads(sys.argv[1])["app"]
print("token requests: %d, graph requests: %d, writes: %d (%d in $batch)" % (
    s["token_requests"], s["graph_requests"], s["writes_top_level"] + s["writes_in_batches"],
    s["writes_in_batches"]))
if s["violations"]:
    print("violations: %s" % json.dumps(s["violations"], sort_keys=True))
' "$(ctl GET /stats)"
}

# t NAME SETTINGS INJECTIONS IDLE-ARGS...: one case. With TWICE=1 idle runs
# twice and the golden holds the second run (what a repeat changes).
t() {
	local name=$1 settings=$2 injections=$3 got
	shift 3
	chosen "$name" "$@" || return
	ctl POST /reset >/dev/null
	# the scope idle asks for is derived from GraphBaseUrl's origin
	ctl POST /state "{\"token_resources\": [\"http://127.0.0.1:$SIM_PORT\"]}" >/dev/null
	[ "$settings" = '{}' ] || ctl POST /state "$settings" >/dev/null || { echo "FAIL: $name: bad settings"; fail=$((fail + 1)); return; }
	[ -z "${PRE:-}" ] || eval "$PRE"
	if [ -n "${TWICE:-}" ]; then
		(cd "$tmp" && timeout -k 5 60 "$idle" "$@" >out 2>err </dev/null)
		ctl POST /state '{"action": [{"name": "clear_log"}, {"name": "clear_stats"}]}' >/dev/null
	fi
	[ -z "$injections" ] || ctl POST /inject "$injections" >/dev/null || { echo "FAIL: $name: bad injection"; fail=$((fail + 1)); return; }
	(cd "$tmp" && timeout -k 5 60 "$idle" "$@" >out 2>err </dev/null; echo $? >rc)
	got=$tmp/$name.actual
	{
		printf 'exit: %s\n' "$(cat "$tmp/rc")"
		[ -s "$tmp/out" ] && { echo '--- stdout'; cat "$tmp/out"; }
		[ -s "$tmp/err" ] && { echo '--- stderr'; cat "$tmp/err"; }
		echo '--- graph'
		summary
	} | sed -e "s/\b$SIM_PORT\b/PORT/g" -e "s#$tmp#TMP#g" -E -e "${MASK:-s/^//}" >"$got"
	judge "$name" "$got"
}

R='--simulated-clock'
J=(--format json --result result.json)
# IdLE's templates: the joiner creates, the repeat writes nothing; a mover;
# the leaver with and without AllowDelete
t joiner '{}' '' run upstream-entraid-joiner.psd1 -r req-joiner.psd1 -p prov.psd1 $R --events -
TWICE=1 t joiner-again '{}' '' run upstream-entraid-joiner.psd1 -r req-joiner.psd1 -p prov.psd1 $R
t mover '{}' '' run upstream-entraid-joiner.psd1 -r req-mover.psd1 -p prov.psd1 $R
TWICE=1 t mover-again '{}' '' run upstream-entraid-joiner.psd1 -r req-mover.psd1 -p prov.psd1 $R
t leaver '{}' '' run upstream-entraid-leaver.psd1 -r req-leaver.psd1 -p prov-delete.psd1 $R "${J[@]}"
t leaver-delete '{}' '' run upstream-entraid-leaver.psd1 -r req-leaver-delete.psd1 -p prov-delete.psd1 $R
t leaver-delete-withheld '{}' '' run upstream-entraid-leaver.psd1 -r req-leaver-delete.psd1 -p prov.psd1 $R

# B1/B3/B4/B13: attributes compare what they select, '' and $null clear, a
# manager through its reference
t attrs-same '{}' '' run wf-attrs.psd1 -r req-attrs-same.psd1 -p prov.psd1 $R
t attrs-change '{}' '' run wf-attrs-manager.psd1 -r req-attrs-change.psd1 -p prov.psd1 $R "${J[@]}"
# identity keys: a mail with an apostrophe (B6), a guest's #EXT# UPN, a UPN with 32 hex digits
# (B7), an object id, a key of no known form, nobody
t attrs-apostrophe '{}' '' run wf-job.psd1 -r req-attrs-apostrophe.psd1 -p prov.psd1 $R
t attrs-guest '{}' '' run wf-job.psd1 -r req-attrs-guest.psd1 -p prov.psd1 $R
t attrs-hexupn '{}' '' run wf-job.psd1 -r req-attrs-hexupn.psd1 -p prov.psd1 $R
t attrs-guid '{}' '' run wf-job.psd1 -r req-attrs-guid.psd1 -p prov.psd1 $R
t attrs-badkey '{}' '' run wf-job.psd1 -r req-attrs-badkey.psd1 -p prov.psd1 $R
t attrs-nouser '{}' '' run wf-job.psd1 -r req-attrs-nouser.psd1 -p prov.psd1 $R
# create: a generated password (B10), a profile from the workflow, a user that exists, a
# lookup that fails is never "absent" (B3)
t create-generated '{}' '' run wf-create-generated.psd1 -r req-create-generated.psd1 -p prov.psd1 $R
t create-disabled '{}' '' run wf-create-disabled.psd1 -r req-create-disabled.psd1 -p prov.psd1 $R --events - "${J[@]}"
t create-exists '{}' '' run wf-create-exists.psd1 -r req-create-exists.psd1 -p prov.psd1 $R
t create-lookup-503 '{}' '{"kind": "graph_error", "match": "users.get", "status": 503, "times": -1}' run wf-create-generated.psd1 -r req-create-generated.psd1 -p prov.psd1 $R
t create-lookup-403 '{}' '{"kind": "graph_error", "match": "users.get", "status": 403, "times": -1}' run wf-create-generated.psd1 -r req-create-generated.psd1 -p prov.psd1 $R
# B1: Graph's code and message when the app lacks a permission
t create-forbidden '{}' '' run wf-create-generated.psd1 -r req-create-generated.psd1 -p prov-reader.psd1 $R
# entitlements by display name (B5), an apostrophe in a name (B6), two of one name
# across pages (B11), already a member (B2), an AU, no such group, a kind Graph has not
t grant-name '{}' '' run wf-entitlement.psd1 -r req-grant-name.psd1 -p prov.psd1 $R
t revoke-name '{}' '' run wf-entitlement.psd1 -r req-revoke-name.psd1 -p prov.psd1 $R
t grant-ambiguous '{"page_size": 1}' '' run wf-entitlement.psd1 -r req-grant-ambiguous.psd1 -p prov.psd1 $R
t grant-already '{}' '{"kind": "graph_error", "match": "POST groups.members.add", "status": 400, "code": "Request_BadRequest", "message": "One or more added object references already exist for the following modified properties: '"'"'members'"'"'.", "times": 1}' run wf-entitlement.psd1 -r req-grant-already.psd1 -p prov.psd1 $R
t grant-au '{}' '' run wf-entitlement.psd1 -r req-grant-au.psd1 -p prov.psd1 $R
t grant-nogroup '{}' '' run wf-entitlement.psd1 -r req-grant-nogroup.psd1 -p prov.psd1 $R
t grant-role '{}' '' run wf-entitlement.psd1 -r req-grant-role.psd1 -p prov.psd1 $R
# context resolvers read the user and its groups (planning and the run share one token); a
# disabled user enabled; a Proxy is used (none listens there)
t resolver '{}' '' run wf-resolver.psd1 -r req-resolver.psd1 -p prov.psd1 $R
t proxy '{}' '' run wf-leaver-retry.psd1 -r req-leaver-retry.psd1 -p prov-proxy.psd1 $R
# a user made a moment ago that Graph's replicas do not know yet: retried
t replication '{"eventual_add_failures": 1, "eventual_reads": 1}' '' run upstream-entraid-joiner.psd1 -r req-joiner.psd1 -p prov.psd1 $R
# B6: a UPN with an apostrophe is looked up by $filter, not as a path
t attrs-upn-apostrophe '{}' '' run wf-job.psd1 -r req-attrs-upn-apostrophe.psd1 -p prov.psd1 $R
# B12: a step without a session
t no-session '{}' '' run wf-nosession.psd1 -r req-leaver-retry.psd1 -p prov.psd1 $R
# throttling (B8): 429 with Retry-After on a GET, a PATCH and inside $batch; 503 then success;
# a Retry-After as an HTTP date; a 429 that never ends
t throttle-get '{}' '{"kind": "throttle", "match": "users.get", "retry_after": 7, "times": 1}' run wf-leaver-retry.psd1 -r req-leaver-retry.psd1 -p prov.psd1 $R --events -
t throttle-patch '{}' '{"kind": "throttle", "match": "PATCH users.update", "retry_after": 30, "times": 1}' run wf-leaver-retry.psd1 -r req-leaver-retry.psd1 -p prov.psd1 $R --events -
t throttle-batch '{}' '{"kind": "throttle", "item_url_re": "20000000-0000-4000-8000-000000000004", "retry_after": 5, "times": 1}' run wf-leaver-retry.psd1 -r req-leaver-retry.psd1 -p prov.psd1 $R --events -
t unavailable-once '{}' '{"kind": "graph_error", "match": "PATCH users.update", "status": 503, "times": 1}' run wf-leaver-retry.psd1 -r req-leaver-retry.psd1 -p prov.psd1 $R
MASK='s/00:00:1[12][.]000Z/00:00:11-12 s/' \
	t throttle-date '{}' '{"kind": "throttle", "match": "users.get", "retry_after": 12, "date": true, "times": 1}' run wf-leaver-retry.psd1 -r req-leaver-retry.psd1 -p prov.psd1 $R --events -
t throttle-persistent '{}' '{"kind": "throttle", "match": "users.get", "retry_after": 200, "times": -1}' run wf-leaver-retry.psd1 -r req-leaver-retry.psd1 -p prov.psd1 $R
# paging: a nextLink that points at itself ends in an error, not a loop; an empty page with a
# nextLink is followed; a mixed 204/404 $batch maps each item to its own outcome
t paging-loop '{}' '{"kind": "next_link_loop", "match": "users.memberOf", "times": 1}' run wf-leaver-retry.psd1 -r req-leaver-retry.psd1 -p prov.psd1 $R
t paging-empty '{}' '{"kind": "empty_page", "match": "users.memberOf", "times": 1}' run wf-leaver-retry.psd1 -r req-leaver-retry.psd1 -p prov.psd1 $R
t batch-mixed '{}' '{"kind": "status", "item_url_re": "20000000-0000-4000-8000-000000000004", "status": 404, "times": 1}' run wf-leaver-retry.psd1 -r req-leaver-retry.psd1 -p prov.psd1 $R --events -
# tokens: expiry mid-run (one refresh), a wrong secret (exit 3), a variable not set, a token file
t token-expiry '{}' '{"kind": "expire_tokens", "match": "POST batch", "times": 1}' run wf-leaver-retry.psd1 -r req-leaver-retry.psd1 -p prov.psd1 $R
t bad-secret '{}' '' run wf-leaver-retry.psd1 -r req-leaver-retry.psd1 -p prov-badsecret.psd1 $R
t no-secret '{}' '' run wf-leaver-retry.psd1 -r req-leaver-retry.psd1 -p prov-nosecret.psd1 $R
PRE='ctl POST /state "{\"action\": {\"name\": \"issue_token\"}}" | python3 -c "import json, sys; print(json.load(sys.stdin)[\"app\"][\"last_action\"][\"access_token\"])" >"$tmp/token.txt"' \
	t token-file '{}' '' run wf-leaver-retry.psd1 -r req-leaver-retry.psd1 -p prov-token.psd1 $R
# the wire: a reply that is not JSON, a reset connection, plain http to a remote host
t malformed-json '{}' '{"kind": "malformed_json", "match": "users.get", "times": -1}' run wf-leaver-retry.psd1 -r req-leaver-retry.psd1 -p prov.psd1 $R
t reset '{}' '{"kind": "reset", "match": "users.get", "times": 1}' run wf-leaver-retry.psd1 -r req-leaver-retry.psd1 -p prov.psd1 $R
t plain-http '{}' '' run wf-leaver-retry.psd1 -r req-leaver-retry.psd1 -p prov-plainhttp.psd1 $R
# idle doctor
t doctor-ok '{}' '' doctor prov.psd1
t doctor-reader '{}' '' doctor prov-reader.psd1 --format json
t doctor-bad-secret '{}' '' doctor prov-badsecret.psd1

verdict entraid
