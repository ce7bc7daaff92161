#!/usr/bin/env bash
# Seeded mutation testing: does the suite notice a wrong program?
#
#   scripts/mutants.sh [--seed N] [--count N] [--list] [--only FILE:LINE:OP]... [DIR...]
#
# Collects every mutation site in the C files of DIR (default: engine steps
# providers) - a comparison flipped (== and !=), a boundary moved (< and <=,
# > and >=), && and || swapped, a success return turned into a failure
# (return 0 -> return -1) - outside comments, strings and preprocessor lines;
# takes a seeded sample of COUNT of them (default seed 1, count 40); applies
# each one in turn to the working tree, rebuilds build/mutants incrementally
# (RelWithDebInfo, tests on, warnings not errors: a mutant may be
# tautological) and runs the suite minus the tests that do not exercise
# these folders (install, precommit-hook, sim-selftest, docs), stopping at
# the first failure. A mutant the suite fails on is killed; one it passes survived.
# Prints one line per mutant and the score: killed / mutants that compiled.
# The file is restored after each mutant, and on interrupt.
#
#   --list            print the sample (or with --count 0 every site) and stop
#   --only SITE       run just this mutant (as printed: file:line:op), repeatable
#   --keep-going      do not stop the suite at its first failure (slower)
#   --asan            build and test with AddressSanitizer + UBSan, as CI's second
#                     stage does (build/mutants-asan; about three times slower):
#                     also kills mutants that only read or write out of bounds
set -euo pipefail
cd "$(dirname "$0")/.."

seed=1 count=40 list=0 stop=--stop-on-failure asan=0
only=()
dirs=()
while [ $# -gt 0 ]; do
	case $1 in
	--seed) seed=$2; shift 2 ;;
	--count) count=$2; shift 2 ;;
	--list) list=1; shift ;;
	--only) only+=("$2"); shift 2 ;;
	--keep-going) stop=; shift ;;
	--asan) asan=1; shift ;;
	-h | --help) awk 'NR > 1 && !/^#/ { exit } NR > 1 { sub(/^# ?/, ""); print }' "$0"; exit 0 ;;
	-*) echo "mutants.sh: unknown option '$1' (see --help)" >&2; exit 2 ;;
	*) dirs+=("$1"); shift ;;
	esac
