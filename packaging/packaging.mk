# Installing and packaging.  Included by the top Makefile.
#   make install PREFIX=/usr/local DESTDIR=   binary, man page, docs
#   make deb                                  dist/vibebellsd_<v>_<arch>.deb
# The dynamic build links Debian's shared libraries, so the .deb depends
# on them.  (A standalone static bundle, `make dist`, is not written yet.)

PREFIX  ?= /usr/local
DESTDIR ?=
DEB_ARCH = $(shell dpkg --print-architecture 2>/dev/null || echo amd64)
DEB_ROOT = build/deb

install: all
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/man/man1 \
	    $(DESTDIR)$(PREFIX)/share/doc/vibebellsd
	install -m 0755 $(BUILD)/vibebellsd $(DESTDIR)$(PREFIX)/bin/vibebellsd
	install -m 0644 packaging/vibebellsd.1 $(DESTDIR)$(PREFIX)/share/man/man1/vibebellsd.1
	install -m 0644 README.md LICENSE protocol/PROTOCOL.md \
	    $(DESTDIR)$(PREFIX)/share/doc/vibebellsd/

deb: all
	rm -rf $(DEB_ROOT)
	$(MAKE) --no-print-directory install PREFIX=/usr DESTDIR=$(CURDIR)/$(DEB_ROOT)
	strip $(DEB_ROOT)/usr/bin/vibebellsd
	gzip -9n $(DEB_ROOT)/usr/share/man/man1/vibebellsd.1
	cp LICENSE $(DEB_ROOT)/usr/share/doc/vibebellsd/copyright
	install -d $(DEB_ROOT)/DEBIAN
	printf '%s\n' \
	    'Package: vibebellsd' \
	    'Version: $(VERSION)' \
	    'Architecture: $(DEB_ARCH)' \
	    'Maintainer: vibebellsd authors <vibebellsd@invalid>' \
	    'Depends: libc6, libjansson4, libxml2, libsmf0, libzip4, libglib2.0-0' \
	    'Section: sound' \
	    'Priority: optional' \
	    'Description: arranges songs for handbell choirs' \
	    ' A JSON-RPC daemon on stdio (and a command line) that turns a MIDI or' \
	    ' MusicXML song and a list of ringers into handbell assignments.' \
	    > $(DEB_ROOT)/DEBIAN/control
	mkdir -p dist
	dpkg-deb --build --root-owner-group $(DEB_ROOT) dist/vibebellsd_$(VERSION)_$(DEB_ARCH).deb

.PHONY: install deb
