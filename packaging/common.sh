# Shared helpers for the packaging scripts (sourced, not run).
# shellcheck shell=bash

PACKAGING_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO_ROOT=$(cd "$PACKAGING_DIR/.." && pwd)
OUT_DIR=${KETENREGIE_OUT:-$PACKAGING_DIR/out}

say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }
die() { printf 'ERROR: %s\n' "$*" >&2; exit 1; }

# apt_install PACKAGE...: installs Debian packages when we are root on a Debian/Ubuntu machine (`apt-get update`
# once per run, then one `apt-get install -y`; waits for another apt/dpkg run to finish); otherwise -- not root, no
# apt-get, or KETENREGIE_NO_APT=1 -- stops with the exact command to run.
apt_install() {
  [ $# -gt 0 ] || return 0
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1 && [ "${KETENREGIE_NO_APT:-}" != 1 ]; then
    say "installing Debian package(s): $*"
    local apt=(apt-get -o DPkg::Lock::Timeout=600 -qq)
    if [ -z "${_KETENREGIE_APT_UPDATED:-}" ]; then
      DEBIAN_FRONTEND=noninteractive "${apt[@]}" update >&2 || die "apt-get update failed"
      _KETENREGIE_APT_UPDATED=1
      export _KETENREGIE_APT_UPDATED
    fi
    DEBIAN_FRONTEND=noninteractive "${apt[@]}" install -y --no-install-recommends "$@" >&2 \
      || die "apt-get install -y $* failed"
  else
    local sudo=
    [ "$(id -u)" = 0 ] || sudo="sudo "
    die "missing Debian package(s) $*: install with: ${sudo}apt-get install -y $*"
  fi
}

# need_tools COMMAND=DEBIAN_PACKAGE...: installs (in one go) the packages of every command that is missing.
need_tools() {
  local pair pkgs=() cmds=()
  for pair in "$@"; do
    command -v "${pair%%=*}" >/dev/null 2>&1 && continue
    cmds+=("${pair%%=*}")
    case " ${pkgs[*]} " in *" ${pair#*=} "*) ;; *) pkgs+=("${pair#*=}") ;; esac
  done
  [ "${#pkgs[@]}" -gt 0 ] || return 0
  apt_install "${pkgs[@]}"
  for pair in "${cmds[@]}"; do
    command -v "$pair" >/dev/null 2>&1 || die "installed ${pkgs[*]} but $pair is still not found"
  done
}

# need_tool COMMAND DEBIAN_PACKAGE: installs the Debian package when the command is missing and we are root
# on a Debian/Ubuntu machine; otherwise stops with the exact command to run.
need_tool() {
  local cmd=$1 pkg=$2
  need_tools "$cmd=$pkg"
}

app_version() {
  sed -n 's/^__version__ = "\(.*\)"/\1/p' "$REPO_ROOT/desktop/ketenregie/__init__.py"
}

# A fixed build time: the last commit's time (so rebuilding a commit gives the same bytes), or a constant.
source_date_epoch() {
  if [ -n "${SOURCE_DATE_EPOCH:-}" ]; then echo "$SOURCE_DATE_EPOCH"; return; fi
  git -C "$REPO_ROOT" log -1 --format=%ct 2>/dev/null || echo 1735689600  # 2025-01-01T00:00:00Z
}

# The deterministic environment every build step runs in.
reproducible_env() {
  export SOURCE_DATE_EPOCH
  SOURCE_DATE_EPOCH=$(source_date_epoch)
  export PYTHONHASHSEED=0 PYTHONDONTWRITEBYTECODE=1 TZ=UTC LC_ALL=C.UTF-8 LANG=C.UTF-8
  umask 022
}

# tree_manifest DIR: "sha256  relative/path" for every file (and symlink target) under DIR, sorted by path.
tree_manifest() {
  (cd "$1" && find . \( -type f -o -type l \) -print0 | LC_ALL=C sort -z | while IFS= read -r -d '' f; do
      if [ -L "$f" ]; then printf '%s  %s\n' "link:$(readlink "$f")" "${f#./}"
      else printf '%s  %s\n' "$(sha256sum < "$f" | cut -d' ' -f1)" "${f#./}"; fi
    done)
}
