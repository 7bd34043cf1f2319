#!/bin/sh
# build-windows.sh - cross-builds the daemon's libraries for
# x86_64-w64-mingw32 from Debian's own source packages (Debian's patches
# applied by dpkg-source), with Debian's mingw-w64 toolchain, into
# build-win/prefix.  Sources and apt state are cached in packaging/cache/
# (ignored by git); a library already built is not built again.
#
#   zlib     win32/Makefile.gcc, static
#   jansson  cmake, static
#   libxml2  autotools, zlib only (no ICU, iconv, lzma, HTTP, FTP, Python)
#   libzip   cmake, zlib only
#   libpng   its own sources compiled directly (the prebuilt config)
#   freetype cmake, static; no bzip2, png, brotli, harfbuzz
#   pixman   meson, static, no tests or demos
#   cairo    autotools, static: the PDF, SVG, PS and image surfaces and
#            FreeType fonts, nothing of win32/GDI (the sheets embed
#            their font); no cairo.def (Debian's export regex and a
#            .def are one too many for libtool, and a static library
#            exports nothing)
#
# No libsmf, glib (nor glib's pcre2, libffi, libintl): the daemon reads and
# writes MIDI itself since issue 17, and cairo is built without gobject.
#
# usage: sh packaging/build-windows.sh [DIR]   (DIR defaults to build-win)
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
dir=${1:-$top/build-win}
mkdir -p "$dir" && dir=$(cd "$dir" && pwd)
cache=$top/packaging/cache
apt=$cache/apt
src=$cache/src
prefix=$dir/prefix
host=x86_64-w64-mingw32
jobs=$(nproc 2>/dev/null || echo 2)

. "$top/packaging/debian-source.sh"
need dpkg-dev gcc-mingw-w64-x86-64 cmake make autoconf automake libtool \
    pkg-config meson ninja-build xz-utils zip

mkdir -p "$prefix/lib" "$prefix/include" "$prefix/lib/pkgconfig"
CMAKE_TOOLCHAIN=$dir/toolchain.cmake

# A cmake toolchain and a meson cross file for the host.
cat >"$dir/toolchain.cmake" <<EOF
set(CMAKE_SYSTEM_NAME Windows)
set(CMAKE_C_COMPILER $host-gcc)
set(CMAKE_RC_COMPILER $host-windres)
set(CMAKE_FIND_ROOT_PATH $prefix /usr/$host)
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
EOF
cat >"$dir/cross.ini" <<EOF
[binaries]
c = '$host-gcc'
ar = '$host-ar'
strip = '$host-strip'
windres = '$host-windres'
pkgconfig = 'pkg-config'
[properties]
pkg_config_libdir = '$prefix/lib/pkgconfig'
[built-in options]
c_args = ['-I$prefix/include', '$REPRO_CFLAGS']
c_link_args = ['-L$prefix/lib']
[host_machine]
system = 'windows'
cpu_family = 'x86_64'
cpu = 'x86_64'
endian = 'little'
EOF

if [ ! -f "$prefix/lib/libz.a" ]; then
	fetch_source zlib
	d=$(ls -d "$src"/zlib-*/ | head -1)
	rm -rf "$dir/obj-zlib" && mkdir -p "$dir/obj-zlib"
	# Debian's dfsg tarball drops win32/: the library is its 15 files.
	for f in adler32 compress crc32 deflate gzclose gzlib gzread gzwrite \
	    infback inffast inflate inftrees trees uncompr zutil; do
		$host-gcc -O2 $REPRO_CFLAGS -c "$d/$f.c" -o "$dir/obj-zlib/$f.o" >&2
	done
	$host-ar rcs "$prefix/lib/libz.a" "$dir"/obj-zlib/*.o
	cp "$d/zlib.h" "$d/zconf.h" "$prefix/include/"
	cat >"$prefix/lib/pkgconfig/zlib.pc" <<EOF
prefix=$prefix
Name: zlib
Description: zlib
Version: 1.2.13
Libs: -L\${prefix}/lib -lz
Cflags: -I\${prefix}/include
EOF
fi

if [ ! -f "$prefix/lib/libjansson.a" ]; then
	fetch_source jansson
	d=$(ls -d "$src"/jansson-*/ | head -1)
	cmake_lib jansson "$d" -DJANSSON_BUILD_SHARED_LIBS=OFF \
	    -DJANSSON_BUILD_DOCS=OFF -DJANSSON_WITHOUT_TESTS=ON \
	    -DJANSSON_EXAMPLES=OFF
fi

if [ ! -f "$prefix/lib/libxml2.a" ]; then
	fetch_source libxml2
	d=$(ls -d "$src"/libxml2-*/ | head -1)
	[ -f "$d/.vb-autoreconf" ] ||
	    { (cd "$d" && autoreconf -fi >&2) && touch "$d/.vb-autoreconf"; }
	rm -rf "$dir/obj-libxml2" && mkdir -p "$dir/obj-libxml2"
	(cd "$dir/obj-libxml2" &&
	    CFLAGS="-O2 $REPRO_CFLAGS" "$d/configure" --host=$host --prefix="$prefix" \
	    --disable-shared --enable-static --without-icu --without-iconv \
	    --without-lzma --without-http --without-ftp --without-python \
	    --with-zlib="$prefix" --without-debug >&2 &&
	    make -j"$jobs" libxml2.la >&2 &&
	    make install-libLTLIBRARIES install-pkgconfigDATA >&2 &&
	    make -C include install >&2)
fi

