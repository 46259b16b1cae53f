# SPDX-License-Identifier: GPL-2.0
# netbuf: the module, the library, the tests and the QEMU harness.
# `make check` runs every test in QEMU guests; `make demo` runs the example.

VERSION		:= 1.3.0
ABI_MAJOR	:= $(word 1,$(subst ., ,$(VERSION)))
ABI_MINOR	:= $(word 2,$(subst ., ,$(VERSION)))
SONAME		:= libnetbuf.so.$(ABI_MAJOR)

CC		?= cc
# CPPFLAGS, CFLAGS and LDFLAGS are the user's (or dpkg-buildflags'): every
# compile and link below takes them, after the project's own flags.
CFLAGS		?= -O2 -g
# Warnings are errors only where the tree is ours to keep clean: make check
# and CI build with WERROR=1; a user's newer compiler warns but builds.
WERROR		?=
WARN		:= -Wall -Wextra -Werror=implicit-function-declaration -Wshadow \
		   -Wstrict-prototypes -Wmissing-prototypes \
		   $(if $(filter-out 0,$(WERROR)),-Werror)
NB_CPPFLAGS	:= -Iuapi -Ilibnetbuf -D_GNU_SOURCE
KERNEL		?= 6.12
# A kernel of your own for make check, demo and vm-run: VMLINUZ=image
# KDIR=its build tree, or KERNEL=host (/boot/vmlinuz-$(uname -r) and
# /lib/modules/$(uname -r)/build). tests/vm/kernel.sh takes them.
VMLINUZ		?=
ifneq ($(VMLINUZ),)
override KERNEL	:= custom
export NETBUF_VMLINUZ = $(abspath $(VMLINUZ))
export NETBUF_KDIR = $(abspath $(KDIR))
endif
KVER		?= $(shell uname -r)
KDIR		?= /lib/modules/$(KVER)/build
BUILD		:= build

