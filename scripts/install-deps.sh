#!/bin/sh
# Installs, with apt-get, whatever idle needs to build and test that is missing.
# Idempotent; prints nothing when everything is already there. Run as root (or with sudo).
set -eu

# build: gcc make cmake pkg-config and the four libraries; tests: cmocka, clang-format,
# diffutils, git and pre-commit (the hook test)
pkgs="gcc make cmake pkg-config libpcre2-dev libcjson-dev libcurl4-openssl-dev libxml2-dev
libcmocka-dev clang-format diffutils git pre-commit"
[ "${1:-}" = "--fuzz" ] && pkgs="$pkgs clang libclang-rt-14-dev"

missing=""
for p in $pkgs; do
	if ! dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -q '^install ok installed$'; then
		missing="$missing $p"
	fi
done
[ -z "$missing" ] && exit 0

sudo=""
if [ "$(id -u)" -ne 0 ]; then
	command -v sudo >/dev/null 2>&1 || { echo "install-deps: need root to install:$missing" >&2; exit 2; }
	sudo=sudo
fi
echo "install-deps: installing$missing" >&2
export DEBIAN_FRONTEND=noninteractive
# Try without refreshing the package lists first (fast path); refresh if that fails.
if ! $sudo apt-get install -y -q --no-install-recommends $missing >/dev/null 2>&1; then
	$sudo apt-get update -q >/dev/null
	$sudo apt-get install -y -q --no-install-recommends $missing >/dev/null
fi
