/* Formatted output of the small C library; where it goes is settable. */
#ifndef STDIO_H
#define STDIO_H
#include <fmt.h>
int printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int vprintf(const char *fmt, va_list ap);
int puts(const char *s);
void stdio_flush(void);
/* Default: the kernel debug console. */
void stdio_set_output(void (*write)(const char *buf, size_t len));
#endif