# make install: where things go (DESTDIR is prepended to every path).
PREFIX		?= /usr/local
BINDIR		?= $(PREFIX)/bin
LIBDIR		?= $(PREFIX)/lib
INCLUDEDIR	?= $(PREFIX)/include
# The headers have a directory of their own (lm.h and WCHAR are also
# Wine's and winpr's; linux/ is linux-libc-dev's): pkg-config's Cflags
# name it, so that #include <lm.h> and <linux/netbuf.h> still work.
NB_INCLUDEDIR	:= $(INCLUDEDIR)/netbuf
MANDIR		?= $(PREFIX)/share/man
PKGCONFIGDIR	?= $(LIBDIR)/pkgconfig
# udev and modules-load.d read /etc, not $(PREFIX)/etc.
SYSCONFDIR	?= /etc
MODDIR		?= /lib/modules/$(KVER)/updates
DKMSDIR		?= /usr/src/netbuf-$(VERSION)
KO		?= kmod/netbuf.ko
DEPMOD		?= depmod
LDCONFIG	?= ldconfig
# NETBUF_GROUP=name: a udev rule making /dev/netbuf 0660 root:name.
# AUTOLOAD=1: a modules-load.d snippet that loads the module at boot.
NETBUF_GROUP	?=
AUTOLOAD	?=
MAN_PAGES	:= $(wildcard man/*.[1-9])

LIB_SRC		:= libnetbuf/device.c libnetbuf/apibuf.c libnetbuf/produce.c \
		   libnetbuf/report.c \
		   libnetbuf/wksta.c libnetbuf/server.c libnetbuf/wkstauser.c \
		   libnetbuf/join.c libnetbuf/transport.c libnetbuf/host.c \
		   libnetbuf/ifaces.c libnetbuf/sysconf.c libnetbuf/uuid5.c \
		   libnetbuf/wstr.c libnetbuf/backend.c libnetbuf/userheap.c \
		   libnetbuf/accounts.c libnetbuf/user.c libnetbuf/usergroups.c \
		   libnetbuf/localgroup.c libnetbuf/dcname.c libnetbuf/sizemeta.c
# The headers a ported Windows program includes, installed as they are,
# and netbufext.h: what the library offers beyond the Windows API.
PUB_HDR		:= libnetbuf/lm.h libnetbuf/lmapibuf.h libnetbuf/lmcons.h \
		   libnetbuf/lmerr.h libnetbuf/lmjoin.h libnetbuf/lmserver.h \
		   libnetbuf/lmwksta.h libnetbuf/lmaccess.h libnetbuf/netbufext.h
LIB_HDR		:= $(PUB_HDR) libnetbuf/internal.h libnetbuf/internal_lm.h \
		   libnetbuf/userheap.h uapi/linux/netbuf.h
LIB_MAP		:= libnetbuf/libnetbuf.map
TEST_SRC	:= $(filter-out tests/user/common.c tests/user/stat_tool_run.c \
		     tests/user/json.c,$(wildcard tests/user/*.c))
TEST_BIN	:= $(patsubst tests/user/%.c,$(BUILD)/tests/%,$(TEST_SRC))
TEST_DEPS	:= tests/user/common.c tests/user/common.h tests/user/lm_common.h \
		   tests/user/report_common.h tests/user/lm_accounts.h

.PHONY: all lib lib32 modules tests tests32 examples check check-harness demo vm-run clean map-check bench fuzz
.PHONY: version-check tools install install-dkms uninstall deb

# The module too where this host has kernel headers (it may not: see docs/install.md).
all: $(if $(wildcard $(KDIR)/Makefile),modules) lib tests examples tools \
	$(BUILD)/bench/netbuf_bench

lib: libnetbuf/libnetbuf.a libnetbuf/$(SONAME)

# The version script's newest node must name this release's ABI, or the
# exported symbol versions and the SONAME would drift apart.
map-check: $(LIB_MAP)
	@grep -q '^LIBNETBUF_$(ABI_MAJOR)\.$(ABI_MINOR) ' $(LIB_MAP) || \
	  { echo "$(LIB_MAP) has no node LIBNETBUF_$(ABI_MAJOR).$(ABI_MINOR) for version $(VERSION)" >&2; exit 1; }

# DKMS builds the version dkms.conf names, and the man pages say theirs:
# both must be this one.
version-check: map-check
	@newest=$$(sed -n 's/^LIBNETBUF_\([0-9.]*\) .*/\1/p' $(LIB_MAP) | sort -V | tail -n1); \
	  [ "$$newest" = $(ABI_MAJOR).$(ABI_MINOR) ] || \
	  { echo "$(LIB_MAP)'s newest node is LIBNETBUF_$$newest, but VERSION is $(VERSION)" >&2; exit 1; }
	@grep -qx 'PACKAGE_VERSION="$(VERSION)"' dkms.conf || \
	  { echo "dkms.conf has no PACKAGE_VERSION=\"$(VERSION)\" (the Makefile's VERSION)" >&2; exit 1; }
	@stale=$$(grep -L '^\.TH .* "[a-z]* $(VERSION)"' $(MAN_PAGES)); \
	  [ -z "$$stale" ] || { echo "man pages not for version $(VERSION): $$stale" >&2; exit 1; }

# Usage: $(call lib_cc,EXTRA FLAGS): one library object.
lib_cc = $(CC) $(1) $(NB_CPPFLAGS) \
	$(CPPFLAGS) $(WARN) $(CFLAGS) -fPIC -fvisibility=hidden -c $< -o $@

# Usage: $(call lib_so,EXTRA FLAGS,OBJECTS): the shared library.
lib_so = $(CC) $(1) $(CFLAGS) -shared -Wl,-soname,$(SONAME) \
	-Wl,--version-script=$(LIB_MAP) -Wl,-z,defs $(LDFLAGS) -o $@ $(2) -lpthread

$(BUILD)/lib/%.o: libnetbuf/%.c $(LIB_HDR) | version-check
	@mkdir -p $(@D)
	$(call lib_cc,)

LIB_OBJ := $(patsubst libnetbuf/%.c,$(BUILD)/lib/%.o,$(LIB_SRC))

libnetbuf/libnetbuf.a: $(LIB_OBJ)
	rm -f $@ && ar rcs $@ $^

libnetbuf/$(SONAME): $(LIB_OBJ) $(LIB_MAP)
	$(call lib_so,,$(LIB_OBJ))
	ln -sf $(SONAME) libnetbuf/libnetbuf.so

# The 32-bit library (gcc-multilib), from the same sources: its window is
# smaller (libnetbuf/device.c), its ioctls take the kernel's compat path.
LIB32_OBJ	:= $(patsubst libnetbuf/%.c,$(BUILD)/lib32/%.o,$(LIB_SRC))
LIB32_A		:= $(BUILD)/lib32/libnetbuf.a

lib32: $(LIB32_A) $(BUILD)/lib32/$(SONAME)

$(BUILD)/lib32/%.o: libnetbuf/%.c $(LIB_HDR) | version-check
	@mkdir -p $(@D)
	$(call lib_cc,-m32)

$(LIB32_A): $(LIB32_OBJ)
	rm -f $@ && ar rcs $@ $^

$(BUILD)/lib32/$(SONAME): $(LIB32_OBJ) $(LIB_MAP)
	$(call lib_so,-m32,$(LIB32_OBJ))
	ln -sf $(SONAME) $(BUILD)/lib32/libnetbuf.so

# Host build against the running kernel (or KDIR=...): make modules; insmod kmod/netbuf.ko
modules:
	$(MAKE) -C $(KDIR) M=$(CURDIR) modules

# Test programs are static so the busybox guest needs no libc. A binary
# whose source is gone is removed (tests/plan says which sources there are):
# it would go on running, and passing, for a deleted test.
tests: $(TEST_BIN)
	@bash tests/vm/plan.sh prune $(BUILD)/tests

# Every test program also as a 32-bit build, which make check runs on the
# 64-bit guests as NAME.m32 (tests/plan says where).
TEST32_BIN	:= $(patsubst $(BUILD)/tests/%,$(BUILD)/tests32/%,$(TEST_BIN))

tests32: $(TEST32_BIN)
	@bash tests/vm/plan.sh prune $(BUILD)/tests32

# Usage: $(call static_link,SOURCES AND LIBRARIES). The guest programs are
# static; glibc's libc.a then warns that the password, group and shadow
# database lookups (NetWkstaUserGetInfo's user name, the account functions,
# the tests' own) need glibc's NSS at run time, which the guest has (its
# /etc files, read by glibc's built-in files service). Those expected notes
# are dropped; any other linker message is shown, and a failed link shows
# all of them. (The pattern says (get|set|end)(pw|gr|sp)[a-z_]* so that the
# echoed command does not match a grep for the warning itself.)
# make prints one short line per link (V=1: the whole command).
static_link = @echo "$(CC) -static -o $@ $< ..."; \
	$(if $(V),set -x;) $(CC) $(NB_CPPFLAGS) $(CPPFLAGS) $(WARN) $(CFLAGS) $(LDFLAGS) -static \
	-o $@ $(1) -lpthread 2>$@.ld || { cat $@.ld >&2; rm -f $@.ld; exit 1; }; \
	awk '/: in function /{ held = $$0; next } \
	  /Using .(get|set|end)(pw|gr|sp)[a-z_]*. in statically linked/{ held = ""; next } \
	  { if (held != "") print held; held = ""; print } \
	  END { if (held != "") print held }' $@.ld >&2; rm -f $@.ld

$(BUILD)/tests/%: tests/user/%.c $(TEST_DEPS) libnetbuf/libnetbuf.a
	@mkdir -p $(@D)
	$(call static_link,-Itests/user $< tests/user/common.c $(TEST_EXTRA) libnetbuf/libnetbuf.a)

$(BUILD)/tests32/%: tests/user/%.c $(TEST_DEPS) $(LIB32_A)
	@mkdir -p $(@D)
	$(call static_link,-m32 -Itests/user $< tests/user/common.c $(TEST_EXTRA) $(LIB32_A))

# UTF-16 mode (lmcons.h): chosen by the macro, or by a 2-byte wchar_t.
$(foreach d,tests tests32,$(BUILD)/$(d)/lm_utf16): CFLAGS += -DNETBUF_WCHAR16
$(foreach d,tests tests32,$(BUILD)/$(d)/lm_utf16_short): CFLAGS += -fshort-wchar
$(foreach d,tests tests32,$(BUILD)/$(d)/lm_utf16_short): tests/user/lm_utf16.c
$(foreach d,tests tests32,$(BUILD)/$(d)/lm_user_utf16): CFLAGS += -DNETBUF_WCHAR16
# The tests of the examples compile them in.
$(foreach d,tests tests32,$(BUILD)/$(d)/example_netuser $(BUILD)/$(d)/lm_account_smoke): \
		examples/netuser.c
# lm_no_ioctl sees every ioctl the library makes.
$(foreach d,tests tests32,$(BUILD)/$(d)/lm_no_ioctl): LDFLAGS += -Wl,--wrap=ioctl

# netbuf-stat --version prints the release.
STAT_VERSION	:= -DNETBUF_VERSION='"$(VERSION)"'
# The tests of netbuf-stat run the tool's own code inside the guest; those
# of its JSON read it with a strict parser of their own (tests/user/json.c).
STAT_TOOL_TESTS	:= $(foreach d,tests tests32,$(foreach t,stat_tool \
		     stat_tool_json stat_tool_options stat_tool_user \
		     stat_tool_watch nodev_stat_tool nodev_stat_secureboot,\
		     $(BUILD)/$(d)/$(t)))
$(STAT_TOOL_TESTS): TEST_EXTRA := $(STAT_VERSION) tests/user/stat_tool_run.c \
		    tests/user/json.c tools/module_hint.c
$(STAT_TOOL_TESTS): tests/user/stat_tool_run.c tests/user/stat_tool.h \
		    tests/user/json.c tests/user/json.h \
		    tools/netbuf-stat.c $(MODULE_HINT)

examples: $(BUILD)/examples/netbuf_demo $(BUILD)/examples/netinfo \
	  $(BUILD)/examples/netuser

# Why an installed module is not loaded: told by netbuf-stat and the demo.
MODULE_HINT	:= tools/module_hint.c tools/module_hint.h
$(BUILD)/examples/netbuf_demo: EXAMPLE_EXTRA := tools/module_hint.c
$(BUILD)/examples/netbuf_demo: $(MODULE_HINT)

$(BUILD)/examples/%: examples/%.c libnetbuf/libnetbuf.a
	@mkdir -p $(@D)
	$(call static_link,$< $(EXAMPLE_EXTRA) libnetbuf/libnetbuf.a)

tools: $(BUILD)/tools/netbuf-stat

$(BUILD)/tools/netbuf-stat: tools/netbuf-stat.c $(MODULE_HINT)
	@mkdir -p $(@D)
	$(CC) $(NB_CPPFLAGS) $(STAT_VERSION) $(CPPFLAGS) $(WARN) $(CFLAGS) \
	  $(LDFLAGS) -o $@ $< tools/module_hint.c

# make check keeps the tree warning-free: WERROR=1 for everything it builds,
# here and in the host checks' own makes (through the environment).
check: tests/vm/deps.sh
	bash tests/vm/deps.sh
	$(MAKE) WERROR=1 lib tests lib32 tests32 $(BUILD)/bench/netbuf_bench
	$(if $(or $(filter command line,$(origin KERNEL)),$(VMLINUZ)),NETBUF_KERNELS="$(KERNEL)") \
	  WERROR=1 bash tests/run-check.sh

# The harness's own test, on the host with no guest: synthetic guest
# consoles (a crash, a lost test, a stale one, a forbidden skip, a splat...)
# must each fail, a clean one must pass. make check runs it too.
check-harness: lib
	bash tests/vm/check-harness.sh

demo:
	bash tests/vm/deps.sh
	$(MAKE) lib examples
	bash tests/vm/vm-run.sh --kernel $(KERNEL) $(BUILD)/examples/netbuf_demo

# The benchmark (bench/): a table, build/bench/bench.csv and plots; QUICK=1
# for a short run that checks the counts only.
BENCH_BIN	:= $(BUILD)/bench/netbuf_bench

$(BENCH_BIN): bench/netbuf_bench.c libnetbuf/libnetbuf.a
	@mkdir -p $(@D)
	$(call static_link,$< libnetbuf/libnetbuf.a)

bench:
	bash tests/vm/deps.sh
	$(MAKE) lib $(BENCH_BIN)
	bash bench/run.sh $(if $(QUICK),--quick)

vm-run:
	@test -n "$(PROG)" || { echo "usage: make vm-run PROG=static-binary [ARGS=\"...\"] [KERNEL=6.1|6.12|7.2|host | VMLINUZ=image KDIR=build-tree]" >&2; exit 2; }
	bash tests/vm/deps.sh
	@# make itself can only exit 0 or 2: say the status.
	bash tests/vm/vm-run.sh --kernel $(KERNEL) $(PROG) $(ARGS) || \
	  { rc=$$?; case $$rc in \
	    126) echo "vm-run: FAILED: the kernel logged a splat or the guest was broken (above), whatever $(PROG)'s status" >&2 ;; \
	    *) echo "vm-run: $(PROG) exited with status $$rc (tests/vm/vm-run.sh: its own, or 124 timeout, 125 harness)" >&2 ;; \
	  esac; exit $$rc; }

