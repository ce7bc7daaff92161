#!/usr/bin/env bash
# The whole test suite, as CI runs it:
#   1. build/release: -Wall -Wextra -Werror, then every test (ctest);
#   2. build/asan:    the same with AddressSanitizer + UndefinedBehaviorSanitizer
#                     (arena allocations made individually visible to ASan);
#   3. the fuzz targets built with libFuzzer when clang is installed;
#   4. the formatting check.
# Any warning, sanitizer report, failing test or formatting difference fails it.
set -euo pipefail
cd "$(dirname "$0")/.."
jobs=$(nproc 2>/dev/null || echo 2)
step() { printf '\n== %s\n' "$*" >&2; }

build() { # dir, cmake flags...
	local dir=$1
	shift
	cmake -S . -B "$dir" -DIDLE_WERROR=ON "$@" >/dev/null
	cmake --build "$dir" -j "$jobs" -- --no-print-directory 2>&1 | grep -v '^\[' || true
	test "${PIPESTATUS[0]}" -eq 0
}

step "release build and tests"
build build/release -DCMAKE_BUILD_TYPE=RelWithDebInfo -DIDLE_BUILD_TESTS=ON -DIDLE_BUILD_BENCH=ON
ctest --test-dir build/release --output-on-failure -j "$jobs"

step "AddressSanitizer + UndefinedBehaviorSanitizer build and tests"
build build/asan -DCMAKE_BUILD_TYPE=Debug -DIDLE_SANITIZE=ON -DIDLE_DEBUG_POOL=ON \
	-DIDLE_BUILD_TESTS=ON -DIDLE_BUILD_BENCH=OFF
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:strict_string_checks=1 \
	UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	ctest --test-dir build/asan --output-on-failure -j "$jobs"

if command -v clang >/dev/null 2>&1; then
	step "libFuzzer targets (clang)"
	CC=clang build build/fuzz -DCMAKE_BUILD_TYPE=Debug -DIDLE_FUZZ=ON -DIDLE_BUILD_BENCH=OFF \
		-DIDLE_BUILD_TESTS=OFF
else
	step "clang not installed: libFuzzer targets not built (their corpora still replay above)"
fi

step "formatting"
sh scripts/check-format.sh
echo "all tests passed" >&2
