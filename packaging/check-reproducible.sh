#!/usr/bin/env bash
# Proves the bundle build is reproducible on this machine: builds twice from one snapshot of the source, placed
# in two different folders and built into two different output folders, and compares the SHA256 of every file
# (and of the release archive). Exit 0 only when both are identical.
#   packaging/check-reproducible.sh
set -euo pipefail
source "$(dirname "$0")/common.sh"

base=${KETENREGIE_REPRO_DIR:-$OUT_DIR/repro}
venv=${KETENREGIE_BUILD_VENV:-$OUT_DIR/venv}  # one hash-checked venv for both builds
export SOURCE_DATE_EPOCH
SOURCE_DATE_EPOCH=$(source_date_epoch)
rm -rf "$base"
mkdir -p "$base/src-a"
# One snapshot of the working tree (other people's edits may land while we build), copied to two different
# paths, so the builds share their input but not their location.
tar -C "$REPO_ROOT" --exclude=./packaging/out --exclude=./.git --exclude=./.venv --exclude=__pycache__ \
    --exclude=.pytest_cache --exclude=.hypothesis -cf - . | tar -C "$base/src-a" -xf -
cp -a "$base/src-a" "$base/src-b"
for run in a b; do
  say "build $run (source $base/src-$run)"
  KETENREGIE_OUT="$base/$run" KETENREGIE_BUILD_VENV="$venv" "$base/src-$run/packaging/build.sh"
  tree_manifest "$base/$run/dist/ketenregie" > "$base/$run.sha256"
  (cd "$base/$run/release" && sha256sum ./*) >> "$base/$run.sha256"
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
