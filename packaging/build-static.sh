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
#   cairo:   Debian's libcairo.a needs fontconfig, X11 and xcb; ours has
#            the PDF, SVG, PS and image surfaces and FreeType fonts only
#            (the sheets embed their font: no fontconfig).
# jansson, pixman, freetype, libpng, brotli and zlib come from
# Debian's own .a files.
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

. "$top/packaging/debian-source.sh"
need dpkg-dev cmake make gcc autoconf automake libtool pkg-config zlib1g-dev libjansson-dev xz-utils \
    libpixman-1-dev libfreetype-dev libpng-dev libbrotli-dev

if [ ! -f "$prefix/lib/libxml2.a" ]; then
	fetch_source libxml2
	d=$(ls -d "$src"/libxml2-*/ | head -1)
	rm -rf "$dir/obj-libxml2" && mkdir -p "$dir/obj-libxml2"
	# Debian's patches touch Makefile.am: regenerate as debian/rules does.
	[ -f "$d/.vb-autoreconf" ] ||
	    { (cd "$d" && autoreconf -fi >&2) && touch "$d/.vb-autoreconf"; }
	(cd "$dir/obj-libxml2" &&
	    CFLAGS="-O2 -fPIC $REPRO_CFLAGS" "$d/configure" --prefix="$prefix" \
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
	# shellcheck disable=SC2086
	cmake_lib libzip "$d" -DCMAKE_POSITION_INDEPENDENT_CODE=ON \
	    $LIBZIP_OPTIONS
fi

if [ ! -f "$prefix/lib/libcairo.a" ]; then
	fetch_source cairo
	d=$(ls -d "$src"/cairo-*/ | head -1)
	rm -rf "$dir/obj-cairo" && mkdir -p "$dir/obj-cairo"
	# Debian's patches touch Makefile.am: regenerate as debian/rules does
	# (gtkdocize skipped: no docs are built, cairo ships gtk-doc.m4).
	[ -f "$d/.vb-autoreconf" ] ||
	    { (cd "$d" && GTKDOCIZE=true autoreconf -fi >&2) && touch "$d/.vb-autoreconf"; }
	# Only the library (src/): no tests, no tools, no docs.
	(cd "$dir/obj-cairo" &&
	    CFLAGS="-O2 -fPIC $REPRO_CFLAGS" "$d/configure" --prefix="$prefix" \
	    --disable-shared --enable-static --disable-dependency-tracking \
	    --disable-xlib --disable-xlib-xrender --disable-xcb --disable-xcb-shm \
	    --disable-fc --enable-ft --enable-png --enable-pdf --enable-svg \
	    --enable-ps --disable-script --disable-interpreter --disable-trace \
	    --disable-gobject --disable-gtk-doc --disable-full-testing \
	    --disable-valgrind --without-x >&2 &&
	    make -C src -j"$jobs" libcairo.la >&2 &&
	    make -C src install-libLTLIBRARIES install-cairoincludeHEADERS \
	    install-nodist_cairoincludeHEADERS >&2)
fi
echo "$prefix"
