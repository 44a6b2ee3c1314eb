/* QEMU virt's PL011 (device memory: the domain has `mmio=0x9000000:1`),
 * user IRQ line 1 (SPI 1, INTID 33). */
#include "../../uart_dev.h"
#include <stdint.h>

#define DR    0x00
#define FR    0x18            /* flags */
#define FR_BUSY (1 << 3)
#define FR_RXFE (1 << 4)
#define FR_TXFF (1 << 5)
#define IBRD  0x24
#define FBRD  0x28
#define LCR_H 0x2c
#define LCR_H_FEN   (1 << 4)
#define LCR_H_WLEN8 (3 << 5)
#define CR    0x30
#define CR_EN  (1 << 0)
#define CR_TXE (1 << 8)
#define CR_RXE (1 << 9)
#define IMSC  0x38            /* interrupt mask set/clear: 1 = enabled */
#define ICR   0x44            /* interrupt clear */
#define INT_RX (1 << 4)
#define INT_TX (1 << 5)
#define INT_RT (1 << 6)       /* receive timeout: characters wait below the FIFO level */
#define INT_ALL 0x7ff

static unsigned long base;

/* Single aligned 32-bit accesses, as device memory wants them. */
static uint32_t rd(unsigned off)
{
	uint32_t v;
	__asm__ volatile("ldr %w0, [%1]" : "=r"(v) : "r"(base + off) : "memory");
	return v;
}
static void wr(unsigned off, uint32_t v) { __asm__ volatile("str %w0, [%1]" :: "r"(v), "r"(base + off) : "memory"); }

bool dev_init(unsigned long regs)
{
	if (!regs)
		return false;
	base = regs;
	wr(CR, 0);                     /* off while the format changes */
	for (int i = 0; i < 100000 && (rd(FR) & FR_BUSY); i++)
		;
	wr(IBRD, 13);                  /* 24 MHz / (16 * 115200) = 13.02 */
	wr(FBRD, 1);
	wr(LCR_H, LCR_H_WLEN8 | LCR_H_FEN);
	wr(ICR, INT_ALL);
	wr(IMSC, INT_RX | INT_RT);
	wr(CR, CR_EN | CR_TXE | CR_RXE);
	return true;
}

bool dev_tx_ready(void) { return !(rd(FR) & FR_TXFF); }
void dev_tx(unsigned char c) { wr(DR, c); }
bool dev_rx_ready(void) { return !(rd(FR) & FR_RXFE); }
unsigned char dev_rx(void) { return (unsigned char)rd(DR); }
void dev_tx_irq(bool on) { wr(IMSC, INT_RX | INT_RT | (on ? INT_TX : 0)); }
/* Clear what is latched; the caller then drains the receiver and refills
 * the transmitter, so nothing that arrives after this is missed. */
void dev_irq_ack(void) { wr(ICR, INT_ALL); }
