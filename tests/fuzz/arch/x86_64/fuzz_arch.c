/* The kernel-call fuzzer, the x86_64 part: hostile instructions, the entry
 * points, the task code and the spinning victim. Runs in F and O like
 * fuzzer.c: no writable globals, nothing but fuzz.h's fixed addresses. */
#include "../../fuzz.h"
#include <l4.h>

/* Hostile instructions: most end in an exception (and a restart by the root). */
void fz_hostile(struct rng *r, struct fuzz_ctx *c, unsigned which)
{
	l4_word x = 0;
	switch (which) {
	case 0: __asm__ volatile("ud2"); break;
	case 1: __asm__ volatile("int3"); break;
	case 2: __asm__ volatile("int $0x80" ::: "memory"); break;
	case 3: __asm__ volatile("int $0x20"); break;                  /* an IRQ vector: DPL 0 */
	case 4: __asm__ volatile(".byte 0xf1"); break;                 /* icebp: #DB */
	case 5: __asm__ volatile("hlt"); break;
	case 6: __asm__ volatile("cli"); break;
	case 7: __asm__ volatile("inb $0x60, %%al" : "=a"(x)); break;
	case 8: __asm__ volatile("rdmsr" : "=a"(x) : "c"(0xc0000082) : "rdx"); break;
	case 9: __asm__ volatile("mov %%cr3, %0" : "=r"(x)); break;
	case 10: __asm__ volatile("xor %%edx, %%edx; xor %%ecx, %%ecx; mov $1, %%eax; div %%ecx"
				  ::: "rax", "rcx", "rdx"); break;
	case 11: x = *(volatile l4_word *)0xffffffff80100000UL; break;      /* kernel image */
	case 12: x = *(volatile l4_word *)0x0000800000000000UL; break;      /* non-canonical */
	case 13: *(volatile char *)(c->cfg.text_base + below(r, c->cfg.text_end - c->cfg.text_base)) = 0; break;
	case 14: __asm__ volatile("pushfq; orq $0x100, (%%rsp); popfq; nop; nop" ::: "memory", "cc"); break;
	case 15:                                                      /* single-step over syscall */
		__asm__ volatile("pushfq; orq $0x100, (%%rsp); popfq; syscall; nop"
				 : "+a"(x) : "D"((l4_word)L4_KI_MYTID) : "rcx", "r11", "rdx", "rsi", "memory", "cc");
		break;
	case 16:                                                      /* ... with a mov-ss shadow */
		x = L4_SYS_KINFO;
		__asm__ volatile("movw %%ss, %%bx; pushfq; orq $0x100, (%%rsp); popfq; movw %%bx, %%ss; syscall; nop"
				 : "+a"(x) : "D"((l4_word)L4_KI_MYTID) : "rbx", "rcx", "r11", "rdx", "rsi", "memory", "cc");
		break;
	case 17:
		x = L4_SYS_KINFO;
		__asm__ volatile("movw %%ss, %%bx; movw %%bx, %%ss; syscall"
				 : "+a"(x) : "D"((l4_word)L4_KI_MYTID) : "rbx", "rcx", "r11", "rdx", "rsi", "memory");
		break;
	case 18: __asm__ volatile(".byte 0x0f, 0x34" ::: "memory"); break;  /* sysenter */
	case 19: __asm__ volatile("int $0xff"); break;
	case 20: __asm__ volatile("jmp *%0" :: "r"(0x0000800000000000UL)); break;
	case 21: { struct { unsigned short l; l4_word b; } __attribute__((packed)) d = { 0xfff, rnd(r) };
		__asm__ volatile("lgdt %0" :: "m"(d)); break; }
	case 22: { unsigned char d[16];
		__asm__ volatile("sgdt %0; sidt %0; str %%ax; sldt %%ax" : "=m"(d) :: "rax"); break; }
	case 23: __asm__ volatile("swapgs"); break;
	case 24:                                  /* 32-bit compatibility mode, then syscall there */
		__asm__ volatile("movq %%rsp, %%r12\n\tleaq 1f(%%rip), %%rax\n\tpushq $0x1b\n\tpushq %%rax\n\tlretq\n"
				 ".code32\n1:\tmovl $18, %%eax\n\tmovl $6, %%edi\n\tsyscall\n\tljmp $0x2b, $2f\n"
				 ".code64\n2:\tmovq %%r12, %%rsp"
				 ::: "rax", "rdi", "rcx", "r11", "rdx", "rsi", "r12", "memory", "cc");
		break;
	case 25:                                  /* ... int 0x80 there */
		__asm__ volatile("movq %%rsp, %%r12\n\tleaq 1f(%%rip), %%rax\n\tpushq $0x1b\n\tpushq %%rax\n\tlretq\n"
				 ".code32\n1:\tmovl $18, %%eax\n\tint $0x80\n\tljmp $0x2b, $2f\n"
				 ".code64\n2:\tmovq %%r12, %%rsp"
				 ::: "rax", "rdi", "rcx", "r11", "rdx", "rsi", "r12", "memory", "cc");
		break;
	case 26:                                  /* ... and straight back */
		__asm__ volatile("movq %%rsp, %%r12\n\tleaq 1f(%%rip), %%rax\n\tpushq $0x1b\n\tpushq %%rax\n\tlretq\n"
				 ".code32\n1:\tljmp $0x2b, $2f\n"
				 ".code64\n2:\tmovq %%r12, %%rsp"
				 ::: "rax", "r12", "memory", "cc");
		break;
	case 27: __asm__ volatile("xor %%eax, %%eax; movw %%ax, %%ss" ::: "rax"); break;
	case 28: __asm__ volatile("movw $0x10, %%ax; movw %%ax, %%ds" ::: "rax"); break;
	case 29: __asm__ volatile("movw $0x23, %%ax; movw %%ax, %%fs; movw %%ax, %%gs" ::: "rax"); break;
	case 30: __asm__ volatile("leaq 1f(%%rip), %%rax; pushq $0x08; pushq %%rax; lretq; 1:" ::: "rax", "memory"); break;
	case 31:                                  /* iretq to the kernel's code selector */
		__asm__ volatile("movq %%rsp, %%rax; pushq $0x23; pushq %%rax; pushfq; pushq $0x08; leaq 1f(%%rip), %%rax;"
				 "pushq %%rax; iretq; 1:" ::: "rax", "memory", "cc");
		break;
	case 32: __asm__ volatile("xsetbv" :: "a"(7), "d"(0), "c"(0)); break;
	case 33: { unsigned m = (unsigned)rnd(r); __asm__ volatile("ldmxcsr %0" :: "m"(m)); break; }
	case 34: { unsigned char img[512] __attribute__((aligned(16)));
		for (unsigned i = 0; i < 512; i += 8)
			*(l4_word *)(img + i) = one_in(r, 2) ? 0 : rnd(r);
		__asm__ volatile("fxrstor64 %0" :: "m"(img)); break; }
	case 35: __asm__ volatile("int $0x40"); break;                 /* not in the IDT */
	case 36: __asm__ volatile("int $4"); break;
	case 37: __asm__ volatile(".byte 0xce"); break;                /* into: #UD in 64-bit mode */
	case 38:                                  /* kernel-address stack, then a trap */
		__asm__ volatile("movq %%rsp, %%rbx; movabs $0xffffffff80200000, %%rsp; int3; movq %%rbx, %%rsp"
				 ::: "rbx", "memory");
		break;
	case 39:                                  /* syscall with a non-canonical stack pointer */
		x = L4_SYS_KINFO;
		__asm__ volatile("movq %%rsp, %%rbx; movabs $0x0000800000000000, %%rsp; syscall; movq %%rbx, %%rsp"
				 : "+a"(x) : "D"((l4_word)L4_KI_MYTID) : "rbx", "rcx", "r11", "rdx", "rsi", "memory");
		break;
	case 40:                                  /* NT and AC set across a syscall */
		x = L4_SYS_KINFO;
		__asm__ volatile("pushfq; orq $0x44000, (%%rsp); popfq; syscall; pushfq; andq $~0x44000, (%%rsp); popfq"
				 : "+a"(x) : "D"((l4_word)L4_KI_MYTID) : "rcx", "r11", "rdx", "rsi", "memory", "cc");
		break;
	case 41: __asm__ volatile("pushfq; orq $0x100, (%%rsp); popfq; int $0x80" ::: "memory", "cc"); break;
	case 42: __asm__ volatile("wbinvd"); break;
	default: __asm__ volatile("movq %0, %%dr7" :: "r"(0x3UL)); break;
	}
	(void)x;
}

