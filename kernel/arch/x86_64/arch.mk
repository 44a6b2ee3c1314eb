# x86_64 (PC, QEMU -M pc): what the top-level Makefile needs to know about the architecture.
BUILD        ?= build
BOARD_x86_64 := pc
ARCH_KCFLAGS := -mno-red-zone -mcmodel=kernel -mgeneral-regs-only -flto
ARCH_KLDFLAGS :=
ARCH_UCFLAGS := -mno-red-zone
ULD          := ld
OBJCOPY      := objcopy
# The image QEMU boots: the 64-bit kernel in an ELF32 container for Multiboot.
KIMAGE        = $(BUILD)/kernel32.elf
KIMAGE_CMD    = $(OBJCOPY) -O elf32-i386 $< $@
ARCH_ALL      = $(KIMAGE) $(KTEST) $(BENCH_IPC) $(FUZZ) iguana-all
ARCH_KTEST_EXCLUDE :=
