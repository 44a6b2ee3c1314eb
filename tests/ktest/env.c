/* Test environment: root memory, spaces and threads whose faults a root pager serves. */
#include "ktest.h"
#include <stdlib.h>

struct l4_bootinfo *bootinfo;
l4_word root_tid, root_space, pager_tid, exh_tid;
int (*pager_hook)(struct l4_msg *m, l4_word *mr);
int (*exc_hook)(l4_word from, l4_word *mr, l4_word *reply_words);
volatile l4_word last_fault_addr, last_fault_tid, unhandled_faults;
l4_word heap_pages;

#define HEAP_BASE 0x20000000UL
static l4_word heap_next = HEAP_BASE, phys_next, phys_end;
static unsigned utcb_slots[4096];     /* by space slot (the id's low 12 bits) */
extern char _end[];

l4_word mytid(void) { return l4_utcb()->tid; }

/* The heap is mapped once, up front (HEAP_PAGES): taking pages later creates no
 * page tables and no mapping nodes, so the leak check can compare exactly. */
#define HEAP_PAGES 4096
static l4_word heap_mapped = HEAP_BASE;

void *page_alloc(unsigned n)
{
	l4_word va = heap_next;
	if (va + n * 4096UL > heap_mapped) {
		l4_word more = n > 256 ? n : 256;
		if (phys_next + more * 4096UL > phys_end ||
		    l4_map_phys(root_space, heap_mapped, phys_next, more, L4_R | L4_W | L4_X) != L4_OK) {
			printf("ktest: out of memory for the heap\n");
			return NULL;
		}
		phys_next += more * 4096UL;
		heap_mapped += more * 4096UL;
		heap_pages += more;
	}
	heap_next += n * 4096UL;
	memset((void *)va, 0, n * 4096UL);
	return (void *)va;
}

void sleep_us(l4_word us)
{
	struct l4_msg m = { 0 };
	l4_ipc(L4_NILTHREAD, mytid(), L4_TIMEOUTS(0, us), &m);
}

bool wait_for(volatile int *flag, int value, l4_word ms)
{
	for (l4_word i = 0; i < ms; i++) {
		if (*flag == value)
			return true;
		sleep_us(1000);
	}
	return *flag == value;
}

/* Root memory that the pager may lend to children at the same address. */
static bool root_owns(l4_word a)
{
	return (a >= 0x400000 && a < (l4_word)_end) || (a >= HEAP_BASE && a < heap_next);
}

static void pager_loop(l4_word arg)
{
	(void)arg;
	struct l4_msg m = { 0 };
	l4_word *mr = l4_utcb()->mr;
	l4_receive(L4_ANYTHREAD, L4_TIMEOUT_NEVER, &m);
	for (;;) {
		l4_word to = m.from;
		if (L4_TAG_LABEL(m.tag) != L4_LABEL_PAGEFAULT) {
			printf("pager: unexpected message label %lx from %lx\n", L4_TAG_LABEL(m.tag), to);
			l4_receive(L4_ANYTHREAD, L4_TIMEOUT_NEVER, &m);
			continue;
		}
		l4_word addr = m.mr[0] & ~0xfffUL;
		last_fault_addr = m.mr[0];
		last_fault_tid = to;
		int reply = 0;
		if (pager_hook) {
			reply = pager_hook(&m, mr);
		} else if (root_owns(addr)) {
			m.tag = L4_TAG(0, 0, 1);
			m.mr[0] = L4_MAPITEM0(addr, 0, L4_RWX);
			m.mr[1] = addr;
			reply = 1;
		}
		if (!reply) {
			unhandled_faults++;
			l4_receive(L4_ANYTHREAD, L4_TIMEOUT_NEVER, &m);
			continue;
		}
		l4_reply_wait(to, &m);
	}
}

