/* riscv64's own kernel tests: ASID reuse and rollover, and the flush on
 * every switch without ASIDs (isolation through the TLB); fence.i for new
 * code. */
#include "../../vcpu.h"
#include <stdlib.h>

/* Task code for vCPU tasks (one page): rv_load returns the word at a0 in
 * a0 (system call 1). */
__asm__(".pushsection .text.rvtask,\"ax\"\n.balign 4096\n"
	"rv_task_page:\n"
	"rv_load:\n  ld a0, 0(a0)\n  li a7, 1\n  ecall\n1: j 1b\n"
	".balign 4096\n.popsection\n");
extern char rv_task_page[], rv_load[];

static l4_word rv_task(void)
{
	l4_word t = task_new();
	if (t)
		l4_map_to(t, (l4_word)rv_task_page, (l4_word)rv_task_page, 1, L4_R | L4_X);
	return t;
}

/* Runs rv_load(va) in task t: the word it read, or ~0 with *reason the
 * exit when it did not get there. */
static l4_word task_load(l4_word t, l4_word va, l4_word *reason)
{
	task_regs((l4_word)rv_load, va);
	*reason = l4_vcpu_run(t);
	return *reason == L4_VCPU_EXIT_SYSCALL ? vs->regs[L4_FR_A(0)] : ~0UL;
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

KTEST(riscv64_asid_rollover, "ASIDs reused and rolled over (more spaces than ASIDs with `asids=N`; none with `asids=1`: a flush at every switch): every task space reads its own page at one address, a new space never sees an old one's mapping, an unmapped page faults at once")
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
		t[i] = rv_task();
		made += t[i] && l4_map_to(t[i], (l4_word)pg[i], DVA, 1, L4_R) == L4_OK;
	}
	for (l4_word c = 0; c < cycles; c++) {
		for (l4_word i = 0; i < live; i++) {
			l4_word why, v = task_load(t[i], DVA, &why);
			wrong += v != tag[i];
			runs++;
		}
		/* One space goes; its successor (likely its ASID, its page-table
		 * frames) first runs with nothing at DVA, then with a new page there. */
		l4_word k = c % live;
		l4_space_destroy(t[k]);
		t[k] = rv_task();
		l4_word why, v = task_load(t[k], DVA, &why);
		stale += why != L4_VCPU_EXIT_PAGEFAULT || vs->fault_addr != DVA;
		(void)v;
		tag[k] = MAGIC + 0x1000 + c;
		pg[k][0] = tag[k];
		made += l4_map_to(t[k], (l4_word)pg[k], DVA, 1, L4_R) == L4_OK;
		/* Another loses its page (sfence.vma by address and ASID), reads,
		 * faults, gets it back. */
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
	printf("    %lu spaces live, %lu ASIDs (0: all), %lu cycles, %lu runs, tagged TLB %lu\n", live,
	       lim ? lim - 1 : 0, cycles, runs, l4_kinfo(L4_KI_TAGGED_TLB));
	CHECK_EQ(made, live + 2 * cycles);
	CHECK_EQ(wrong, 0);
	CHECK_EQ(stale, 0);
	CHECK_EQ(unfaulted, 0);
	CHECK_EQ(nodes1, nodes0);
	CHECK_EQ(l4_kinfo(L4_KI_TAGGED_TLB), lim == 1 ? 0 : 1);
}

/* --- fence.i ------------------------------------------------------------------------- */
#define CVA 0x40000000UL

/* li a0, imm; li a7, 1; ecall; j . */
static void write_code(uint32_t *p, unsigned imm)
{
	p[0] = (imm << 20) | 0x513u;
	p[1] = 0x00100893u;
	p[2] = 0x00000073u;
	p[3] = 0x0000006fu;
}

static l4_word run_code(l4_word t, l4_word va)
{
	task_regs(va, 0);
	l4_word r = l4_vcpu_run(t);
	return r == L4_VCPU_EXIT_SYSCALL ? vs->regs[L4_FR_A(0)] : 0x10000 + r;
}

KTEST(riscv64_icache_new_code, "code written to a page through a data mapping runs once the page is mapped executable (the kernel's fence.i), again after a rewrite and a new mapping, after an in-place rewrite with U-mode's own fence.i; made non-executable it faults (present, exec)")
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
	write_code(code, 0x333);                          /* in place: the user's own fence.i */
	__asm__ volatile("fence.i" ::: "memory");
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