if [ ! -f "$prefix/lib/libzip.a" ]; then
	fetch_source libzip
	d=$(ls -d "$src"/libzip-*/ | head -1)
	# shellcheck disable=SC2086
	cmake_lib libzip "$d" -DZLIB_LIBRARY="$prefix/lib/libz.a" \
	    -DZLIB_INCLUDE_DIR="$prefix/include" $LIBZIP_OPTIONS
fi
if [ ! -f "$prefix/lib/libpng16.a" ]; then
	fetch_source libpng1.6
	d=$(ls -d "$src"/libpng1.6-*/ | head -1)
	rm -rf "$dir/obj-libpng" && mkdir -p "$dir/obj-libpng"
	# libpng's own prebuilt configuration, as its makefiles use it.
	cp "$d/scripts/pnglibconf.h.prebuilt" "$dir/obj-libpng/pnglibconf.h"
	for f in png pngerror pngget pngmem pngpread pngread pngrio pngrtran \
	    pngrutil pngset pngtrans pngwio pngwrite pngwtran pngwutil; do
		$host-gcc -O2 $REPRO_CFLAGS -I"$dir/obj-libpng" -I"$prefix/include" \
		    -c "$d/$f.c" -o "$dir/obj-libpng/$f.o" >&2
	done
	$host-ar rcs "$prefix/lib/libpng16.a" "$dir"/obj-libpng/*.o
	cp "$d/png.h" "$d/pngconf.h" "$dir/obj-libpng/pnglibconf.h" \
	    "$prefix/include/"
	cat >"$prefix/lib/pkgconfig/libpng.pc" <<EOF
prefix=$prefix
Name: libpng
Description: libpng
Version: 1.6
Requires.private: zlib
Libs: -L\${prefix}/lib -lpng16
Cflags: -I\${prefix}/include
EOF
fi

if [ ! -f "$prefix/lib/libfreetype.a" ]; then
	fetch_source freetype
	d=$(ls -d "$src"/freetype-*/ | head -1)
	cmake_lib freetype "$d" -DFT_DISABLE_BZIP2=ON -DFT_DISABLE_PNG=ON \
	    -DFT_DISABLE_HARFBUZZ=ON -DFT_DISABLE_BROTLI=ON \
	    -DFT_REQUIRE_ZLIB=ON -DZLIB_LIBRARY="$prefix/lib/libz.a" \
	    -DZLIB_INCLUDE_DIR="$prefix/include"
fi

if [ ! -f "$prefix/lib/libpixman-1.a" ]; then
	fetch_source pixman
	d=$(ls -d "$src"/pixman-*/ | head -1)
	rm -rf "$dir/obj-pixman"
	PKG_CONFIG_LIBDIR="$prefix/lib/pkgconfig" PKG_CONFIG_PATH= \
	    meson setup "$dir/obj-pixman" "$d" --cross-file "$dir/cross.ini" \
	    --prefix=/pixman --libdir=lib --buildtype=release \
	    --default-library=static --wrap-mode=nodownload \
	    -Dtests=disabled -Dgtk=disabled -Dlibpng=disabled \
	    -Dopenmp=disabled -Dtimers=false >&2
	ninja -C "$dir/obj-pixman" -j"$jobs" pixman/libpixman-1.a >&2
	mkdir -p "$prefix/include/pixman-1"
	cp "$dir/obj-pixman/pixman/libpixman-1.a" "$prefix/lib/"
	cp "$d/pixman/pixman.h" "$dir/obj-pixman/pixman/pixman-version.h" \
	    "$prefix/include/pixman-1/"
	cat >"$prefix/lib/pkgconfig/pixman-1.pc" <<EOF
prefix=$prefix
Name: pixman
Description: pixman
Version: 0.42.2
Libs: -L\${prefix}/lib -lpixman-1
Cflags: -I\${prefix}/include/pixman-1
EOF
fi

if [ ! -f "$prefix/lib/libcairo.a" ]; then
	fetch_source cairo
	d=$(ls -d "$src"/cairo-*/ | head -1)
	rm -rf "$dir/obj-cairo" && mkdir -p "$dir/obj-cairo"
	# As build-static.sh: Debian's patches touch Makefile.am.
	[ -f "$d/.vb-autoreconf" ] ||
	    { (cd "$d" && GTKDOCIZE=true autoreconf -fi >&2) &&
	    touch "$d/.vb-autoreconf"; }
	(cd "$dir/obj-cairo" &&
	    PKG_CONFIG_LIBDIR="$prefix/lib/pkgconfig" PKG_CONFIG_PATH= \
	    CFLAGS="-O2 $REPRO_CFLAGS -DCAIRO_WIN32_STATIC_BUILD" \
	    CPPFLAGS="-I$prefix/include" LDFLAGS="-L$prefix/lib" \
	    "$d/configure" --host=$host --prefix="$prefix" \
	    --disable-shared --enable-static --disable-dependency-tracking \
	    --disable-win32 --disable-win32-font \
	    --disable-xlib --disable-xlib-xrender --disable-xcb --disable-xcb-shm \
	    --disable-fc --enable-ft --enable-png --enable-pdf --enable-svg \
	    --enable-ps --disable-script --disable-interpreter --disable-trace \
	    --disable-gobject --disable-gtk-doc --disable-full-testing \
	    --disable-valgrind --without-x >&2 &&
	    make -C src -j"$jobs" libcairo.la export_symbols= >&2 &&
	    make -C src install-libLTLIBRARIES install-cairoincludeHEADERS \
	    install-nodist_cairoincludeHEADERS export_symbols= >&2)
fi
echo "$prefix"
