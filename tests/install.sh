#!/usr/bin/env bash
# cmake --install: idle, the library, its headers, its pkg-config file and the templates land
# under the prefix, and the installed idle runs the main job without --providers, on the
# installed default providers file (relocatable: found beside the binary).
# Usage: install.sh BUILD_DIR
set -u
build=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
cmake --install "$build" --prefix "$tmp/prefix" >/dev/null || { echo "FAIL: cmake --install"; exit 1; }
for f in bin/idle include/idle/idle.h share/idle/templates/providers.mock.psd1 \
	share/idle/templates/joiner.psd1 share/idle/templates/requests/joiner.psd1; do
	[ -e "$tmp/prefix/$f" ] || { echo "FAIL: $f was not installed"; fail=1; }
done
ls "$tmp"/prefix/lib*/pkgconfig/idle.pc >/dev/null 2>&1 || { echo "FAIL: idle.pc was not installed"; fail=1; }
cd "$tmp" || exit 2
t=prefix/share/idle/templates
NO_COLOR=1 prefix/bin/idle run $t/joiner.psd1 -r $t/requests/joiner.psd1 --simulated-clock >out.txt 2>err.txt
rc=$?
[ $rc -eq 0 ] || { echo "FAIL: the installed idle ran the joiner with exit $rc: $(cat err.txt)"; fail=1; }
grep -q "the installed templates" err.txt || { echo "FAIL: no note about the installed default: $(cat err.txt)"; fail=1; }
grep -q "): Completed" out.txt || { echo "FAIL: the joiner did not complete: $(cat out.txt)"; fail=1; }
[ $fail -eq 0 ] && echo "install: ok"
exit $fail
