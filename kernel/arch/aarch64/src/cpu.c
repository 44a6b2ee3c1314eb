/* aarch64 CPU set-up: the vector table, FP/SIMD trapping, the fast path switch. */
#include <kernel.h>
#include <arch.h>

extern char vectors[];

void arch_cpu_init(void)
{
	write_sysreg(vbar_el1, (u64)vectors);
	write_sysreg(cpacr_el1, 0);              /* FP/SIMD traps at EL0 (and EL1) until owned */
	write_sysreg(cntkctl_el1, 1 << 1);       /* EL0VCTEN: EL0 reads the virtual count (as RDTSC on
	                                            x86_64: libc's entropy); no physical counter, no timers */
	isb();
}

/* No aarch64 IPC fast path yet: every system call takes the generic path. */
void arch_fastpath_enable(bool on) { (void)on; }
