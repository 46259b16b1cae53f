# SPDX-License-Identifier: GPL-2.0
# netbuf: the module, the library, the tests and the QEMU harness.
# `make check` runs every test in QEMU guests; `make demo` runs the example.

VERSION		:= 1.0.0
ABI_MAJOR	:= $(word 1,$(subst ., ,$(VERSION)))
ABI_MINOR	:= $(word 2,$(subst ., ,$(VERSION)))
SONAME		:= libnetbuf.so.$(ABI_MAJOR)

CC		?= cc
CFLAGS		?= -O2 -g
WARN		:= -Wall -Wextra -Werror -Werror=implicit-function-declaration -Wshadow \
		   -Wstrict-prototypes -Wmissing-prototypes
CPPFLAGS	+= -Iuapi -Ilibnetbuf -D_GNU_SOURCE
KERNEL		?= 6.12
KDIR		?= /lib/modules/$(shell uname -r)/build
BUILD		:= build

LIB_SRC		:= libnetbuf/device.c libnetbuf/apibuf.c
LIB_HDR		:= libnetbuf/lmapibuf.h libnetbuf/internal.h uapi/linux/netbuf.h
LIB_MAP		:= libnetbuf/libnetbuf.map
TEST_SRC	:= $(filter-out tests/user/common.c,$(wildcard tests/user/*.c))
TEST_BIN	:= $(patsubst tests/user/%.c,$(BUILD)/tests/%,$(TEST_SRC))
TEST_DEPS	:= tests/user/common.c tests/user/common.h

.PHONY: all lib modules tests examples check demo vm-run clean map-check bench

# The module too where this host has kernel headers (it may not: see README).
all: $(if $(wildcard $(KDIR)/Makefile),modules) lib tests examples $(BUILD)/bench/netbuf_bench

lib: libnetbuf/libnetbuf.a libnetbuf/$(SONAME)

# The version script's newest node must name this release's ABI, or the
# exported symbol versions and the SONAME would drift apart.
map-check: $(LIB_MAP)
	@grep -q '^LIBNETBUF_$(ABI_MAJOR)\.$(ABI_MINOR) ' $(LIB_MAP) || \
	  { echo "$(LIB_MAP) has no node LIBNETBUF_$(ABI_MAJOR).$(ABI_MINOR) for version $(VERSION)" >&2; exit 1; }

$(BUILD)/lib/%.o: libnetbuf/%.c $(LIB_HDR) | map-check
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(CFLAGS) $(WARN) -fPIC -fvisibility=hidden -c $< -o $@

LIB_OBJ := $(patsubst libnetbuf/%.c,$(BUILD)/lib/%.o,$(LIB_SRC))

libnetbuf/libnetbuf.a: $(LIB_OBJ)
	rm -f $@ && ar rcs $@ $^

libnetbuf/$(SONAME): $(LIB_OBJ) $(LIB_MAP)
	$(CC) -shared -Wl,-soname,$(SONAME) -Wl,--version-script=$(LIB_MAP) \
	  -Wl,-z,defs -o $@ $(LIB_OBJ) -lpthread
	ln -sf $(SONAME) libnetbuf/libnetbuf.so

# Host build against the running kernel (or KDIR=...): make modules; insmod kmod/netbuf.ko
modules:
	$(MAKE) -C $(KDIR) M=$(CURDIR) modules

# Test programs are static so the busybox guest needs no libc.
tests: $(TEST_BIN)

$(BUILD)/tests/%: tests/user/%.c $(TEST_DEPS) libnetbuf/libnetbuf.a
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) -Itests/user $(CFLAGS) $(WARN) -static -o $@ $< \
	  tests/user/common.c libnetbuf/libnetbuf.a -lpthread

examples: $(BUILD)/examples/netbuf_demo

$(BUILD)/examples/%: examples/%.c libnetbuf/libnetbuf.a
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(CFLAGS) $(WARN) -static -o $@ $< libnetbuf/libnetbuf.a -lpthread

check: tests/vm/deps.sh
	bash tests/vm/deps.sh
	$(MAKE) lib tests
	bash tests/run-check.sh

demo:
	bash tests/vm/deps.sh
	$(MAKE) lib examples
	bash tests/vm/vm-run.sh --kernel $(KERNEL) $(BUILD)/examples/netbuf_demo

# The benchmark (bench/): a table, build/bench/bench.csv and plots; QUICK=1
# for a short run that checks the counts only.
BENCH_BIN	:= $(BUILD)/bench/netbuf_bench

$(BENCH_BIN): bench/netbuf_bench.c libnetbuf/libnetbuf.a
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(CFLAGS) $(WARN) -static -o $@ $< libnetbuf/libnetbuf.a -lpthread

bench:
	bash tests/vm/deps.sh
	$(MAKE) lib $(BENCH_BIN)
	bash bench/run.sh $(if $(QUICK),--quick)

vm-run:
	@test -n "$(PROG)" || { echo "usage: make vm-run PROG=static-binary [ARGS=\"...\"] [KERNEL=6.1|6.12]" >&2; exit 2; }
	bash tests/vm/deps.sh
	@# make itself can only exit 0 or 2: say the program's own status.
	bash tests/vm/vm-run.sh --kernel $(KERNEL) $(PROG) $(ARGS) || \
	  { rc=$$?; echo "vm-run: $(PROG) exited with status $$rc (tests/vm/vm-run.sh returns it as is)" >&2; exit $$rc; }

clean:
	rm -rf $(BUILD) libnetbuf/libnetbuf.a libnetbuf/libnetbuf.so*
	$(MAKE) -C $(KDIR) M=$(CURDIR) clean 2>/dev/null || true
