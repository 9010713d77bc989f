#!/usr/bin/env bash
# Verifies a release folder as IT would (Linux/macOS; Windows commands are in docs/it/verificatie.md):
#   packaging/verify.sh DIR --pubkey minisign.pub [--ca ca.pem]
# 1. SHA256SUMS.minisig is a valid minisign signature of SHA256SUMS by the project's public key;
# 2. every file listed in SHA256SUMS has that SHA-256;
# 3. with --ca: every .msi/.exe carries a valid Authenticode signature chaining to that CA (osslsigncode).
# Exit 0 only when every check passes.
set -euo pipefail
source "$(dirname "$0")/common.sh"

dir=${1:-}; shift || true
pubkey= ca=
while [ $# -gt 0 ]; do
  case "$1" in
    --pubkey) pubkey=$2; shift 2 ;;
    --ca) ca=$2; shift 2 ;;
    *) die "unknown option $1" ;;
  esac
done
[ -n "$dir" ] && [ -d "$dir" ] || die "usage: $0 DIR --pubkey minisign.pub [--ca ca.pem]"
[ -n "$pubkey" ] || die "--pubkey is required: the project's published minisign public key"
need_tool minisign minisign
pubkey=$(cd "$(dirname "$pubkey")" && pwd)/$(basename "$pubkey")
[ -z "$ca" ] || ca=$(cd "$(dirname "$ca")" && pwd)/$(basename "$ca")

cd "$dir"
minisign -V -p "$pubkey" -m SHA256SUMS -x SHA256SUMS.minisig || die "SHA256SUMS signature INVALID"
sha256sum --strict -c SHA256SUMS || die "checksum mismatch"
if [ -n "$ca" ]; then
  need_tool osslsigncode osslsigncode
  while IFS= read -r -d '' file; do
    if osslsigncode verify -CAfile "$ca" -in "$file" > /tmp/ketenregie-verify.$$ 2>&1; then
      echo "$file: Authenticode OK"
    else
      cat /tmp/ketenregie-verify.$$ >&2; rm -f /tmp/ketenregie-verify.$$
      die "$file: Authenticode signature INVALID"
    fi
    rm -f /tmp/ketenregie-verify.$$
  done < <(find . -maxdepth 1 -type f \( -iname '*.msi' -o -iname '*.exe' \) -print0)
fi
echo "VERIFIED: $dir"
