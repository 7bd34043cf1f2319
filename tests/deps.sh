#!/bin/sh
# Installs the Debian packages the build and tests need, when missing.
# Does nothing (and needs no root) when everything is there.
set -eu
need=""
# libcairo2-dev and libfreetype-dev draw the sheets (export pdf/svg/png);
# poppler-utils (pdftotext) and libxml2 read them back in the tests.
# chromium loads the Electron example's page in client-js's browser test
# (headless, driven over the DevTools pipe; nothing from npm); jq runs the
# README's shell examples (client-js/test/readme.test.js).
for p in gcc make pkg-config libjansson-dev libxml2-dev libsmf-dev \
         libzip-dev check libcairo2-dev libfreetype-dev poppler-utils \
         chromium jq; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" ||
	    need="$need $p"
done
command -v node >/dev/null 2>&1 || need="$need nodejs"
# npm installs the release's npm tarballs in client-js's package test
# (Debian's nodejs comes without it; NodeSource's has it built in).
command -v npm >/dev/null 2>&1 || need="$need npm"
for p in ${VB_EXTRA_DEPS:-}; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" ||
	    need="$need $p"
done
[ -z "$need" ] && exit 0
echo "deps: installing$need" >&2
SUDO=""
[ "$(id -u)" = 0 ] || SUDO=sudo
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $need >&2
