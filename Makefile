# SPDX-License-Identifier: MPL-2.0
# Keel top-level Makefile: configuration, the kernel build, QEMU runs and the test suites.
# `make help` lists every target and variable.

KEELVERSION := 0.1.0
SUPPORTED_ARCHS := x86_64 riscv64 aarch64

# `make riscv64_defconfig` with no ARCH= picks the arch from the defconfig's name.
ifeq ($(origin ARCH),undefined)
ARCH := $(or $(firstword $(foreach a,$(SUPPORTED_ARCHS),$(if $(filter $(a)_defconfig,$(MAKECMDGOALS)),$(a)))),x86_64)
endif
ifeq ($(filter $(ARCH),$(SUPPORTED_ARCHS)),)
$(error ARCH=$(ARCH) is not supported; choose one of: $(SUPPORTED_ARCHS))
endif

O ?= build/$(ARCH)
override O := $(patsubst %/,%,$(O))
srctree := $(CURDIR)
export srctree

V ?= 0
Q := $(if $(filter 1,$(V)),,@)
# make -s: no progress lines either
silent := $(findstring s,$(firstword -$(MAKEFLAGS)))
MAKEFLAGS += --no-builtin-rules --no-builtin-variables --no-print-directory
.SUFFIXES:
.DELETE_ON_ERROR:

# One Clang/LLVM for every arch (Debian's clang-19; LLVM=<dir>/ selects another).
LLVM ?= /usr/lib/llvm-19/bin/
CC := $(LLVM)clang
LD := $(LLVM)ld.lld
OBJCOPY := $(LLVM)llvm-objcopy
NM := $(LLVM)llvm-nm
HOSTCC ?= cc
PYTHON := /usr/bin/python3
CLANG_FORMAT ?= $(LLVM)clang-format

SMP ?= 1
MEM ?=
KCMDLINE ?=
INITRD ?=
QEMU_ARGS ?=
IOMMU ?= 0
KTEST ?=
KTEST_TIMEOUT ?= 180
export QEMU_ARGS V

# Goals that need no .config (and so no autoconf.h).
no-config-goals := help clean mrproper distclean deps check check-format check-tcb test-host \
	menuconfig defconfig %_defconfig oldconfig olddefconfig savedefconfig allnoconfig \
	allyesconfig alldefconfig test test-all syscalls
config-goals := $(filter-out $(no-config-goals),$(if $(MAKECMDGOALS),$(MAKECMDGOALS),all))
# pattern goals (foo_defconfig) are not caught by filter-out above
config-goals := $(filter-out %_defconfig,$(config-goals))

PHONY := all

# "make hello_defconfig qemu": configuration goals change what the build reads, so goals that
# mix the two run one at a time, each in its own make (as Linux does).
mixed-goals := $(and $(filter %config,$(MAKECMDGOALS)),$(filter-out %config,$(MAKECMDGOALS)))
ifneq ($(mixed-goals),)
PHONY += one-by-one
$(MAKECMDGOALS): one-by-one ; @:
one-by-one:
	$(Q)set -e; for g in $(MAKECMDGOALS); do $(MAKE) -f $(firstword $(MAKEFILE_LIST)) $$g; done
else
all: image

include scripts/Makefile.kconfig

ifneq ($(config-goals),)
include scripts/Makefile.kbuild
endif

include scripts/Makefile.run
endif

# ---- housekeeping ---------------------------------------------------------------------------

PHONY += deps clean mrproper distclean
deps:
	$(Q)scripts/install-deps

clean:
	$(Q)if [ -d $(O) ]; then find $(O) \( -name '*.o' -o -name '*.d' -o -name '*.json' \
		-o -name '*.lds' -o -name '.tmp_*' -o -name '*.user.elf' \) -delete; \
		rm -f $(O)/keel.elf $(O)/Image $(O)/compile_commands.json; fi
	$(Q)rm -rf $(O)/host-tests $(O)/user $(O)/initramfs*

mrproper distclean:
	$(Q)rm -rf build compile_commands.json

# ---- help -----------------------------------------------------------------------------------

PHONY += help
help:
	@echo 'Keel $(KEELVERSION) -- a framekernel in C.   make [targets] [VARIABLE=value ...]'
	@echo
	@echo 'Configuration:'
	@echo '  defconfig         - configs/$$(ARCH)_defconfig into $$(O)/.config'
	@echo '  <name>_defconfig  - configs/<name>_defconfig ($(patsubst configs/%,%,$(wildcard configs/*_defconfig)))'
	@echo '  menuconfig        - menu-driven configuration (Kconfiglib, terminal)'
	@echo '  oldconfig         - update .config, asking about new symbols'
	@echo '  olddefconfig      - update .config, new symbols get their defaults'
	@echo '  savedefconfig     - write a minimal $$(O)/defconfig'
	@echo '  allnoconfig       - every symbol that can be off, off'
	@echo '  allyesconfig      - every symbol that can be on, on'
	@echo
	@echo 'Build:'
	@echo '  all (default)     - build $$(O)/keel.elf and the bootable image'
	@echo '  compile_commands.json - for clangd and clang-tidy (also written by every build)'
	@echo '  clean             - remove objects and images, keep .config'
	@echo '  mrproper          - remove the whole build/ tree and every configuration'
	@echo '  deps              - install the Debian packages the build needs (every build does it)'
	@echo
	@echo 'Run:'
	@echo '  qemu              - build and boot in QEMU, serial console on this terminal (^A x quits)'
	@echo '  qemu-gdb          - like qemu, waiting for gdb on localhost:1234'
	@echo
	@echo 'Tests:'
	@echo '  test              - everything CI runs: check, host tests, all arch builds, ktests;'
	@echo '                      ends with "N passed, N failed"'
	@echo '  ktest             - boot $$(ARCH) with "ktest" and check the KTAP report'
	@echo '  test-host         - host unit tests of arch-neutral code (cmocka)'
	@echo '  check             - check-format and check-tcb'
	@echo '  check-format      - clang-format check of every tracked C file (FIX=1 rewrites)'
	@echo '  check-tcb         - trust-boundary lint of services/ and drivers/, trusted line counts'
	@echo
	@echo 'Variables:'
	@echo '  ARCH=x86_64|riscv64|aarch64  target architecture (default x86_64)'
	@echo '  O=dir             output directory (default build/$$(ARCH))'
	@echo '  V=1               print full commands'
	@echo '  LLVM=dir/         where clang, ld.lld and llvm-* live (default /usr/lib/llvm-19/bin/)'
	@echo '  SMP=n MEM=size    CPUs and memory of the QEMU machine (qemu, ktest)'
	@echo '  KCMDLINE="..."    kernel command line (qemu)'
	@echo '  INITRD=file       initramfs to boot (qemu; default: busybox from busybox-static)'
	@echo '  INITRAMFS_OVERLAY=dir  files to add on top of the default busybox initramfs'
	@echo '  QEMU_ARGS="..."   extra QEMU arguments'
	@echo '  IOMMU=1           x86_64: boot with an Intel VT-d IOMMU (qemu, ktest)'
	@echo '  KTEST=glob        run only matching "suite.name" ktests (ktest)'

.PHONY: $(PHONY)
