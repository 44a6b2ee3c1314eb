/* wombat-native, riscv64: the ELF machine and the jump to a program's entry. */
#include <elf.h>
#define WN_MACHINE EM_RISCV
/* The process entry: sp at argc, a0 = 0 (no exit function to register). */
static inline void __attribute__((noreturn)) wn_enter(void *entry, void *sp)
{
	register void *a1 __asm__("a1") = sp, *a2 __asm__("a2") = entry;
	__asm__ volatile("mv sp, a1\n\tli a0, 0\n\tli ra, 0\n\tli s0, 0\n\tjr a2" :: "r"(a1), "r"(a2) : "memory");
	__builtin_unreachable();
}
