/* The kernel-call fuzzer, the riscv64 part: hostile instructions, the entry
 * points, the task code and the spinning victim. Runs in F and O like
 * fuzzer.c: no writable globals, nothing but fuzz.h's fixed addresses. */
#include "../../fuzz.h"
#include <l4.h>

#define PAGE 4096UL

/* KINFO(MYTID) around hostile state: the kernel must take whatever U-mode left. */
#define KINFO_ECALL "li a0, 18\n\tli a1, 6\n\tecall\n\t"
_Static_assert(L4_SYS_KINFO == 18 && L4_KI_MYTID == 6, "KINFO_ECALL");
#define ECALL_CLOBBERS "a0", "a1", "a2", "a3", "a4", "a5", "a6", "a7", "t0", "memory"

/* Hostile instructions: most end in an exception (and a restart by the
 * root). U-mode may not touch supervisor state: every privileged
 * instruction and CSR here is illegal (scause 2), every address someone
 * else's. */
void fz_hostile(struct rng *r, struct fuzz_ctx *c, unsigned which)
{
	l4_word x = 0, v = rnd(r);
	switch (which) {
	case 0: __asm__ volatile(".4byte 0xc0001073"); break;             /* unimp */
	case 1: __asm__ volatile("ebreak"); break;
	case 2: __asm__ volatile("sret"); break;
	case 3: __asm__ volatile("mret"); break;
	case 4: __asm__ volatile("wfi"); break;
	case 5: __asm__ volatile("sfence.vma" ::: "memory"); break;
	case 6: __asm__ volatile("csrr %0, sstatus" : "=r"(x)); break;
	case 7: __asm__ volatile("csrw satp, zero" ::: "memory"); break;
	case 8: __asm__ volatile("csrr %0, stvec" : "=r"(x)); break;
	case 9: __asm__ volatile("csrr %0, mstatus" : "=r"(x)); break;
	case 10: __asm__ volatile("li a0, 0xffff\n\tecall" ::: ECALL_CLOBBERS); break;
	case 11: x = *(volatile l4_word *)FZ_KERNEL_TEXT; break;            /* kernel image */
	case 12: x = *(volatile l4_word *)FZ_NONCANON; break;               /* beyond Sv39 */
	case 13: *(volatile char *)(c->cfg.text_base + v % (c->cfg.text_end - c->cfg.text_base)) = 0; break;
	case 14: __asm__ volatile("lr.d %0, (%1)" : "=r"(x) : "r"(FZ_SCRATCH + 1 + (v & 6)) : "memory"); break;
	case 15: __asm__ volatile("jr %0" :: "r"(FZ_NONCANON)); break;
	case 16: __asm__ volatile("jr %0" :: "r"(FZ_KERNEL_TEXT)); break;
	case 17: __asm__ volatile("fence.i" ::: "memory"); break;          /* U-mode's own */
	case 18: __asm__ volatile("rdcycle %0" : "=r"(x)); break;          /* scounteren.CY clear */
	case 19: __asm__ volatile("rdinstret %0" : "=r"(x)); break;
	case 20: __asm__ volatile("rdtime %0" : "=r"(x)); break;           /* allowed */
	case 21:                                  /* any fcsr, then arithmetic */
		__asm__ volatile("fscsr %0\n\tfmv.d.x f16, zero\n\tfadd.d f17, f16, f16\n\tfsqrt.d f18, f17\n\t" KINFO_ECALL
				 "fscsr zero" :: "r"(v) : ECALL_CLOBBERS, "f16", "f17", "f18");
		break;
	case 22:                                  /* any tp across a system call */
		__asm__ volatile("mv t3, tp\n\tmv tp, %0\n\t" KINFO_ECALL "mv tp, t3" :: "r"(v) : ECALL_CLOBBERS, "t3");
		break;
	case 23:                                  /* any gp (the UTCB pointer) across one */
		__asm__ volatile("mv t3, gp\n\tmv gp, %0\n\t" KINFO_ECALL "mv gp, t3" :: "r"(v) : ECALL_CLOBBERS, "t3");
		break;
	case 24:                                  /* a misaligned stack pointer across a system call */
		__asm__ volatile("mv t4, sp\n\taddi sp, sp, -9\n\t" KINFO_ECALL "mv sp, t4" ::: ECALL_CLOBBERS, "t4");
		break;
	case 25:                                  /* a kernel-address stack, then a trap */
		__asm__ volatile("mv t4, sp\n\tmv sp, %0\n\tebreak\n\tmv sp, t4" :: "r"(FZ_KERNEL_STACK) : "t4", "memory");
		break;
	case 26:                                  /* a stack pointer beyond Sv39, a system call */
		__asm__ volatile("mv t4, sp\n\tmv sp, %0\n\t" KINFO_ECALL "mv sp, t4" :: "r"(FZ_NONCANON) : ECALL_CLOBBERS, "t4");
		break;
	case 27:                                  /* garbage in every argument register, a bad number */
		__asm__ volatile("mv a1, %0\n\tmv a2, %0\n\tmv a3, %0\n\tmv a4, %0\n\tmv a5, %0\n\t"
				 "mv a6, %0\n\tmv a7, %0\n\tmv t0, %0\n\tli a0, -1\n\tecall"
				 :: "r"(v) : ECALL_CLOBBERS);
		break;
	case 28:                                  /* a store-conditional with no reservation */
		__asm__ volatile("sc.d %0, zero, (%1)" : "=r"(x) : "r"(FZ_SCRATCH + (v & 0xff8)) : "memory");
		break;
	case 29: __asm__ volatile("amoadd.d %0, %1, (%2)" : "=r"(x) : "r"(v), "r"(FZ_KERNEL_TEXT) : "memory"); break;
	case 30: *(volatile l4_word *)(FZ_NONCANON + (v & 0xff8)) = v; break;
	case 31: __asm__ volatile("jalr %0" :: "r"(FZ_SLOT(FZ_SLOT_FUZZER)) : "ra", "memory"); break;   /* UTCB: no X */
	case 32: __asm__ volatile("csrr %0, satp" : "=r"(x)); break;
	case 33: __asm__ volatile("csrw sscratch, %0" :: "r"(v) : "memory"); break;
	case 34:                                  /* a reserved rounding mode, then arithmetic: illegal */
		__asm__ volatile("fsrmi 7\n\tfmv.d.x f16, zero\n\tfadd.d f17, f16, f16\n\tfsrmi 0" ::: "f16", "f17");
		break;
	default: __asm__ volatile("ld %0, 0(%1)" : "=r"(x) : "r"(FZ_KERNEL_STACK) : "memory"); break;
	}
	(void)x;
}

