#!/usr/bin/env bash
# Checks idle against IdLE's own workflow files (shared/upstream/idle):
#  - every .psd1 converts, and its JSON converts back to the same JSON;
#  - every mock example passes `idle validate` without warnings;
#  - every file passes `idle validate --schema-only` (IdLE's Test-IdleWorkflow
#    level) except the fixtures IdLE's tests expect to fail that way;
#  - the shipped template examples pass `idle validate` except the three
#    that IdLE's own New-IdlePlan rejects too (see docs/validate.md).
# Usage: upstream.sh IDLE SHARED_DIR
set -u
idle=$1
case $idle in /*) ;; *) idle=$PWD/$idle ;; esac
up=$2/upstream/idle
[ -d "$up" ] || { echo "upstream corpus not found at $up"; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
bad() { echo "FAIL: $*"; fail=1; }

n=0
while IFS= read -r f; do
	n=$((n + 1))
	if ! "$idle" convert "$f" >"$tmp/a.json" 2>"$tmp/err"; then
		bad "convert $f: $(head -3 "$tmp/err")"
		continue
	fi
	"$idle" convert "$tmp/a.json" >"$tmp/b.json" 2>"$tmp/err" || bad "convert back $f: $(head -3 "$tmp/err")"
	cmp -s "$tmp/a.json" "$tmp/b.json" || bad "JSON round trip of $f differs"
done < <(find "$up" -name '*.psd1' | sort)
[ "$n" -ge 100 ] || bad "only $n upstream files found"
echo "converted $n upstream files"

out=$("$idle" validate "$up/examples/workflows/mock" 2>&1) || bad "mock examples do not validate: $out"
case $out in *warning\[*) bad "mock examples have warnings: $out" ;; esac

expected_schema_errors="tests/fixtures/workflows/preconditions/invalid-event-type.psd1
tests/fixtures/workflows/preconditions/invalid-onpreconditionfalse.psd1
tests/fixtures/workflows/preconditions/invalid-schema.psd1
tests/fixtures/workflows/resolver-missing-capability.psd1
tests/fixtures/workflows/resolver-unknown-key.psd1
tests/fixtures/workflows/resolver-with-to-key.psd1"
actual=$(cd "$up" && "$idle" validate --schema-only --quiet . 2>&1 | grep -o '^[^:]*\.psd1' | sed 's|^\./||' | sort -u)
[ "$actual" = "$expected_schema_errors" ] || bad "schema-only errors differ: expected
$expected_schema_errors
got
$actual"

broken="ad-joiner.psd1
ad-leaver.psd1
entraid-exo-leaver.psd1"
actual=$(cd "$up/examples/workflows/templates" && "$idle" validate --quiet . 2>&1 | grep -o '^[^:]*\.psd1' | sed 's|^\./||' | sort -u)
[ "$actual" = "$broken" ] || bad "template examples with errors differ: expected
$broken
got
$actual"

[ $fail -eq 0 ] && echo "upstream corpus: all checks passed"
exit $fail