/* Victim in F: computes, with SSE and x87, at a lower priority than the fuzzer. */
void fz_vspin(void)
{
	unsigned mxcsr = 0x1f80;
	__asm__ volatile("fninit; ldmxcsr %0" :: "m"(mxcsr));   /* a restart after #MF/#XM */
	volatile double x = 1.0;
	for (l4_word i = 0;; i++) {
		x = x * 1.0000001 + 0.5;
		__asm__ volatile("fld1; fldpi; faddp; fstp %%st(0); fwait" ::: "memory");
		if (!(i & 255)) {
			((struct fuzz_vstats *)FZ_VSTATS)->vspin_loops++;
			struct sc s = { L4_SYS_YIELD, 0, 0, 0, 0, 0, 0, 0, 0 };
			sc_do(&s);
		}
	}
}

__asm__(".text\n"
	".globl fz_report\nfz_report:\n  ud2\n  ret\n"
	".globl fz_kmem_req\nfz_kmem_req:\n  ud2\n  ret\n"
	".globl fz_fuzzer_entry\nfz_fuzzer_entry:\n"
	"  movabs $0x10008000, %rsp\n  cld\n  call fz_fuzzer_main\n  ud2\n"
	".globl fz_upcall_entry\nfz_upcall_entry:\n"
	"  pushfq\n  popq %rsi\n  sub $8, %rsp\n  cld\n  call fz_upcall\n  xor %edi, %edi\n  xor %esi, %esi\n  mov $22, %eax\n"
	"  syscall\n  ud2\n"
	".globl fz_vecho_entry\nfz_vecho_entry:\n  andq $-16, %rsp\n  cld\n  call fz_vecho\n  ud2\n"
	".globl fz_vspin_entry\nfz_vspin_entry:\n  andq $-16, %rsp\n  cld\n  call fz_vspin\n  ud2\n"
	".globl fz_oecho_entry\nfz_oecho_entry:\n  andq $-16, %rsp\n  cld\n  call fz_oecho\n  ud2\n"
	".globl fz_owork_entry\nfz_owork_entry:\n  andq $-16, %rsp\n  cld\n  call fz_owork\n  ud2\n"
	".globl fz_xrecv_entry\nfz_xrecv_entry:\n  andq $-16, %rsp\n  cld\n  call fz_xrecv\n  ud2\n");

