/* aarch64 CPU set-up: the vector table, FP/SIMD trapping, the fast path switch. */
#include <kernel.h>
#include <arch.h>

extern char vectors[], vectors_fast[];

void arch_cpu_init(void)
{
	write_sysreg(vbar_el1, (u64)vectors);
	write_sysreg(cpacr_el1, 0);              /* FP/SIMD traps at EL0 (and EL1) until owned; FPEN is
	                                            all it ever holds (fastpath.S writes it whole) */
	write_sysreg(cntkctl_el1, 1 << 1);       /* EL0VCTEN: EL0 reads the virtual count (as RDTSC on
	                                            x86_64: libc's entropy); no physical counter, no timers */
	isb();
}

/* The fast paths (fastpath.S, vcpu_fast.S) are entered through their own
 * vector table: only its slot for synchronous exceptions from EL0 differs. */
void arch_fastpath_enable(bool on)
{
	write_sysreg(vbar_el1, on ? (u64)vectors_fast : (u64)vectors);
	isb();
}
