/* wombat-native, aarch64: the ELF machine and the jump to a program's entry. */
#include <elf.h>
#define WN_MACHINE EM_AARCH64
/* The process entry: sp at argc, x0 = 0 (no exit function to register). */
static inline void __attribute__((noreturn)) wn_enter(void *entry, void *sp)
{
	register void *x1 __asm__("x1") = sp, *x2 __asm__("x2") = entry;
	__asm__ volatile("mov sp, x1\n\tmov x0, #0\n\tmov x29, #0\n\tmov x30, #0\n\tbr x2" :: "r"(x1), "r"(x2) : "memory");
	__builtin_unreachable();
}
