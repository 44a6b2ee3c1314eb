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
ARCH_ALL       = $(KIMAGE) $(KTEST)
# Kernel tests that are x86_64's own (inline x86 assembly, ports, segments,
# the x86 fast path and vCPU frame layout): not built here. Single x86 tests
# in the other files are under #if defined(__x86_64__).
ARCH_KTEST_EXCLUDE := tests/ktest/t_exc.c tests/ktest/t_fastpath.c tests/ktest/t_vcpu.c
