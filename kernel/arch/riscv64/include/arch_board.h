/* What the device tree told the riscv64 boot code (boot.c) about the board. */
#ifndef RISCV64_BOARD_H
#define RISCV64_BOARD_H
#include <types.h>
struct board {
	u64 dtb, dtb_end;
	u64 uart;                 /* ns16550a */
	u64 rtc;                  /* google,goldfish-rtc, 0 if none */
	unsigned uart_irq;        /* its PLIC source (user IRQ line), 0 if the tree gave none */
	u64 plic;
	unsigned plic_ctx;        /* the PLIC context of this hart's S-mode */
	u64 timebase;             /* Hz of the time CSR */
	u64 finisher;             /* sifive,test0: QEMU's exit device, 0 if none */
	u64 initrd_start, initrd_end;
	unsigned nvirtio;         /* virtio-mmio transports, as the tree lists them */
	struct virtio_mmio virtio[32];
};
extern struct board board;
void *memmove(void *d, const void *s, size_t n);
#endif
