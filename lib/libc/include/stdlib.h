/* Memory allocation and conversions of the small C library. */
#ifndef STDLIB_H
#define STDLIB_H
#include <stddef.h>
void *malloc(size_t n);
void *calloc(size_t n, size_t size);
void free(void *p);
/* The heap malloc carves from; must be called once before malloc. */
void heap_init(void *base, size_t size);
unsigned long strtoul(const char *s, char **end, int base);
int atoi(const char *s);
/* Randomness from the hardware (lib/libc/arch/<arch>/entropy.c). */
unsigned long arch_entropy(void);
#endif