# The fuzzer alone in a guest, for longer runs than make check's:
# make fuzz OPS=N [SEED=S] [THREADS=T] [KERNEL=6.1|6.12|7.2]. A kernel
# splat fails it too; the guest may run for a day (NETBUF_VM_TIMEOUT).
FUZZ_BIN	:= $(BUILD)/tests/fuzz

fuzz:
	@test -n "$(OPS)" || { echo "usage: make fuzz OPS=N [SEED=S] [THREADS=T] [KERNEL=6.1|6.12|7.2]" >&2; exit 2; }
	bash tests/vm/deps.sh
	$(MAKE) lib $(FUZZ_BIN)
	@rc=0; NETBUF_VM_TIMEOUT=$${NETBUF_VM_TIMEOUT:-86400} bash tests/vm/vm-run.sh \
	  --kernel $(KERNEL) $(FUZZ_BIN) --ops $(OPS) $(if $(SEED),--seed $(SEED)) \
	  $(if $(THREADS),--threads $(THREADS)) 2>$(BUILD)/fuzz.stderr || rc=$$?; \
	  cat $(BUILD)/fuzz.stderr >&2; \
	  if grep -q 'kernel splat' $(BUILD)/fuzz.stderr; then \
	    echo "make fuzz: the kernel reported a splat (above)" >&2; [ $$rc != 0 ] || rc=1; fi; \
	  [ $$rc = 0 ] || { echo "make fuzz: failed with status $$rc; the seed to replay is above" >&2; exit $$rc; }

