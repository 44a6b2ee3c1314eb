/* What the device tree told the aarch64 boot code (boot.c) about the board. */
#ifndef AARCH64_BOARD_H
#define AARCH64_BOARD_H
#include <types.h>
struct board {
	u64 dtb, dtb_end;
	u64 uart;                 /* PL011 */
	u64 rtc;                  /* PL031 real-time clock, 0 if none */
	unsigned uart_irq;        /* its SPI (user IRQ line), 0 if the tree gave none */
	u64 gicd, gicc;           /* GICv2 distributor and CPU interface */
	unsigned timer_intid;     /* the virtual timer's PPI as an INTID */
	bool psci_smc;            /* PSCI conduit: smc, else hvc */
	u64 initrd_start, initrd_end;
	unsigned nvirtio;         /* virtio-mmio transports, as the tree lists them */
	struct virtio_mmio virtio[32];
};
extern struct board board;
void *memmove(void *d, const void *s, size_t n);
#endif