/* Victim in F: computes with FP, at a lower priority than the fuzzer. */
void fz_vspin(void)
{
	__asm__ volatile("fscsr zero");           /* a restart after whatever fcsr it was given */
	volatile double x = 1.0;
	for (l4_word i = 0;; i++) {
		x = x * 1.0000001 + 0.5;
		__asm__ volatile("fmv.d.x f16, zero\n\tfadd.d f16, f16, f16\n\tfsqrt.d f17, f16" ::: "f16", "f17");
		if (!(i & 255)) {
			((struct fuzz_vstats *)FZ_VSTATS)->vspin_loops++;
			struct sc s = { L4_SYS_YIELD, 0, 0, 0, 0, 0, 0, 0, 0 };
			sc_do(&s);
		}
	}
}

/* fz_report, fz_kmem_req: a trap the root answers (arguments in a0..a4),
 * then on after it. Entries: a fresh, aligned stack; the upcall's state
 * page comes in a1, its flags (none) are the handler's second argument. */
_Static_assert(L4_SYS_VCPU_RESUME == 22, "fz_upcall_entry");
__asm__(".text\n"
	".globl fz_report\nfz_report:\n  .4byte 0xc0001073\n  ret\n"
	".globl fz_kmem_req\nfz_kmem_req:\n  .4byte 0xc0001073\n  ret\n"
	".globl fz_fuzzer_entry\nfz_fuzzer_entry:\n"
	"  li sp, 0x10008000\n  li s0, 0\n  call fz_fuzzer_main\n  .4byte 0xc0001073\n"
	".globl fz_upcall_entry\nfz_upcall_entry:\n"
	"  mv a0, a1\n  li a1, 0\n  call fz_upcall\n"
	"  li a0, 22\n  li a1, 0\n  li a2, 0\n  ecall\n  .4byte 0xc0001073\n"
	".macro FZ_ENTRY name, fn\n"
	".globl \\name\n\\name:\n  andi sp, sp, -16\n  li s0, 0\n  call \\fn\n  .4byte 0xc0001073\n"
	".endm\n"
	"FZ_ENTRY fz_vecho_entry, fz_vecho\n"
	"FZ_ENTRY fz_vspin_entry, fz_vspin\n"
	"FZ_ENTRY fz_oecho_entry, fz_oecho\n"
	"FZ_ENTRY fz_owork_entry, fz_owork\n"
	"FZ_ENTRY fz_xrecv_entry, fz_xrecv\n");

/* Task code, one page: the fuzzer maps it into the task space T and runs it
 * there. Linux's system calls: ecall with the number in a7. */
__asm__(".pushsection .text.fztask,\"ax\"\n.balign 4096\n"
	".globl fz_task_code\nfz_task_code:\n"
	"fz_task_0:\n  ecall\n  j fz_task_0\n"
	"fz_task_1:\n  .2byte 0x0001\n  ecall\n  j fz_task_1\n"       /* c.nop: an ecall at a 2-byte boundary */
	"fz_task_2:\n  .4byte 0xc0001073\n"
	"fz_task_3:\n  li t1, 0x5a\n  sd t1, 0(a0)\n  li a7, 1\n  ecall\n  .4byte 0xc0001073\n"
	"fz_task_4:\n  fmv.d.x f0, a0\n  fadd.d f1, f0, f0\n  ecall\n  .4byte 0xc0001073\n"
	"fz_task_5:\n  wfi\n  .4byte 0xc0001073\n"
	"fz_task_6:\n  li t1, 2000\n1:  addi t1, t1, -1\n  bnez t1, 1b\n  ecall\n  .4byte 0xc0001073\n"
	"fz_task_7:\n  jr a1\n"
	"fz_task_8:\n  ebreak\n  ecall\n  .4byte 0xc0001073\n"
	".balign 4096\n.popsection\n");
extern char fz_task_0[], fz_task_1[], fz_task_2[], fz_task_3[], fz_task_4[], fz_task_5[],
	fz_task_6[], fz_task_7[], fz_task_8[];
char *const fz_task_entries[FZ_NTASK_ENTRIES] = { fz_task_0, fz_task_1, fz_task_2, fz_task_3, fz_task_4,
						  fz_task_5, fz_task_6, fz_task_7, fz_task_8 };
