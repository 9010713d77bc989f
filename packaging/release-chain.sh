#!/usr/bin/env bash
# The whole release chain once, on this working tree, with throwaway signing keys (what CI proves):
#   packaging/release-chain.sh [OUT]        (OUT: an empty or new folder; default packaging/out/chain)
#   1. build.sh                      bundle + .tar.gz into OUT (build venv: packaging/out/venv, hash-checked)
#   2. smoke-test.sh                 the bundle starts, doctor passes, a demo register is written
#   3. sign.sh --throwaway release   SHA256SUMS + minisign signature (test keys made on the spot)
#   4. verify.sh                     as IT verifies the release folder
#   5. check-reproducible.sh --reuse one more build from a copy in another folder; byte-identical to step 1
# Prints "STEP <name> <seconds> s" after each step and "RELEASE CHAIN PASSED" at the end; stops at the first
# failure (non-zero exit). Needs what the steps need (see packaging/README.md); as root missing tools are installed.
set -euo pipefail
source "$(dirname "$0")/common.sh"

out=${1:-$OUT_DIR/chain}
mkdir -p "$out"
out=$(cd "$out" && pwd)
export KETENREGIE_OUT=$out KETENREGIE_BUILD_VENV=${KETENREGIE_BUILD_VENV:-$PACKAGING_DIR/out/venv}
export KETENREGIE_REPRO_DIR=$out/repro SOURCE_DATE_EPOCH
SOURCE_DATE_EPOCH=$(source_date_epoch)  # one build time for both builds
need_tools objdump=binutils minisign=minisign osslsigncode=osslsigncode openssl=openssl

step() {  # step NAME COMMAND...
  local name=$1 start=$SECONDS
  shift
  say "release chain: $name"
  "$@" || die "release chain: $name failed"
  echo "STEP $name $(( SECONDS - start )) s"
}
release=$out/release
step build "$PACKAGING_DIR/build.sh"
step smoke "$PACKAGING_DIR/smoke-test.sh" "$out/dist/ketenregie"
step sign "$PACKAGING_DIR/sign.sh" --throwaway release "$release"
step verify "$PACKAGING_DIR/verify.sh" "$release" --pubkey "$release/test-minisign.pub" --ca "$release/test-ca.pem"
step reproducible "$PACKAGING_DIR/check-reproducible.sh" --reuse "$out"
echo "RELEASE CHAIN PASSED ($out)"
