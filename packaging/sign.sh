#!/usr/bin/env bash
# Signs release artefacts and writes verifiable checksums.
#
#   packaging/sign.sh authenticode FILE...   Authenticode-sign Windows executables/MSIs in place (osslsigncode)
#   packaging/sign.sh checksums [DIR]        write DIR/SHA256SUMS over every artefact in DIR and sign it with
#                                            minisign -> DIR/SHA256SUMS.minisig   (DIR: packaging/out/release)
#   packaging/sign.sh release [DIR]          both: Authenticode for DIR/*.msi and *.exe, then checksums
#   packaging/sign.sh --throwaway release    the same with throwaway TEST keys made on the spot in a temp dir
#                                            (for trying the chain; public halves are left in DIR as test-*)
#
# Keys come from the environment (never from the repository):
#   Authenticode, one of:
#     KETENREGIE_SIGN_PKCS12=cert.p12  KETENREGIE_SIGN_PKCS12_PASSFILE=file-with-password
#     KETENREGIE_SIGN_CERT=cert.pem    KETENREGIE_SIGN_KEY=key.pem                       (PEM pair)
#     KETENREGIE_SIGN_PKCS11_MODULE=/usr/lib/.../opensc-pkcs11.so KETENREGIE_SIGN_CERT=cert.pem
#         KETENREGIE_SIGN_KEY='pkcs11:token=...;object=...'                            (token / HSM)
#   KETENREGIE_TIMESTAMP_URL   RFC 3161 timestamp server, e.g. http://timestamp.digicert.com or
#                              http://timestamp.sectigo.com -- use it for every real release, so signatures stay
#                              valid after the certificate expires (not used by the tests: no network here).
#   KETENREGIE_MINISIGN_KEY    minisign secret key file (KETENREGIE_MINISIGN_PASSFILE if it has a password)
# Missing tools (osslsigncode, minisign) are installed with apt-get when run as root on Debian/Ubuntu.
set -euo pipefail
source "$(dirname "$0")/common.sh"

throwaway=
if [ "${1:-}" = --throwaway ]; then
  throwaway=$(mktemp -d)
  trap 'rm -rf "$throwaway"' EXIT
  "$PACKAGING_DIR/make-test-keys.sh" "$throwaway" >/dev/null
  export KETENREGIE_SIGN_PKCS12="$throwaway/codesign.p12" KETENREGIE_SIGN_PKCS12_PASSFILE="$throwaway/codesign.p12.pass"
  export KETENREGIE_MINISIGN_KEY="$throwaway/minisign.key"
  unset KETENREGIE_SIGN_CERT KETENREGIE_SIGN_KEY KETENREGIE_SIGN_PKCS11_MODULE KETENREGIE_MINISIGN_PASSFILE
  say "using THROWAWAY test keys (not for release)"
  shift
fi

authenticode() {
  need_tool osslsigncode osslsigncode
  local args=(-h sha256 -n "Ketenregie" -i "https://example.invalid/ketenregie")
  if [ -n "${KETENREGIE_SIGN_PKCS12:-}" ]; then
    [ -n "${KETENREGIE_SIGN_PKCS12_PASSFILE:-}" ] || die "KETENREGIE_SIGN_PKCS12_PASSFILE is not set"
    args+=(-pkcs12 "$KETENREGIE_SIGN_PKCS12" -readpass "$KETENREGIE_SIGN_PKCS12_PASSFILE")
  elif [ -n "${KETENREGIE_SIGN_PKCS11_MODULE:-}" ]; then
    args+=(-pkcs11module "$KETENREGIE_SIGN_PKCS11_MODULE" -certs "${KETENREGIE_SIGN_CERT:?}" -key "${KETENREGIE_SIGN_KEY:?}")
  elif [ -n "${KETENREGIE_SIGN_CERT:-}" ]; then
    args+=(-certs "$KETENREGIE_SIGN_CERT" -key "${KETENREGIE_SIGN_KEY:?KETENREGIE_SIGN_KEY is not set}")
  else
    die "no code-signing key: set KETENREGIE_SIGN_PKCS12 (+ _PASSFILE), KETENREGIE_SIGN_CERT + KETENREGIE_SIGN_KEY, or use --throwaway"
  fi
  if [ -n "${KETENREGIE_TIMESTAMP_URL:-}" ]; then args+=(-ts "$KETENREGIE_TIMESTAMP_URL"); fi
  local file
  for file in "$@"; do
    [ -f "$file" ] || die "no such file: $file"
    osslsigncode sign "${args[@]}" -in "$file" -out "$file.signed" >/dev/null
    mv -f "$file.signed" "$file"
    echo "authenticode: signed $file"
  done
}

checksums() {
  local dir=${1:-$OUT_DIR/release}
  [ -d "$dir" ] || die "no release folder $dir"
  need_tool minisign minisign
  [ -n "${KETENREGIE_MINISIGN_KEY:-}" ] || die "KETENREGIE_MINISIGN_KEY is not set (or use --throwaway)"
  (
    cd "$dir"
    rm -f SHA256SUMS SHA256SUMS.minisig
    mapfile -t files < <(find . -maxdepth 1 -type f ! -name 'SHA256SUMS*' ! -name '*.pub' ! -name 'test-*' \
                          -printf '%f\n' | LC_ALL=C sort)
    [ "${#files[@]}" -gt 0 ] || die "nothing to checksum in $dir"
    sha256sum -- "${files[@]}" > SHA256SUMS
    local comment
    comment="Ketenregie $(app_version) SHA256SUMS, signed $(date -u +%Y-%m-%dT%H:%M:%SZ)"
    if [ -n "${KETENREGIE_MINISIGN_PASSFILE:-}" ]; then
      minisign -S -s "$KETENREGIE_MINISIGN_KEY" -m SHA256SUMS -t "$comment" < "$KETENREGIE_MINISIGN_PASSFILE" >/dev/null
    else
      minisign -S -s "$KETENREGIE_MINISIGN_KEY" -m SHA256SUMS -t "$comment" >/dev/null
    fi
    echo "checksums: $dir/SHA256SUMS (${#files[@]} files) + SHA256SUMS.minisig"
  )
}

cmd=${1:-}
shift || true
case "$cmd" in
  authenticode)
    [ $# -gt 0 ] || die "usage: $0 authenticode FILE..."
    authenticode "$@" ;;
  checksums)
    checksums "$@" ;;
  release)
    dir=${1:-$OUT_DIR/release}
    mapfile -t pe < <(find "$dir" -maxdepth 1 -type f \( -iname '*.msi' -o -iname '*.exe' \) | LC_ALL=C sort)
    if [ "${#pe[@]}" -gt 0 ]; then authenticode "${pe[@]}"; fi
    if [ -n "$throwaway" ]; then  # leave the public halves, clearly marked, so verify.sh can be tried
      cp "$throwaway/test-ca.pem" "$dir/test-ca.pem"
      cp "$throwaway/minisign.pub" "$dir/test-minisign.pub"
    fi
    checksums "$dir"
    if [ -n "$throwaway" ]; then
      echo "verify with: packaging/verify.sh $dir --pubkey $dir/test-minisign.pub --ca $dir/test-ca.pem"
    fi
    ;;
  *) sed -n '2,25p' "$0" >&2; exit 2 ;;
esac
