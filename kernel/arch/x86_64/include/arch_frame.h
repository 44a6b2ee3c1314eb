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

#ifndef __ASSEMBLER__
static inline void outb(uint16_t port, uint8_t v) { __asm__ volatile("outb %0, %1" :: "a"(v), "Nd"(port)); }
static inline void outw(uint16_t port, uint16_t v) { __asm__ volatile("outw %0, %1" :: "a"(v), "Nd"(port)); }
static inline uint8_t inb(uint16_t port) { uint8_t v; __asm__ volatile("inb %1, %0" : "=a"(v) : "Nd"(port)); return v; }
static inline uint64_t rdmsr(uint32_t msr) { uint32_t lo, hi; __asm__ volatile("rdmsr" : "=a"(lo), "=d"(hi) : "c"(msr)); return ((uint64_t)hi << 32) | lo; }
static inline void wrmsr(uint32_t msr, uint64_t v) { __asm__ volatile("wrmsr" :: "c"(msr), "a"((uint32_t)v), "d"((uint32_t)(v >> 32))); }
static inline uint64_t rdtsc(void) { uint32_t lo, hi; __asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi)); return ((uint64_t)hi << 32) | lo; }
static inline uint64_t read_cr2(void) { uint64_t v; __asm__ volatile("mov %%cr2, %0" : "=r"(v)); return v; }
static inline void cpuid(uint32_t leaf, uint32_t sub, uint32_t r[4])
{
	__asm__ volatile("cpuid" : "=a"(r[0]), "=b"(r[1]), "=c"(r[2]), "=d"(r[3]) : "a"(leaf), "c"(sub));
}
#endif
#endif
