# packaging.mk - install, deb, dist and dist-check; -included by the
# top Makefile, so VERSION, BUILD, CC, CFLAGS_ALL and the object lists
# come from there.

PREFIX  ?= /usr/local
DESTDIR ?=
BINDIR  ?= $(PREFIX)/bin
MANDIR  ?= $(PREFIX)/share/man
DOCDIR  ?= $(PREFIX)/share/doc/vibebellsd
INSTALL ?= install

DOCS    := README.md LICENSE protocol/PROTOCOL.md
ARCH    := $(shell dpkg --print-architecture 2>/dev/null || uname -m)
DEB_MAINTAINER ?= the vibebellsd authors <vibebellsd@users.noreply.github.com>
DEB     := dist/vibebellsd_$(VERSION)_$(ARCH).deb

install: $(BUILD)/vibebellsd ## install under PREFIX (default /usr/local), DESTDIR honoured
	$(INSTALL) -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(DOCDIR)
	$(INSTALL) -m 755 $(BUILD)/vibebellsd $(DESTDIR)$(BINDIR)/vibebellsd
	$(INSTALL) -m 644 packaging/vibebellsd.1 $(DESTDIR)$(MANDIR)/man1/vibebellsd.1
	$(INSTALL) -m 644 $(DOCS) $(DESTDIR)$(DOCDIR)/
	$(INSTALL) -m 644 daemon/export/fonts/LICENSE $(DESTDIR)$(DOCDIR)/LICENSE.DejaVu

# The dynamic build as a Debian package.  Depends comes from
# dpkg-shlibdeps (it sees only the libraries the binary really needs);
# without it, the list by hand.
DEB_DEPENDS_BY_HAND := libc6, libjansson4, libxml2, libzip4, libcairo2, libfreetype6

deb: $(BUILD)/vibebellsd ## the Debian package in dist/
	@rm -rf $(BUILD)/deb && mkdir -p $(BUILD)/deb/root/DEBIAN $(BUILD)/deb/debian dist
	$(Q)$(MAKE) --no-print-directory install PREFIX=/usr DESTDIR=$(CURDIR)/$(BUILD)/deb/root
	$(Q)strip --strip-unneeded $(BUILD)/deb/root/usr/bin/vibebellsd
	$(Q)gzip -9n $(BUILD)/deb/root/usr/share/man/man1/vibebellsd.1
	$(Q)cat LICENSE daemon/export/fonts/LICENSE >$(BUILD)/deb/root/usr/share/doc/vibebellsd/copyright
	$(Q)printf 'Source: vibebellsd\n\nPackage: vibebellsd\nArchitecture: any\n' \
	    >$(BUILD)/deb/debian/control
	$(Q)deps=$$(cd $(BUILD)/deb && dpkg-shlibdeps -O -e root/usr/bin/vibebellsd 2>/dev/null | \
	    sed -n 's/^shlibs:Depends=//p'); \
	[ -n "$$deps" ] || deps="$(DEB_DEPENDS_BY_HAND)"; \
	size=$$(du -sk --exclude=DEBIAN $(BUILD)/deb/root | cut -f1); \
	{ echo "Package: vibebellsd"; \
	  echo "Version: $(VERSION)"; \
	  echo "Architecture: $(ARCH)"; \
	  echo "Maintainer: $(DEB_MAINTAINER)"; \
	  echo "Installed-Size: $$size"; \
	  echo "Depends: $$deps"; \
	  echo "Section: sound"; \
	  echo "Priority: optional"; \
	  echo "Description: arranges songs for handbell choirs (JSON-RPC daemon)"; \
	  echo " vibebellsd parses MIDI and MusicXML songs and assigns their notes"; \
	  echo " to handbell players, speaking newline-delimited JSON-RPC 2.0 on"; \
	  echo " stdin/stdout; it is the backend of the Vibebells desktop app."; \
	} >$(BUILD)/deb/root/DEBIAN/control
	$(Q)dpkg-deb --build --root-owner-group $(BUILD)/deb/root $(DEB) >/dev/null
	@echo "  DEB     $(DEB)"

