/* QEMU virt devices: PL011 debug console, GICv2, the generic timer's
 * virtual one-shot (CNTV), PSCI SYSTEM_OFF and semihosting exit. */
#include <kernel.h>
#include <arch.h>
#include <arch_board.h>

#define UART_DR   0x00
#define UART_FR   0x18
#define UART_FR_TXFF (1 << 5)

#define GICD_CTLR       0x000
#define GICD_TYPER      0x004
#define GICD_ISENABLER  0x100
#define GICD_ICENABLER  0x180
#define GICD_ICPENDR    0x280
#define GICD_IPRIORITYR 0x400
#define GICD_ITARGETSR  0x800
#define GICD_ICFGR      0xc00
#define GICC_CTLR       0x000
#define GICC_PMR        0x004
#define GICC_BPR        0x008
#define GICC_IAR        0x00c
#define GICC_EOIR       0x010
#define SPI_BASE        32

static u64 uart_va, gicd, gicc;
static u64 cnt_freq = 62500000, cnt0, ns_mult;     /* ns = (ticks * ns_mult) >> 32 */
static bool powering_off;

static u64 dev(u64 pa) { return (u64)phys_to_virt(pa); }

void arch_debug_putc(char c)
{
	if (!uart_va)
		uart_va = dev(board.uart ? board.uart : 0x09000000);
	if (c == '\n')
		arch_debug_putc('\r');
	for (int i = 0; i < 1000000 && (mmio_read32(uart_va + UART_FR) & UART_FR_TXFF); i++)
		;
	mmio_write32(uart_va + UART_DR, (u8)c);
}

static void gic_init(void)
{
	gicd = dev(board.gicd);
	gicc = dev(board.gicc);
	mmio_write32(gicd + GICD_CTLR, 0);
	unsigned lines = 32 * ((mmio_read32(gicd + GICD_TYPER) & 0x1f) + 1);
	for (unsigned i = 0; i < lines; i += 32) {
		mmio_write32(gicd + GICD_ICENABLER + i / 8, ~0u);
		mmio_write32(gicd + GICD_ICPENDR + i / 8, ~0u);
	}
	for (unsigned i = 0; i < lines; i += 4)
		mmio_write32(gicd + GICD_IPRIORITYR + i, 0xa0a0a0a0);
	for (unsigned i = SPI_BASE; i < lines; i += 4)
		mmio_write32(gicd + GICD_ITARGETSR + i, 0x01010101);
	for (unsigned i = SPI_BASE; i < lines; i += 16)
		mmio_write32(gicd + GICD_ICFGR + i / 4, 0);           /* level-sensitive */
	mmio_write32(gicd + GICD_CTLR, 1);
	mmio_write32(gicc + GICC_PMR, 0xf0);
	mmio_write32(gicc + GICC_BPR, 0);
	mmio_write32(gicc + GICC_CTLR, 1);
	mmio_write32(gicd + GICD_ISENABLER + (board.timer_intid / 32) * 4, 1u << (board.timer_intid % 32));
}

void arch_irq_mask(unsigned irq)
{
	unsigned id = SPI_BASE + irq;
	mmio_write32(gicd + GICD_ICENABLER + (id / 32) * 4, 1u << (id % 32));
}

void arch_irq_unmask(unsigned irq)
{
	unsigned id = SPI_BASE + irq;
	mmio_write32(gicd + GICD_ISENABLER + (id / 32) * 4, 1u << (id % 32));
}

bool arch_irq_bindable(uint64_t irq) { return irq != 0 && irq < ARCH_NR_IRQS; }

/* The devices user-mode drivers may have, as the device tree placed them
 * (mapped only with L4_DEVICE): the PL011 (its page and SPI; line 1, INTID
 * 33 on QEMU's virt), for the console server; and the virtio-mmio
 * transports that hold a device, by address, as "virtio0", "virtio1"...
 * (the block driver: device=virtio0). A transport is 0x200 bytes: its
 * driver's page holds its neighbours too (QEMU packs eight in a page).
 * Not the GIC: the kernel's. */
int arch_devices(struct boot_dev *d, int max)
{
	int n = 0;
	if (board.uart && n < max) {
		u64 page = board.uart & ~(PAGE_SIZE - 1);
		d[n++] = (struct boot_dev){ page, page + PAGE_SIZE, board.uart_irq ? board.uart_irq : L4_BI_NOIRQ, "uart" };
	}
	return virtio_mmio_devices(d, n, max, board.virtio, board.nvirtio, 0x200, ARCH_NR_IRQS);
}

