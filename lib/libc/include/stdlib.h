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
/* Randomness for unguessable tokens (lib/libc/arch/<arch>/entropy.c): the
 * CPU's generator where it has one (x86_64 RDRAND), else a keyed generator
 * over seed words: the boot info's for the root task, the start info's for
 * an Iguana domain, fed in by arch_entropy_seed() before the first use. */
unsigned long arch_entropy(void);
void arch_entropy_seed(const unsigned long *w, int n);
/* 1 if the generator has a hardware source (a random instruction, or a
 * seed word that was not 0), 0 if its outputs follow only the timing. */
int arch_entropy_seeded(void);
#endif
