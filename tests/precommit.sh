#!/usr/bin/env bash
# Runs the repository's pre-commit manifest (.pre-commit-hooks.yaml) the way a
# user's repository would, with pre-commit try-repo: a commit with a broken
# workflow must be refused (naming file, line and rule), a valid one accepted.
# Usage: precommit.sh SOURCE_DIR
set -u
src=$1
command -v pre-commit >/dev/null || { echo "pre-commit is not installed (scripts/install-deps.sh installs it)"; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export PRE_COMMIT_HOME=$tmp/cache
cd "$tmp" && git init -q work && cd work || exit 1
git config user.email t@example.invalid && git config user.name t
cat >good.psd1 <<'PSD1'
@{ Name = 'Good'; LifecycleEvent = 'Joiner'; Steps = @( @{ Name = 'Hello'; Type = 'IdLE.Step.EmitEvent' } ) }
PSD1
cat >bad.psd1 <<'PSD1'
@{ Name = 'Bad'; LifecycleEvent = 'Joiner'; Steps = @( @{ Name = 'Hello'; Type = 'IdLE.Step.EmitEvnt' } ) }
PSD1
git add good.psd1 bad.psd1
out=$(pre-commit try-repo "$src" idle-validate --files good.psd1 bad.psd1 2>&1)
rc=$?
fail=0
[ $rc -ne 0 ] || { echo "FAIL: the broken workflow was accepted"; fail=1; }
case $out in *"bad.psd1:1:"*"error[step-type]"*) ;; *) echo "FAIL: no located error in: $out"; fail=1 ;; esac
out2=$(pre-commit try-repo "$src" idle-validate --files good.psd1 2>&1) || { echo "FAIL: the valid workflow was refused: $out2"; fail=1; }
[ $fail -eq 0 ] && echo "pre-commit hook: refuses the broken workflow, accepts the valid one"
exit $fail
