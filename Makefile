# SPDX-License-Identifier: GPL-2.0
#
# npipe: user-facing build wrapper.  The module itself is built by kbuild
# (Kbuild, kmod/Kbuild); the library by lib/Makefile; the kselftests by
# tests/Makefile through the kernel's lib.mk.  Everything generated outside
# kbuild's own objects goes to build/ (git-ignored).  See README.md.

# The kernel to build against (scripts/kdir explains the default).  Found
# when a recipe first needs it, not when this file is read: on a new machine
# `make demo` and `make check` install the headers (scripts/install-deps)
# before they build, in a sub-make that reads this file afresh.  The first
# use replaces the definition with its value, so scripts/kdir runs at most
# once per make.  Not exported: an empty value from before the install would
# reach the sub-make and hide the headers.
ifeq ($(origin KDIR),undefined)
KDIR = $(eval KDIR := $(shell $(CURDIR)/scripts/kdir))$(KDIR)
endif

PREFIX	?= /usr/local
DESTDIR	?=

BUILD		:= $(CURDIR)/build
TESTS_OUT	:= $(BUILD)/tests
KSFT_INSTALL	:= $(BUILD)/ksft-install

# kselftest's harness and runner and checkpatch are not packaged on their
# own in Debian; they are extracted from the kernel source tarball into
# build/linux (once: the rule below has no prerequisites, so it only runs
# when one of the files is missing).
KSRC_TAR	?= /usr/src/linux-source-6.1.tar.xz
KSRC_TOP	:= linux-source-6.1
KSRC		:= $(BUILD)/linux
KSFT_DIR	:= $(KSRC)/tools/testing/selftests
KSRC_FILES	:= tools/testing/selftests/kselftest_harness.h \
		   tools/testing/selftests/kselftest.h \
		   tools/testing/selftests/lib.mk \
		   tools/testing/selftests/kselftest \
		   tools/testing/selftests/run_kselftest.sh \
		   scripts/checkpatch.pl \
		   scripts/spelling.txt \
		   scripts/const_structs.checkpatch
KSRC_PATHS	:= $(addprefix $(KSRC)/,$(KSRC_FILES))

# OUTPUT is mandatory for lib.mk when called from another make: without it
# the test binaries are written to /.
TESTS_ARGS	:= --no-print-directory KSFT_DIR=$(KSFT_DIR) OUTPUT=$(TESTS_OUT)
TESTS32_ARGS	:= --no-print-directory KSFT_DIR=$(KSFT_DIR) OUTPUT=$(BUILD)/tests32 M32=1 \
		   LIBNP=$(BUILD)/lib32/libnp.a

VM_RUN		:= $(CURDIR)/scripts/vm-run --no-build

.PHONY: all modules lib tests lib32 tests32 ksft ksft-install guest examples \
	check check-host check-debug check-stock check-kernels check-fresh vm-test stress fuzz demo bench install dkms-install dkms-uninstall check-dkms clean distclean

all: modules lib tests

modules:
	$(if $(KDIR),,$(error no kernel build directory: set KDIR=...))
	$(MAKE) -C $(KDIR) M=$(CURDIR) modules

lib:
	$(MAKE) -C lib

$(KSRC_PATHS) &:
	@test -r $(KSRC_TAR) || { echo "$(KSRC_TAR) missing:" \
		"install linux-source-6.1 (scripts/install-deps)" >&2; exit 1; }
	@echo "  EXTRACT kselftest and checkpatch from $(KSRC_TAR) (about 10 s)"
	@rm -rf $(KSRC) && mkdir -p $(KSRC)
	tar -xJf $(KSRC_TAR) -C $(KSRC) --strip-components=1 \
		$(addprefix $(KSRC_TOP)/,$(KSRC_FILES))

ksft: $(KSRC_PATHS)

# libnp_* tests link lib/libnp.a, so the library comes first.
tests: ksft lib
	@mkdir -p $(TESTS_OUT)
	$(MAKE) -C tests $(TESTS_ARGS)

# The tests again as 32-bit programs (the module through compat_ioctl),
# the library ones linked with a 32-bit libnp built in build/lib32.
lib32:
	$(MAKE) -C lib O=$(BUILD)/lib32 CFLAGS="-O2 -g -m32" $(BUILD)/lib32/libnp.a

tests32: ksft lib32
	@mkdir -p $(BUILD)/tests32
	$(MAKE) -C tests $(TESTS32_ARGS)

