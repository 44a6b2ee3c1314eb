/* riscv64 CPU set-up: the trap vector, FP off, user access to the time CSR. */
#include <kernel.h>
#include <arch.h>

extern char trap_vector[];

void arch_cpu_init(void)
{
	csr_write(stvec, (u64)trap_vector);
	csr_write(sscratch, 0);
	csr_clear(sstatus, SSTATUS_FS | SSTATUS_SIE);
	csr_set(sstatus, SSTATUS_SUM);        /* the kernel reads and writes user pages (UTCBs, vCPU state) */
	csr_write(scounteren, 2);             /* TM: user code reads `time` (as x86_64 reads the TSC) */
}

void arch_fastpath_enable(bool on) { (void)on; }   /* no fast path (ARCH_HAS_FASTPATH 0) */
