/* vCPU tests, the riscv64 part: task code, the upcall entry, and the tests
 * of riscv64 registers and instructions (the upcall's stack, every register
 * of a task, an ecall after a compressed instruction). */
#include "../../vcpu.h"

_Static_assert(L4_SYS_VCPU_RESUME == 22, "vcpu_entry resumes with system call 22");

/* Task code: one page, mapped into task spaces at the same address. Its
 * system calls are Linux's: number in a7, arguments from a0. vtask_regs
 * stores x1..x31 at sp + 8 * n (n = 1..31) and makes a system call with
 * every register as it came. */
__asm__(".pushsection .text.vtask,\"ax\"\n.balign 4096\n"
	".globl vtask_page, vtask_syscall, vtask_syscall_ret, vtask_touch, vtask_spin, vtask_fpu\n"
	".globl vtask_fault_pre, vtask_fault, vtask_fpu_get\n"
	".option push\n.option norvc\n"
	"vtask_page:\n"
	"vtask_syscall:\n"
	"  li a7, 39\n  li a0, 11\n  li a1, 22\n  li a2, 33\n  ecall\n"
	"vtask_syscall_ret:\n"
	"  li a7, 60\n  ecall\n1: j 1b\n"
	"vtask_touch:\n  li t1, 0x5a\n  sd t1, 0(a0)\n  li a7, 1\n  ecall\n2: j 2b\n"
	"vtask_spin:\n  li a0, 0\n3: addi a0, a0, 1\n  j 3b\n"
	"vtask_fpu:\n  fmv.d.x f0, a0\n  li a7, 7\n  ecall\n4: j 4b\n"
	"vtask_fpu_get:\n  fmv.x.d a0, f0\n  li a7, 8\n  ecall\n8: j 8b\n"
	".option pop\n"
	"vtask_int80:\n  c.li a7, 20\n  ecall\n5: j 5b\n"
	".option push\n.option norvc\n"
	".balign 4\n"
	"vtask_regs:\n"
	"  sd x1, 8(sp)\n  sd x2, 16(sp)\n  sd x3, 24(sp)\n  sd x4, 32(sp)\n  sd x5, 40(sp)\n"
	"  sd x6, 48(sp)\n  sd x7, 56(sp)\n  sd x8, 64(sp)\n  sd x9, 72(sp)\n  sd x10, 80(sp)\n"
	"  sd x11, 88(sp)\n  sd x12, 96(sp)\n  sd x13, 104(sp)\n  sd x14, 112(sp)\n  sd x15, 120(sp)\n"
	"  sd x16, 128(sp)\n  sd x17, 136(sp)\n  sd x18, 144(sp)\n  sd x19, 152(sp)\n  sd x20, 160(sp)\n"
	"  sd x21, 168(sp)\n  sd x22, 176(sp)\n  sd x23, 184(sp)\n  sd x24, 192(sp)\n  sd x25, 200(sp)\n"
	"  sd x26, 208(sp)\n  sd x27, 216(sp)\n  sd x28, 224(sp)\n  sd x29, 232(sp)\n  sd x30, 240(sp)\n"
	"  sd x31, 248(sp)\n  ecall\n"
	"vtask_regs_after:\n  j vtask_regs\n"
	"vtask_fault_pre:\n  addi x1, x1, 1\n  addi x2, x2, 1\n  addi x3, x3, 1\n  addi x4, x4, 1\n  addi x5, x5, 1\n  addi x6, x6, 1\n  addi x7, x7, 1\n  addi x9, x9, 1\n  addi x10, x10, 1\n  addi x11, x11, 1\n  addi x12, x12, 1\n  addi x13, x13, 1\n  addi x14, x14, 1\n  addi x15, x15, 1\n  addi x16, x16, 1\n  addi x17, x17, 1\n  addi x18, x18, 1\n  addi x19, x19, 1\n  addi x20, x20, 1\n  addi x21, x21, 1\n  addi x22, x22, 1\n  addi x23, x23, 1\n  addi x24, x24, 1\n  addi x25, x25, 1\n  addi x26, x26, 1\n  addi x27, x27, 1\n  addi x28, x28, 1\n  addi x29, x29, 1\n  addi x30, x30, 1\n  addi x31, x31, 1\n"
	"vtask_fault:\n  sd ra, 0(s0)\n  ecall\n7: j 7b\n"
	".option pop\n"
	".balign 4096\n.popsection\n");
