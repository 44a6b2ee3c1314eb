# SPDX-License-Identifier: GPL-2.0
# Wombat os-L4, x86_64: the architecture's compiler flags for Linux and the
# host layer (Makefile-os-L4 includes this file when it exists).
#
# No SSE, MMX or AVX in Wombat's own code, as in arch/x86's kernel (arm64's
# subarch has -mgeneral-regs-only, riscv's is soft-float): gcc used %xmm for
# struct copies in __schedule and elsewhere, so after every process run
# Wombat's first such instruction trapped (#NM) for the microkernel to load
# Wombat's own FPU state back, about 150 instructions of the microkernel and
# a trap per context switch; the process's FPU state is the process's alone.
KBUILD_CFLAGS += -mno-sse -mno-mmx -mno-sse2 -mno-3dnow -mno-avx

# The small code model, not arch/um/Makefile's -mcmodel=large: Wombat's image
# lies at START (0x60000000), its code and data well inside the low 2 GiB,
# and has no modules, so direct calls and RIP-relative data reach everything.
# The large model made every call `movabs $f, %rax; call *%rax` and every
# global a 64-bit absolute load: two instructions, and an indirect branch,
# for one, all through Linux (native x86_64 Linux uses -mcmodel=kernel). A
# symbol out of range would be a link error (relocation truncated), never a
# wrong address.
KBUILD_CFLAGS := $(filter-out -mcmodel=large,$(KBUILD_CFLAGS)) -mcmodel=small