done
[ ${#dirs[@]} -gt 0 ] || dirs=(engine steps providers)

# The sites, one per line: file:line:col:op (col is 0-based, in bytes).
sites() {
	python3 - "$seed" "$count" "${dirs[@]}" <<'EOF'
import os, random, re, sys
seed, count, dirs = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3:]
ops = [("==", r"(?<![=!<>])==(?!=)"), ("!=", r"!=(?!=)"),
       ("<=", r"(?<![<-])<=(?!=)"), (">=", r"(?<![>-])>=(?!=)"),
       ("<", r"(?<![<-])<(?![<=])"), (">", r"(?<![>-])>(?![>=])"),
       ("&&", r"&&"), ("||", r"\|\|"), ("return0", r"\breturn 0;")]
def code_only(text):
    """The text with comments, strings and character constants blanked."""
    out, i, n = [], 0, len(text)
    while i < n:
        c = text[i]
        if text.startswith("/*", i):
            j = text.find("*/", i + 2); j = n if j < 0 else j + 2
            out.append("".join(ch if ch == "\n" else " " for ch in text[i:j])); i = j
        elif text.startswith("//", i):
            j = text.find("\n", i); j = n if j < 0 else j
            out.append(" " * (j - i)); i = j
        elif c in "\"'":
            j = i + 1
            while j < n and text[j] != c:
                j += 2 if text[j] == "\\" else 1
            out.append(c + " " * (j - i - 1) + c); i = j + 1
        else:
            out.append(c); i += 1
    return "".join(out)
found = []
for d in dirs:
    for root, _, files in os.walk(d):
        for f in sorted(files):
            if not f.endswith(".c"):
                continue
            path = os.path.join(root, f)
            lines = code_only(open(path, encoding="utf-8").read()).split("\n")
            for ln, line in enumerate(lines, 1):
                if line.lstrip().startswith("#"):
                    continue
                for name, rx in ops:
                    for m in re.finditer(rx, line):
                        found.append(f"{path}:{ln}:{m.start()}:{name}")
found.sort()
if count > 0 and count < len(found):
    found = random.Random(seed).sample(found, count)
print("\n".join(found))
EOF
}

# Apply site $1 to its file in place.
mutate() {
	python3 - "$1" <<'EOF'
import sys
path, line, col, op = sys.argv[1].rsplit(":", 3)
line, col = int(line), int(col)
swap = {"==": "!=", "!=": "==", "<=": "<", ">=": ">", "<": "<=", ">": ">=",
        "&&": "||", "||": "&&", "return0": None}
lines = open(path, encoding="utf-8").read().split("\n")
s = lines[line - 1]
if op == "return0":
    assert s.startswith("return 0;", col), s
    s = s[:col] + "return -1;" + s[col + len("return 0;"):]
else:
    assert s.startswith(op, col), s
    s = s[:col] + swap[op] + s[col + len(op):]
lines[line - 1] = s
open(path, "w", encoding="utf-8").write("\n".join(lines))
EOF
}

if [ ${#only[@]} -gt 0 ]; then
	# --only takes file:line:op; find the column(s) among all sites
	sample=$(count=0 sites | while IFS=: read -r f l c o; do
		for want in "${only[@]}"; do
			if [ "$want" = "$f:$l:$o" ]; then echo "$f:$l:$c:$o"; fi
		done
	done)
	[ -n "$sample" ] || { echo "mutants.sh: no such site: ${only[*]}" >&2; exit 2; }
else
	sample=$(sites)
fi
if [ $list = 1 ]; then
	printf '%s\n' "$sample"
	exit 0
fi

if [ $asan = 1 ]; then
	build=build/mutants-asan
	flags=(-DCMAKE_BUILD_TYPE=Debug -DIDLE_SANITIZE=ON -DIDLE_DEBUG_POOL=ON)
	export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=halt_on_error=1
else
	build=build/mutants
	flags=(-DCMAKE_BUILD_TYPE=RelWithDebInfo)
fi
if ! git diff --quiet -- "${dirs[@]}"; then
	echo "mutants.sh: ${dirs[*]} have uncommitted changes; commit or stash them first" >&2
	exit 2
fi
cmake -S . -B $build "${flags[@]}" -DIDLE_WERROR=OFF -DIDLE_BUILD_TESTS=ON \
	-DIDLE_BUILD_BENCH=OFF >/dev/null
cmake --build $build -j2 >/dev/null
current=
restore() { [ -z "$current" ] || git checkout -q -- "$current"; }
trap 'restore; exit 130' INT TERM
trap restore EXIT

unrelated='install|precommit-hook|sim-selftest|docs'
killed=0 survived=0 broken=0
survivors=()
while IFS= read -r site; do
	[ -n "$site" ] || continue
	file=${site%%:*}
	current=$file
	mutate "$site"
	if ! cmake --build $build -j2 </dev/null >/dev/null 2>&1; then
		verdict="does not compile"
		broken=$((broken + 1))
	elif ctest --test-dir $build -j2 -E "$unrelated" $stop --timeout 60 </dev/null >/dev/null 2>&1; then
		verdict=SURVIVED
		survived=$((survived + 1))
		survivors+=("${site%:*:*}:${site##*:}")
	else
		verdict=killed
		killed=$((killed + 1))
	fi
	restore
	current=
	printf '%-60s %s\n' "${site%:*:*}:${site##*:}" "$verdict"
done <<<"$sample"
cmake --build $build -j2 >/dev/null # leave the build matching the tree

compiled=$((killed + survived))
echo
echo "$([ ${#only[@]} -gt 0 ] && echo "chosen sites" || echo "seed $seed"): $killed killed, $survived survived, $broken did not compile"
if [ $compiled -gt 0 ]; then
	awk -v k=$killed -v n=$compiled 'BEGIN { printf "score: %d/%d = %.2f\n", k, n, k / n }'
fi
[ ${#survivors[@]} -eq 0 ] || printf "survivor: --only '%s'\n" "${survivors[@]}"
