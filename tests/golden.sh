#!/usr/bin/env bash
# Golden tests for the idle command.
#
# Usage: golden.sh IDLE CASEDIR [COMMAND] [--update]
#
# Every CASE.psd1 / CASE.json in CASEDIR is run as `idle COMMAND [ARGS] CASE.psd1`
# (ARGS from CASE.args, one line), and every CASE.cmd as `idle $(cat CASE.cmd)`,
# from inside CASEDIR with NO_COLOR=1. The exit status, standard output and
# standard error must equal CASE.expected byte for byte:
#
#     exit: 1
#     --- stdout
#     ...
#     --- stderr
#     ...
#
# (a section is left out when the stream is empty). No output may contain the
# word CANARY: test inputs mark their secrets with it. With --update, or
# IDLE_GOLDEN_UPDATE=1, the .expected files are rewritten instead; review
# the diff before committing them.
set -u
idle=$1
dir=$2
cmd=${3:-}
update=${4:-}
[ "$cmd" = --update ] && { cmd=; update=--update; }
[ "${IDLE_GOLDEN_UPDATE:-}" = 1 ] && update=--update
case $idle in /*) ;; *) idle=$PWD/$idle ;; esac

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$dir" || exit 2

pass=0
fail=0
for input in *.cmd *.psd1 *.json; do
	[ -e "$input" ] || continue
	base=${input%.*}
	[ "$input" != "$base.cmd" ] && [ -e "$base.cmd" ] && continue # the .cmd drives it
	if [ "$input" = "$base.cmd" ]; then
		read -r -a argv <"$input"
	else
		argv=()
		[ -n "$cmd" ] && argv+=("$cmd")
		if [ -f "$base.args" ]; then
			read -r -a extra <"$base.args"
			argv+=("${extra[@]}")
		fi
		argv+=("$input")
	fi
	NO_COLOR=1 timeout 60 "$idle" "${argv[@]}" >"$tmp/out" 2>"$tmp/err" </dev/null
	rc=$?
	{
		printf 'exit: %d\n' "$rc"
		if [ -s "$tmp/out" ]; then
			echo '--- stdout'
			cat "$tmp/out"
		fi
		if [ -s "$tmp/err" ]; then
			echo '--- stderr'
			cat "$tmp/err"
		fi
	} >"$tmp/actual"
	if grep -q 'CANARY' "$tmp/actual"; then # a secret of a test input reached an output
		fail=$((fail + 1))
		echo "FAIL: $dir/$input: a secret (CANARY) is in the output:"
		grep -n 'CANARY' "$tmp/actual" | head -5
		continue
	fi
	if [ "$update" = --update ]; then
		cp "$tmp/actual" "$base.expected"
		pass=$((pass + 1))
	elif [ -f "$base.expected" ] && cmp -s "$tmp/actual" "$base.expected"; then
		pass=$((pass + 1))
	else
		fail=$((fail + 1))
		echo "FAIL: $dir/$input"
		if [ -f "$base.expected" ]; then
			diff -u "$base.expected" "$tmp/actual" | head -40
		else
			echo "  (no $base.expected; run with --update to record it)"
			head -20 "$tmp/actual"
		fi
	fi
done
echo "golden $dir: $pass passed, $fail failed"
[ $fail -eq 0 ] && [ $pass -gt 0 ]
