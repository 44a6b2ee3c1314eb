// SPDX-License-Identifier: GPL-2.0
/* Wombat riscv64 UML: busy-wait delays, loops_per_jiffy calibrated (lpj=). */
#include <linux/export.h>
#include <linux/kernel.h>
#include <linux/delay.h>
#include <asm/param.h>

void __delay(unsigned long loops)
{
	asm volatile("1:	addi %0, %0, -1\n"
		     "	bnez %0, 1b\n" : "+r"(loops));
}
EXPORT_SYMBOL(__delay);

void __const_udelay(unsigned long xloops)
{
	/* xloops is 2^32 * microseconds / 10^6 */
	__delay(((xloops >> 10) * (loops_per_jiffy * HZ) >> 22) + 1);
}
EXPORT_SYMBOL(__const_udelay);

void __udelay(unsigned long usecs)
{
	__const_udelay(usecs * 0x10c7UL);      /* 2^32 / 10^6, rounded up */
}
EXPORT_SYMBOL(__udelay);

void __ndelay(unsigned long nsecs)
{
	__const_udelay(nsecs * 5UL);           /* 2^32 / 10^9, rounded up */
}
EXPORT_SYMBOL(__ndelay);
