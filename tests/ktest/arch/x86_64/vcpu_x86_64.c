/* vCPU tests, the x86_64 part: task code, the upcall entry, and the tests
 * of x86 registers and instructions (TF/DF, RCX/R11 and sysret, int 0x80). */
#include "../../vcpu.h"

/* Task code: one page, mapped into task spaces at the same address. */
__asm__(".pushsection .text.vtask,\"ax\"\n.balign 4096\n"
	".globl vtask_page, vtask_syscall, vtask_syscall_ret, vtask_touch, vtask_spin, vtask_fpu\n"
	".globl vtask_fault_pre, vtask_fault, vtask_fpu_get\n"
	"vtask_page:\n"
	"vtask_syscall:\n"
	"  mov $39, %eax\n  mov $11, %edi\n  mov $22, %esi\n  mov $33, %edx\n  syscall\n"
	"vtask_syscall_ret:\n"
	"  mov %rax, %rdi\n  mov $60, %eax\n  syscall\n1: jmp 1b\n"
	"vtask_touch:\n  movq $0x5a, (%rdi)\n  mov $1, %eax\n  syscall\n2: jmp 2b\n"
	"vtask_spin:\n  xor %eax, %eax\n3: inc %rax\n  jmp 3b\n"
	"vtask_fpu:\n  movq %rdi, %xmm0\n  mov $7, %eax\n  syscall\n4: jmp 4b\n"
	"vtask_fpu_get:\n  movq %xmm0, %rdi\n  mov $8, %eax\n  syscall\n8: jmp 8b\n"
	"vtask_int80:\n  mov $20, %eax\n  int $0x80\n5: jmp 5b\n"
	"vtask_regs:\n  movq %rcx, 0x30000000\n  movq %r11, 0x30000008\n  syscall\n"
	"vtask_regs_after:\n  jmp vtask_regs\n"
	"vtask_fault_pre:\n  lea 1(%rax), %rax\n  lea 1(%rbx), %rbx\n  lea 1(%rcx), %rcx\n  lea 1(%rdx), %rdx\n  lea 1(%rsi), %rsi\n  lea 1(%rbp), %rbp\n  lea 1(%r8), %r8\n  lea 1(%r9), %r9\n  lea 1(%r10), %r10\n  lea 1(%r11), %r11\n  lea 1(%r12), %r12\n  lea 1(%r13), %r13\n  lea 1(%r14), %r14\n  lea 1(%r15), %r15\n"
	"vtask_fault:\n  movq %rcx, (%rdi)\n  syscall\n7: jmp 7b\n"
	".balign 4096\n.popsection\n");
extern char vtask_int80[], vtask_regs[], vtask_regs_after[];

/* Upcall entry: rdi = state page, rsi = RFLAGS on entry. */
__asm__(".text\n.globl vcpu_entry\nvcpu_entry:\n  pushfq\n  popq %rsi\n  sub $8, %rsp\n  call vcpu_handler\n"
	"  mov %rax, %rsi\n  xor %edi, %edi\n  mov $22, %eax\n  syscall\n6: jmp 6b\n");

void vcpu_fixup(struct l4_vcpu_state *v)
{
	if (v->trapno == 6)
		v->regs[L4_FR_RIP] += 2;           /* skip the ud2 */
	if (v->trapno == 1)
		v->regs[L4_FR_RFLAGS] &= ~0x100UL; /* single-stepped once: enough */
}

KTEST(vcpu_upcall_flags, "an upcall enters its handler with TF and DF clear, whatever the interrupted code had set")
{
	CHECK_EQ(vcpu_on(), L4_OK);
	vs->irq_enabled = 1;
	__asm__ volatile("std" ::: "memory");
	l4_notify(mytid(), 1UL << 3);             /* upcall at this call's kernel exit */
	__asm__ volatile("cld" ::: "memory");
	l4_word n1 = upcalls, f1 = last_flags, saved = vs->regs[L4_FR_RFLAGS];
	vs->irq_enabled = 0;
	__asm__ volatile("pushfq; orq $0x100, (%%rsp); popfq; nop; nop" ::: "memory", "cc");   /* #DB */
	l4_word n2 = upcalls, f2 = last_flags, trap = last_trapno;
	l4_vcpu_ctrl(0, 0, 0, 0);
	CHECK_EQ(n1, 1);
	CHECK(saved & 0x400);                     /* DF was set where it was interrupted ... */
	CHECK_EQ(f1 & 0x500, 0);                  /* ... not in the handler */
	CHECK_EQ(n2, 2);
	CHECK_EQ(trap, 1);
	CHECK_EQ(f2 & 0x500, 0);                  /* the single-step trap's handler is not stepped */
}

