/* The console server's device backend: one per architecture's board
 * (iguana/drivers/uart/arch/<arch>/), chosen by the build. The interrupt
 * line is the backend's; the registers are where the boot config put them:
 * port I/O (`io`) or device memory (`mmio=PA:PAGES`, its first range). */
#ifndef UART_DEV_H
#define UART_DEV_H
#include <stdbool.h>
extern const unsigned dev_irq;          /* the device's interrupt line */
/* 115200 8N1, FIFOs, receive interrupts on. regs: the domain's mapping of
 * its first mmio= range (ig_startinfo.mmio[0]), 0 if none; false: the
 * backend has no registers to drive. */
bool dev_init(unsigned long regs);
bool dev_tx_ready(void);                /* room in the transmitter */
void dev_tx(unsigned char c);
bool dev_rx_ready(void);
unsigned char dev_rx(void);
void dev_tx_irq(bool on);               /* transmitter-empty interrupts on or off */
void dev_irq_ack(void);                 /* acknowledge the device's interrupt */
#endif
