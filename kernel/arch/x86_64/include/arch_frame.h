/* The x86_64 trap frame as entry.S pushes it, and small CPU helpers. */
#ifndef ARCH_FRAME_H
#define ARCH_FRAME_H
#ifndef __ASSEMBLER__
#include <stdint.h>

struct frame {
	uint64_t r15, r14, r13, r12, rbp, rbx, r11, r10, r9, r8;
	uint64_t rax, rcx, rdx, rsi, rdi;
	uint64_t vector, error;
	uint64_t rip, cs, rflags, rsp, ss;
};
_Static_assert(sizeof(struct frame) == 22 * 8, "entry.S pushes 22 words");
#endif

#define USER_CS  0x2b
#define USER_SS  0x23
#define RFLAGS_IF   0x200
#define RFLAGS_IOPL 0x3000
/* Flags user space may set: CF PF AF ZF SF TF DF OF AC ID. */
#define RFLAGS_USER 0x254dd5

#define VEC_PF     14
#define ARCH_PAGE_FAULT VEC_PF
#define VEC_NM     7
#define VEC_IRQ0   0x20
#define VEC_TIMER  0x30
#define VEC_SYSCALL 0x100

#endif