# The library, its headers, its pkg-config file (for this PREFIX), man pages and netbuf-stat;
# the module where it was built (make modules, or KO=path KVER=version),
# then depmod. With DESTDIR, depmod -b writes the tree's own modules.dep.
install: version-check lib tools
	install -d $(DESTDIR)$(LIBDIR) $(DESTDIR)$(NB_INCLUDEDIR)/linux \
	  $(DESTDIR)$(PKGCONFIGDIR) $(DESTDIR)$(BINDIR) \
	  $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(MANDIR)/man3 $(DESTDIR)$(MANDIR)/man4 \
	  $(DESTDIR)$(MANDIR)/man7
	install -m 644 libnetbuf/libnetbuf.a $(DESTDIR)$(LIBDIR)/
	install -m 644 libnetbuf/$(SONAME) $(DESTDIR)$(LIBDIR)/libnetbuf.so.$(VERSION)
	ln -sf libnetbuf.so.$(VERSION) $(DESTDIR)$(LIBDIR)/$(SONAME)
	ln -sf $(SONAME) $(DESTDIR)$(LIBDIR)/libnetbuf.so
	install -m 644 $(PUB_HDR) $(DESTDIR)$(NB_INCLUDEDIR)/
	install -m 644 uapi/linux/netbuf.h $(DESTDIR)$(NB_INCLUDEDIR)/linux/
	sed -e 's|@PREFIX@|$(PREFIX)|' -e 's|@LIBDIR@|$(LIBDIR)|' \
	  -e 's|@INCLUDEDIR@|$(INCLUDEDIR)|' -e 's|@VERSION@|$(VERSION)|' \
	  libnetbuf/libnetbuf.pc.in >$(DESTDIR)$(PKGCONFIGDIR)/libnetbuf.pc
	install -m 755 $(BUILD)/tools/netbuf-stat $(DESTDIR)$(BINDIR)/
	$(foreach s,1 3 4 7,install -m 644 $(filter %.$(s),$(MAN_PAGES)) $(DESTDIR)$(MANDIR)/man$(s)/;)
	@if [ -f $(KO) ]; then \
	  echo "install -D -m 644 $(KO) $(DESTDIR)$(MODDIR)/netbuf.ko"; \
	  install -D -m 644 $(KO) $(DESTDIR)$(MODDIR)/netbuf.ko && \
	  $(DEPMOD) $(if $(DESTDIR),-b $(DESTDIR)) $(KVER); \
	else \
	  echo "make install: $(KO) is not built, so no module was installed:" \
	    "run 'make modules' (needs linux-headers-$(KVER)) or use DKMS (make install-dkms)" >&2; \
	fi
