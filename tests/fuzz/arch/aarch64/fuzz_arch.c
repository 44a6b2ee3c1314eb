/* The kernel-call fuzzer, the aarch64 part: hostile instructions, the entry
 * points, the task code and the spinning victim. Runs in F and O like
 * fuzzer.c: no writable globals, nothing but fuzz.h's fixed addresses. */
#include "../../fuzz.h"
#include <l4.h>

#define PAGE 4096UL

/* KINFO(MYTID) around hostile state: the kernel must take whatever EL0 left. */
#define KINFO_SVC "mov x0, #18\n\tmov x1, #6\n\tsvc #0\n\t"
_Static_assert(L4_SYS_KINFO == 18 && L4_KI_MYTID == 6, "KINFO_SVC");
#define SVC_CLOBBERS "x0", "x1", "x2", "x3", "x4", "x5", "x6", "x7", "x8", "memory", "cc"

/* Hostile instructions: most end in an exception (and a restart by the root).
 * EL0 may not touch system state: every system register access, barrier
 * and maintenance instruction here that is not EL0's is undefined or traps
 * (EC 0, 0x18, 0x01), every address is someone else's. */
void fz_hostile(struct rng *r, struct fuzz_ctx *c, unsigned which)
{
	l4_word x = 0, v = rnd(r);
	switch (which) {
	case 0: __asm__ volatile("udf #0"); break;
	case 1: __asm__ volatile("brk #0"); break;
	case 2: __asm__ volatile("hvc #0"); break;                     /* undefined at EL0 */
	case 3: __asm__ volatile("smc #0"); break;
	case 4: __asm__ volatile("mov x0, #18\n\tmov x1, #6\n\tsvc #0xffff" ::: SVC_CLOBBERS); break;
	case 5: __asm__ volatile("wfi"); break;                        /* trapped: SCTLR_EL1.nTWI = 0 */
	case 6: __asm__ volatile("wfe"); break;
	case 7: __asm__ volatile(".inst 0xd69f03e0"); break;           /* eret */
	case 8: __asm__ volatile(".inst 0xd50343df" ::: "memory"); break;   /* msr daifset, #0xf */
	case 9: __asm__ volatile(".inst 0xd50344ff" ::: "memory"); break;   /* msr daifclr, #0xf */
	case 10: __asm__ volatile("mrs %0, sctlr_el1" : "=r"(x)); break;
	case 11: __asm__ volatile("mrs %0, cntv_cval_el0" : "=r"(x)); break;   /* EL0: the virtual count only */
	case 12: __asm__ volatile("mrs %0, cntpct_el0" : "=r"(x)); break;
	case 13: __asm__ volatile("msr cntv_ctl_el0, xzr"); break;
	case 14: __asm__ volatile("mrs %0, midr_el1" : "=r"(x)); break;
	case 15: x = *(volatile l4_word *)FZ_KERNEL_TEXT; break;            /* kernel image */
	case 16: x = *(volatile l4_word *)FZ_NONCANON; break;               /* beyond TTBR0 */
	case 17: *(volatile char *)(c->cfg.text_base + v % (c->cfg.text_end - c->cfg.text_base)) = 0; break;
	case 18: __asm__ volatile("ldxr %0, [%1]" : "=r"(x) : "r"(FZ_SCRATCH + 1 + (v & 6)) : "memory"); break;
	case 19: __asm__ volatile("adr x16, 1f\n\tadd x16, x16, #2\n\tbr x16\n1:" ::: "x16"); break;   /* PC alignment */
	case 20: __asm__ volatile("br %0" :: "r"(FZ_NONCANON)); break;
	case 21: __asm__ volatile("br %0" :: "r"(FZ_KERNEL_TEXT)); break;
	case 22: __asm__ volatile(".inst 0xd508871f" ::: "memory"); break;  /* tlbi vmalle1 */
	case 23: __asm__ volatile(".inst 0xd508751f" ::: "memory"); break;  /* ic iallu */
	case 24: __asm__ volatile("dc civac, %0" :: "r"(FZ_KERNEL_TEXT) : "memory"); break;
	case 25: __asm__ volatile("dc zva, %0" :: "r"(FZ_KERNEL_TEXT) : "memory"); break;
	case 26: __asm__ volatile("dc ivac, %0" :: "r"(FZ_SCRATCH) : "memory"); break;   /* EL1 only */
	case 27: __asm__ volatile("at s1e1r, %0" :: "r"(FZ_SCRATCH) : "memory"); break;
	case 28: __asm__ volatile(".inst 0xd50041bf" ::: "memory"); break;  /* msr spsel, #1 */
	case 29: __asm__ volatile(".inst 0xd500419f" ::: "memory"); break;  /* msr pan, #1 */
	case 30: __asm__ volatile("mrs %0, tpidr_el1" : "=r"(x)); break;
	case 31: __asm__ volatile("msr tpidrro_el0, %0" :: "r"(v)); break;  /* read-only at EL0 */
	case 32:                                  /* any TLS base 0 across a system call */
		__asm__ volatile("msr tpidr_el0, %0\n\t" KINFO_SVC :: "r"(v) : SVC_CLOBBERS);
		break;
	case 33:                                  /* any NZCV (and what msr ignores) across one */
		__asm__ volatile("msr nzcv, %0\n\t" KINFO_SVC "msr nzcv, xzr" :: "r"(v) : SVC_CLOBBERS);
		break;
	case 34:                                  /* any FPCR, then arithmetic */
		__asm__ volatile("msr fpcr, %0\n\tfmov d16, #1.0\n\tfdiv d17, d16, d16\n\tfsqrt d18, d17\n\t" KINFO_SVC
				 "msr fpcr, xzr" :: "r"(v) : SVC_CLOBBERS, "v16", "v17", "v18");
		break;
	case 35: __asm__ volatile("msr fpsr, %0\n\t" KINFO_SVC :: "r"(v) : SVC_CLOBBERS); break;
	case 36:                                  /* a misaligned stack pointer across a system call */
		__asm__ volatile("mov x17, sp\n\tsub x16, x17, #9\n\tmov sp, x16\n\t" KINFO_SVC
				 "ldr x16, [sp]\n\tmov sp, x17" ::: SVC_CLOBBERS, "x16", "x17");
		break;
	case 37:                                  /* a kernel-address stack, then a trap */
		__asm__ volatile("mov x17, sp\n\tmov sp, %0\n\tbrk #1\n\tmov sp, x17"
				 :: "r"(FZ_KERNEL_STACK) : "x17", "memory");
		break;
	case 38:                                  /* a stack pointer beyond TTBR0, a system call */
		__asm__ volatile("mov x17, sp\n\tmov sp, %0\n\t" KINFO_SVC "mov sp, x17"
				 :: "r"(FZ_NONCANON) : SVC_CLOBBERS, "x17");
		break;
	case 39:                                  /* garbage in every register, a bad number */
		__asm__ volatile("mov x0, %0\n\tmov x1, %0\n\tmov x2, %0\n\tmov x3, %0\n\tmov x4, %0\n\t"
				 "mov x5, %0\n\tmov x6, %0\n\tmov x7, %0\n\tmov x8, %0\n\tmvn x0, xzr\n\tsvc #0"
				 :: "r"(v) : SVC_CLOBBERS);
		break;
	case 40:                                  /* PSTATE.DIT, then a system call */
		__asm__ volatile(".inst 0xd503415f\n\t" KINFO_SVC ".inst 0xd503405f" ::: SVC_CLOBBERS);
		break;
	case 41:                                  /* PSTATE.SSBS */
		__asm__ volatile(".inst 0xd503413f\n\t" KINFO_SVC ".inst 0xd503403f" ::: SVC_CLOBBERS);
		break;
	case 42:                                  /* PSTATE.TCO (undefined without MTE) */
		__asm__ volatile(".inst 0xd503499f\n\t" KINFO_SVC ".inst 0xd503489f" ::: SVC_CLOBBERS);
		break;
	case 43: __asm__ volatile("mrs %0, id_aa64isar0_el1" : "=r"(x)); break;
	case 44: __asm__ volatile("blr %0" :: "r"(FZ_SLOT(FZ_SLOT_FUZZER)) : "x30", "memory"); break;   /* UTCB: no X */
	case 45: __asm__ volatile(".inst 0xd508711f" ::: "memory"); break;  /* ic ialluis */
	case 46: __asm__ volatile("mrs %0, dczid_el0\n\tmrs %0, ctr_el0" : "=r"(x)); break;   /* EL0's */
	default:                                  /* a store-exclusive with no monitor */
		__asm__ volatile("stxr w16, xzr, [%0]" :: "r"(FZ_SCRATCH + (v & 0xff8)) : "x16", "memory");
		break;
	}
	(void)x;
}