# make dist: a standalone bundle that needs only the C library.  jansson,
# pixman, freetype, libpng, brotli and zlib are linked from
# Debian's .a files; libxml2, libzip and cairo from minimal static builds
# of Debian's source packages (packaging/build-static.sh, cached in
# build-dist/).  The objects are built apart in build-dist/b with the
# minimal libraries' headers.
DIST_DIR    := build-dist
DIST_PREFIX := $(CURDIR)/$(DIST_DIR)/prefix
DIST_NAME   := vibebellsd-$(VERSION)-linux-$(ARCH)
DIST_TAR    := dist/$(DIST_NAME).tar.gz
DIST_BIN    := $(DIST_DIR)/b/vibebellsd
DIST_CFLAGS := -ffile-prefix-map=$(CURDIR)=. \
               -I$(DIST_PREFIX)/include/libxml2 -I$(DIST_PREFIX)/include \
               -I$(DIST_PREFIX)/include/cairo \
               $(shell pkg-config --cflags jansson freetype2 2>/dev/null)
DIST_LIBS   := -L$(DIST_PREFIX)/lib -Wl,-Bstatic \
               -ljansson -lxml2 -lzip -lcairo -lpixman-1 -lfreetype -lpng16 \
               -lbrotlidec -lbrotlicommon -lz -Wl,-Bdynamic -lpthread -lm
DIST_LIBS_A := $(DIST_PREFIX)/lib/libxml2.a $(DIST_PREFIX)/lib/libzip.a \
               $(DIST_PREFIX)/lib/libcairo.a

$(DIST_LIBS_A): packaging/build-static.sh
	$(Q)sh packaging/build-static.sh $(DIST_DIR) >/dev/null

dist: $(DIST_LIBS_A) ## the static release bundle in dist/
	$(Q)$(MAKE) --no-print-directory BUILD=$(DIST_DIR)/b \
	    PKG_CFLAGS="$(DIST_CFLAGS)" PKG_LIBS="$(DIST_LIBS)" $(DIST_BIN)
	@rm -rf $(DIST_DIR)/stage && mkdir -p $(DIST_DIR)/stage/$(DIST_NAME) dist
	$(Q)cp $(DIST_BIN) $(DIST_DIR)/stage/$(DIST_NAME)/vibebellsd
	$(Q)strip --strip-all $(DIST_DIR)/stage/$(DIST_NAME)/vibebellsd
	$(Q)cp README.md LICENSE protocol/PROTOCOL.md packaging/vibebellsd.1 \
	    $(DIST_DIR)/stage/$(DIST_NAME)/
	$(Q)cp daemon/export/fonts/LICENSE $(DIST_DIR)/stage/$(DIST_NAME)/LICENSE.DejaVu
	@# Only the C library family may remain dynamic.
	$(Q)extra=$$(ldd $(DIST_DIR)/stage/$(DIST_NAME)/vibebellsd | \
	    grep -Ev 'linux-vdso|ld-linux|/libc\.so|/libm\.so|/libpthread\.so' || true); \
	if [ -n "$$extra" ]; then echo "dist: not standalone:"; echo "$$extra"; exit 1; fi
	$(Q)tar -C $(DIST_DIR)/stage --owner=0 --group=0 --numeric-owner \
	    --sort=name --mtime=@0 -cf - $(DIST_NAME) | gzip -9n >$(DIST_TAR)
	@echo "  DIST    $(DIST_TAR) ($$(stat -c %s $(DIST_TAR)) bytes)"
	@# The npm packages: @vibebells/client and the platform package with
	@# this binary (packaging/npm/pack.sh).
	$(Q)sh packaging/npm/pack.sh client dist
	$(Q)sh packaging/npm/pack.sh platform $(DIST_DIR)/stage/$(DIST_NAME)/vibebellsd \
	    linux $$(node -p process.arch) dist

# Needs root (chroot) and node.
dist-check: dist ## test the bundle in a chroot (root, node)
	$(Q)sh packaging/dist-check.sh $(DIST_TAR)

.PHONY: install deb dist dist-check
