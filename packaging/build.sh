#!/usr/bin/env bash
# Builds the Ketenregie one-folder bundle with PyInstaller, reproducibly:
#   packaging/build.sh            -> packaging/out/dist/ketenregie/  (+ a .tar.gz of it in packaging/out/release/)
# The build venv (packaging/out/venv) is installed only from packaging/requirements-build.txt with
# --require-hashes, outside any local pip configuration. KETENREGIE_OUT moves packaging/out elsewhere.
# Needs python3 (3.11) with venv, and objdump (binutils); as root on Debian/Ubuntu missing tools are installed.
set -euo pipefail
source "$(dirname "$0")/common.sh"

start=$(date +%s)
reproducible_env
PY=${PYTHON:-python3}
command -v "$PY" >/dev/null || need_tool python3 python3
"$PY" -c 'import venv, ensurepip' 2>/dev/null || apt_install python3-venv
need_tool objdump binutils
pyver=$("$PY" -c 'import sys; print("%d.%d" % sys.version_info[:2])')
[ "$pyver" = 3.11 ] || say "WARNING: requirements-build.txt is locked for Python 3.11; this is $pyver"

VENV=${KETENREGIE_BUILD_VENV:-$OUT_DIR/venv}
REQ=$PACKAGING_DIR/requirements-build.txt
stamp="$VENV/.req-$(sha256sum "$REQ" | cut -c1-16)"
if [ ! -f "$stamp" ]; then
  say "creating build venv $VENV (hash-checked requirements)"
  rm -rf "$VENV"
  "$PY" -m venv "$VENV"
  # PIP_CONFIG_FILE=/dev/null: ignore local mirrors and find-links; everything comes from the index, by hash.
  PIP_CONFIG_FILE=/dev/null PIP_FIND_LINKS= "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check \
      --require-hashes --no-deps --only-binary=:all: -r "$REQ"
  touch "$stamp"
fi

DIST=$OUT_DIR/dist
WORK=$OUT_DIR/build
rm -rf "$DIST" "$WORK"
say "App icon from resources/icons/ketenregie.svg (.ico for the exe, shortcut and MSI; .png)"
(cd "$REPO_ROOT" && QT_QPA_PLATFORM=offscreen "$VENV/bin/python" tools/make_icons.py resources/icons)
say "PyInstaller (SOURCE_DATE_EPOCH=$SOURCE_DATE_EPOCH, PYTHONHASHSEED=$PYTHONHASHSEED)"
(cd "$REPO_ROOT" && "$VENV/bin/python" -m PyInstaller --noconfirm --clean --log-level WARN \
    --distpath "$DIST" --workpath "$WORK" "$PACKAGING_DIR/ketenregie.spec")
BUNDLE=$DIST/ketenregie
[ -x "$BUNDLE/ketenregie" ] || [ -f "$BUNDLE/ketenregie.exe" ] || die "no executable in $BUNDLE"

# Same timestamps on every file, so archives and installers made from the folder are reproducible too.
find "$BUNDLE" -exec touch -h -d "@$SOURCE_DATE_EPOCH" {} +

version=$(app_version)
RELEASE=$OUT_DIR/release
mkdir -p "$RELEASE"
if [ "$(uname -s)" = Linux ]; then
  archive="$RELEASE/ketenregie-$version-linux-$(uname -m).tar.gz"
  tar --sort=name --mtime="@$SOURCE_DATE_EPOCH" --owner=0 --group=0 --numeric-owner \
      --pax-option=exthdr.name=%d/PaxHeaders/%f,delete=atime,delete=ctime \
      -C "$DIST" -cf - ketenregie | gzip -6 -n > "$archive"  # -9: 3x the time for <1% smaller
fi

files=$(find "$BUNDLE" -type f | wc -l)
bytes=$(du -sb "$BUNDLE" | cut -f1)
say "bundle: $BUNDLE"
echo "bundle size: $(du -sh "$BUNDLE" | cut -f1) ($bytes bytes, $files files)"
if [ -n "${archive:-}" ]; then echo "archive: $archive ($(du -h "$archive" | cut -f1))"; fi
echo "build time: $(( $(date +%s) - start )) s"