/* Victim in F: computes with FP/SIMD, at a lower priority than the fuzzer. */
void fz_vspin(void)
{
	__asm__ volatile("msr fpcr, xzr");        /* a restart after whatever FPCR it was given */
	volatile double x = 1.0;
	for (l4_word i = 0;; i++) {
		x = x * 1.0000001 + 0.5;
		__asm__ volatile("fmov d16, #1.0\n\tfadd d16, d16, d16\n\tfsqrt d17, d16" ::: "v16", "v17");
		if (!(i & 255)) {
			((struct fuzz_vstats *)FZ_VSTATS)->vspin_loops++;
			struct sc s = { L4_SYS_YIELD, 0, 0, 0, 0, 0, 0, 0, 0 };
			sc_do(&s);
		}
	}
}

/* fz_report, fz_kmem_req: a trap the root answers (arguments in x0..x4),
 * then on after it. Entries: a fresh, aligned stack; the upcall's state
 * page comes in x1, its NZCV is the handler's second argument. */
_Static_assert(L4_SYS_VCPU_RESUME == 22, "fz_upcall_entry");
__asm__(".text\n"
	".globl fz_report\nfz_report:\n  udf #0\n  ret\n"
	".globl fz_kmem_req\nfz_kmem_req:\n  udf #0\n  ret\n"
	".globl fz_fuzzer_entry\nfz_fuzzer_entry:\n"
	"  movz x9, #0x1000, lsl #16\n  movk x9, #0x8000\n  mov sp, x9\n  mov x29, #0\n  bl fz_fuzzer_main\n  udf #0\n"
	".globl fz_upcall_entry\nfz_upcall_entry:\n"
	"  mrs x9, nzcv\n  mov x0, x1\n  mov x1, x9\n  bl fz_upcall\n"
	"  mov x0, #22\n  mov x1, #0\n  mov x2, #0\n  svc #0\n  udf #0\n"
	".macro FZ_ENTRY name, fn\n"
	".globl \\name\n\\name:\n  mov x9, sp\n  and x9, x9, #-16\n  mov sp, x9\n  mov x29, #0\n  bl \\fn\n  udf #0\n"
	".endm\n"
	"FZ_ENTRY fz_vecho_entry, fz_vecho\n"
	"FZ_ENTRY fz_vspin_entry, fz_vspin\n"
	"FZ_ENTRY fz_oecho_entry, fz_oecho\n"
	"FZ_ENTRY fz_owork_entry, fz_owork\n"
	"FZ_ENTRY fz_xrecv_entry, fz_xrecv\n");