extern char vtask_int80[], vtask_regs[], vtask_regs_after[];

/* Upcall entry: a1 = state page (the kernel's first argument register); no
 * flags to pass (0); the stack pointer it found is kept. */
volatile l4_word vcpu_entry_sp;
__asm__(".text\n.globl vcpu_entry\nvcpu_entry:\n"
	"  lla t1, vcpu_entry_sp\n  sd sp, 0(t1)\n"
	"  mv a0, a1\n  li a1, 0\n  call vcpu_handler\n"
	"  mv a2, a0\n  li a1, 0\n  li a0, 22\n  ecall\n6: j 6b\n");

#define CAUSE_BREAKPOINT 3UL
#define EBREAK() __asm__ volatile(".4byte 0x00100073" ::: "memory")   /* 4 bytes, never c.ebreak */

void vcpu_fixup(struct l4_vcpu_state *v)
{
	if (v->trapno == KT_TRAP_UD || v->trapno == CAUSE_BREAKPOINT)
		v->regs[L4_FR_PC] += 4;            /* skip the unimp or ebreak */
}

KTEST(vcpu_upcall_flags, "an upcall enters its handler with a 16-byte aligned stack at entry_sp and the flags word 0 (an event, then an ebreak)")
{
	CHECK_EQ(vcpu_on(), L4_OK);
	vs->irq_enabled = 1;
	vcpu_entry_sp = 1;
	l4_word e = l4_notify(mytid(), 1UL << 3);        /* upcall at this call's kernel exit */
	l4_word n1 = upcalls, f1 = last_flags, saved = vs->regs[L4_FR_FLAGS], sp1 = vcpu_entry_sp;
	l4_word top = vs->entry_sp;
	vs->irq_enabled = 0;
	EBREAK();
	l4_word n2 = upcalls, f2 = last_flags, trap = last_trapno;
	l4_vcpu_ctrl(0, 0, 0, 0);
	CHECK_EQ(e, L4_OK);
	CHECK_EQ(n1, 1);
	CHECK_EQ(saved, 0);
	CHECK_EQ(f1, 0);
	CHECK_EQ(sp1, top);                       /* the psABI: no return-address slot */
	CHECK_EQ(sp1 & 15, 0);
	CHECK_EQ(n2, 2);
	CHECK_EQ(trap, CAUSE_BREAKPOINT);
	CHECK_EQ(f2, 0);
}

