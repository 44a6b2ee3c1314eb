/* x86_64's own kernel tests: PCID as CPUID reports it, %fs/%gs selector
 * reloads that must not leak between threads, and a PC device's interrupt
 * (the CMOS RTC's periodic IRQ 8 through I/O ports, which the root task may
 * use). */
#include "../../ktest.h"
#include <string.h>

#define MS    1000UL          /* microseconds in a millisecond */
#define CHILD_SLOT  330       /* this file's UTCB slot in the spaces it creates */

KTEST(kinfo_pcid_cpuid, "l4_kinfo(L4_KI_TAGGED_TLB) equals CPUID.1:ECX bit 17 (PCID) read in user mode")
{
	uint32_t a = 1, b, c = 0, d;
	__asm__ volatile("cpuid" : "+a"(a), "=b"(b), "+c"(c), "=d"(d));
	CHECK_EQ(l4_kinfo(L4_KI_TAGGED_TLB), (c >> 17) & 1);
}

/* Starts fn(arg) in space at UTCB slot `slot` on a fresh two-page stack of
 * the root heap (the root pager lends it to the space). */
static l4_word spawn_at(l4_word space, l4_word slot, void (*fn)(l4_word), l4_word arg)
{
	extern char thread_tramp[];
	l4_word tid = 0;
	char *stack = page_alloc(2);
	if (!stack || l4_thread_create(space, 50, pager_tid, exh_tid, L4_UTCB_AREA + slot * 4096UL, &tid) != L4_OK)
		return 0;
	l4_word *sp = (l4_word *)(stack + 2 * 4096UL - 64);
	sp[0] = (l4_word)fn;
	sp[1] = arg;
	l4_start(tid, (l4_word)thread_tramp, (l4_word)sp);
	return tid;
}

/* --- %fs/%gs reloaded by user code ---------------------------------------------------------------
 * Loading a selector into %fs/%gs replaces the base register behind the kernel's back. Two
 * threads at the same UTCB slot of different spaces have equal GS bases (and here equal FS
 * bases): the kernel must still give the second its bases after the first reloaded them. */
#define SEG_ITER 200
static volatile struct {
	int done[2];
	l4_word bad, fs_seen, gs_seen, reloads, fs_page;
} sg;

/* Loads the user data selector into %fs and %gs (both bases become 0), yields. */
static void sg_loader(l4_word unused)
{
	(void)unused;
	for (int i = 0; i < SEG_ITER; i++) {
		__asm__ volatile("movl $0x23, %%eax\n\tmovl %%eax, %%fs\n\tmovl %%eax, %%gs" ::: "rax", "memory");
		sg.reloads++;
		l4_yield();
	}
	sg.done[0] = 1;
	struct l4_msg m = { 0 };
	for (;;)                                  /* %gs no longer reaches the UTCB: block without it */
		l4_ipc(L4_NILTHREAD, L4_NOTIFYONLY, L4_NEVER, &m);
}

/* Same %fs and %gs bases as the loader; checks them after every switch. */
static void sg_checker(l4_word unused)
{
	(void)unused;
	for (int i = 0; i < SEG_ITER; i++) {
		l4_yield();
		l4_word fs0, gs0;
		__asm__ volatile("movq %%fs:0, %0" : "=r"(fs0));
		__asm__ volatile("movq %%gs:0, %0" : "=r"(gs0));
		if (fs0 != sg.fs_page || gs0 != L4_UTCB_AREA + CHILD_SLOT * 4096UL) {
			sg.bad++;
			sg.fs_seen = fs0;
			sg.gs_seen = gs0;
		}
	}
	sg.done[1] = 1;
}

KTEST(segment_reload_isolated, "a thread loading %fs/%gs selectors (bases 0) does not change another thread's FS/GS base")
{
	memset((void *)&sg, 0, sizeof(sg));
	l4_word *page = page_alloc(1);
	page[0] = (l4_word)page;
	sg.fs_page = (l4_word)page;
	l4_word s1 = space_new(), s2 = space_new();
	l4_word a = spawn_at(s1, CHILD_SLOT, sg_loader, 0);
	l4_word b = spawn_at(s2, CHILD_SLOT, sg_checker, 0);
	struct l4_exregs r = { .fs = (l4_word)page };
	l4_word e_fa = l4_exregs(a, L4_EX_FS, &r);
	r.fs = (l4_word)page;
	l4_word e_fb = l4_exregs(b, L4_EX_FS, &r);
	l4_word unhandled0 = unhandled_faults;
	bool done = wait_for(&sg.done[0], 1, 3000) && wait_for(&sg.done[1], 1, 3000);
	l4_space_destroy(s1);
	l4_space_destroy(s2);
	CHECK(s1 && s2 && a && b);
	CHECK_EQ(e_fa, L4_OK);
	CHECK_EQ(e_fb, L4_OK);
	CHECK_EQ(sg.reloads, SEG_ITER);
	if (sg.bad || !done)
		printf("    %lu bad reads (fs:0 %lx gs:0 %lx), %lu unhandled faults, last at %lx\n",
		       sg.bad, sg.fs_seen, sg.gs_seen, unhandled_faults - unhandled0, last_fault_addr);
	CHECK(done);
	CHECK_EQ(sg.bad, 0);
}