/* Every word of a task's frame after an exit: the registers as the resume
 * set them, but RCX and R11, which `syscall` sets to RIP and RFLAGS. */
static int task_regs_differ(const l4_word *set, const l4_word *got, l4_word ip, l4_word flags)
{
	int bad = 0;
	for (int i = 0; i <= L4_FR_RDI; i++) {
		l4_word want = i == L4_FR_RCX ? ip : i == L4_FR_R11 ? flags : set[i];
		bad += got[i] != want;
	}
	bad += got[L4_FR_ORIG_RAX] != set[L4_FR_RAX];
	bad += got[L4_FR_RIP] != ip || got[L4_FR_RFLAGS] != flags || got[L4_FR_RSP] != set[L4_FR_RSP];
	bad += got[L4_FR_CS] != 0x2b || got[L4_FR_SS] != 0x23;
	bad += got[L4_FR_FS_BASE] != set[L4_FR_FS_BASE] || got[L4_FR_GS_BASE] != set[L4_FR_GS_BASE];
	for (int i = L4_FR_DS; i <= L4_FR_GS; i++)
		bad += got[i] != 0;
	return bad;
}

KTEST(vcpu_task_all_regs, "every register of a task survives exits and resumes, with RCX/R11 as `syscall` leaves them (sysret) and not (iret); with the fast path on, the fast path does all six, also system calls numbered L4_SYS_IPC and L4_SYS_VCPU_RESUME (Linux's write and pipe)")
{
	l4_word t = task_new(), *page = page_alloc(1);
	CHECK(t != 0);
	CHECK_EQ(l4_map_to(t, (l4_word)page, 0x30000000, 1, L4_R | L4_W), L4_OK);
	CHECK_EQ(vcpu_on(), L4_OK);
	l4_word ip = (l4_word)vtask_regs, after = (l4_word)vtask_regs_after, set[L4_FR_WORDS], got[L4_FR_WORDS];
	l4_word r[6], trap[6], err[6], cr2[6], fast[6], rcx[6], r11[6];
	int bad[6];
	/* The task stores the RCX and R11 it was resumed with, then makes a
	 * system call. Run 3 is run 2 with another R11; run 4 is run 2 with
	 * RAX = L4_SYS_IPC, the microkernel's IPC number and Linux's write(),
	 * run 5 with RAX = L4_SYS_VCPU_RESUME, Linux's pipe(). */
	for (int run = 0; run < 6; run++) {
		int sys = run >= 2;                     /* resumed where its syscall left it */
		for (int i = 0; i < L4_FR_WORDS; i++)
			set[i] = 0;
		for (int i = 0; i <= L4_FR_RDI; i++)
			set[i] = 0x0101010100000000UL * (run + 1) + 0x10001UL * (i + 1);
		set[L4_FR_RIP] = sys ? after : ip;
		set[L4_FR_RSP] = 0x10000000 - 64 - 8 * run;
		set[L4_FR_RFLAGS] = sys ? 0x202 : 0x283;     /* CF and SF too */
		set[L4_FR_FS_BASE] = 0x12340000 + run * 0x1000;
		set[L4_FR_GS_BASE] = 0x56780000 + run * 0x1000;
		if (sys) {
			set[L4_FR_RCX] = set[L4_FR_RIP];
			set[L4_FR_R11] = run == 3 ? 0x0707 : set[L4_FR_RFLAGS];
		}
		if (run == 4)
			set[L4_FR_RAX] = L4_SYS_IPC;
		if (run == 5)
			set[L4_FR_RAX] = L4_SYS_VCPU_RESUME;
		for (int i = 0; i < L4_FR_WORDS; i++)
			vs->regs[i] = set[i];
		l4_word f0 = l4_kinfo(L4_KI_VCPU_FAST);
		r[run] = l4_vcpu_run(t);
		fast[run] = l4_kinfo(L4_KI_VCPU_FAST) - f0;
		trap[run] = vs->trapno;
		err[run] = vs->error;
		cr2[run] = vs->fault_addr;
		rcx[run] = page[0] - set[L4_FR_RCX];
		r11[run] = page[1] - set[L4_FR_R11];
		for (int i = 0; i < L4_FR_WORDS; i++)
			got[i] = vs->regs[i];
		bad[run] = task_regs_differ(set, got, after, set[L4_FR_RFLAGS]);
	}
	l4_word fp = l4_kinfo(L4_KI_FASTPATH);
	l4_vcpu_ctrl(0, 0, 0, 0);
	l4_space_destroy(t);
	for (int run = 0; run < 6; run++) {
		CHECK_EQ(r[run], L4_VCPU_EXIT_SYSCALL);
		CHECK_EQ(trap[run], L4_TRAP_SYSCALL);
		CHECK_EQ(err[run] | cr2[run], 0);
		CHECK_EQ(rcx[run] | r11[run], 0);      /* as resumed, sysret or not */
		CHECK_EQ(bad[run], 0);
	}
	CHECK_EQ(fast[0], fp ? 2 : 0);                /* resume by iretq, exit */
	CHECK_EQ(fast[1], fp ? 2 : 0);
	CHECK_EQ(fast[2], fp ? 2 : 0);                /* resume by sysretq, exit */
	CHECK_EQ(fast[3], fp ? 2 : 0);                /* resume by iretq, exit */
	CHECK_EQ(fast[4], fp ? 2 : 0);                /* resume by sysretq, exit of number 1 */
	CHECK_EQ(fast[5], fp ? 2 : 0);                /* resume by sysretq, exit of number 22 */
}

