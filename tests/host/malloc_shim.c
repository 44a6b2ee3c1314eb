/* The small libc's malloc under other names, beside the host C library. */
#include <stddef.h>
#define malloc our_malloc
#define calloc our_calloc
#define free our_free
#define strtoul our_strtoul
#define atoi our_atoi
#define heap_init our_heap_init
void our_heap_init(void *base, size_t size);
#include "../../lib/libc/src/malloc.c"
