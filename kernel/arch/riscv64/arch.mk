# riscv64 (QEMU -M virt, S-mode under OpenSBI): what the top-level Makefile needs to know.
BUILD         ?= build-riscv64
BOARD_riscv64 := virt
CROSS_COMPILE ?= riscv64-linux-gnu-
ifeq ($(origin CC),default)
CC            := $(CROSS_COMPILE)gcc
endif
# lp64d like the toolchain's libgcc; the kernel's integer code uses no FP
# register (FP is the user's, switched lazily by sstatus.FS). medany:
# PC-relative code that runs at its physical address until the MMU is on.
ARCH_KCFLAGS  := -march=rv64gc_zicsr_zifencei -mabi=lp64d -mcmodel=medany -mno-relax -mstrict-align
ARCH_KLDFLAGS := -no-pie -Wl,--no-relax
# User code: gp is the UTCB pointer (l4_arch.h), so no gp-relative relaxation.
ARCH_UCFLAGS  := -march=rv64gc_zicsr_zifencei -mabi=lp64d -mcmodel=medany -mno-relax
ULD           := $(CROSS_COMPILE)ld -z max-page-size=4096 -z norelro --no-relax
OBJCOPY       := $(CROSS_COMPILE)objcopy
# The image QEMU boots: a flat binary OpenSBI enters at 0x80200000.
KIMAGE         = $(BUILD)/Image
KIMAGE_CMD     = $(OBJCOPY) -O binary $< $@
ARCH_ALL       = $(KIMAGE) $(KTEST) $(FUZZ) $(BENCH_IPC) iguana-all
