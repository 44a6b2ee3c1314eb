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
# Kernel tests: all of tests/ktest/*.c; tests/ktest/arch/aarch64/ holds
# this architecture's parts and its own tests.
ARCH_KTEST_EXCLUDE :=
