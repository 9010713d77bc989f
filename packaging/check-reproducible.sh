#!/usr/bin/env bash
# Proves the bundle build is reproducible on this machine: builds twice from one snapshot of the source, placed
# in two different folders and built into two different output folders, and compares the SHA256 of every file
# (and of the release archive). Exit 0 only when both are identical.
#   packaging/check-reproducible.sh
#   packaging/check-reproducible.sh --reuse OUT   take OUT (a finished `KETENREGIE_OUT=OUT packaging/build.sh` of
#                                                 this working tree, same SOURCE_DATE_EPOCH) as the first build and
#                                                 build only once more, from a copy in another folder (CI: half
#                                                 the time; signatures added to OUT/release are left out)
set -euo pipefail
source "$(dirname "$0")/common.sh"

reuse=
if [ "${1:-}" = --reuse ]; then
  reuse=$(cd "${2:?usage: $0 [--reuse OUT]}" && pwd)
  [ -d "$reuse/dist/ketenregie" ] || die "no finished build in $reuse (expected $reuse/dist/ketenregie)"
fi
base=${KETENREGIE_REPRO_DIR:-$OUT_DIR/repro}
venv=${KETENREGIE_BUILD_VENV:-$OUT_DIR/venv}  # one hash-checked venv for both builds
export SOURCE_DATE_EPOCH
SOURCE_DATE_EPOCH=$(source_date_epoch)
rm -rf "$base"
mkdir -p "$base/src-a"
# One snapshot of the working tree (other people's edits may land while we build), copied to two different
# paths, so the builds share their input but not their location.
tar -C "$REPO_ROOT" --exclude=./packaging/out --exclude=./.git --exclude=./.venv --exclude=__pycache__ \
    --exclude=.pytest_cache --exclude=.hypothesis --exclude='*.egg-info' -cf - . | tar -C "$base/src-a" -xf -
cp -a "$base/src-a" "$base/src-b"
# manifest OUT: every bundle file, then the release archive(s) (not signatures or checksums added later)
manifest() {
  tree_manifest "$1/dist/ketenregie"
  (cd "$1/release" && find . -maxdepth 1 -type f -name 'ketenregie-*' ! -name '*.minisig' -printf '%f\0' \
     | LC_ALL=C sort -z | xargs -0 -r sha256sum)
}
if [ -n "$reuse" ]; then
  say "build a: reusing $reuse"
  manifest "$reuse" > "$base/a.sha256"
  runs=b
else
  runs="a b"
fi
for run in $runs; do
  say "build $run (source $base/src-$run)"
  KETENREGIE_OUT="$base/$run" KETENREGIE_BUILD_VENV="$venv" "$base/src-$run/packaging/build.sh"
  manifest "$base/$run" > "$base/$run.sha256"
done

files=$(wc -l < "$base/a.sha256")
if diff -u "$base/a.sha256" "$base/b.sha256" > "$base/diff.txt"; then
  echo "REPRODUCIBLE: both builds are byte-identical ($files files compared; manifest $base/a.sha256)"
else
  changed=$(grep -c '^-[^-]' "$base/diff.txt" || true)
  echo "NOT REPRODUCIBLE: $changed of $files files differ (see $base/diff.txt):" >&2
  grep '^[-+][^-+]' "$base/diff.txt" | head -40 >&2
  exit 1
fi
