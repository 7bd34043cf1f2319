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
#   pcre2    cmake, 8-bit only (glib needs it)
#   libffi   autotools (glib's gobject needs it)
#   libintl  packaging/windows/intl-stub.c: glib needs libintl, and its
#            fallback (proxy-libintl) is a download; a stub without
#            translations is all the daemon needs
#   glib     meson, static, no tests, no NLS
#   libpng   its own sources compiled directly (the prebuilt config)
#   freetype cmake, static; no bzip2, png, brotli, harfbuzz
#   pixman   meson, static, no tests or demos
#   cairo    autotools, static: the PDF, SVG, PS and image surfaces and
#            FreeType fonts, nothing of win32/GDI (the sheets embed
#            their font); no cairo.def (Debian's export regex and a
#            .def are one too many for libtool, and a static library
#            exports nothing)
#   libsmf   its own sources compiled directly (five files).  The mirror
#            lacks Debian's libsmf_1.3-4.debian.tar.xz (404), so this is
#            the upstream tarball without Debian's patches, said at build
#            time; our loader hands libsmf only canonical data anyway.
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
if [ ! -f "$prefix/lib/libpcre2-8.a" ]; then
	fetch_source pcre2=10.42-1
	d=$(ls -d "$src"/pcre2-*/ | head -1)
	cmake_lib pcre2 "$d" -DBUILD_STATIC_LIBS=ON -DPCRE2_BUILD_PCRE2_8=ON \
	    -DPCRE2_BUILD_PCRE2_16=OFF -DPCRE2_BUILD_PCRE2_32=OFF \
	    -DPCRE2_BUILD_PCRE2GREP=OFF -DPCRE2_BUILD_TESTS=OFF \
	    -DPCRE2_SUPPORT_JIT=OFF
fi

if [ ! -f "$prefix/lib/libffi.a" ]; then
	fetch_source libffi
	d=$(ls -d "$src"/libffi-*/ | head -1)
	rm -rf "$dir/obj-libffi" && mkdir -p "$dir/obj-libffi"
	(cd "$dir/obj-libffi" &&
	    CFLAGS="-O2 $REPRO_CFLAGS" "$d/configure" --host=$host --prefix="$prefix" --libdir="$prefix/lib" \
	    --disable-shared --enable-static --disable-docs \
	    --disable-multi-os-directory >&2 &&
	    make -j"$jobs" >&2 && make install >&2)
fi

if [ ! -f "$prefix/lib/libintl.a" ]; then
	$host-gcc -O2 -c "$top/packaging/windows/intl-stub.c" \
	    -o "$dir/intl-stub.o" >&2
	$host-ar rcs "$prefix/lib/libintl.a" "$dir/intl-stub.o"
	cp "$top/packaging/windows/libintl.h" "$prefix/include/"
	cat >"$prefix/lib/pkgconfig/intl.pc" <<EOF
prefix=$prefix
Name: intl
Description: libintl stub (no translations)
Version: 0.21
Libs: -L\${prefix}/lib -lintl
Cflags: -I\${prefix}/include
EOF
fi

if [ ! -f "$prefix/lib/libglib-2.0.a" ]; then
	fetch_source glib2.0
	d=$(ls -d "$src"/glib2.0-*/ | head -1)
	rm -rf "$dir/obj-glib"
	# The files are copied below, not installed: --prefix only names the
	# locale folder glib compiles in (unused: no translations), so it is
	# a constant, not this checkout's path.
	PKG_CONFIG_LIBDIR="$prefix/lib/pkgconfig" PKG_CONFIG_PATH= \
	    meson setup "$dir/obj-glib" "$d" --cross-file "$dir/cross.ini" \
	    --prefix=/glib --libdir=lib --buildtype=release \
	    --default-library=static --wrap-mode=nodownload \
	    -Dtests=false -Dnls=disabled -Dman=false -Dgtk_doc=false \
	    -Dselinux=disabled -Dxattr=false -Dlibmount=disabled \
	    -Dsysprof=disabled -Ddtrace=false -Dsystemtap=false >&2
	ninja -C "$dir/obj-glib" -j"$jobs" glib/libglib-2.0.a >&2
	mkdir -p "$prefix/include/glib-2.0" "$prefix/lib/glib-2.0/include"
	cp "$dir/obj-glib/glib/libglib-2.0.a" "$prefix/lib/"
	cp "$dir/obj-glib/glib/glibconfig.h" "$prefix/lib/glib-2.0/include/"
	cp "$d/glib/glib.h" "$prefix/include/glib-2.0/"
	(cd "$d" && find glib -name '*.h' ! -path 'glib/tests/*' \
	    ! -path 'glib/gnulib/*' ! -path 'glib/libcharset/*' \
	    -exec cp --parents {} "$prefix/include/glib-2.0/" \;)
	cp "$dir"/obj-glib/glib/*.h "$prefix/include/glib-2.0/glib/" \
	    2>/dev/null || true
fi

if [ ! -f "$prefix/lib/libsmf.a" ]; then
	fetch_source libsmf
	d=$(ls -d "$src"/libsmf-*/ | head -1)
	rm -rf "$dir/obj-libsmf" && mkdir -p "$dir/obj-libsmf"
	# What its configure would have written; on Windows it takes the
	# byte-order calls from winsock (its own #ifdef __MINGW32__).
	echo '#define PACKAGE_VERSION "1.3"' >"$dir/obj-libsmf/config.h"
	for f in smf smf_decode smf_load smf_save smf_tempo; do
		$host-gcc -O2 $REPRO_CFLAGS -DGLIB_STATIC_COMPILATION -I"$dir/obj-libsmf" \
		    -I"$prefix/include/glib-2.0" \
		    -I"$prefix/lib/glib-2.0/include" -I"$prefix/include" \
		    -c "$d/src/$f.c" -o "$dir/obj-libsmf/$f.o" >&2
	done
	$host-ar rcs "$prefix/lib/libsmf.a" "$dir"/obj-libsmf/*.o
	cp "$d/src/smf.h" "$prefix/include/"
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
