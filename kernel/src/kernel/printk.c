/* printk and panic on the kernel debug console. */
#include <kernel.h>
#include <arch.h>
#include <fmt.h>

static void console_out(char c, void *arg)
{
	(void)arg;
	arch_debug_putc(c);
}

void printk(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vformat(console_out, NULL, fmt, ap);
	va_end(ap);
}

void panic(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	printk("\nKERNEL PANIC: ");
	vformat(console_out, NULL, fmt, ap);
	printk("\n");
	va_end(ap);
	arch_poweroff(3);
}
