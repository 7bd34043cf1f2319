# Fuzzing with libFuzzer (clang).  Included by the top Makefile.
#   make fuzz FUZZ_SECONDS=60     run every harness for that long each
#   make fuzz-smoke               a short run of each (CI: about a minute)
# fuzz_arrange builds its requests with arrange_case.h, which the unit test
# test_arrange_regress.c shares to replay tests/fuzz/regress/arrange/.
# Each tests/fuzz/fuzz_<target>.c is a harness; seeds come from
# tests/fuzz/seeds/<target>/ and the corpus; crashes land in build-fuzz/.

FUZZ_SECONDS ?= 60
FUZZ_CC      := clang
FUZZ_FLAGS   := -g -O1 -fno-omit-frame-pointer -fsanitize=address,undefined \
                -fno-sanitize-recover=all
FUZZ_SRCS    := $(sort $(wildcard tests/fuzz/fuzz_*.c))
FUZZ_BINS    := $(FUZZ_SRCS:tests/fuzz/%.c=build-fuzz/%)
FUZZ_LIB_OBJS := $(LIB_SRCS:%.c=build-fuzz/obj/%.o)

build-fuzz/obj/%.o: %.c
	@mkdir -p $(dir $@)
	@echo "  FUZZCC  $<"
	@$(FUZZ_CC) -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE \
	    -DVB_VERSION='"$(VERSION)"' -DVB_FUZZING $(FUZZ_FLAGS) \
	    -fsanitize=fuzzer-no-link $(PKG_CFLAGS) -MMD -MP -c $< -o $@

# Header changes rebuild what includes them (a stale object after a
# struct changed crashed the harness where the code was fine).
-include $(shell find build-fuzz/obj -name '*.d' 2>/dev/null)

build-fuzz/libvibebells.a: $(FUZZ_LIB_OBJS)
	@rm -f $@
	@ar rcs $@ $^

FUZZ_HDRS    := $(wildcard tests/fuzz/*.h)

build-fuzz/fuzz_%: tests/fuzz/fuzz_%.c build-fuzz/libvibebells.a $(FUZZ_HDRS)
	@echo "  FUZZLD  $@"
	@$(FUZZ_CC) -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE \
	    $(FUZZ_FLAGS) -fsanitize=fuzzer $(PKG_CFLAGS) -Idaemon -o $@ $< \
	    build-fuzz/libvibebells.a $(PKG_LIBS) -lm

# The unit test replaying the arrangement fuzzer's findings includes its
# request builder and checks.
build/tests/test_arrange_regress build-asan/tests/test_arrange_regress: \
    $(FUZZ_HDRS)

fuzz-build: ## build the libFuzzer harnesses
	@VB_EXTRA_DEPS="clang libclang-rt-14-dev" sh tests/deps.sh
	@$(MAKE) --no-print-directory $(FUZZ_BINS)

fuzz: fuzz-build ## run each harness for FUZZ_SECONDS (default 60)
	@sh tests/fuzz/run.sh $(FUZZ_SECONDS) $(FUZZ_BINS)

# The arrangement harness runs the whole engine per input (about 80 runs
# a second under ASan): it gets a little longer.
fuzz-smoke: fuzz-build ## the short fuzz run CI does
	@st=0; \
	sh tests/fuzz/run.sh 10 $(filter-out build-fuzz/fuzz_arrange,$(FUZZ_BINS)) || st=1; \
	sh tests/fuzz/run.sh 15 build-fuzz/fuzz_arrange || st=1; \
	exit $$st

.PHONY: fuzz fuzz-build fuzz-smoke