ifneq ($(NETBUF_GROUP),)
	install -d $(DESTDIR)$(SYSCONFDIR)/udev/rules.d
	sed 's|@GROUP@|$(NETBUF_GROUP)|g' dist/60-netbuf.rules.in \
	  >$(DESTDIR)$(SYSCONFDIR)/udev/rules.d/60-netbuf.rules
endif
ifneq ($(AUTOLOAD),)
	install -D -m 644 dist/netbuf.conf $(DESTDIR)$(SYSCONFDIR)/modules-load.d/netbuf.conf
endif
	$(if $(DESTDIR),,$(LDCONFIG))

# The module's sources where DKMS looks for them: dkms install netbuf/$(VERSION)
install-dkms: version-check
	install -d $(DESTDIR)$(DKMSDIR)/kmod $(DESTDIR)$(DKMSDIR)/uapi/linux
	install -m 644 dkms.conf Kbuild $(DESTDIR)$(DKMSDIR)/
	install -m 644 kmod/Kbuild kmod/*.[ch] $(DESTDIR)$(DKMSDIR)/kmod/
	install -m 644 uapi/linux/netbuf.h $(DESTDIR)$(DKMSDIR)/uapi/linux/

# The Debian packages (debian/), built out of tree in $(BUILD)/deb, and
# lintian's verdict on them. Installs the build tools it lacks, nothing else.
deb:
	bash dist/make-deb.sh $(BUILD)/deb

# Everything install and install-dkms may have put in place.
uninstall:
	rm -f $(DESTDIR)$(LIBDIR)/libnetbuf.a $(DESTDIR)$(LIBDIR)/libnetbuf.so \
	  $(DESTDIR)$(LIBDIR)/$(SONAME) $(DESTDIR)$(LIBDIR)/libnetbuf.so.$(VERSION) \
	  $(addprefix $(DESTDIR)$(NB_INCLUDEDIR)/,$(notdir $(PUB_HDR))) \
	  $(DESTDIR)$(NB_INCLUDEDIR)/linux/netbuf.h \
	  $(DESTDIR)$(PKGCONFIGDIR)/libnetbuf.pc $(DESTDIR)$(BINDIR)/netbuf-stat \
	  $(addprefix $(DESTDIR)$(MANDIR)/man,$(join $(subst .,,$(suffix $(MAN_PAGES))),$(addprefix /,$(notdir $(MAN_PAGES))))) \
	  $(DESTDIR)$(SYSCONFDIR)/udev/rules.d/60-netbuf.rules \
	  $(DESTDIR)$(SYSCONFDIR)/modules-load.d/netbuf.conf
	-rmdir $(DESTDIR)$(NB_INCLUDEDIR)/linux $(DESTDIR)$(NB_INCLUDEDIR) 2>/dev/null
	rm -rf $(DESTDIR)$(DKMSDIR)
	@if [ -f $(DESTDIR)$(MODDIR)/netbuf.ko ]; then \
	  echo "rm -f $(DESTDIR)$(MODDIR)/netbuf.ko"; \
	  rm -f $(DESTDIR)$(MODDIR)/netbuf.ko && \
	  $(DEPMOD) $(if $(DESTDIR),-b $(DESTDIR)) $(KVER); \
	fi
	$(if $(DESTDIR),,$(LDCONFIG))

clean:
	rm -rf $(BUILD) libnetbuf/libnetbuf.a libnetbuf/libnetbuf.so*
	$(MAKE) -C $(KDIR) M=$(CURDIR) clean 2>/dev/null || true
