/* vCPU tests, the aarch64 part: task code, the upcall entry, and the tests
 * of aarch64 registers and instructions (NZCV and brk in upcalls, every
 * register of a task, svc immediates). */
#include "../../vcpu.h"

_Static_assert(L4_SYS_VCPU_RESUME == 22, "vcpu_entry resumes with system call 22");

/* Task code: one page, mapped into task spaces at the same address. Its
 * system calls are Linux's: number in x8, arguments from x0. vtask_regs
 * stores x0..x30, NZCV, TPIDR_EL0 and TPIDRRO_EL0 at sp (34 words), puts
 * x0 back and makes a system call. */
__asm__(".pushsection .text.vtask,\"ax\"\n.balign 4096\n"
	".globl vtask_page, vtask_syscall, vtask_syscall_ret, vtask_touch, vtask_spin, vtask_fpu\n"
	".globl vtask_fault_pre, vtask_fault, vtask_fpu_get\n"
	"vtask_page:\n"
	"vtask_syscall:\n"
	"  mov x8, #39\n  mov x0, #11\n  mov x1, #22\n  mov x2, #33\n  svc #0\n"
	"vtask_syscall_ret:\n"
	"  mov x8, #60\n  svc #0\n1: b 1b\n"
	"vtask_touch:\n  mov x9, #0x5a\n  str x9, [x0]\n  mov x8, #1\n  svc #0\n2: b 2b\n"
	"vtask_spin:\n  mov x0, #0\n3: add x0, x0, #1\n  b 3b\n"
	"vtask_fpu:\n  fmov d0, x0\n  mov x8, #7\n  svc #0\n4: b 4b\n"
	"vtask_fpu_get:\n  fmov x0, d0\n  mov x8, #8\n  svc #0\n8: b 8b\n"
	"vtask_int80:\n  mov x8, #20\n  svc #0x80\n5: b 5b\n"
	"vtask_regs:\n"
	"  stp x0, x1, [sp, #0]\n  stp x2, x3, [sp, #16]\n  stp x4, x5, [sp, #32]\n"
	"  stp x6, x7, [sp, #48]\n  stp x8, x9, [sp, #64]\n  stp x10, x11, [sp, #80]\n"
	"  stp x12, x13, [sp, #96]\n  stp x14, x15, [sp, #112]\n  stp x16, x17, [sp, #128]\n"
	"  stp x18, x19, [sp, #144]\n  stp x20, x21, [sp, #160]\n  stp x22, x23, [sp, #176]\n"
	"  stp x24, x25, [sp, #192]\n  stp x26, x27, [sp, #208]\n  stp x28, x29, [sp, #224]\n"
	"  str x30, [sp, #240]\n"
	"  mrs x0, nzcv\n  str x0, [sp, #248]\n"
	"  mrs x0, tpidr_el0\n  str x0, [sp, #256]\n"
	"  mrs x0, tpidrro_el0\n  str x0, [sp, #264]\n"
	"  ldr x0, [sp, #0]\n  svc #0\n"
	"vtask_regs_after:\n  b vtask_regs\n"
	"vtask_fault_pre:\n  add x0, x0, #1\n  add x1, x1, #1\n  add x2, x2, #1\n  add x3, x3, #1\n  add x4, x4, #1\n  add x5, x5, #1\n  add x6, x6, #1\n  add x7, x7, #1\n  add x8, x8, #1\n  add x9, x9, #1\n  add x10, x10, #1\n  add x11, x11, #1\n  add x12, x12, #1\n  add x13, x13, #1\n  add x14, x14, #1\n  add x15, x15, #1\n  add x16, x16, #1\n  add x17, x17, #1\n  add x18, x18, #1\n  add x19, x19, #1\n  add x20, x20, #1\n  add x21, x21, #1\n  add x22, x22, #1\n  add x23, x23, #1\n  add x24, x24, #1\n  add x25, x25, #1\n  add x26, x26, #1\n  add x27, x27, #1\n  add x28, x28, #1\n  add x30, x30, #1\n"
	"vtask_fault:\n  str x30, [x29]\n  svc #0\n7: b 7b\n"
	".balign 4096\n.popsection\n");
