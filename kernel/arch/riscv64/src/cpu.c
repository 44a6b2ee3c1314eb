/* riscv64 CPU set-up: the trap vector, FP off, user access to the time CSR, the fast path switch. */
#include <kernel.h>
#include <arch.h>

extern char trap_vector[], trap_vector_fast[];

void arch_cpu_init(void)
{
	csr_write(stvec, (u64)trap_vector);
	csr_write(sscratch, 0);
	csr_clear(sstatus, SSTATUS_FS | SSTATUS_SIE);
	csr_set(sstatus, SSTATUS_SUM);        /* the kernel reads and writes user pages (UTCBs, vCPU state) */
	csr_write(scounteren, 2);             /* TM: user code reads `time` (as x86_64 reads the TSC) */
}

/* The IPC fast path (fastpath.S) is entered through its own vector, which
 * sends everything but an IPC `ecall` on to trap_vector. */
void arch_fastpath_enable(bool on) { csr_write(stvec, on ? (u64)trap_vector_fast : (u64)trap_vector); }
