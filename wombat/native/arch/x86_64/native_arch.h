/* wombat-native, x86_64: the ELF machine and the jump to a program's entry. */
#include <elf.h>
#define WN_MACHINE EM_X86_64
/* The psABI's process entry: rsp at argc, rdx = 0 (no exit function to register). */
static inline void __attribute__((noreturn)) wn_enter(void *entry, void *sp)
{
	__asm__ volatile("mov %0, %%rsp\n\txor %%edx, %%edx\n\txor %%ebp, %%ebp\n\tjmp *%1"
			 :: "D"(sp), "a"(entry) : "memory");
	__builtin_unreachable();
}
