/* String and memory functions. */
#include <string.h>

/* A word at a time where both ends allow (Iguana clears and copies whole
 * tables on every domain it creates or deletes: byte loops were a tenth of
 * a Linux fork's instructions). gcc must not turn these loops back into
 * calls of themselves. */
#define NOLIBCALL __attribute__((optimize("no-tree-loop-distribute-patterns")))
typedef unsigned long __attribute__((may_alias)) word_t;
#define WORD sizeof(word_t)
#define ALIGNED(x) (((unsigned long)(x) & (WORD - 1)) == 0)

NOLIBCALL void *memset(void *d, int c, size_t n)
{
	unsigned char *p = d;
	while (n && !ALIGNED(p)) {
		*p++ = (unsigned char)c;
		n--;
	}
	unsigned long w = (unsigned char)c * (~0UL / 0xff);
	for (; n >= 4 * WORD; n -= 4 * WORD, p += 4 * WORD) {   /* 4 words a turn: Iguana's tables */
		((word_t *)p)[0] = w;
		((word_t *)p)[1] = w;
		((word_t *)p)[2] = w;
		((word_t *)p)[3] = w;
	}
	for (; n >= WORD; n -= WORD, p += WORD)
		*(word_t *)p = w;
	while (n--)
		*p++ = (unsigned char)c;
	return d;
}

NOLIBCALL void *memcpy(void *d, const void *s, size_t n)
{
	unsigned char *p = d;
	const unsigned char *q = s;
	if (((unsigned long)p & (WORD - 1)) == ((unsigned long)q & (WORD - 1))) {
		while (n && !ALIGNED(p)) {
			*p++ = *q++;
			n--;
		}
		for (; n >= 4 * WORD; n -= 4 * WORD, p += 4 * WORD, q += 4 * WORD) {
			word_t a = ((const word_t *)q)[0], b = ((const word_t *)q)[1];
			word_t e = ((const word_t *)q)[2], f = ((const word_t *)q)[3];
			((word_t *)p)[0] = a;
			((word_t *)p)[1] = b;
			((word_t *)p)[2] = e;
			((word_t *)p)[3] = f;
		}
		for (; n >= WORD; n -= WORD, p += WORD, q += WORD)
			*(word_t *)p = *(const word_t *)q;
	}
	while (n--)
		*p++ = *q++;
	return d;
}

void *memmove(void *d, const void *s, size_t n)
{
	unsigned char *p = d;
	const unsigned char *q = s;
	if (p < q)
		return memcpy(d, s, n);
	while (n--)
		p[n] = q[n];
	return d;
}

int memcmp(const void *a, const void *b, size_t n)
{
	const unsigned char *p = a, *q = b;
	for (; n; n--, p++, q++)
		if (*p != *q)
			return *p - *q;
	return 0;
}

size_t strlen(const char *s)
{
	size_t n = 0;
	while (s[n])
		n++;
	return n;
}

int strcmp(const char *a, const char *b)
{
	while (*a && *a == *b)
		a++, b++;
	return (unsigned char)*a - (unsigned char)*b;
}

int strncmp(const char *a, const char *b, size_t n)
{
	for (; n; n--, a++, b++)
		if (*a != *b || !*a)
			return (unsigned char)*a - (unsigned char)*b;
	return 0;
}

char *strcpy(char *d, const char *s)
{
	char *r = d;
	while ((*d++ = *s++))
		;
	return r;
}

char *strncpy(char *d, const char *s, size_t n)
{
	size_t i = 0;
	for (; i < n && s[i]; i++)
		d[i] = s[i];
	for (; i < n; i++)
		d[i] = 0;
	return d;
}

char *strchr(const char *s, int c)
{
	for (; *s; s++)
		if (*s == (char)c)
			return (char *)s;
	return c ? NULL : (char *)s;
}

char *strstr(const char *h, const char *n)
{
	size_t len = strlen(n);
	for (; *h; h++)
		if (!strncmp(h, n, len))
			return (char *)h;
	return len ? NULL : (char *)h;
}
