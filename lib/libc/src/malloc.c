/* malloc: first fit over a free list with boundary sizes, coalescing on free. */
#include <stdlib.h>
#include <string.h>
#include <stdint.h>

struct block { size_t size; struct block *next; };   /* size includes the header */
static struct block *free_list;
#define HDR sizeof(struct block)

void heap_init(void *base, size_t size)
{
	struct block *b = (struct block *)(((uintptr_t)base + 15) & ~(uintptr_t)15);
	b->size = (size - ((uintptr_t)b - (uintptr_t)base)) & ~(size_t)15;
	b->next = NULL;
	free_list = b;
}

void *malloc(size_t n)
{
	if (!n || n > ((size_t)1 << 40))
		return NULL;
	size_t need = (n + HDR + 15) & ~(size_t)15;
	for (struct block **pp = &free_list; *pp; pp = &(*pp)->next) {
		struct block *b = *pp;
		if (b->size < need)
			continue;
		if (b->size - need >= HDR + 16) {
			struct block *rest = (struct block *)((char *)b + need);
			rest->size = b->size - need;
			rest->next = b->next;
			*pp = rest;
			b->size = need;
		} else {
			*pp = b->next;
		}
		return b + 1;
	}
	return NULL;
}

void *calloc(size_t n, size_t size)
{
	if (size && n > (size_t)-1 / size)
		return NULL;
	void *p = malloc(n * size);
	if (p)
		memset(p, 0, n * size);
	return p;
}

/* Insert in address order and merge with neighbours. */
void free(void *p)
{
	if (!p)
		return;
	struct block *b = (struct block *)p - 1, **pp = &free_list;
	while (*pp && *pp < b)
		pp = &(*pp)->next;
	b->next = *pp;
	*pp = b;
	if (b->next && (char *)b + b->size == (char *)b->next) {
		b->size += b->next->size;
		b->next = b->next->next;
	}
	struct block *prev = free_list;
	if (prev != b) {
		while (prev->next != b)
			prev = prev->next;
		if ((char *)prev + prev->size == (char *)b) {
			prev->size += b->size;
			prev->next = b->next;
		}
	}
}

unsigned long strtoul(const char *s, char **end, int base)
{
	unsigned long v = 0;
	while (*s == ' ')
		s++;
	if ((base == 0 || base == 16) && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		s += 2;
		base = 16;
	}
	if (!base)
		base = 10;
	for (;; s++) {
		int d = (*s >= '0' && *s <= '9') ? *s - '0' :
			(*s >= 'a' && *s <= 'f') ? *s - 'a' + 10 :
			(*s >= 'A' && *s <= 'F') ? *s - 'A' + 10 : 99;
		if (d >= base)
			break;
		v = v * base + d;
	}
	if (end)
		*end = (char *)s;
	return v;
}

int atoi(const char *s)
{
	int neg = *s == '-';
	return neg ? -(int)strtoul(s + 1, NULL, 10) : (int)strtoul(s, NULL, 10);
}
