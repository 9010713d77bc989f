#!/usr/bin/env bash
# Creates THROWAWAY signing material for trying the signing chain and for the tests -- never for a release:
#   packaging/make-test-keys.sh DIR
# DIR (must be outside the repository, e.g. from mktemp -d) receives:
#   test-ca.pem / test-ca.key             a self-signed "TEST" root CA (RSA 3072, 2 days)
#   codesign.pem / codesign.key / codesign.p12 (password in codesign.p12.pass)
#                                          a code-signing certificate issued by it (EKU codeSigning)
#   minisign.pub / minisign.key           a minisign key pair without password (-W)
# Real keys live with the release manager (code signing: on a token/HSM; minisign: offline), never in git.
set -euo pipefail
source "$(dirname "$0")/common.sh"
[ $# -eq 1 ] || die "usage: $0 DIR"
dir=$1
mkdir -p "$dir"
dir=$(cd "$dir" && pwd)
case "$dir/" in "$REPO_ROOT"/*) die "refusing to write keys inside the repository ($dir)" ;; esac
need_tools openssl=openssl minisign=minisign  # both, or stop with the apt-get line
umask 077
cd "$dir"
openssl req -x509 -newkey rsa:3072 -nodes -days 2 -sha256 -keyout test-ca.key -out test-ca.pem \
  -subj "/O=Ketenregie TEST/CN=Ketenregie TEST root CA (throwaway)" \
  -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" 2>/dev/null
openssl req -newkey rsa:3072 -nodes -sha256 -keyout codesign.key -out codesign.csr \
  -subj "/O=Ketenregie TEST/CN=Ketenregie TEST code signing (throwaway)" 2>/dev/null
cat > codesign.ext <<'EXT'
basicConstraints=critical,CA:FALSE
keyUsage=critical,digitalSignature
extendedKeyUsage=codeSigning
subjectKeyIdentifier=hash
authorityKeyIdentifier=keyid
EXT
openssl x509 -req -in codesign.csr -CA test-ca.pem -CAkey test-ca.key -CAcreateserial -days 2 -sha256 \
  -extfile codesign.ext -out codesign.pem 2>/dev/null
openssl rand -hex 16 > codesign.p12.pass
openssl pkcs12 -export -inkey codesign.key -in codesign.pem -certfile test-ca.pem -name "Ketenregie TEST" \
  -passout file:codesign.p12.pass -out codesign.p12
rm -f codesign.csr codesign.ext test-ca.srl
minisign -G -W -f -p minisign.pub -s minisign.key >/dev/null
[ -s minisign.pub ] && [ -s minisign.key ] || die "minisign did not write minisign.pub/minisign.key in $dir"
echo "throwaway keys in $dir"
