# windows.mk - make dist-windows and make test-windows; -included by the
# Makefile.  vibebellsd.exe is cross-built with Debian's mingw-w64 against
# static libraries built from Debian's source packages
# (packaging/build-windows.sh, cached in build-win/), and proven under
# Debian's wine64 (tests/windows/run.sh).
WIN_HOST    := x86_64-w64-mingw32
WIN_DIR     := build-win
WIN_PREFIX  := $(CURDIR)/$(WIN_DIR)/prefix
WIN_NAME    := vibebellsd-$(VERSION)-windows-x86_64
WIN_ZIP     := dist/$(WIN_NAME).zip
WIN_BIN     := $(WIN_DIR)/b/vibebellsd.exe
WIN_CFLAGS  := -ffile-prefix-map=$(CURDIR)=. \
               -I$(WIN_PREFIX)/include/libxml2 -I$(WIN_PREFIX)/include \
               -I$(WIN_PREFIX)/include/cairo -I$(WIN_PREFIX)/include/freetype2 \
               -DLIBXML_STATIC -DCAIRO_WIN32_STATIC_BUILD \
               -D__USE_MINGW_ANSI_STDIO=1
WIN_LIBS    := -static -Wl,--no-insert-timestamp -L$(WIN_PREFIX)/lib \
               -ljansson -lxml2 -lzip -lcairo -lpixman-1 -lfreetype \
               -lpng16 -lz -lssp -lws2_32 -lole32 \
               -lwinmm -lshlwapi -luuid -lbcrypt

$(WIN_PREFIX)/lib/libcairo.a: packaging/build-windows.sh
	$(Q)sh packaging/build-windows.sh $(WIN_DIR) >/dev/null

# The objects are built apart in build-win/b with platform_win32.c.
dist-windows: $(WIN_PREFIX)/lib/libcairo.a ## cross-build the Windows zip (mingw-w64)
	$(Q)$(MAKE) --no-print-directory BUILD=$(WIN_DIR)/b PLATFORM=win32 \
	    CC=$(WIN_HOST)-gcc AR=$(WIN_HOST)-ar \
	    PKG_CFLAGS="$(WIN_CFLAGS)" PKG_LIBS="$(WIN_LIBS)" $(WIN_DIR)/b/vibebellsd
	@# (the mingw linker names its output vibebellsd.exe)
	@rm -rf $(WIN_DIR)/stage && mkdir -p $(WIN_DIR)/stage/$(WIN_NAME) dist
	$(Q)cp $(WIN_BIN) $(WIN_DIR)/stage/$(WIN_NAME)/vibebellsd.exe
	@# SOURCE_DATE_EPOCH: strip would stamp the PE header with the time.
	$(Q)SOURCE_DATE_EPOCH=0 $(WIN_HOST)-strip --strip-all $(WIN_DIR)/stage/$(WIN_NAME)/vibebellsd.exe
	$(Q)cp README.md LICENSE protocol/PROTOCOL.md $(WIN_DIR)/stage/$(WIN_NAME)/
	$(Q)cp daemon/export/fonts/LICENSE $(WIN_DIR)/stage/$(WIN_NAME)/LICENSE.DejaVu
	@# Only Windows' own DLLs may remain dynamic.
	$(Q)extra=$$($(WIN_HOST)-objdump -p $(WIN_DIR)/stage/$(WIN_NAME)/vibebellsd.exe | \
	    sed -n 's/^\tDLL Name: //p' | tr 'A-Z' 'a-z' | \
	    grep -Ev '^(kernel32|msvcrt|user32|advapi32|ws2_32|ole32|shell32|shlwapi|winmm|bcrypt|iphlpapi|dnsapi|api-ms-win-.*)\.dll$$' || true); \
	if [ -n "$$extra" ]; then echo "dist-windows: not standalone:"; echo "$$extra"; exit 1; fi
	$(Q)find $(WIN_DIR)/stage -exec touch -d 1980-01-02T00:00:00Z {} +
	$(Q)rm -f $(WIN_ZIP) && cd $(WIN_DIR)/stage && \
	    find $(WIN_NAME) | LC_ALL=C sort | zip -X -9 -q $(CURDIR)/$(WIN_ZIP) -@
	@echo "  DIST    $(WIN_ZIP) ($$(stat -c %s $(WIN_ZIP)) bytes)"
	$(Q)sh packaging/npm/pack.sh platform $(WIN_DIR)/stage/$(WIN_NAME)/vibebellsd.exe \
	    win32 x64 dist

# The protocol transcripts and a corpus session under wine, compared with
# the Linux build byte for byte (not in `make test`: wine is slow to
# start and not installed by default).
test-windows: dist-windows all ## the transcripts and a corpus session under wine, compared with Linux
	$(Q)sh tests/windows/run.sh $(WIN_BIN) $(BUILD)/vibebellsd

.PHONY: dist-windows test-windows
