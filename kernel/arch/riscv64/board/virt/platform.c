/* QEMU virt devices: the 16550 debug console, the PLIC, the SBI timer as
 * the tickless one-shot, SBI system reset (and the test finisher's exit
 * code) for power-off. */
#include <kernel.h>
#include <arch.h>
#include <arch_board.h>

#define UART_THR 0
#define UART_LSR 5
#define LSR_THRE 0x20

#define PLIC_PRIORITY(n)  (4 * (n))
#define PLIC_ENABLE(c)    (0x2000 + 0x80 * (c))
#define PLIC_THRESHOLD(c) (0x200000 + 0x1000 * (c))
#define PLIC_CLAIM(c)     (0x200004 + 0x1000 * (c))

#define SBI_TIME 0x54494d45
#define SBI_SRST 0x53525354

static u64 uart_va, plic;
static u64 freq = 10000000, t0, ns_mult;     /* ns = (ticks * ns_mult) >> 32 */

static u64 dev(u64 pa) { return (u64)phys_to_virt(pa); }

struct sbiret { long error, value; };

static struct sbiret sbi_call(u64 eid, u64 fid, u64 a0, u64 a1)
{
	register u64 r0 __asm__("a0") = a0;
	register u64 r1 __asm__("a1") = a1;
	register u64 r6 __asm__("a6") = fid;
	register u64 r7 __asm__("a7") = eid;
	__asm__ volatile("ecall" : "+r"(r0), "+r"(r1) : "r"(r6), "r"(r7) : "memory");
	return (struct sbiret){ (long)r0, (long)r1 };
}

void arch_debug_putc(char c)
{
	if (!uart_va)
		uart_va = dev(board.uart ? board.uart : 0x10000000);
	if (c == '\n')
		arch_debug_putc('\r');
	for (int i = 0; i < 1000000 && !(mmio_read8(uart_va + UART_LSR) & LSR_THRE); i++)
		;
	mmio_write8(uart_va + UART_THR, (u8)c);
}

/* --- the PLIC: every line at priority 1, off until bound; threshold 0. */
static void plic_init(void)
{
	plic = dev(board.plic);
	for (unsigned n = 1; n < 32; n++) {
		mmio_write32(plic + PLIC_PRIORITY(n), n < ARCH_NR_IRQS ? 1 : 0);
	}
	mmio_write32(plic + PLIC_ENABLE(board.plic_ctx), 0);
	mmio_write32(plic + PLIC_THRESHOLD(board.plic_ctx), 0);
	csr_set(sie, SIE_SEIE);
}

static void plic_enable(unsigned n, bool on)
{
	u64 a = plic + PLIC_ENABLE(board.plic_ctx) + 4 * (n / 32);
	u32 v = mmio_read32(a);
	mmio_write32(a, on ? v | (1u << (n % 32)) : v & ~(1u << (n % 32)));
	/* QEMU's PLIC does not re-evaluate its output when an enable bit
	 * changes (a source pending while disabled would wait for the next
	 * device event); a threshold write does. */
	mmio_write32(plic + PLIC_THRESHOLD(board.plic_ctx), 0);
}

void arch_irq_mask(unsigned irq) { plic_enable(irq, false); }
void arch_irq_unmask(unsigned irq) { plic_enable(irq, true); }

bool arch_irq_bindable(uint64_t irq) { return irq != 0 && irq < ARCH_NR_IRQS; }

/* The devices user-mode drivers may have, as the device tree placed them
 * (mapped only with L4_DEVICE): the 16550 (its page and PLIC source: line
 * 10 on QEMU's virt), for the console server; and the virtio-mmio
 * transports that hold a device (a page each, sources 1..8), by address,
 * as "virtio0", "virtio1"... (the block driver: device=virtio0). Not the
 * PLIC: the kernel's. */
int arch_devices(struct boot_dev *d, int max)
{
	int n = 0;
	if (board.uart && n < max) {
		u64 page = board.uart & ~(PAGE_SIZE - 1);
		d[n++] = (struct boot_dev){ page, page + PAGE_SIZE, board.uart_irq ? board.uart_irq : L4_BI_NOIRQ, "uart" };
	}
	return virtio_mmio_devices(d, n, max, board.virtio, board.nvirtio, 0x1000, ARCH_NR_IRQS);
}

