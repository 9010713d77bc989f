#!/usr/bin/env bash
# Smoke test of a built bundle, headless (QT_QPA_PLATFORM=offscreen), in a throwaway home folder:
#   packaging/smoke-test.sh [BUNDLE_DIR]        (default: packaging/out/dist/ketenregie)
# Checks: the version matches the source, `doctor` passes, `demo` creates a register (+ key-slot file), and
# the bundle carries resources/ and no excluded Qt modules. Exit 0 only when everything passes.
set -euo pipefail
source "$(dirname "$0")/common.sh"

bundle=${1:-$OUT_DIR/dist/ketenregie}
exe=$bundle/ketenregie
[ -x "$exe" ] || exe=$bundle/ketenregie-cli.exe  # Windows bundle (Git Bash): the console executable
[ -e "$exe" ] || die "no bundle at $bundle: run packaging/build.sh first"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export QT_QPA_PLATFORM=offscreen KETENREGIE_HOME="$tmp/home" KETENREGIE_POLICY_FILE="$tmp/policy.toml"
: > "$KETENREGIE_POLICY_FILE"
fail=0
check() {  # check NAME COMMAND...: runs the command, shows its output, records failure
  local name=$1; shift
  if out=$("$@" 2>&1); then echo "PASS $name"; else echo "FAIL $name (exit $?)"; fail=1; fi
  printf '%s\n' "$out" | sed 's/^/    /'
}

expected=$(app_version)
check "version" "$exe" --version
case "$out" in *"$expected"*) ;; *) echo "FAIL version: expected $expected"; fail=1 ;; esac

check "doctor" "$exe" doctor

printf 'smoke test passphrase %s\n' "$RANDOM$RANDOM" > "$tmp/passphrase"
chmod 600 "$tmp/passphrase"
register="$tmp/demo/register.ketenregie"
mkdir -p "$tmp/demo"
check "demo register" "$exe" demo --register "$register" --passphrase-file "$tmp/passphrase"
if [ -s "$register" ]; then
  echo "PASS register file written ($(stat -c %s "$register") bytes)"
  ls "$tmp/demo" | sed 's/^/    /'
  if head -c 16 "$register" | grep -q "SQLite format 3"; then echo "FAIL register is not encrypted"; fail=1; fi
else
  echo "FAIL no register file at $register"; fail=1
fi
check "doctor with the demo register" "$exe" doctor --register "$register"

internal=$bundle/_internal
[ -d "$internal/resources" ] && echo "PASS resources/ bundled ($(find "$internal/resources" -type f | wc -l) files)" \
  || { echo "FAIL resources/ missing from the bundle"; fail=1; }
unwanted=$(find "$internal" \( -iname 'libQt6Qml*' -o -iname 'libQt6Quick*' -o -iname 'Qt6Qml*' -o -iname 'Qt6Quick*' \
  -o -iname '*WebEngine*' -o -iname '*Qt63D*' -o -iname '*Multimedia*' -o -name 'QtQml.*' -o -name 'QtQuick*.*' \) | head -5)
[ -z "$unwanted" ] && echo "PASS no excluded Qt modules" || { echo "FAIL excluded Qt modules present:"; echo "$unwanted"; fail=1; }

echo "bundle size: $(du -sh "$bundle" | cut -f1)"
[ "$fail" = 0 ] && echo "SMOKE TEST PASSED" || { echo "SMOKE TEST FAILED"; exit 1; }
