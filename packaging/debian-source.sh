# debian-source.sh - sourced by the bundle builders (build-static.sh,
# build-windows.sh): installs missing build tools, and fetches Debian
# source packages (Debian's patches applied by dpkg-source) with our own
# apt state, without touching the system's lists.  The caller sets apt
# and src (folders under packaging/cache/, ignored by git).

# Compiler flags for every library: file names in the code (__FILE__ in
# libxml2's messages, debug info) relative to the checkout, so that the
# bundle does not depend on where it was built.  The caller sets top.
REPRO_CFLAGS="-ffile-prefix-map=$top=."

need() {
	missing=
	for p in "$@"; do
		dpkg -s "$p" >/dev/null 2>&1 || missing="$missing $p"
	done
	[ -z "$missing" ] && return 0
	echo "${0##*/}: installing$missing" >&2
	apt-get install -y --no-install-recommends $missing >&2
}

# Our own apt state: a deb-src list for the distribution we run on,
# without touching the system's lists.
# fetch_source PKG[=VERSION]: the version pins a Debian revision where the
# mirror lacks the newest one's files.  When only the upstream tarball can
# be had (Debian's part missing from the mirror), it is unpacked as is,
# with a warning: the caller's build goes on without Debian's patches.
fetch_source() {
	pkg=${1%%=*}
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
	    -o Dir::Cache="$apt/cache" source "$1" >&2) && return 0
	orig=$(ls "$src/${pkg}_"*.orig.tar.* 2>/dev/null | head -1)
	[ -n "$orig" ] || return 1
	echo "${0##*/}: WARNING: $pkg: Debian's patches not on the mirror," \
	    "building the upstream tarball $(basename "$orig")" >&2
	ver=$(basename "$orig" | sed -E "s/^${pkg}_(.*)\.orig\.tar\..*/\1/")
	mkdir -p "$src/$pkg-$ver"
	tar -xf "$orig" -C "$src/$pkg-$ver" --strip-components=1
}


# cmake_lib NAME SRCDIR [cmake -D options]: configures, builds and installs
# a static library into $prefix from $dir/obj-NAME (callers set dir,
# prefix, jobs; CMAKE_TOOLCHAIN names a cross toolchain file, if any).
cmake_lib() {
	name=$1 srcdir=$2
	shift 2
	rm -rf "$dir/obj-$name"
	cmake -S "$srcdir" -B "$dir/obj-$name" \
	    ${CMAKE_TOOLCHAIN:+-DCMAKE_TOOLCHAIN_FILE="$CMAKE_TOOLCHAIN"} \
	    -DCMAKE_BUILD_TYPE=Release -DCMAKE_INSTALL_PREFIX="$prefix" \
	    -DCMAKE_C_FLAGS="$REPRO_CFLAGS" \
	    -DCMAKE_INSTALL_LIBDIR=lib -DBUILD_SHARED_LIBS=OFF "$@" >&2
	cmake --build "$dir/obj-$name" -j"$jobs" >&2
	cmake --install "$dir/obj-$name" >&2
}

# The libzip options both bundles use: zlib only.
LIBZIP_OPTIONS="-DENABLE_BZIP2=OFF -DENABLE_LZMA=OFF -DENABLE_ZSTD=OFF
    -DENABLE_GNUTLS=OFF -DENABLE_OPENSSL=OFF -DENABLE_MBEDTLS=OFF
    -DENABLE_COMMONCRYPTO=OFF -DENABLE_WINDOWS_CRYPTO=OFF -DBUILD_TOOLS=OFF
    -DBUILD_REGRESS=OFF -DBUILD_EXAMPLES=OFF -DBUILD_DOC=OFF"