# kselftest's installed layout: run_kselftest.sh, kselftest/runner.sh,
# kselftest-list.txt and the collection "npipe" (programs, settings, config).
# runner.sh honours tests/settings only in this layout.  Made from scratch
# in a new directory, so that a deleted test does not linger, then synced
# over the old one file by file, so that a VM being staged from it at the
# same time never sees it missing.
ksft-install: tests tests32
	@rm -rf $(KSFT_INSTALL).new && mkdir -p $(KSFT_INSTALL).new
	$(MAKE) -C tests $(TESTS_ARGS) install INSTALL_PATH=$(KSFT_INSTALL).new/npipe
	$(MAKE) -C tests $(TESTS32_ARGS) install INSTALL_PATH=$(KSFT_INSTALL).new/npipe32
	{ $(MAKE) -s -C tests $(TESTS_ARGS) emit_tests COLLECTION=npipe && \
	  $(MAKE) -s -C tests $(TESTS32_ARGS) emit_tests COLLECTION=npipe32; } \
		> $(KSFT_INSTALL).new/kselftest-list.txt
	cp -R $(KSFT_DIR)/run_kselftest.sh $(KSFT_DIR)/kselftest $(KSFT_INSTALL).new/
	@rsync -a --delete $(KSFT_INSTALL).new/ $(KSFT_INSTALL)/
	@rm -rf $(KSFT_INSTALL).new

# Everything scripts/vm-run puts into the guest.
guest: modules ksft-install

# Contract with examples/Makefile: `make -C examples` builds statically
# linked programs into build/examples/ (see README.md, "Layout").
examples: lib
	$(MAKE) -C examples

# The one test command: host checks, then the whole suite in one VM boot.
check:
	@$(CURDIR)/scripts/check

check-host:
	@$(CURDIR)/scripts/check-host

# make check on the debug kernel (KASAN, lockdep, kmemleak...; the first
# run on a machine builds it: 10-15 min).
check-debug:
	@$(CURDIR)/scripts/check --debug-kernel

check-stock:
	@$(CURDIR)/scripts/check --stock

# The suite on Debian's 6.12 kernel (bookworm-backports) and on the newest
# Debian kernel (trixie-backports, 7.x), whose module is built in a trixie
# root (debootstrap, once per machine: a few minutes).  Kernels and root are
# cached in ~/.cache/npipe.
check-kernels:
	@$(CURDIR)/scripts/check --kernels

# The README's two commands (make demo, make check) in a brand-new Debian 12
# root (debootstrap minbase + git + make, the bookworm suite only), from a
# clean clone of HEAD: proves that every install step is in the scripts.
# About an hour (the debug kernel is built there from scratch).
check-fresh:
	@$(CURDIR)/scripts/fresh-root

# Inner loop: build, then run one test program in the VM (T=npipe_device;
# VM_FLAGS=--debug-kernel for the debug kernel).
vm-test: tests
	$(if $(T),,$(error usage: make vm-test T=<test program, e.g. npipe_device>))
	@test -x $(TESTS_OUT)/$(T) || { echo "no test program $(T)" \
		"(tests/$(T).c)" >&2; exit 1; }
	$(CURDIR)/scripts/vm-run $(VM_FLAGS) -- build/tests/$(T)

# Long stress and fuzz runs (tests/npstress.c, tests/npfuzz.c), by default
# on the debug kernel, where KASAN, lockdep, kmemleak and UBSAN watch them;
# KERNEL=stock for Debian's 6.1.  The seed is printed, and replays a run.
#   make stress DURATION=600 [SEED=7]
#   make fuzz N=1000000 [SEED=7] [FUZZ_ARGS="-f 2"]
DURATION ?= 60
N ?= 100000
SEED ?= 1
KERNEL ?= debug
TOOL_VM = $(CURDIR)/scripts/vm-run $(if $(filter debug,$(KERNEL)),--debug-kernel)
stress:
	$(TOOL_VM) --timeout $$(($(DURATION) + 900)) -- \
		npstress -d $(DURATION) -s $(SEED) $(STRESS_ARGS)
fuzz:
	$(TOOL_VM) --timeout $$(($(N) / 100 + 900)) -- \
		npfuzz -n $(N) -s $(SEED) $(FUZZ_ARGS)

# install-deps first, in the recipe: as a prerequisite, make -j would run
# it alongside the builds that need its packages.
demo:
	@$(CURDIR)/scripts/install-deps
	@$(MAKE) --no-print-directory modules examples
	$(VM_RUN) --add scripts/demo --add build/examples -- scripts/demo

