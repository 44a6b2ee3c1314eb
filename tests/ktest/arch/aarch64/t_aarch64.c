/* aarch64's own kernel tests: ASID reuse and rollover (isolation through
 * the TLB), I-cache maintenance for new code, alignment and permission
 * faults with their syndrome and address. */
#include "../../vcpu.h"
#include "../../exc.h"
#include <stdlib.h>

#define EC_PC_ALIGN 0x22UL
#define EC_DABT_LOW 0x24UL
#define DFSC_ALIGN  0x21UL

/* Task code for vCPU tasks (one page): a64_load returns the word at x0 in
 * x0 (system call 1); a64_ldxr makes an exclusive load from x0. */
__asm__(".pushsection .text.a64task,\"ax\"\n.balign 4096\n"
	"a64_task_page:\n"
	"a64_load:\n  ldr x0, [x0]\n  mov x8, #1\n  svc #0\n1: b 1b\n"
	"a64_ldxr:\n  ldxr x1, [x0]\n  mov x8, #2\n  svc #0\n2: b 2b\n"
	".balign 4096\n.popsection\n");
extern char a64_task_page[], a64_load[], a64_ldxr[];

static l4_word a64_task(void)
{
	l4_word t = task_new();
	if (t)
		l4_map_to(t, (l4_word)a64_task_page, (l4_word)a64_task_page, 1, L4_R | L4_X);
	return t;
}

/* Runs a64_load(va) in task t: the word it read, or ~0 with *reason the
 * exit when it did not get there. */
static l4_word task_load(l4_word t, l4_word va, l4_word *reason)
{
	task_regs((l4_word)a64_load, va);
	*reason = l4_vcpu_run(t);
	return *reason == L4_VCPU_EXIT_SYSCALL ? vs->regs[L4_FR_X(0)] : ~0UL;
}

/* The ASIDs the kernel uses: `asids=N` on its command line, else all. */
static l4_word asid_limit(void)
{
	const char *p = strstr(bootinfo->cmdline, "asids=");
	return p ? strtoul(p + 6, NULL, 0) : 0;
}

#define DVA   0x30000000UL
#define MAGIC 0xa51d000000000000UL
#define NLIVE 12

/* --- ASIDs --------------------------------------------------------------------------- */
KTEST(aarch64_asid_rollover, "ASIDs reused and rolled over (more spaces than ASIDs with `asids=N`): every task space reads its own page at one address, a new space never sees an old one's mapping, an unmapped page faults at once")
{
	l4_word lim = asid_limit(), live = lim && lim + 3 < NLIVE ? lim + 3 : NLIVE;
	l4_word cycles = lim ? 4 * lim + 16 : 40;
	l4_word t[NLIVE] = { 0 }, *pg[NLIVE], tag[NLIVE];
	l4_word wrong = 0, stale = 0, unfaulted = 0, made = 0, runs = 0;
	l4_word nodes0 = l4_kinfo(L4_KI_MAPNODES);
	CHECK_EQ(vcpu_on(), L4_OK);
	for (l4_word i = 0; i < live; i++) {
		pg[i] = page_alloc(1);
		tag[i] = MAGIC + i;
		pg[i][0] = tag[i];
		t[i] = a64_task();
		made += t[i] && l4_map_to(t[i], (l4_word)pg[i], DVA, 1, L4_R) == L4_OK;
	}
	for (l4_word c = 0; c < cycles; c++) {
		/* Everyone reads DVA: with fewer ASIDs than spaces, activations roll over. */
		for (l4_word i = 0; i < live; i++) {
			l4_word why, v = task_load(t[i], DVA, &why);
			wrong += v != tag[i];
			runs++;
		}
		/* One space goes; its successor (likely its ASID, its page-table
		 * frames) first runs with nothing at DVA, then with a new page there. */
		l4_word k = c % live;
		l4_space_destroy(t[k]);
		t[k] = a64_task();
		l4_word why, v = task_load(t[k], DVA, &why);
		stale += why != L4_VCPU_EXIT_PAGEFAULT || vs->fault_addr != DVA;
		(void)v;
		tag[k] = MAGIC + 0x1000 + c;
		pg[k][0] = tag[k];
		made += l4_map_to(t[k], (l4_word)pg[k], DVA, 1, L4_R) == L4_OK;
		/* Another loses its page (TLB invalidation by address, whatever
		 * generation its ASID is of), reads, faults, gets it back. */
		l4_word u = (c * 7 + 3) % live;
		l4_unmap_in(t[u], DVA, 1);
		v = task_load(t[u], DVA, &why);
		unfaulted += why != L4_VCPU_EXIT_PAGEFAULT;
		made += l4_map_to(t[u], (l4_word)pg[u], DVA, 1, L4_R) == L4_OK;
	}
	for (l4_word i = 0; i < live; i++)
		l4_space_destroy(t[i]);
	l4_vcpu_ctrl(0, 0, 0, 0);
	l4_word nodes1 = l4_kinfo(L4_KI_MAPNODES);
	printf("    %lu spaces live, %lu ASIDs (0: all), %lu cycles, %lu runs\n", live, lim ? lim - 1 : 0, cycles, runs);
	CHECK_EQ(made, live + 2 * cycles);
	CHECK_EQ(wrong, 0);
	CHECK_EQ(stale, 0);
	CHECK_EQ(unfaulted, 0);
	CHECK_EQ(nodes1, nodes0);
}

