# aarch64 (QEMU -M virt): what the top-level Makefile needs to know about the architecture.
BUILD         ?= build-aarch64
BOARD_aarch64 := virt
CROSS_COMPILE ?= aarch64-linux-gnu-
ifeq ($(origin CC),default)
CC            := $(CROSS_COMPILE)gcc
endif
ARCH_KCFLAGS  := -mgeneral-regs-only -mcmodel=small -mno-outline-atomics -mstrict-align
ARCH_KLDFLAGS := -no-pie
ARCH_UCFLAGS  := -mno-outline-atomics
ULD           := $(CROSS_COMPILE)ld -z max-page-size=4096 -z norelro
OBJCOPY       := $(CROSS_COMPILE)objcopy
# The image QEMU boots: a flat arm64 Image (header in boot.S).
KIMAGE         = $(BUILD)/Image
KIMAGE_CMD     = $(OBJCOPY) -O binary $< $@
ARCH_ALL       = $(KIMAGE) $(KTEST) $(FUZZ) $(BENCH_IPC) iguana-all
# Kernel tests of x86_64's assembly IPC fast path: not built here (the
# architecture has none). Single x86 tests in the other files are under
# #if defined(__x86_64__); tests/ktest/arch/aarch64/ holds this one's parts.
ARCH_KTEST_EXCLUDE := tests/ktest/t_fastpath.c