KTEST(vcpu_task_all_regs, "every register of a task (pc, x1-x31: ra, sp, gp, tp, ...) reaches it from the state page and comes back on its exit; the flags word stays 0; a system call whose a0 is L4_SYS_IPC or L4_SYS_VCPU_RESUME (Linux arguments such as fd 1) takes the same paths as any other")
{
	l4_word t = task_new(), *page = page_alloc(1);
	CHECK(t != 0);
	CHECK_EQ(l4_map_to(t, (l4_word)page, 0x30000000, 1, L4_R | L4_W), L4_OK);
	CHECK_EQ(vcpu_on(), L4_OK);
	l4_word ip = (l4_word)vtask_regs, after = (l4_word)vtask_regs_after, set[L4_FR_WORDS];
	l4_word r[6], trap[6], err[6], far[6], fast[6];
	int bad[6], seen[6];
	/* Runs 2-5 resume where the system call left the task; in runs 4 and 5
	 * its a0 is the microkernel's IPC or VCPU_RESUME number. */
	for (int run = 0; run < 6; run++) {
		for (int i = 1; i < 32; i++)
			set[i] = 0x0101010100000000UL * (run + 1) + 0x10001UL * (i + 1);
		set[L4_FR_SP] = 0x30000800 - 16 * run;
		set[L4_FR_PC] = run >= 2 ? after : ip;
		set[L4_FR_FLAGS] = (l4_word)run << 28;               /* none: comes back 0 */
		if (run >= 4)
			set[10] = run == 4 ? L4_SYS_IPC : L4_SYS_VCPU_RESUME;     /* a0 */
		for (int i = 0; i < L4_FR_WORDS; i++)
			vs->regs[i] = set[i];
		l4_word f0 = l4_kinfo(L4_KI_VCPU_FAST);
		r[run] = l4_vcpu_run(t);
		fast[run] = l4_kinfo(L4_KI_VCPU_FAST) - f0;
		trap[run] = vs->trapno;
		err[run] = vs->error;
		far[run] = vs->fault_addr;
		const l4_word *st = page + (set[L4_FR_SP] - 0x30000000) / 8;
		seen[run] = 0;
		for (int i = 1; i < 32; i++)
			seen[run] += st[i] != set[i];
		bad[run] = 0;
		for (int i = 0; i < 32; i++)
			bad[run] += vs->regs[i] != (i == L4_FR_PC ? after : set[i]);
		bad[run] += vs->regs[L4_FR_FLAGS] != 0;
	}
	l4_vcpu_ctrl(0, 0, 0, 0);
	l4_space_destroy(t);
	for (int run = 0; run < 6; run++) {
		CHECK_EQ(r[run], L4_VCPU_EXIT_SYSCALL);
		CHECK_EQ(trap[run], L4_TRAP_SYSCALL);
		CHECK_EQ(err[run] | far[run], 0);
		CHECK_EQ(seen[run], 0);                 /* what the task had */
		CHECK_EQ(bad[run], 0);                  /* what came back */
	}
	CHECK_EQ(fast[4], fast[2]);             /* as fast as any other system call */
	CHECK_EQ(fast[5], fast[2]);
}

/* vcpu_task_fault_regs (t_vcpu.c): the address in s0 (x8), ra (x1) stored. */
const int vtask_fault_stored = 1;

void vtask_fault_frame(l4_word *set, int run, l4_word addr)
{
	for (int i = 1; i < 32; i++)
		set[i] = 0x0202020200000000UL * (run + 1) + 0x10001UL * (i + 7);
	set[8] = addr;
	set[L4_FR_SP] = 0x30000800 - 16 * run;
	set[L4_FR_PC] = (l4_word)vtask_fault_pre;
	set[L4_FR_FLAGS] = 0;
}

void vtask_fault_changed(l4_word *set)
{
	for (int i = 1; i < 32; i++)
		set[i] += i != 8;
	set[L4_FR_PC] = (l4_word)vtask_fault;
}

KTEST(vcpu_task_int80, "an ecall at a 2-byte boundary (after a compressed instruction) in a task is a system call exit like any: trapno L4_TRAP_SYSCALL, the number in a7, pc 4 bytes on")
{
	l4_word t = task_new();
	CHECK_EQ(vcpu_on(), L4_OK);
	task_regs((l4_word)vtask_int80, 0);
	l4_word r = l4_vcpu_run(t), trap = vs->trapno, nr = vs->regs[L4_FR_A(7)], pc = vs->regs[L4_FR_PC];
	l4_vcpu_ctrl(0, 0, 0, 0);
	l4_space_destroy(t);
	CHECK_EQ(r, L4_VCPU_EXIT_SYSCALL);
	CHECK_EQ(trap, L4_TRAP_SYSCALL);
	CHECK_EQ(nr, 20);
	CHECK_EQ(pc, (l4_word)vtask_int80 + 6);
}