/* --- the I-cache --------------------------------------------------------------------- */
#define CVA 0x40000000UL

/* movz x0, #imm; movz x8, #1; svc #0; b . */
static void write_code(uint32_t *p, unsigned imm)
{
	p[0] = 0xd2800000u | (imm << 5);
	p[1] = 0xd2800028u;
	p[2] = 0xd4000001u;
	p[3] = 0x14000000u;
}

static l4_word run_code(l4_word t, l4_word va)
{
	task_regs(va, 0);
	l4_word r = l4_vcpu_run(t);
	return r == L4_VCPU_EXIT_SYSCALL ? vs->regs[L4_FR_X(0)] : 0x10000 + r;
}

KTEST(aarch64_icache_new_code, "code written to a page through a data mapping runs once the page is mapped executable (the kernel cleans the D-cache, invalidates the I-cache), again after a rewrite and a new mapping, and after an in-place rewrite with EL0's own dc cvau / ic ivau")
{
	uint32_t *code = page_alloc(1);
	l4_word t = task_new();
	CHECK(code && t);
	CHECK_EQ(vcpu_on(), L4_OK);
	write_code(code, 0x111);
	l4_word m1 = l4_map_to(t, (l4_word)code, CVA, 1, L4_R | L4_X);
	l4_word r1 = run_code(t, CVA);
	write_code(code, 0x222);                          /* new code, mapped anew */
	l4_unmap_in(t, CVA, 1);
	l4_word m2 = l4_map_to(t, (l4_word)code, CVA, 1, L4_R | L4_X);
	l4_word r2 = run_code(t, CVA);
	l4_word m3 = l4_map_to(t, (l4_word)code, CVA + 4096, 1, L4_R | L4_X);   /* a second alias */
	l4_word r3 = run_code(t, CVA + 4096);
	write_code(code, 0x333);                          /* in place: the user's own maintenance */
	__asm__ volatile("dc cvau, %0\n\tdsb ish\n\tic ivau, %0\n\tdsb ish\n\tisb" :: "r"(code) : "memory");
	l4_word r4 = run_code(t, CVA), r5 = run_code(t, CVA + 4096);
	l4_word p0 = l4_protect_in(t, CVA, 1, L4_R);      /* no longer executable */
	l4_word r6 = run_code(t, CVA), f6 = vs->fault_addr, e6 = vs->error;
	write_code(code, 0x444);
	l4_unmap_in(t, CVA, 1);
	l4_word m4 = l4_map_to(t, (l4_word)code, CVA, 1, L4_R | L4_X);   /* executable again */
	l4_word r7 = run_code(t, CVA);
	l4_vcpu_ctrl(0, 0, 0, 0);
	l4_space_destroy(t);
	CHECK_EQ(m1, L4_OK);
	CHECK_EQ(r1, 0x111);
	CHECK_EQ(m2, L4_OK);
	CHECK_EQ(r2, 0x222);
	CHECK_EQ(m3, L4_OK);
	CHECK_EQ(r3, 0x222);
	CHECK_EQ(r4, 0x333);
	CHECK_EQ(r5, 0x333);
	CHECK_EQ(p0, L4_OK);
	CHECK_EQ(r6, 0x10000 + L4_VCPU_EXIT_PAGEFAULT);
	CHECK_EQ(f6, CVA);
	CHECK_EQ(e6, L4_PF_PRESENT | L4_PF_EXEC);
	CHECK_EQ(m4, L4_OK);
	CHECK_EQ(r7, 0x444);
}

/* --- alignment faults: exceptions with ESR and FAR -------------------------------------- */
__asm__(".text\n"
	".globl a64_align_fn, a64_align_at, a64_pc_target, a64_pc_back\n"
	"a64_align_fn:\n"                 /* x0: an address 1 past a word */
	"a64_align_at:\n  ldxr x1, [x0]\n"
	"  adr x2, a64_pc_target\n  add x2, x2, #2\n  br x2\n"
	"a64_pc_back:\n  ret\n"
	"a64_pc_target:\n  nop\n  ret\n");
void a64_align_fn(l4_word addr);
extern char a64_align_at[], a64_pc_target[], a64_pc_back[];

static int align_hook(l4_word from, l4_word *mr, l4_word *w)
{
	(void)mr;
	if (from != ex.tid || ex.n >= 2)
		return 0;
	l4_word ec = w[L4_EXC_TRAPNO];
	for (int i = 0; i < L4_EXC_WORDS; i++)
		(ex.n == 0 ? ex.w : ex2)[i] = w[i];
	ex.n++;
	if (ec == EC_DABT_LOW)
		w[L4_FR_PC] += 4;                        /* past the ldxr */
	else if (ec == EC_PC_ALIGN)
		w[L4_FR_PC] = (l4_word)a64_pc_back;
	else
		return 0;
	return 1;
}