# Round trips through npipe and its Linux peers, in one VM run; only the
# ratios mean anything under emulation (bench/npbench.c says why).
# BENCH_ARGS="ROUNDTRIPS SIZE", e.g. "20000 64".
BENCH_ARGS ?= 20000 64
# npscale: the cost of open, wait and create with 10 to 100,000 names.
bench: modules
	@mkdir -p $(BUILD)/bench
	$(CC) -O2 -Wall -Wextra -static -I$(CURDIR)/uapi bench/npbench.c \
		-o $(BUILD)/bench/npbench -lrt
	$(CC) -O2 -Wall -Wextra -static -I$(CURDIR)/uapi bench/npscale.c \
		-o $(BUILD)/bench/npscale
	$(VM_RUN) --add build/bench -- sh -c 'build/bench/npbench $(BENCH_ARGS) && \
		build/bench/npscale 10 1000 10000 100000'

# The release the module is built for (include/config/kernel.release says
# "6.1.192" in Debian's headers; the module's vermagic is UTS_RELEASE).
KREL = $(shell sed -n 's/^\#define UTS_RELEASE "\(.*\)"/\1/p' \
	       $(KDIR)/include/generated/utsrelease.h)

# DESTDIR stages the install (for packages); depmod is then left to the
# package's own scripts, since a staging tree has no modules.dep to update.
install: modules lib
	$(MAKE) -C $(KDIR) M=$(CURDIR) $(if $(DESTDIR),INSTALL_MOD_PATH=$(DESTDIR)) \
		modules_install
	$(if $(DESTDIR),,depmod -a $(KREL))
	install -D -m 0644 uapi/linux/npipe.h $(DESTDIR)$(PREFIX)/include/linux/npipe.h
	$(MAKE) -C lib install PREFIX=$(PREFIX) DESTDIR=$(DESTDIR)

# DKMS: the module's sources in /usr/src/npipe-VERSION, built and installed
# for every kernel with headers, and again on each kernel upgrade (dkms'
# own hooks).  Needs the dkms package.  scripts/dkms-check tests it.
VERSION		:= $(shell sed -n 's/^VERSION *:= *//p' $(CURDIR)/lib/Makefile)
DKMS_SRC	:= $(DESTDIR)/usr/src/npipe-$(VERSION)

dkms-install:
	@command -v dkms >/dev/null || { echo "dkms-install: install dkms" \
		"(apt-get install dkms)" >&2; exit 1; }
	$(if $(DESTDIR),,-dkms remove npipe/$(VERSION) --all >/dev/null 2>&1)
	rm -rf $(DKMS_SRC)
	install -d $(DKMS_SRC)/kmod $(DKMS_SRC)/uapi/linux
	install -m 0644 Kbuild $(DKMS_SRC)/
	install -m 0644 kmod/Kbuild kmod/*.[ch] $(DKMS_SRC)/kmod/
	install -m 0644 uapi/linux/npipe.h $(DKMS_SRC)/uapi/linux/
	sed 's/#MODULE_VERSION#/$(VERSION)/' dkms.conf > $(DKMS_SRC)/dkms.conf
ifeq ($(DESTDIR),)
	dkms add npipe/$(VERSION)
	@# Every kernel whose headers are installed, not only the running one.
	@set -e; for k in $$(ls /lib/modules); do \
		[ -e /lib/modules/$$k/build ] || continue; \
		echo "dkms install npipe/$(VERSION) -k $$k"; \
		dkms install npipe/$(VERSION) -k $$k; \
	done
endif

# In a new debootstrap root (scripts/fresh-root): dkms-install with the
# headers of Debian's 6.1 and, installed afterwards, bookworm-backports'
# 6.12; both kernels boot with their DKMS-built module and pass a smoke test.
check-dkms:
	@$(CURDIR)/scripts/fresh-root scripts/dkms-check

dkms-uninstall:
	-dkms remove npipe/$(VERSION) --all
	rm -rf $(DKMS_SRC)

# clean keeps the files extracted from the kernel tarball (build/linux):
# they never change and take 10 s to extract; distclean drops them too.
clean:
	$(if $(wildcard $(KDIR)),$(MAKE) -C $(KDIR) M=$(CURDIR) clean)
	$(MAKE) -C lib clean
	$(MAKE) -C examples clean
	find build -mindepth 1 -maxdepth 1 ! -name linux -exec rm -rf {} + \
		2>/dev/null || true

distclean: clean
	rm -rf build
