#!/bin/sh
# pack.sh - the npm tarballs of a release, made with tar (no npm needed,
# the same bytes every time: sorted, owner 0, mtime 0).  As esbuild and swc
# ship a native executable: the main package @vibebells/client lists one
# small package per platform in optionalDependencies; each holds the binary
# in bin/ and has os/cpu fields, so npm installs only the one that fits and
# findBinary() finds it there.
#
#   sh packaging/npm/pack.sh client OUTDIR
#       OUTDIR/vibebells-client-<version>.tgz
#   sh packaging/npm/pack.sh platform BINARY PLATFORM ARCH OUTDIR
#       OUTDIR/vibebells-vibebellsd-<platform>-<arch>-<version>.tgz
#       (PLATFORM, ARCH as Node names them: linux x64, win32 x64)
set -eu
top=$(cd "$(dirname "$0")/../.." && pwd)
version=$(cat "$top/VERSION")
# The platform packages the client asks for: those a release builds.
PLATFORMS="linux-x64 linux-arm64 win32-x64"

tgz() {   # tgz STAGE OUT: STAGE/package as an npm tarball
	tar -C "$1" --owner=0 --group=0 --numeric-owner --sort=name --mtime=@0 \
	    --mode='u+rw,go+r,go-w' -cf - package | gzip -9n >"$2"
	echo "  NPM     $2 ($(stat -c %s "$2") bytes)"
}

stage=$(mktemp -d "${TMPDIR:-/tmp}/vbnpm.XXXXXX")
trap 'rm -rf "$stage"' EXIT INT TERM
mkdir -p "$stage/package"

case "${1:-}" in
client)
	[ $# -eq 2 ] || { echo "usage: $0 client OUTDIR" >&2; exit 2; }
	out=$2
	cp -R "$top/client-js/src" "$stage/package/src"
	cp "$top/client-js/README.md" "$top/LICENSE" "$stage/package/"
	# package.json as checked in, with this release's version and its
	# platform packages (not in the checkout's file: there npm would go
	# looking for them).
	VERSION=$version PLATFORMS=$PLATFORMS node -e '
	  const fs = require("fs");
	  const p = JSON.parse(fs.readFileSync(process.argv[1], "utf8"));
	  p.version = process.env.VERSION;
	  p.optionalDependencies = {};
	  for (const pl of process.env.PLATFORMS.split(" ")) p.optionalDependencies[`@vibebells/vibebellsd-${pl}`] = process.env.VERSION;
	  delete p.scripts; delete p.devDependencies;
	  fs.writeFileSync(process.argv[2], JSON.stringify(p, null, 2) + "\n");
	' "$top/client-js/package.json" "$stage/package/package.json"
	mkdir -p "$out"
	tgz "$stage" "$out/vibebells-client-$version.tgz"
	;;
platform)
	[ $# -eq 5 ] || { echo "usage: $0 platform BINARY PLATFORM ARCH OUTDIR" >&2; exit 2; }
	bin=$2 platform=$3 arch=$4 out=$5
	exe=vibebellsd
	[ "$platform" = win32 ] && exe=vibebellsd.exe
	mkdir -p "$stage/package/bin"
	install -m 755 "$bin" "$stage/package/bin/$exe"
	cp "$top/LICENSE" "$stage/package/"
	cat >"$stage/package/package.json" <<JSON
{
  "name": "@vibebells/vibebellsd-$platform-$arch",
  "version": "$version",
  "description": "vibebellsd $version for $platform $arch: the binary @vibebells/client runs (bin/$exe)",
  "license": "MIT",
  "os": ["$platform"],
  "cpu": ["$arch"],
  "preferUnplugged": true
}
JSON
	cat >"$stage/package/README.md" <<TXT
# @vibebells/vibebellsd-$platform-$arch

The vibebellsd $version executable for $platform $arch, as \`bin/$exe\`.
Installed through @vibebells/client's optionalDependencies on that
platform only; \`findBinary()\` finds it.  Not meant to be used directly.
TXT
	mkdir -p "$out"
	tgz "$stage" "$out/vibebells-vibebellsd-$platform-$arch-$version.tgz"
	;;
*)
	echo "usage: $0 client OUTDIR | platform BINARY PLATFORM ARCH OUTDIR" >&2
	exit 2
	;;
esac
