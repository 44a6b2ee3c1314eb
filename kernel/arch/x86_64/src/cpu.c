/* x86_64 CPU set-up: descriptor tables, syscall MSRs, FPU/XSAVE, PCID. */
#include <kernel.h>
#include <arch.h>
#include <arch_cpu.h>
#include <arch_layout.h>
#include <arch_asm.h>

struct tss {
	u32 rsvd0;
	u64 rsp0, rsp1, rsp2;
	u64 rsvd1;
	u64 ist[7];
	u64 rsvd2;
	u16 rsvd3, iomap;
} __attribute__((packed));

struct idt_entry { u16 off0, sel; u8 ist, type; u16 off1; u32 off2, rsvd; } __attribute__((packed));
struct dtr { u16 limit; u64 base; } __attribute__((packed));

/* Per-CPU tables (one CPU for now). */
struct cpu {
	u64 gdt[8];
	struct tss tss;
	struct idt_entry idt[256];
} __attribute__((aligned(64)));
struct cpu cpu0;               /* global: entry.S and fastpath.S use tss.rsp0 */
_Static_assert(offsetof(struct cpu, tss) + offsetof(struct tss, rsp0) == CPU_TSS_RSP0, "arch_asm.h");

extern char syscall_entry[], fastpath_syscall[], vcpu_fault_fast[];
static u32 xsave_size = 512;
static bool have_xsave;
bool have_pcid;                /* global, like fpu_owner: fastpath.S reads them */
static u64 xcr0;
struct tcb *fpu_owner;

#define TRAPS(X) X(0) X(1) X(2) X(3) X(4) X(5) X(6) X(7) X(8) X(10) X(11) X(12) X(13) \
	X(14) X(16) X(17) X(18) X(19) X(32) X(33) X(34) X(35) X(36) X(37) X(38) X(39) \
	X(40) X(41) X(42) X(43) X(44) X(45) X(46) X(47) X(48) X(128) X(255)
#define DECL(n) extern char trap_##n[];
TRAPS(DECL)

static void idt_set(int vec, void *handler, int dpl)
{
	u64 a = (u64)handler;
	cpu0.idt[vec] = (struct idt_entry){ (u16)a, 0x08, 0, (u8)(0x8e | (dpl << 5)),
					    (u16)(a >> 16), (u32)(a >> 32), 0 };
}

static void load_tables(void)
{
	struct cpu *c = &cpu0;
	c->gdt[1] = 0x00af9a000000ffff;     /* 0x08 kernel code */
	c->gdt[2] = 0x00cf92000000ffff;     /* 0x10 kernel data */
	/* 0x18 stays null: only STAR's SYSRET base (sysretq to 64-bit mode loads
	 * 0x2b and 0x23 from it without reading descriptors). A 32-bit user code
	 * segment would let user code enter compatibility mode, where SYSCALL
	 * jumps to CSTAR at CPL0 on the user's stack. */
	c->gdt[4] = 0x00cff2000000ffff;     /* 0x20 user data */
	c->gdt[5] = 0x00affa000000ffff;     /* 0x28 user code64 */
	u64 t = (u64)&c->tss, lim = sizeof(c->tss) - 1;
	c->gdt[6] = (lim & 0xffff) | ((t & 0xffffff) << 16) | (0x89ULL << 40) |
		    (((t >> 24) & 0xff) << 56);
	c->gdt[7] = t >> 32;
	c->tss.iomap = sizeof(c->tss);      /* no I/O bitmap: IOPL decides */
#define SET(n) idt_set(n, trap_##n, (n == 3 || n == 4 || n == 128) ? 3 : 0);
	TRAPS(SET)
	struct dtr g = { sizeof(c->gdt) - 1, (u64)c->gdt }, i = { sizeof(c->idt) - 1, (u64)c->idt };
	__asm__ volatile("lgdt %0; lidt %1" :: "m"(g), "m"(i));
	__asm__ volatile("mov $0x10, %%ax; mov %%ax, %%ds; mov %%ax, %%es; mov %%ax, %%ss;"
			 "pushq $0x08; leaq 1f(%%rip), %%rax; pushq %%rax; lretq; 1:" ::: "rax", "memory");
	__asm__ volatile("ltr %w0" :: "r"(0x30));
}

static void fpu_setup(void)
{
	u32 r[4];
	cpuid(1, 0, r);
	have_xsave = (r[2] >> 26) & 1;
	have_pcid = (r[2] >> 17) & 1;
	u64 cr4;
	__asm__ volatile("mov %%cr4, %0" : "=r"(cr4));
	cr4 |= (1 << 9) | (1 << 10) | (1 << 7);   /* OSFXSR, OSXMMEXCPT, PGE */
	if (have_xsave)
		cr4 |= 1 << 18;
	if (have_pcid)
		cr4 |= 1 << 17;
	__asm__ volatile("mov %0, %%cr4" :: "r"(cr4));
	u64 cr0;
	__asm__ volatile("mov %%cr0, %0" : "=r"(cr0));
	cr0 = (cr0 & ~(1ULL << 2)) | (1 << 1) | (1 << 5) | (1 << 3);  /* MP, NE, TS; no EM */
	__asm__ volatile("mov %0, %%cr0" :: "r"(cr0));
	if (have_xsave) {
		cpuid(0xd, 0, r);
		xcr0 = r[0] & 0x7;                    /* x87, SSE, AVX: 832 bytes at most */
		__asm__ volatile("xsetbv" :: "c"(0), "a"((u32)xcr0), "d"(0));
		cpuid(0xd, 0, r);
		xsave_size = r[1];
	}
	assert(xsave_size <= PAGE_SIZE - TCB_FPU_OFFSET && xsave_size <= L4_VCPU_FPU_SLOT_BYTES);
}

