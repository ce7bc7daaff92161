#!/bin/sh
# The idle-validate pre-commit hook: builds idle inside this repository (once;
# pre-commit keeps its clone), then validates the files pre-commit passes.
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
idle=$here/build/pre-commit/idle
if [ ! -x "$idle" ]; then
	echo "idle-validate: building idle (first run only)..." >&2
	cmake -S "$here" -B "$here/build/pre-commit" -DCMAKE_BUILD_TYPE=Release \
		-DIDLE_BUILD_TESTS=OFF -DIDLE_BUILD_BENCH=OFF >/dev/null
	cmake --build "$here/build/pre-commit" --target idle -j >/dev/null
fi
exec "$idle" validate "$@"