/* --- interrupts: the CMOS RTC's periodic interrupt on IRQ 8 --- */
static volatile int done;
static volatile l4_word res[16];

static inline void outb(uint16_t port, uint8_t v) { __asm__ volatile("outb %0, %1" :: "a"(v), "Nd"(port)); }
static inline uint8_t inb(uint16_t port)
{
	uint8_t v;
	__asm__ volatile("inb %1, %0" : "=a"(v) : "Nd"(port));
	return v;
}
static uint8_t rtc_read(uint8_t reg) { outb(0x70, reg); return inb(0x71); }
static void rtc_write(uint8_t reg, uint8_t v) { outb(0x70, reg); outb(0x71, v); }
#define RTC_A 0x0a
#define RTC_B 0x0b
#define RTC_C 0x0c
#define RTC_PIE 0x40
#define IRQ_BIT 7

/* Receives the RTC notification; re-arms the RTC; checks the line stays
 * masked until acknowledged; acknowledges and receives it again. */
static void rtc_thread(l4_word arg)
{
	(void)arg;
	struct l4_msg m = { 0 };
	for (int i = 0; i < 3; i++) {
		m.tag = m.mr[0] = 0;
		l4_word e = l4_receive(L4_NOTIFYONLY, 1000 * MS, &m);
		res[i] = e | (L4_TAG_LABEL(m.tag) == L4_LABEL_NOTIFY ? 0 : 0x1000) |
			 (m.mr[0] == 1UL << IRQ_BIT ? 0 : 0x2000);
		res[4 + i] = l4_clock();
		rtc_read(RTC_C);                         /* the RTC raises the line again only after C is read */
		if (i == 0) {
			sleep_us(40 * MS);                   /* several periods: the line is masked */
			res[3] = l4_receive(L4_NOTIFYONLY, L4_TIMEOUT_ZERO, &m);
		}
		res[8 + i] = l4_irq_ack(8);
		done = i + 1;
	}
}

KTEST(irq_rtc, "IRQ 8 (RTC periodic) bound to a notification bit: received, masked until l4_irq_ack, received again")
{
	done = 0;
	memset((void *)res, 0, sizeof(res));
	l4_word t = thread_new(root_space, 200, rtc_thread, 0);
	l4_word eb = l4_irq_bind(8, t, IRQ_BIT);
	uint8_t a = rtc_read(RTC_A), b = rtc_read(RTC_B);
	rtc_write(RTC_A, (a & 0xf0) | 0x09);             /* 32768 >> 8 = 128 Hz */
	rtc_read(RTC_C);
	rtc_write(RTC_B, b | RTC_PIE);
	bool ok = wait_for(&done, 3, 2000);
	rtc_write(RTC_B, rtc_read(RTC_B) & ~RTC_PIE);    /* clean up the device, then the binding */
	rtc_read(RTC_C);
	rtc_write(RTC_A, a);
	l4_word eu = l4_irq_bind(8, 0, 0);
	l4_word eack = l4_irq_ack(8);
	l4_thread_destroy(t);
	struct l4_msg m = { 0 };
	l4_receive(L4_NOTIFYONLY, L4_TIMEOUT_ZERO, &m);     /* none may leak into other tests */
	CHECK_EQ(eb, L4_OK);
	CHECK(ok);
	CHECK_EQ(res[0], L4_OK);
	CHECK_EQ(res[3], L4_ETIMEOUT | L4_ERR_RECV);     /* nothing while unacknowledged */
	CHECK_EQ(res[1], L4_OK);
	CHECK_EQ(res[2], L4_OK);
	CHECK_EQ(res[8] | res[9] | res[10], L4_OK);
	CHECK(res[5] > res[4] && res[6] > res[5]);
	CHECK_EQ(eu, L4_OK);
	CHECK_EQ(eack, L4_EINVAL);                        /* unbound now */
}