static void syscall_setup(void)
{
	wrmsr(0xC0000080, rdmsr(0xC0000080) | 1);            /* EFER.SCE */
	wrmsr(0xC0000081, (0x18ULL << 48) | (0x08ULL << 32)); /* STAR */
	wrmsr(MSR_LSTAR, (u64)syscall_entry);
	wrmsr(0xC0000084, 0x47700);                           /* FMASK: IF TF DF AC NT IOPL */
}

void arch_cpu_init(void)
{
	load_tables();
	fpu_setup();
	syscall_setup();
}

/* Also where the syscall entry finds the kernel stack. */
void arch_set_kstack(u64 top)
{
	cpu0.tss.rsp0 = top;
}

/* With the fast paths on, every syscall enters through the IPC fast path,
 * and a page fault through the vCPU one (vcpu_fast.S), which leaves for
 * trap_14 whenever it is not a visited task's. */
void arch_fastpath_enable(bool on)
{
	wrmsr(MSR_LSTAR, on ? (u64)fastpath_syscall : (u64)syscall_entry);
	idt_set(14, on ? (void *)vcpu_fault_fast : (void *)trap_14, 0);
}

int arch_tlb_tagged(void) { return have_pcid; }
uint32_t arch_fpu_size(void) { return xsave_size; }

static void clts(void) { __asm__ volatile("clts"); }
static void stts(void)
{
	u64 cr0;
	__asm__ volatile("mov %%cr0, %0" : "=r"(cr0));
	__asm__ volatile("mov %0, %%cr0" :: "r"(cr0 | 8));
}

/* A vCPU visiting a task keeps the task's FPU image in its state page:
 * saved there and restored from there directly, no copies. */
static void *fpu_area(struct tcb *t) { return t->fpu_task ? t->fpu_task : tcb_fpu(t); }

static void fpu_save(struct tcb *t)
{
	if (have_xsave)
		__asm__ volatile("xsave64 (%0)" :: "r"(fpu_area(t)), "a"((u32)xcr0), "d"(0) : "memory");
	else
		__asm__ volatile("fxsave64 (%0)" :: "r"(fpu_area(t)) : "memory");
}

static void fpu_restore(struct tcb *t)
{
	if (t->fpu_task) {
		arch_fpu_sanitize(t->fpu_task);   /* user-writable: checked now, nothing else runs */
		t->fpu_task_loaded = true;
	}
	if (have_xsave)
		__asm__ volatile("xrstor64 (%0)" :: "r"(fpu_area(t)), "a"((u32)xcr0), "d"(0) : "memory");
	else
		__asm__ volatile("fxrstor64 (%0)" :: "r"(fpu_area(t)) : "memory");
}

void arch_fpu_init_state(struct tcb *t)
{
	u8 *a = tcb_fpu(t);
	*(u16 *)(a + 0) = 0x37f;       /* FCW */
	*(u32 *)(a + 24) = 0x1f80;     /* MXCSR */
	if (have_xsave)
		*(u64 *)(a + 512) = xcr0 & 3;   /* x87 and SSE hold the values above */
}

/* Hand the FPU to t, the current thread, with its image loaded. */
static void fpu_take(struct tcb *t)
{
	clts();
	if (fpu_owner == t)
		return;
	if (fpu_owner)
		fpu_save(fpu_owner);
	fpu_restore(t);
	fpu_owner = t;
}

/* #NM: lazily hand the FPU to the current thread. */
void arch_fpu_trap(void)
{
	bool had = fpu_owner == current;

	fpu_take(current);
	if (!had && current->fpu_task)
		vcpu_fpu_trapped(current);
}

void arch_fpu_take(struct tcb *t) { fpu_take(t); }

void arch_fpu_sync(struct tcb *t)
{
	if (fpu_owner != t)
		return;
	clts();
	fpu_save(t);
	if (current != t)
		stts();
}

void arch_fpu_forget(struct tcb *t)
{
	if (fpu_owner != t)
		return;
	fpu_owner = NULL;
	stts();
}

void arch_fpu_switch(struct tcb *next)
{
	if (next == fpu_owner)
		clts();
	else
		stts();
}

/* Make a user-supplied FPU image safe for XRSTOR: no #GP in the kernel. */
int arch_fpu_sanitize(void *area)
{
	u8 *a = area;
	u32 mask = 0xffbf;    /* default MXCSR_MASK */
	*(u32 *)(a + 24) &= mask;
	if (!have_xsave)
		return 0;
	u64 *hdr = (u64 *)(a + 512);
	hdr[0] &= xcr0;       /* XSTATE_BV */
	for (int i = 1; i < 8; i++)
		hdr[i] = 0;       /* XCOMP_BV and reserved */
	return 0;
}
