#!/usr/bin/env bash
# Builds the per-machine MSI from a Windows bundle folder with wixl (msitools), on Linux:
#   packaging/windows/build-msi.sh BUNDLE_DIR OUTPUT.msi
# BUNDLE_DIR is the PyInstaller output (dist/ketenregie, holding ketenregie.exe). The file list is generated
# with wixl-heat; the product definition is packaging/windows/ketenregie.wxs. Sign the .exe files in BUNDLE_DIR
# *before* this step (packaging/sign.sh authenticode), and the MSI after it.
set -euo pipefail
source "$(dirname "$0")/../common.sh"

[ $# -eq 2 ] || die "usage: $0 BUNDLE_DIR OUTPUT.msi"
bundle=$(cd "$1" && pwd)
output=$2
need_tool wixl wixl
need_tool wixl-heat wixl
need_tool msibuild msitools
reproducible_env

version=${KETENREGIE_VERSION:-$(app_version)}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

python3 "$REPO_ROOT/packaging/policy/generate.py" --toml-only "$work/policy.toml"
# Every file of the bundle as a component (IDs derive from the paths, so they are stable between builds).
(cd "$bundle/.." && find "$(basename "$bundle")" -type f | LC_ALL=C sort) \
  | wixl-heat --prefix "$(basename "$bundle")/" --component-group BundleFiles --var var.BundleDir --directory-ref INSTALLDIR --win64 \
  > "$work/bundle-files.wxs"

# wixl resolves sources relative to the working directory (absolute paths are refused): work in $work.
ln -s "$bundle" "$work/bundle"
case "$output" in /*) ;; *) output="$PWD/$output" ;; esac
(cd "$work" && wixl --arch x64 -D Win64=yes -D Version="$version" -D BundleDir=bundle -D PolicyTemplate=policy.toml \
     -o "$output" "$PACKAGING_DIR/windows/ketenregie.wxs" bundle-files.wxs)

# What wixl cannot express (see ketenregie.wxs), set directly in the MSI tables:
#  * policy template component: 64-bit (256) + Permanent (16) + NeverOverwrite (128) = 400;
#  * feature PolicyTemplate (Level 1000, off by default) is switched on by INSTALLPOLICYTEMPLATE=1;
#  * INSTALLPOLICYTEMPLATE is a secure property, so it reaches the elevated part of a per-machine install.
msibuild "$output" -q "UPDATE \`Component\` SET \`Attributes\` = 400 WHERE \`Component\` = 'PolicyTemplateFile'"
msibuild "$output" -q "CREATE TABLE \`Condition\` (\`Feature_\` CHAR(38) NOT NULL, \`Level\` SHORT NOT NULL, \`Condition\` CHAR(255) LOCALIZABLE PRIMARY KEY \`Feature_\`, \`Level\`)"
msibuild "$output" -q "INSERT INTO \`Condition\` (\`Feature_\`, \`Level\`, \`Condition\`) VALUES ('PolicyTemplate', 1, 'INSTALLPOLICYTEMPLATE=\"1\"')"
secure=$(msiinfo export "$output" Property | awk -F'\t' '$1 == "SecureCustomProperties" { print $2 }' | tr -d '\r')
if [ -n "$secure" ]; then
  msibuild "$output" -q "UPDATE \`Property\` SET \`Value\` = '$secure;INSTALLPOLICYTEMPLATE' WHERE \`Property\` = 'SecureCustomProperties'"
else
  msibuild "$output" -q "INSERT INTO \`Property\` (\`Property\`, \`Value\`) VALUES ('SecureCustomProperties', 'INSTALLPOLICYTEMPLATE')"
fi
echo "msi: $output ($(du -h "$output" | cut -f1))"
