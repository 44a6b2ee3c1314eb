/* The console server's device backend: one per architecture's board
 * (iguana/drivers/uart/arch/<arch>/), chosen by the build. The device is
 * the board's "uart" (boot config `device=uart`): its registers port I/O
 * (`io`) or device memory where Iguana mapped them, its interrupt line as
 * the board declared it (ig_startinfo.dev[0]). */
#ifndef UART_DEV_H
#define UART_DEV_H
#include <stdbool.h>
/* 115200 8N1, FIFOs, receive interrupts on. regs: the domain's mapping of
 * the device's registers (ig_startinfo.dev[0].regs), 0 if none; false: the
 * backend has no registers to drive. */
bool dev_init(unsigned long regs);
bool dev_tx_ready(void);                /* room in the transmitter */
void dev_tx(unsigned char c);
bool dev_rx_ready(void);
unsigned char dev_rx(void);
void dev_tx_irq(bool on);               /* transmitter-empty interrupts on or off */
void dev_irq_ack(void);                 /* acknowledge the device's interrupt */
#endif
