/* The PC board: COM1 debug console, 8259 PICs, 8254 PIT one-shot timer, TSC clock, ACPI/isa-debug-exit power-off. */
#include <kernel.h>
#include <arch.h>
#include <arch_cpu.h>

#define COM1 0x3f8
#define PIT_HZ 1193182ULL

static u64 tsc_khz = 1000000, tsc0;
static u64 ns_mult;       /* ns = (tsc delta * ns_mult) >> 32 */
static u16 pic_mask = 0xffff;

static void serial_init(void)
{
	outb(COM1 + 1, 0x00);
	outb(COM1 + 3, 0x80);
	outb(COM1 + 0, 0x01);     /* 115200 baud */
	outb(COM1 + 1, 0x00);
	outb(COM1 + 3, 0x03);     /* 8N1 */
	outb(COM1 + 2, 0xc7);
	outb(COM1 + 4, 0x03);
}

void arch_debug_putc(char c)
{
	if (c == '\n')
		arch_debug_putc('\r');
	for (int i = 0; i < 100000 && !(inb(COM1 + 5) & 0x20); i++)
		;
	outb(COM1, (u8)c);
}

static void pic_write_mask(void)
{
	outb(0x21, (u8)pic_mask);
	outb(0xa1, (u8)(pic_mask >> 8));
}

static void pic_init(void)
{
	outb(0x20, 0x11); outb(0xa0, 0x11);     /* init, expect ICW4 */
	outb(0x21, VEC_IRQ0); outb(0xa1, VEC_IRQ0 + 8);
	outb(0x21, 4); outb(0xa1, 2);           /* cascade on IRQ2 */
	outb(0x21, 1); outb(0xa1, 1);           /* 8086 mode */
	pic_mask = 0xffff & ~(1 << 0) & ~(1 << 2);
	pic_write_mask();
}

/* One byte written: the controller (master or slave) the line is on. */
void arch_irq_mask(unsigned irq)
{
	pic_mask |= 1 << irq;
	outb(irq < 8 ? 0x21 : 0xa1, (u8)(pic_mask >> (irq < 8 ? 0 : 8)));
}

void arch_irq_unmask(unsigned irq)
{
	pic_mask &= ~(1 << irq);
	outb(irq < 8 ? 0x21 : 0xa1, (u8)(pic_mask >> (irq < 8 ? 0 : 8)));
}

/* IRQ 0 is the kernel's PIT, IRQ 2 the cascade. */
bool arch_irq_bindable(uint64_t irq) { return irq != 0 && irq != 2 && irq < ARCH_NR_IRQS; }

/* The PC's device for user-mode drivers: COM1, port I/O (boot-config `io`,
 * no MMIO), IRQ 4. */
int arch_devices(struct boot_dev *d, int max)
{
	if (max < 1)
		return 0;
	d[0] = (struct boot_dev){ 0, 0, 4, "uart" };
	return 1;
}

void arch_irq_eoi(unsigned irq)
{
	if (irq >= 8)
		outb(0xa0, 0x20);
	outb(0x20, 0x20);
}

/* Count TSC ticks across 10 ms of PIT channel 2. */
static void tsc_calibrate(void)
{
	u64 count = PIT_HZ / 100;
	outb(0x61, (inb(0x61) & ~0x02) | 0x01);   /* gate on, speaker off */
	outb(0x43, 0xb0);                          /* ch2, lo/hi, mode 0 */
	outb(0x42, (u8)count);
	outb(0x42, (u8)(count >> 8));
	u64 t0 = rdtsc();
	while (!(inb(0x61) & 0x20))
		;
	u64 t1 = rdtsc();
	tsc_khz = (t1 - t0) / 10;
	if (tsc_khz == 0)
		tsc_khz = 1;
	ns_mult = (1000000ULL << 32) / tsc_khz;
	tsc0 = rdtsc();
}

uint64_t arch_clock_ns(void)
{
	return (u64)(((unsigned __int128)(rdtsc() - tsc0) * ns_mult) >> 32);
}