static void align_child(l4_word addr)
{
	a64_align_fn(addr);
	ex.done = 1;
}

KTEST(aarch64_fault_alignment, "an unaligned exclusive load is an alignment fault: an exception (trapno EC 0x24, ESR DFSC 0x21, FAR the address), not a page fault; a branch to an unaligned PC is one too (EC 0x22, FAR that PC)")
{
	ex_reset();
	l4_word addr = (l4_word)scratch() + 1;
	scratch()[0] = 1;
	exc_hook = align_hook;
	l4_word s = space_new(), faults0 = unhandled_faults;
	ex.tid = spawn_h(s, 0, 50, align_child, addr, pager_tid, exh_tid);
	bool done = wait_for(&ex.done, 1, 1000);
	l4_space_destroy(s);
	CHECK(s && ex.tid);
	CHECK(done);
	CHECK_EQ(ex.n, 2);
	CHECK_EQ(unhandled_faults, faults0);
	CHECK_EQ(ex.w[L4_EXC_TRAPNO], EC_DABT_LOW);
	CHECK_EQ(ex.w[L4_EXC_ERROR] >> 26, EC_DABT_LOW);
	CHECK_EQ(ex.w[L4_EXC_ERROR] & 0x3f, DFSC_ALIGN);
	CHECK_EQ(ex.w[L4_EXC_ADDR], addr);
	CHECK_EQ(ex.w[L4_FR_PC], (l4_word)a64_align_at);
	CHECK_EQ(ex2[L4_EXC_TRAPNO], EC_PC_ALIGN);
	CHECK_EQ(ex2[L4_EXC_ERROR] >> 26, EC_PC_ALIGN);
	CHECK_EQ(ex2[L4_EXC_ADDR], (l4_word)a64_pc_target + 2);
	CHECK_EQ(ex2[L4_FR_PC], (l4_word)a64_pc_target + 2);
}

/* --- permission faults: page faults with the access and address ---------------------------- */
KTEST(aarch64_fault_permission, "in a vCPU task, a write to a read-only page and a jump to a non-executable one are page-fault exits (trapno L4_TRAP_PAGEFAULT, PRESENT|WRITE, PRESENT|EXEC, FAR), an absent page has no PRESENT; an unaligned exclusive load is an exception exit with ESR and FAR")
{
	l4_word t = a64_task(), *page = page_alloc(1);
	CHECK(t != 0);
	CHECK_EQ(vcpu_on(), L4_OK);
	CHECK_EQ(l4_map_to(t, (l4_word)page, DVA, 1, L4_R), L4_OK);
	task_regs((l4_word)vtask_touch, DVA + 8);                   /* a store */
	l4_word r1 = l4_vcpu_run(t), trap1 = vs->trapno, e1 = vs->error, a1 = vs->fault_addr;
	task_regs(DVA + 16, 0);                                     /* fetch from a non-X page */
	l4_word r2 = l4_vcpu_run(t), trap2 = vs->trapno, e2 = vs->error, a2 = vs->fault_addr;
	l4_word why;
	task_load(t, DVA + 0x5000, &why);                           /* nothing there */
	l4_word e3 = vs->error, a3 = vs->fault_addr;
	task_regs((l4_word)a64_ldxr, DVA + 4);
	l4_word r4 = l4_vcpu_run(t), trap4 = vs->trapno, e4 = vs->error, a4 = vs->fault_addr;
	l4_vcpu_ctrl(0, 0, 0, 0);
	l4_space_destroy(t);
	CHECK_EQ(r1, L4_VCPU_EXIT_PAGEFAULT);
	CHECK_EQ(trap1, L4_TRAP_PAGEFAULT);
	CHECK_EQ(e1, L4_PF_PRESENT | L4_PF_WRITE);
	CHECK_EQ(a1, DVA + 8);
	CHECK_EQ(r2, L4_VCPU_EXIT_PAGEFAULT);
	CHECK_EQ(trap2, L4_TRAP_PAGEFAULT);
	CHECK_EQ(e2, L4_PF_PRESENT | L4_PF_EXEC);
	CHECK_EQ(a2, DVA + 16);
	CHECK_EQ(why, L4_VCPU_EXIT_PAGEFAULT);
	CHECK_EQ(e3, 0);
	CHECK_EQ(a3, DVA + 0x5000);
	CHECK_EQ(r4, L4_VCPU_EXIT_EXCEPTION);
	CHECK_EQ(trap4, EC_DABT_LOW);
	CHECK_EQ(e4 >> 26, EC_DABT_LOW);
	CHECK_EQ(e4 & 0x3f, DFSC_ALIGN);
	CHECK_EQ(a4, DVA + 4);
}

KTEST(kinfo_asid_tagged, "l4_kinfo(L4_KI_TAGGED_TLB) is 1: every space has an ASID (the kernel needs ASIDs)")
{
	CHECK_EQ(l4_kinfo(L4_KI_TAGGED_TLB), 1);
}
