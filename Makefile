# staffplan - build, test, demo, benchmarks.  `make help` lists the targets.
CC      ?= cc
CFLAGS  ?= -O2 -g
WARN     = -std=c11 -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes \
           -Wmissing-prototypes -Wold-style-definition -Wwrite-strings -Wundef
CPPFLAGS = -D_GNU_SOURCE -Iinclude -MMD -MP
LIBS     = -lglpk -lClp -lCbcSolver -lical -lsqlite3 -lcsv -ljansson -lnettle -lmicrohttpd -lm -pthread
TESTLIBS = -lcunit

# Sanitizer builds go to their own tree: `make SANITIZE=address,undefined`.
ifdef SANITIZE
BUILD   := build-san
CFLAGS  += -fsanitize=$(SANITIZE) -fno-sanitize-recover=all -fno-omit-frame-pointer -O1
LDFLAGS += -fsanitize=$(SANITIZE)
else
BUILD   := build
endif

# src/ holds main.c and one folder per layer (docs/ARCHITECTURE.md).
SRC      := $(wildcard src/*/*.c)
LIBOBJ   := $(patsubst src/%.c,$(BUILD)/%.o,$(SRC))
TESTSRC  := $(wildcard tests/unit/test_*.c)
TESTOBJ  := $(patsubst tests/unit/%.c,$(BUILD)/tests/%.o,$(TESTSRC))
BIN      := $(BUILD)/staffplan
TESTBIN  := $(BUILD)/run-tests

# Debian packages the build and the tests need; `make deps` installs the
# missing ones (as root).  Every build target checks the headers first.
DEB_PKGS = gcc make libglpk-dev glpk-utils libical-dev libsqlite3-dev libcunit1-dev \
           libcsv-dev libjansson-dev nettle-dev coinor-libcbc-dev clang libclang-rt-14-dev tzdata python3 python3-icalendar sqlite3 time \
           libmicrohttpd-dev curl wrk
HEADERS  = /usr/include/glpk.h /usr/include/coin/Cbc_C_Interface.h /usr/include/libical/ical.h /usr/include/sqlite3.h \
           /usr/include/CUnit/CUnit.h /usr/include/csv.h \
           /usr/include/jansson.h /usr/include/nettle/sha2.h /usr/bin/clang \
           /usr/lib/llvm-14/lib/clang/*/lib/linux/libclang_rt.fuzzer-x86_64.a /usr/lib/python3/dist-packages/icalendar \
           /usr/bin/sqlite3 /usr/bin/time /usr/include/microhttpd.h /usr/bin/curl
MISSING := $(strip $(foreach h,$(HEADERS),$(if $(wildcard $(h)),,$(h))))
ifneq ($(MISSING),)
DEPS_STEP := deps
endif

.PHONY: all deps test check asan valgrind demo bench bench-msd bench-feeds bench-real bench-sweep bench-forecast check-report fuzz fuzz-build clean help

all: $(DEPS_STEP) $(BIN) staffplan

deps:
	@if [ "$$(id -u)" != 0 ]; then echo "make deps: run as root (apt-get)" >&2; exit 1; fi
	DEBIAN_FRONTEND=noninteractive apt-get update -qq
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(DEB_PKGS)

# ./staffplan is a link to the current build so the README's commands work.
staffplan: $(BIN)
	ln -sf $(BIN) staffplan

# Objects wait for `make deps` (order-only): under `make -j` the compiler
# would otherwise start before apt-get has installed the headers.
$(BUILD)/%.o: src/%.c | $(DEPS_STEP)
	@mkdir -p $(@D)
	$(CC) $(WARN) $(CPPFLAGS) $(CFLAGS) -c $< -o $@

$(BUILD)/tests/%.o: tests/unit/%.c | $(DEPS_STEP)
	@mkdir -p $(@D)
	$(CC) $(WARN) $(CPPFLAGS) -Itests/unit $(CFLAGS) -c $< -o $@

# Rebuilt whole, so an object whose source was removed does not linger in it.
$(BUILD)/libstaffplan.a: $(LIBOBJ)
	rm -f $@
	ar rcs $@ $^

$(BIN): $(BUILD)/main.o $(BUILD)/libstaffplan.a
	$(CC) $(LDFLAGS) -o $@ $^ $(LIBS)

$(TESTBIN): $(TESTOBJ) $(BUILD)/libstaffplan.a
	$(CC) $(LDFLAGS) -o $@ $^ $(LIBS) $(TESTLIBS)

# The test suite: CUnit unit tests, then the command-line tests.
test check: $(DEPS_STEP) $(TESTBIN) $(BIN)
	/usr/bin/python3 tools/check-layers.py
	SP_BIN=$(abspath $(BIN)) SP_ROOT=$(CURDIR) $(TESTBIN)
	SP_BIN=$(abspath $(BIN)) sh tests/cli/run.sh

asan:
	$(MAKE) SANITIZE=address,undefined test

# The example, then the London week to gap 0: its bound thread ends early,
# so two searchers share the roster there (src/search.c).
VALGRIND = valgrind --leak-check=full --errors-for-leak-kinds=definite,indirect --error-exitcode=9
valgrind: $(DEPS_STEP) $(BIN)
	$(VALGRIND) $(BIN) plan data/example --out /tmp/sp-valgrind --db /tmp/sp-valgrind.db --time-limit 120
	$(VALGRIND) $(BIN) plan data/dst-london --out /tmp/sp-valgrind-london --db /tmp/sp-valgrind-london.db \
	  --time-limit 60 --gap 0

demo: all
	$(BIN) plan data/example --out out

bench: all
	sh bench/run.sh

# Fuzzing (clang's libFuzzer with ASan and UBSan): every tests/fuzz/fuzz_*.c
# harness, FUZZ_SECONDS each over its seed corpus (tests/fuzz/run.sh).
FUZZ_SECONDS ?= 60
FUZZ_FLAGS    = -O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=all \
                -Wno-string-concatenation
FUZZERS      := $(patsubst tests/fuzz/%.c,build-fuzz/%,$(wildcard tests/fuzz/fuzz_*.c))

fuzz: $(DEPS_STEP) fuzz-build
	sh tests/fuzz/run.sh $(FUZZ_SECONDS)

fuzz-build:
	$(MAKE) BUILD=build-fuzz CC=clang CFLAGS="$(FUZZ_FLAGS) -fsanitize=fuzzer-no-link" build-fuzz/libstaffplan.a
	$(MAKE) $(FUZZERS)

build-fuzz/fuzz_%: tests/fuzz/fuzz_%.c tests/fuzz/fuzz.h build-fuzz/libstaffplan.a
	clang $(WARN) $(CPPFLAGS) $(FUZZ_FLAGS) -fsanitize=fuzzer $< build-fuzz/libstaffplan.a $(LIBS) -o $@

bench-msd: all
	sh bench/msd/run.sh

bench-feeds: all
	sh bench/feeds/run.sh

# Mutated rules on generated desks under the sanitizers, every roster
# checked (bench/README.md): SWEEP_N cases from SWEEP_SEED.
SWEEP_N ?= 40
SWEEP_SEED ?= 1
bench-sweep:
	$(MAKE) SANITIZE=address,undefined build-san/staffplan
	/usr/bin/python3 bench/sweep.py $(SWEEP_N) $(SWEEP_SEED)

# Desks from real demand: a hospital week and the Curtois retail weeks
# (bench/REALDESKS.md): bench/realdesk/run.sh.
bench-real: all
	sh bench/realdesk/run.sh

# Forecast accuracy on the real series and the 60-series speed case
# (bench/FORECAST.md): bench/forecast/run.sh.
$(BUILD)/bench-forecast: bench/forecast/bench_forecast.c $(BUILD)/libstaffplan.a
	$(CC) $(WARN) $(CPPFLAGS) $(CFLAGS) $(LDFLAGS) -o $@ $< $(BUILD)/libstaffplan.a $(LIBS)

bench-forecast: all $(BUILD)/bench-forecast
	sh bench/forecast/run.sh

check-report: all
	LIBS='$(LIBS)' sh tests/report/check.sh

clean:
	rm -rf build build-san build-fuzz staffplan out

help:
	@echo "make [all] | deps | demo | test | asan | valgrind | bench | bench-msd | bench-feeds | bench-real | bench-sweep | bench-forecast | check-report | fuzz | clean"

-include $(wildcard $(BUILD)/*.d $(BUILD)/*/*.d)