uint64_t arch_clock_khz(void) { return tsc_khz; }
uint64_t arch_clock_base(void) { return tsc0; }
uint64_t arch_clock_mult(void) { return ns_mult; }

uint64_t arch_timer_program(uint64_t deadline)
{
	u64 now = arch_clock_ns();
	u64 delta = deadline > now ? deadline - now : 0;
	u64 count = (delta * PIT_HZ + 999999999ULL) / 1000000000ULL;   /* never early */
	if (count < 2)
		count = 2;
	if (count > 0xffff)
		count = 0xffff;
	outb(0x43, 0x30);                          /* ch0, lo/hi, mode 0: one shot */
	outb(0x40, (u8)count);
	outb(0x40, (u8)(count >> 8));
	return now + (count * 1000000000ULL + PIT_HZ - 1) / PIT_HZ;
}

void arch_platform_init(void)
{
	serial_init();
	pic_init();
	tsc_calibrate();
}

void arch_idle(void)
{
	__asm__ volatile("sti; hlt; cli" ::: "memory");
}

void arch_halt_forever(void)
{
	for (;;)
		__asm__ volatile("cli; hlt");
}

/* --- the PC's CMOS real-time clock (ports 0x70/0x71), read once at boot. */
static u8 cmos(u8 reg) { outb(0x70, reg); return inb(0x71); }

/* Days from 1970-01-01 to year-month-day (proleptic Gregorian). */
static u64 days_from_civil(u64 y, u64 m, u64 d)
{
	y -= m <= 2;
	u64 era = y / 400, yoe = y - era * 400;
	u64 doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	u64 doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

uint64_t arch_rtc_ns(void)
{
	u8 t[7], again[7];
	for (int tries = 0; tries < 10; tries++) {
		for (int i = 0; i < 100000 && (cmos(0x0a) & 0x80); i++)   /* update in progress */
			;
		for (int k = 0; k < 2; k++) {
			u8 *v = k ? again : t;
			v[0] = cmos(0x00); v[1] = cmos(0x02); v[2] = cmos(0x04); v[3] = cmos(0x07);
			v[4] = cmos(0x08); v[5] = cmos(0x09); v[6] = cmos(0x32);      /* s m h day mon year century */
		}
		bool same = true;
		for (int i = 0; i < 7; i++)
			same &= t[i] == again[i];
		if (same)
			break;
	}
	u8 b = cmos(0x0b);
	bool pm = !(b & 2) && (t[2] & 0x80);        /* 12-hour mode: bit 7 of the hour */
	t[2] &= 0x7f;
	if (!(b & 4))                               /* BCD */
		for (int i = 0; i < 7; i++)
			t[i] = (u8)((t[i] >> 4) * 10 + (t[i] & 15));
	if (!(b & 2))
		t[2] = (u8)(t[2] % 12 + (pm ? 12 : 0));
	u64 year = (t[6] >= 19 && t[6] <= 21 ? t[6] : 20) * 100ULL + t[5];
	if (t[4] < 1 || t[4] > 12 || t[3] < 1 || t[3] > 31 || t[2] > 23 || t[1] > 59 || t[0] > 59)
		return 0;                               /* no sensible clock */
	u64 s = days_from_civil(year, t[4], t[3]) * 86400 + t[2] * 3600ULL + t[1] * 60ULL + t[0];
	return s * 1000000000ULL;
}

/* Code 0 powers off through ACPI (QEMU exits 0); otherwise isa-debug-exit
 * makes QEMU exit with (code << 1) | 1. */
void arch_poweroff(uint64_t code)
{
	if (!code) {
		/* QEMU acts on these between instructions only later: give it time. */
		outw(0x604, 0x2000);
		for (volatile int i = 0; i < 2000000; i++)
			__asm__ volatile("pause");
		outw(0xb004, 0x2000);
		for (volatile int i = 0; i < 2000000; i++)
			__asm__ volatile("pause");
	}
	outb(0xf4, (u8)code);
	arch_halt_forever();
}
