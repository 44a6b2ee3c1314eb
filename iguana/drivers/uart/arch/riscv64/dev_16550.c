/* QEMU virt's 16550 (ns16550a) over MMIO: byte registers where Iguana mapped
 * the board's `uart` (device memory), PLIC source 10. */
#include "../../uart_dev.h"

#define RBR 0                 /* receive / transmit holding; divisor low with DLAB */
#define IER 1
#define IIR 2                 /* read: interrupt identification; write: FIFO control */
#define LCR 3
#define MCR 4
#define LSR 5
#define LSR_DR   0x01
#define LSR_THRE 0x20
#define IER_RX 0x01
#define IER_TX 0x02

static volatile unsigned char *base;

/* Single byte accesses, ordered against each other as device accesses. */
static unsigned char rd(unsigned off)
{
	unsigned char v = base[off];
	__asm__ volatile("fence i, r" ::: "memory");
	return v;
}
static void wr(unsigned off, unsigned char v)
{
	__asm__ volatile("fence w, o" ::: "memory");
	base[off] = v;
}

bool dev_init(unsigned long regs)
{
	if (!regs)
		return false;
	base = (volatile unsigned char *)regs;
	wr(IER, 0);
	wr(LCR, 0x80);                 /* DLAB: the divisor */
	wr(RBR, 2);                    /* 3.6864 MHz / (16 * 115200) */
	wr(IER, 0);
	wr(LCR, 0x03);                 /* 8N1 */
	wr(IIR, 0xc7);                 /* FIFO on, cleared, 14-byte trigger */
	wr(MCR, 0x0b);                 /* DTR, RTS, OUT2 */
	wr(IER, IER_RX);
	return true;
}

bool dev_tx_ready(void) { return rd(LSR) & LSR_THRE; }
void dev_tx(unsigned char c) { wr(RBR, c); }
bool dev_rx_ready(void) { return rd(LSR) & LSR_DR; }
unsigned char dev_rx(void) { return rd(RBR); }
void dev_tx_irq(bool on) { wr(IER, on ? IER_RX | IER_TX : IER_RX); }
void dev_irq_ack(void) { rd(IIR); }
