#!/bin/sh
# build-desktop.sh - builds the standalone vibebellsd bundle and stages
# its binary where electron-builder's extraResources picks it up
# (resources/backend/ in the desktop app, see
# electron-builder.extraResources.json).  Replaces upstream's PyInstaller
# step (pyinstaller backend/run.spec -> backend/dist/vibebells-backend).
#
# usage: sh packaging/electron/build-desktop.sh DESKTOP_DIR/resources/backend
#   then: cd DESKTOP_DIR && npx electron-builder
set -eu
[ $# -eq 1 ] || { echo "usage: $0 DESKTOP_DIR/resources/backend" >&2; exit 2; }
top=$(cd "$(dirname "$0")/../.." && pwd)
dest=$1

make -C "$top" --no-print-directory dist
version=$(cat "$top/VERSION")
arch=$(dpkg --print-architecture 2>/dev/null || uname -m)
tar=$top/dist/vibebellsd-$version-linux-$arch.tar.gz
[ -f "$tar" ] || { echo "build-desktop: $tar was not built" >&2; exit 1; }

mkdir -p "$dest"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/vbstage.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM
tar -C "$tmp" -xzf "$tar"
# install sets the executable bit explicitly: a copy through a zip or a
# tool that drops modes would leave the app unable to spawn its backend.
install -m 755 "$tmp/vibebellsd-$version-linux-$arch/vibebellsd" "$dest/vibebellsd"
"$dest/vibebellsd" --version >/dev/null
echo "build-desktop: staged $dest/vibebellsd ($(stat -c %s "$dest/vibebellsd") bytes)"