/* Task code, one page: the fuzzer maps it into the task space T and runs it
 * there. Linux's system calls: svc with the number in x8. */
__asm__(".pushsection .text.fztask,\"ax\"\n.balign 4096\n"
	".globl fz_task_code\nfz_task_code:\n"
	"fz_task_0:\n  svc #0\n  b fz_task_0\n"
	"fz_task_1:\n  svc #0x80\n  b fz_task_1\n"
	"fz_task_2:\n  udf #0\n"
	"fz_task_3:\n  mov x9, #0x5a\n  str x9, [x0]\n  mov x8, #1\n  svc #0\n  udf #0\n"
	"fz_task_4:\n  fmov d0, x0\n  fadd d1, d0, d0\n  svc #0\n  udf #0\n"
	"fz_task_5:\n  wfi\n  udf #0\n"
	"fz_task_6:\n  mov x9, #2000\n1:  subs x9, x9, #1\n  b.ne 1b\n  svc #0\n  udf #0\n"
	"fz_task_7:\n  br x1\n"
	"fz_task_8:\n  mov x9, #0xf0000000\n  msr nzcv, x9\n  brk #0\n  svc #0\n  udf #0\n"
	".balign 4096\n.popsection\n");
extern char fz_task_0[], fz_task_1[], fz_task_2[], fz_task_3[], fz_task_4[], fz_task_5[],
	fz_task_6[], fz_task_7[], fz_task_8[];
char *const fz_task_entries[FZ_NTASK_ENTRIES] = { fz_task_0, fz_task_1, fz_task_2, fz_task_3, fz_task_4,
						  fz_task_5, fz_task_6, fz_task_7, fz_task_8 };