static void exh_loop(l4_word arg)
{
	(void)arg;
	struct l4_msg m = { 0 };
	l4_word *mr = l4_utcb()->mr, words[L4_EXC_WORDS];
	l4_receive(L4_ANYTHREAD, L4_TIMEOUT_NEVER, &m);
	for (;;) {
		l4_word to = m.from;
		int reply = 0;
		mr[0] = m.mr[0]; mr[1] = m.mr[1]; mr[2] = m.mr[2]; mr[3] = m.mr[3];
		if (L4_TAG_LABEL(m.tag) == L4_LABEL_EXCEPTION && exc_hook) {
			for (int i = 0; i < L4_EXC_WORDS; i++)
				words[i] = mr[i];
			reply = exc_hook(to, mr, words);
		}
		if (!reply) {
			unhandled_faults++;
			l4_receive(L4_ANYTHREAD, L4_TIMEOUT_NEVER, &m);
			continue;
		}
		for (int i = 0; i < L4_FR_WORDS; i++)
			mr[i] = words[i];
		m.tag = L4_TAG(0, L4_FR_WORDS, 0);
		m.mr[0] = words[0]; m.mr[1] = words[1]; m.mr[2] = words[2]; m.mr[3] = words[3];
		l4_reply_wait(to, &m);
	}
}

l4_word space_new(void)
{
	l4_word sid = 0;
	if (l4_space_create(&sid) != L4_OK)
		return 0;
	utcb_slots[sid & 0xfff] = 0;
	return sid;
}

/* New threads start here with fn and arg on top of their stack. */
__asm__(KT_THREAD_TRAMP_ASM);
extern char thread_tramp[];

void thread_exit(void)
{
	struct l4_exregs r = { 0 };
	l4_exregs(mytid(), L4_EX_STOP, &r);
	for (;;)
		sleep_us(1000000);
}

/* Stacks of threads that no longer exist are reused: fresh ones would grow
 * the root heap (its map nodes and page tables) with every test. A destroyed
 * thread's id never comes back, so notify (0 bits, a no-op) tells. */
#define STACK_CACHE 64
static struct { l4_word tid; l4_word *stack; } stacks[STACK_CACHE];

static l4_word *stack_for(l4_word tid)
{
	int unused = -1;
	for (int i = 0; i < STACK_CACHE; i++) {
		if (stacks[i].stack && l4_notify(stacks[i].tid, 0) == L4_ENOTHREAD) {
			stacks[i].tid = tid;
			return stacks[i].stack;
		}
		if (!stacks[i].stack && unused < 0)
			unused = i;
	}
	l4_word *s = page_alloc(4);
	if (s && unused >= 0) {
		stacks[unused].tid = tid;
		stacks[unused].stack = s;
	}
	return s;
}

l4_word thread_new_h(l4_word space, unsigned prio, void (*fn)(l4_word), l4_word arg,
		     l4_word pager, l4_word exh)
{
	l4_word tid = 0;
	unsigned slot = ++utcb_slots[space & 0xfff];
	if (l4_thread_create(space, prio, pager, exh, L4_UTCB_AREA + slot * 4096UL, &tid) != L4_OK)
		return 0;
	l4_word *stack = stack_for(tid);
	l4_word *sp = (l4_word *)((char *)stack + 4 * 4096 - 64);
	sp[0] = (l4_word)fn;
	sp[1] = arg;
	l4_start(tid, (l4_word)thread_tramp, (l4_word)sp);
	return tid;
}

l4_word thread_new(l4_word space, unsigned prio, void (*fn)(l4_word), l4_word arg)
{
	return thread_new_h(space, prio, fn, arg, pager_tid, exh_tid);
}

void env_init(struct l4_bootinfo *bi)
{
	bootinfo = bi;
	root_tid = mytid();
	root_space = l4_kinfo(L4_KI_MYSPACE);
	phys_next = bi->mem[0].start;
	phys_end = bi->mem[0].start + bi->mem[0].size;
	page_alloc(HEAP_PAGES);                /* maps the whole heap now */
	heap_next = HEAP_BASE;
	void *heap = page_alloc(64);
	heap_init(heap, 64 * 4096);
	pager_tid = thread_new_h(root_space, 250, pager_loop, 0, 0, 0);
	exh_tid = thread_new_h(root_space, 250, exh_loop, 0, 0, 0);
}
