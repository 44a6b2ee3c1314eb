/* The PC's 16550 at COM1 (port I/O; the domain has `io`), IRQ 4. */
#include "../../uart_dev.h"

#define COM1 0x3f8

static void outb(unsigned short port, unsigned char v) { __asm__ volatile("outb %0, %1" :: "a"(v), "Nd"(port)); }
static unsigned char inb(unsigned short port) { unsigned char v; __asm__ volatile("inb %1, %0" : "=a"(v) : "Nd"(port)); return v; }

bool dev_init(unsigned long regs)
{
	(void)regs;                    /* port I/O */
	outb(COM1 + 1, 0x00);
	outb(COM1 + 3, 0x80);
	outb(COM1 + 0, 0x01);
	outb(COM1 + 1, 0x00);
	outb(COM1 + 3, 0x03);
	outb(COM1 + 2, 0xc7);          /* FIFO on, cleared, 14-byte trigger */
	outb(COM1 + 4, 0x0b);          /* DTR, RTS, OUT2: interrupts reach the PIC */
	outb(COM1 + 1, 0x01);          /* receive interrupts */
	return true;
}

bool dev_tx_ready(void) { return inb(COM1 + 5) & 0x20; }
void dev_tx(unsigned char c) { outb(COM1, c); }
bool dev_rx_ready(void) { return inb(COM1 + 5) & 1; }
unsigned char dev_rx(void) { return inb(COM1); }
void dev_tx_irq(bool on) { outb(COM1 + 1, on ? 0x03 : 0x01); }
void dev_irq_ack(void) { inb(COM1 + 2); }              /* IIR */