extern char vtask_int80[], vtask_regs[], vtask_regs_after[];

/* Upcall entry: x1 = state page (the kernel's first argument register),
 * NZCV on entry to the handler; the stack pointer it found is kept. */
volatile l4_word vcpu_entry_sp;
__asm__(".text\n.globl vcpu_entry\nvcpu_entry:\n"
	"  mrs x9, nzcv\n  mov x10, sp\n"
	"  adrp x11, vcpu_entry_sp\n  str x10, [x11, #:lo12:vcpu_entry_sp]\n"
	"  mov x0, x1\n  mov x1, x9\n  bl vcpu_handler\n"
	"  mov x2, x0\n  mov x1, #0\n  mov x0, #22\n  svc #0\n6: b 6b\n");

#define EC_BRK64 0x3cUL
#define NZCV     0xf0000000UL

void vcpu_fixup(struct l4_vcpu_state *v)
{
	if (v->trapno == KT_TRAP_UD || v->trapno == EC_BRK64)
		v->regs[L4_FR_PC] += 4;            /* skip the udf or brk */
}

/* notify(tid, bits) made with N, Z, C and V set (the upcall comes at its exit). */
static l4_word notify_nzcv(l4_word tid, l4_word bits)
{
	register l4_word x0 __asm__("x0") = L4_SYS_NOTIFY;
	register l4_word x1 __asm__("x1") = tid;
	register l4_word x2 __asm__("x2") = bits;
	register l4_word x3 __asm__("x3") = 0;
	__asm__ volatile("mov x9, #0xf0000000\n\tmsr nzcv, x9\n\tsvc #0\n\tmsr nzcv, xzr"
			 : "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x3)
			 :: "x4", "x5", "x6", "x7", "x8", "x9", "cc", "memory");
	return x0;
}

KTEST(vcpu_upcall_flags, "an upcall enters its handler with NZCV clear and a 16-byte aligned stack at entry_sp, whatever the interrupted code had set (an event, then a brk)")
{
	CHECK_EQ(vcpu_on(), L4_OK);
	vs->irq_enabled = 1;
	vcpu_entry_sp = 1;
	l4_word e = notify_nzcv(mytid(), 1UL << 3);        /* upcall at this call's kernel exit */
	l4_word n1 = upcalls, f1 = last_flags, saved = vs->regs[L4_FR_PSTATE], sp1 = vcpu_entry_sp;
	l4_word top = vs->entry_sp;
	vs->irq_enabled = 0;
	__asm__ volatile("mov x9, #0xf0000000\n\tmsr nzcv, x9\n\tbrk #1\n\tmsr nzcv, xzr" ::: "x9", "cc", "memory");
	l4_word n2 = upcalls, f2 = last_flags, trap = last_trapno;
	l4_vcpu_ctrl(0, 0, 0, 0);
	CHECK_EQ(e, L4_OK);
	CHECK_EQ(n1, 1);
	CHECK_EQ(saved & NZCV, NZCV);             /* set where it was interrupted ... */
	CHECK_EQ(f1 & NZCV, 0);                   /* ... not in the handler */
	CHECK_EQ(sp1, top);                       /* AAPCS64: no return-address slot */
	CHECK_EQ(sp1 & 15, 0);
	CHECK_EQ(n2, 2);
	CHECK_EQ(trap, EC_BRK64);
	CHECK_EQ(f2 & NZCV, 0);
}

