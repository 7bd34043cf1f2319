# vibebellsd - build, test and ship.  `make help` lists the targets.
#
# Sources are found by glob: a new file under daemon/ is built, a new
# tests/unit/test_<module>.c becomes a test binary, a new
# protocol/examples/*.transcript is replayed.  No edit here needed.  A
# target's "## text" is its line in `make help`.

VERSION    := $(shell cat VERSION)
CC         ?= gcc
BUILD      ?= build
# SHEETS=0 builds without cairo: export pdf/svg/png then answer
# ERR_SHEETS_UNAVAILABLE (daemon/export/sheets.c).
SHEETS     ?= 1
PKGS       := jansson libxml-2.0 libzip $(if $(filter 1,$(SHEETS)),cairo freetype2)
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   := $(shell pkg-config --libs $(PKGS) 2>/dev/null)
# The daemon reads and writes MIDI itself; the unit tests read its files
# back with libsmf, an independent reader (README "Dependencies and why").
CHECK_CFLAGS := $(shell pkg-config --cflags check smf 2>/dev/null)
CHECK_LIBS   := $(shell pkg-config --libs check smf 2>/dev/null)

OPT        ?= -O2
SANITIZE   ?=
CFLAGS_ALL := -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE \
              -Wall -Wextra -Werror -g $(OPT) $(SANITIZE) \
              -DVB_VERSION='"$(VERSION)"' $(if $(filter 1,$(SHEETS)),-DVB_HAVE_SHEETS) \
              $(PKG_CFLAGS) $(CFLAGS)
LDFLAGS_ALL := $(SANITIZE) $(LDFLAGS)
LIBS_ALL   := $(PKG_LIBS) -lm

# One platform file: platform_posix.c here, platform_win32.c for Windows
# (packaging/windows.mk sets PLATFORM=win32).
PLATFORM   ?= posix
LIB_SRCS   := $(sort $(shell find daemon -name '*.c' ! -path daemon/main.c \
                ! -name 'platform_*.c') daemon/core/platform_$(PLATFORM).c)
LIB_OBJS   := $(LIB_SRCS:%.c=$(BUILD)/obj/%.o)
UNIT_SRCS  := $(sort $(wildcard tests/unit/test_*.c))
UNIT_BINS  := $(UNIT_SRCS:tests/unit/%.c=$(BUILD)/tests/%)
UNIT_HELPERS := $(sort $(filter-out $(UNIT_SRCS),$(wildcard tests/unit/*.c)))

.PHONY: all deps test unit conformance asan valgrind bench demo clean help \
        soak

all: $(BUILD)/vibebellsd ## build build/vibebellsd (the default)

help: ## this list
	@grep -hE '^[a-z][a-z-]*:.*## ' $(MAKEFILE_LIST) | \
	    sed -E 's/^([a-z-]+):.*## (.*)/\1\t\2/' | \
	    awk -F '\t' '{ printf "  make %-14s %s\n", $$1, $$2 }'

# Installs what is missing from Debian's packages; does nothing when all
# is there.  Needs root (or sudo) only when something is missing.
deps: ## install the missing Debian packages (tests/deps.sh)
	@sh tests/deps.sh

# V=1 shows the commands.
Q := $(if $(V),,@)

$(BUILD)/obj/%.o: %.c
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  CC      $<")
	$(Q)$(CC) $(CFLAGS_ALL) -MMD -MP -c $< -o $@

$(BUILD)/libvibebells.a: $(LIB_OBJS)
	@rm -f $@
	$(Q)$(AR) rcs $@ $^

$(BUILD)/vibebellsd: $(BUILD)/obj/daemon/main.o $(BUILD)/libvibebells.a
	@$(if $(Q),echo "  LD      $@")
	$(Q)$(CC) $(LDFLAGS_ALL) -o $@ $^ $(LIBS_ALL)

$(BUILD)/tests/%: tests/unit/%.c $(UNIT_HELPERS) $(BUILD)/libvibebells.a
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  TEST    $@")
	$(Q)$(CC) $(CFLAGS_ALL) $(CHECK_CFLAGS) -Idaemon -o $@ $< $(UNIT_HELPERS) \
	    $(BUILD)/libvibebells.a $(LDFLAGS_ALL) $(CHECK_LIBS) $(LIBS_ALL)

-include $(shell find $(BUILD)/obj -name '*.d' 2>/dev/null)

# The sheets' font is assembled into this object (.incbin): rebuild it
# when a font file changes.
$(BUILD)/obj/daemon/export/sheet_font.o: $(wildcard daemon/export/fonts/*.ttf)

# Every test: the include check, Check unit tests, protocol transcripts,
# the CLI's tests, client-js; one summary line "N passed, N failed" at
# the end.
test: deps ## every suite (layers, unit, conformance, cli, client-js): "N passed, N failed"
	@$(MAKE) --no-print-directory all $(UNIT_BINS)
	@BUILD=$(BUILD) sh tests/run-all.sh

unit: all $(UNIT_BINS) ## the Check unit tests only
	@BUILD=$(BUILD) VB_ONLY=unit sh tests/run-all.sh

conformance: all ## the protocol transcripts only
	@BUILD=$(BUILD) VB_ONLY=conformance sh tests/run-all.sh

# The whole suite under AddressSanitizer + UndefinedBehaviorSanitizer.
asan: deps ## the whole suite under AddressSanitizer + UBSan (build-asan/)
	@$(MAKE) --no-print-directory BUILD=build-asan OPT=-O1 \
	    SANITIZE="-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all" \
	    all build-asan/libvibebells.a $(UNIT_BINS:$(BUILD)/%=build-asan/%)
	@BUILD=build-asan ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
	    UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 sh tests/run-all.sh

# Unit and protocol suites under valgrind (errors and leaks fail the run).
valgrind: ## unit and protocol suites under valgrind
	@VB_EXTRA_DEPS=valgrind sh tests/deps.sh
	@$(MAKE) --no-print-directory all $(UNIT_BINS)
	@BUILD=$(BUILD) VB_VALGRIND=1 VB_ONLY=unit,conformance sh tests/run-all.sh

bench: deps all ## speed and memory figures as a table
	@sh tests/bench/run.sh $(BUILD)/vibebellsd

# 100,000 mixed requests through one daemon (not in CI: a few minutes).
soak: deps all ## 100,000 mixed requests through one daemon (minutes; not in CI)
	@VB_DAEMON=$(BUILD)/vibebellsd node tests/soak/soak.js

demo: deps all ## arrange the bundled hymn for 8 ringers
	@sh tests/demo.sh $(BUILD)/vibebellsd

clean: ## remove build/, build-*/ and dist/
	rm -rf build build-* dist

-include packaging/packaging.mk
-include packaging/windows.mk
-include tests/fuzz/fuzz.mk
