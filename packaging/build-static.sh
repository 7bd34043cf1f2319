#!/bin/sh
# build-static.sh - builds the static libraries Debian does not ship in a
# usable form, from Debian's own source packages (Debian's patches
# applied by dpkg-source), into build-dist/prefix.  Reproducible and
# cached: the apt state and the sources stay in packaging/cache/ (ignored
# by git, kept by make clean), a library already built is not built
# again.
#
#   libxml2: Debian's libxml2.a needs ICU (31 MB of data), lzma and
#            more; ours has zlib only (no ICU, lzma, HTTP, FTP, Python).
#   libzip:  Debian ships no libzip.a; ours has zlib only (no bzip2,
#            lzma, zstd, TLS crypto).
# jansson, libsmf, glib and zlib come from Debian's own .a files.
#
# usage: sh packaging/build-static.sh [DIR]   (DIR defaults to build-dist)
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
dir=${1:-$top/build-dist}
mkdir -p "$dir" && dir=$(cd "$dir" && pwd)
cache=$top/packaging/cache
apt=$cache/apt
src=$cache/src
prefix=$dir/prefix
jobs=$(nproc 2>/dev/null || echo 2)

need() {
	missing=
	for p in "$@"; do
		dpkg -s "$p" >/dev/null 2>&1 || missing="$missing $p"
	done
	[ -z "$missing" ] && return 0
	echo "build-static: installing$missing" >&2
	apt-get install -y --no-install-recommends $missing >&2
}
need dpkg-dev cmake make gcc autoconf automake libtool pkg-config zlib1g-dev libjansson-dev libsmf-dev libglib2.0-dev xz-utils

# Our own apt state: a deb-src list for the distribution we run on,
# without touching the system's lists.
fetch_source() {
	pkg=$1
	if ls -d "$src/$pkg"-*/ >/dev/null 2>&1; then
		return 0
	fi
	if [ ! -f "$apt/updated" ]; then
		. /etc/os-release
		mkdir -p "$apt/lists/partial" "$apt/cache/archives/partial"
		{
			echo "deb-src http://deb.debian.org/debian $VERSION_CODENAME main"
			echo "deb-src http://deb.debian.org/debian $VERSION_CODENAME-updates main"
			echo "deb-src http://deb.debian.org/debian-security $VERSION_CODENAME-security main"
		} >"$apt/sources.list"
		apt-get -q -o Dir::Etc::SourceList="$apt/sources.list" \
		    -o Dir::Etc::SourceParts=/dev/null \
		    -o Dir::State::Lists="$apt/lists" \
		    -o Dir::Cache="$apt/cache" update >&2
		touch "$apt/updated"
	fi
	mkdir -p "$src"
	(cd "$src" && apt-get -q -o Dir::Etc::SourceList="$apt/sources.list" \
	    -o Dir::Etc::SourceParts=/dev/null \
	    -o Dir::State::Lists="$apt/lists" \
	    -o Dir::Cache="$apt/cache" source "$pkg" >&2)
}

if [ ! -f "$prefix/lib/libxml2.a" ]; then
	fetch_source libxml2
	d=$(ls -d "$src"/libxml2-*/ | head -1)
	rm -rf "$dir/obj-libxml2" && mkdir -p "$dir/obj-libxml2"
	# Debian's patches touch Makefile.am: regenerate as debian/rules does.
	[ -f "$d/.vb-autoreconf" ] ||
	    { (cd "$d" && autoreconf -fi >&2) && touch "$d/.vb-autoreconf"; }
	(cd "$dir/obj-libxml2" &&
	    CFLAGS="-O2 -fPIC" "$d/configure" --prefix="$prefix" \
	    --disable-shared --enable-static --without-icu --without-lzma \
	    --without-http --without-ftp --without-python --with-zlib \
	    --without-debug >&2 &&
	    make -j"$jobs" libxml2.la >&2 &&
	    make install-libLTLIBRARIES install-pkgconfigDATA >&2 &&
	    make -C include install >&2)
fi

if [ ! -f "$prefix/lib/libzip.a" ]; then
	fetch_source libzip
	d=$(ls -d "$src"/libzip-*/ | head -1)
	rm -rf "$dir/obj-libzip"
	cmake -S "$d" -B "$dir/obj-libzip" -DCMAKE_BUILD_TYPE=Release \
	    -DCMAKE_INSTALL_PREFIX="$prefix" -DCMAKE_INSTALL_LIBDIR=lib \
	    -DCMAKE_POSITION_INDEPENDENT_CODE=ON -DBUILD_SHARED_LIBS=OFF \
	    -DENABLE_BZIP2=OFF -DENABLE_LZMA=OFF -DENABLE_ZSTD=OFF \
	    -DENABLE_GNUTLS=OFF -DENABLE_OPENSSL=OFF -DENABLE_MBEDTLS=OFF \
	    -DENABLE_COMMONCRYPTO=OFF -DENABLE_WINDOWS_CRYPTO=OFF \
	    -DBUILD_TOOLS=OFF -DBUILD_REGRESS=OFF -DBUILD_EXAMPLES=OFF \
	    -DBUILD_DOC=OFF >&2
	cmake --build "$dir/obj-libzip" -j"$jobs" >&2
	cmake --install "$dir/obj-libzip" >&2
fi
echo "$prefix"