KTEST(vcpu_task_all_regs, "every register of a task (x0-x30, sp, pc, NZCV, TPIDR_EL0, TPIDRRO_EL0) reaches it from the state page and comes back on its exit; with the fast path on, the fast path does every resume and exit, also of a system call whose x0 is L4_SYS_IPC or L4_SYS_VCPU_RESUME (Linux arguments such as fd 1)")
{
	l4_word t = task_new(), *page = page_alloc(1);
	CHECK(t != 0);
	CHECK_EQ(l4_map_to(t, (l4_word)page, 0x30000000, 1, L4_R | L4_W), L4_OK);
	CHECK_EQ(vcpu_on(), L4_OK);
	l4_word ip = (l4_word)vtask_regs, after = (l4_word)vtask_regs_after, set[L4_FR_WORDS];
	l4_word r[6], trap[6], err[6], far[6], fast[6];
	int bad[6], seen[6];
	/* Runs 2-5 resume where the system call left the task; in runs 4 and 5
	 * its x0 is the microkernel's IPC or VCPU_RESUME number. */
	for (int run = 0; run < 6; run++) {
		for (int i = 0; i < 31; i++)
			set[i] = 0x0101010100000000UL * (run + 1) + 0x10001UL * (i + 1);
		set[L4_FR_SP] = 0x30000800 - 16 * run;
		set[L4_FR_PC] = run >= 2 ? after : ip;
		set[L4_FR_PSTATE] = (l4_word)(run + 5) << 28;           /* NZCV: 0101 ... 1000 */
		set[L4_FR_TPIDR] = 0xfedc000000000000UL + run;          /* any value: user-writable */
		set[L4_FR_TPIDRRO] = 0x12340000 + run * 0x1000;
		if (run >= 4)
			set[0] = run == 4 ? L4_SYS_IPC : L4_SYS_VCPU_RESUME;
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
		for (int i = 0; i < 31; i++)
			seen[run] += st[i] != set[i];
		seen[run] += st[31] != set[L4_FR_PSTATE] || st[32] != set[L4_FR_TPIDR] || st[33] != set[L4_FR_TPIDRRO];
		bad[run] = 0;
		for (int i = 0; i < L4_FR_WORDS; i++)
			bad[run] += vs->regs[i] != (i == L4_FR_PC ? after : set[i]);
	}
	l4_word fp = l4_kinfo(L4_KI_FASTPATH);
	l4_vcpu_ctrl(0, 0, 0, 0);
	l4_space_destroy(t);
	for (int run = 0; run < 6; run++) {
		CHECK_EQ(r[run], L4_VCPU_EXIT_SYSCALL);
		CHECK_EQ(trap[run], L4_TRAP_SYSCALL);
		CHECK_EQ(err[run] | far[run], 0);
		CHECK_EQ(seen[run], 0);                 /* what the task had */
		CHECK_EQ(bad[run], 0);                  /* what came back */
		CHECK_EQ(fast[run], fp ? 2 : 0);          /* resume, exit */
	}
}

/* vcpu_task_fault_regs (t_vcpu.c): the address in x29, x30 stored. */
const int vtask_fault_stored = 30;

void vtask_fault_frame(l4_word *set, int run, l4_word addr)
{
	for (int i = 0; i < 31; i++)
		set[i] = 0x0202020200000000UL * (run + 1) + 0x10001UL * (i + 7);
	set[29] = addr;
	set[L4_FR_SP] = 0x30000800 - 16 * run;
	set[L4_FR_PC] = (l4_word)vtask_fault_pre;
	set[L4_FR_PSTATE] = (l4_word)(run + 9) << 28;         /* NZCV: add keeps them */
	set[L4_FR_TPIDR] = 0xabcd000000000000UL + run;
	set[L4_FR_TPIDRRO] = 0x22340000 + run * 0x1000;
}

void vtask_fault_changed(l4_word *set)
{
	for (int i = 0; i < 31; i++)
		set[i] += i != 29;
	set[L4_FR_PC] = (l4_word)vtask_fault;
}

KTEST(vcpu_task_int80, "svc with another immediate (svc #0x80) in a task is a system call exit like svc #0: trapno L4_TRAP_SYSCALL, the number in x8")
{
	l4_word t = task_new();
	CHECK_EQ(vcpu_on(), L4_OK);
	task_regs((l4_word)vtask_int80, 0);
	l4_word r = l4_vcpu_run(t), trap = vs->trapno, nr = vs->regs[L4_FR_X(8)], pc = vs->regs[L4_FR_PC];
	l4_vcpu_ctrl(0, 0, 0, 0);
	l4_space_destroy(t);
	CHECK_EQ(r, L4_VCPU_EXIT_SYSCALL);
	CHECK_EQ(trap, L4_TRAP_SYSCALL);
	CHECK_EQ(nr, 20);
	CHECK_EQ(pc, (l4_word)vtask_int80 + 8);
}