/* --- time: the `time` CSR is the clock, the SBI timer the one-shot. */
static u64 ticks(void) { u64 v; __asm__ volatile("rdtime %0" : "=r"(v)); return v; }
static u64 ticks_to_ns(u64 t) { return (u64)(((unsigned __int128)t * ns_mult) >> 32); }

uint64_t arch_clock_ns(void) { return ticks_to_ns(ticks() - t0); }
uint64_t arch_clock_khz(void) { return freq / 1000; }
uint64_t arch_clock_base(void) { return t0; }
uint64_t arch_clock_mult(void) { return ns_mult; }
/* The Goldfish RTC: ns since 1970, TIME_LOW first (it latches TIME_HIGH). */
uint64_t arch_rtc_ns(void)
{
	if (!board.rtc)
		return 0;
	u64 lo = mmio_read32(dev(board.rtc)), hi = mmio_read32(dev(board.rtc) + 4);
	return hi << 32 | lo;
}

uint64_t arch_timer_program(uint64_t deadline)
{
	u64 now = arch_clock_ns();
	if (deadline < now + ARCH_TIMER_MIN_NS)
		deadline = now + ARCH_TIMER_MIN_NS;
	/* The first tick at or after the deadline: never early. */
	u64 t = (u64)(((unsigned __int128)deadline * freq + 999999999ULL) / 1000000000ULL);
	while (ticks_to_ns(t) < deadline)
		t++;
	sbi_call(SBI_TIME, 0, t0 + t, 0);          /* clears a pending timer interrupt */
	csr_set(sie, SIE_STIE);
	return ticks_to_ns(t);
}

static void timer_init(void)
{
	if (board.timebase)
		freq = board.timebase;
	ns_mult = (u64)(((unsigned __int128)1000000000ULL << 32) / freq);
	t0 = ticks();
	csr_clear(sie, SIE_STIE);                  /* masked until programmed */
}

/* An interrupt, from user mode or the kernel's idle/zeroing windows. */
void platform_irq(struct frame *f, u64 cause)
{
	if (cause == IRQ_S_TIMER) {
		csr_clear(sie, SIE_STIE);              /* it fires once per programming */
		trap_timer();
		trap_exit(f, true);
		return;
	}
	if (cause == IRQ_S_EXT) {
		/* Complete while the source is still enabled (the PLIC ignores a
		 * completion for a disabled one), then mask it. */
		u32 id = mmio_read32(plic + PLIC_CLAIM(board.plic_ctx));
		if (id)
			mmio_write32(plic + PLIC_CLAIM(board.plic_ctx), id);
		if (id && id < ARCH_NR_IRQS)
			trap_device(id);                   /* masks the line until acknowledged */
		else if (id)
			plic_enable(id, false);            /* nobody's */
	}
	trap_exit(f, false);
}

void arch_platform_init(void)
{
	plic_init();
	timer_init();
}

void arch_idle(void)
{
	__asm__ volatile("csrsi sstatus, 2; wfi; csrci sstatus, 2" ::: "memory");
}

void arch_halt_forever(void)
{
	for (;;)
		__asm__ volatile("csrci sstatus, 2; wfi");
}

/* A non-zero code goes to the board's test finisher (sifive,test0: QEMU
 * exits with it); then SBI system reset, shutdown ("system failure" for a
 * non-zero code: without the finisher QEMU exits 0, the runner reads the
 * printed code). */
void arch_poweroff(uint64_t code)
{
	if (code) {
		printk("[kernel] exit code %lu\n", code);
		if (board.finisher)
			mmio_write32(dev(board.finisher), (u32)((code & 0xffff) << 16) | 0x3333);
	}
	sbi_call(SBI_SRST, 0, 0, code ? 1 : 0);
	sbi_call(8, 0, 0, 0);                      /* legacy shutdown */
	arch_halt_forever();
}