/* --- the generic timer: CNTVCT_EL0 is the clock, CNTV the one-shot. */
static u64 ticks(void) { isb(); return read_sysreg(cntvct_el0); }
static u64 ticks_to_ns(u64 t) { return (u64)(((unsigned __int128)t * ns_mult) >> 32); }

uint64_t arch_clock_ns(void) { return ticks_to_ns(ticks() - cnt0); }
uint64_t arch_clock_khz(void) { return cnt_freq / 1000; }
uint64_t arch_clock_base(void) { return cnt0; }
uint64_t arch_clock_mult(void) { return ns_mult; }
/* The PL031's data register: seconds since 1970 (QEMU: the host's time at start). */
uint64_t arch_rtc_ns(void) { return board.rtc ? mmio_read32(dev(board.rtc)) * 1000000000ULL : 0; }

uint64_t arch_timer_program(uint64_t deadline)
{
	u64 now = arch_clock_ns();
	if (deadline < now + ARCH_TIMER_MIN_NS)
		deadline = now + ARCH_TIMER_MIN_NS;
	/* The first tick at or after the deadline: never early. */
	u64 t = (u64)(((unsigned __int128)deadline * cnt_freq + 999999999ULL) / 1000000000ULL);
	while (ticks_to_ns(t) < deadline)
		t++;
	write_sysreg(cntv_cval_el0, cnt0 + t);
	write_sysreg(cntv_ctl_el0, 1);             /* enabled, not masked */
	isb();
	return ticks_to_ns(t);
}

static void timer_init(void)
{
	cnt_freq = read_sysreg(cntfrq_el0);
	if (!cnt_freq)
		cnt_freq = 62500000;
	ns_mult = (u64)(((unsigned __int128)1000000000ULL << 32) / cnt_freq);
	cnt0 = ticks();
	write_sysreg(cntv_ctl_el0, 2);             /* masked until programmed */
	isb();
}

/* An interrupt, from user mode or the kernel's idle/zeroing windows. */
void platform_irq(struct frame *f)
{
	u32 iar = mmio_read32(gicc + GICC_IAR);
	unsigned id = iar & 0x3ff;
	if (id >= 1020)
		return;                               /* spurious */
	if (id == board.timer_intid) {
		write_sysreg(cntv_ctl_el0, 3);         /* masked: it fires once per programming */
		isb();
		mmio_write32(gicc + GICC_EOIR, iar);
		trap_timer();
		trap_exit(f, true);
		return;
	}
	if (id >= SPI_BASE && id < SPI_BASE + ARCH_NR_IRQS)
		trap_device(id - SPI_BASE);           /* masks the line until acknowledged */
	else if (id >= SPI_BASE)
		mmio_write32(gicd + GICD_ICENABLER + (id / 32) * 4, 1u << (id % 32));   /* nobody's */
	mmio_write32(gicc + GICC_EOIR, iar);
	trap_exit(f, false);
}

void arch_platform_init(void)
{
	gic_init();
	timer_init();
}

void arch_idle(void)
{
	__asm__ volatile("msr daifclr, #2; wfi; msr daifset, #2" ::: "memory");
}

void arch_halt_forever(void)
{
	for (;;)
		__asm__ volatile("msr daifset, #0xf; wfi");
}

/* --- power off. Code 0: PSCI SYSTEM_OFF (QEMU exits 0). Otherwise
 * semihosting SYS_EXIT with the code (QEMU needs -semihosting); when that
 * is not enabled the `hlt` traps and poweroff_fallback() ends with PSCI
 * after printing a marker the runner checks. */
static void psci_off(void)
{
	register u64 x0 __asm__("x0") = 0x84000008;
	if (board.psci_smc)
		__asm__ volatile("smc #0" : "+r"(x0) :: "memory");
	else
		__asm__ volatile("hvc #0" : "+r"(x0) :: "memory");
}

bool poweroff_in_progress(void) { return powering_off; }

void poweroff_fallback(void)
{
	psci_off();
	arch_halt_forever();
}

void arch_poweroff(uint64_t code)
{
	if (code) {
		printk("[kernel] exit code %lu\n", code);
		powering_off = true;
		static u64 block[2];
		block[0] = 0x20026;                    /* ADP_Stopped_ApplicationExit */
		block[1] = code;
		register u64 x0 __asm__("x0") = 0x20;  /* SYS_EXIT_EXTENDED */
		register u64 x1 __asm__("x1") = (u64)block;
		__asm__ volatile("hlt #0xf000" : "+r"(x0) : "r"(x1) : "memory");
	}
	psci_off();
	arch_halt_forever();
}