/* Task code, one page: the fuzzer maps it into the task space T and runs it there. */
__asm__(".pushsection .text.fztask,\"ax\"\n.balign 4096\n"
	".globl fz_task_code\nfz_task_code:\n"
	"fz_task_0:\n  syscall\n  jmp fz_task_0\n"
	"fz_task_1:\n  int $0x80\n  jmp fz_task_1\n"
	"fz_task_2:\n  ud2\n"
	"fz_task_3:\n  movq $0x5a, (%rdi)\n  mov $1, %eax\n  syscall\n  ud2\n"
	"fz_task_4:\n  movq %rdi, %xmm0\n  fld1\n  fstp %st(0)\n  syscall\n  ud2\n"
	"fz_task_5:\n  hlt\n"
	"fz_task_6:\n  mov $2000, %ecx\n1:  loop 1b\n  syscall\n  ud2\n"
	"fz_task_7:\n  jmp *%rsi\n"
	"fz_task_8:\n  pushfq\n  orq $0x100, (%rsp)\n  popfq\n  nop\n  syscall\n  ud2\n"
	".balign 4096\n.popsection\n");

extern char fz_task_0[], fz_task_1[], fz_task_2[], fz_task_3[], fz_task_4[], fz_task_5[],
	fz_task_6[], fz_task_7[], fz_task_8[];
char *const fz_task_entries[FZ_NTASK_ENTRIES] = { fz_task_0, fz_task_1, fz_task_2, fz_task_3, fz_task_4,
						  fz_task_5, fz_task_6, fz_task_7, fz_task_8 };
