/* Formatted output core shared by the kernel's printk and the user libc. */
#ifndef FMT_H
#define FMT_H
#include <stdarg.h>
#include <stddef.h>

typedef void (*fmt_out)(char c, void *arg);
/* Formats like printf (%d %i %u %x %X %p %s %c %%, flags 0 and -, width,
 * length l ll z); returns the number of characters produced. */
int vformat(fmt_out out, void *arg, const char *fmt, va_list ap);
int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);
int snprintf(char *buf, size_t size, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
#endif
