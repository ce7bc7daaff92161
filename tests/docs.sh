#!/usr/bin/env bash
# The documentation must say what the code does: generated sections of docs/
# must equal what the idle command prints now.
# Usage: docs.sh IDLE SOURCE_DIR
set -u
idle=$1
src=$2
fail=0
expected=$(sed -n '/^<!-- generated: idle steps --format markdown -->$/,/^<!-- end generated -->$/p' \
	"$src/docs/steps.md" | sed '1d;$d')
actual=$("$idle" steps --format markdown)
if [ "$expected" != "$actual" ]; then
	echo "FAIL: docs/steps.md is out of date; regenerate its table with: idle steps --format markdown"
	diff <(echo "$expected") <(echo "$actual") | head -20
	fail=1
fi
# Every command in the help table is documented in the README, and nothing more.
for cmd in $("$idle" help | sed -n '/^Commands:/,/^$/p' | awk 'NR > 1 && NF {print $1}'); do
	grep -q "idle $cmd" "$src/README.md" || { echo "FAIL: README.md does not mention 'idle $cmd'"; fail=1; }
done
[ $fail -eq 0 ] && echo "docs match the code"
exit $fail
