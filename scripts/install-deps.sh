#!/bin/sh
# Installs, with apt-get, whatever idle needs to build and test that is missing.
# Idempotent; prints nothing when everything is already there. Run as root (or with sudo).
set -eu

# Usage: install-deps.sh [--test] [--fuzz]
#   (none)  to build idle: gcc, make, CMake, pkg-config, PCRE2, cJSON, libcurl, libxml2
#   --test  also what the tests need: cmocka, clang-format, diffutils, git, pre-commit (the
#           hook test), python3 and openssl (the loopback servers and their certificates)
#   --fuzz  also clang and its runtime (the libFuzzer targets)
pkgs="gcc make cmake pkg-config libpcre2-dev libcjson-dev libcurl4-openssl-dev libxml2-dev"
for arg in "$@"; do
	case $arg in
	--test) pkgs="$pkgs libcmocka-dev clang-format diffutils git pre-commit python3 openssl" ;;
	--fuzz) pkgs="$pkgs clang libclang-rt-14-dev" ;;
	*)
		echo "install-deps: unknown option '$arg' (--test, --fuzz)" >&2
		exit 2
		;;
	esac
done

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