/* vcpu_task_fault_regs (t_vcpu.c): the address in RDI, RCX stored. */
const int vtask_fault_stored = L4_FR_RCX;

void vtask_fault_frame(l4_word *set, int run, l4_word addr)
{
	for (int i = 0; i < L4_FR_WORDS; i++)
		set[i] = 0;
	for (int i = 0; i <= L4_FR_RDI; i++)
		set[i] = 0x0202020200000000UL * (run + 1) + 0x10001UL * (i + 7);
	set[L4_FR_RDI] = addr;
	set[L4_FR_RIP] = (l4_word)vtask_fault_pre;
	set[L4_FR_RSP] = 0x10000000 - 128 - 8 * run;
	set[L4_FR_RFLAGS] = 0x2c3;                   /* CF, SF, ZF: lea keeps them */
	set[L4_FR_FS_BASE] = 0x22340000 + run * 0x1000;
	set[L4_FR_GS_BASE] = 0x66780000 + run * 0x1000;
}

void vtask_fault_changed(l4_word *set)
{
	for (int i = 0; i < L4_FR_RDI; i++)
		set[i]++;
	set[L4_FR_RIP] = (l4_word)vtask_fault;
	set[L4_FR_ORIG_RAX] = ~0UL;                  /* not a system call */
	set[L4_FR_CS] = 0x2b;
	set[L4_FR_SS] = 0x23;
}

KTEST(vcpu_task_int80, "int 0x80 in a task is a syscall exit with trapno 0x80")
{
	l4_word t = task_new();
	CHECK_EQ(vcpu_on(), L4_OK);
	task_regs((l4_word)vtask_int80, 0);
	l4_word r = l4_vcpu_run(t), trap = vs->trapno, orig = vs->regs[L4_FR_ORIG_RAX];
	l4_vcpu_ctrl(0, 0, 0, 0);
	l4_space_destroy(t);
	CHECK_EQ(r, L4_VCPU_EXIT_SYSCALL);
	CHECK_EQ(trap, 0x80);
	CHECK_EQ(orig, 20);
}
