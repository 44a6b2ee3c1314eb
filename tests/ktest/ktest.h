/* The kernel test root task: test registry, checks, and the environment tests share. */
#ifndef KTEST_H
#define KTEST_H
#include <l4/syscalls.h>
#include <stdio.h>
#include <string.h>
#include <stdbool.h>
#include "ktest_arch.h"       /* tests/ktest/arch/<arch>/: instructions, frames, constants */

struct ktest { const char *name, *desc; void (*fn)(void); };
#define KTEST(n, d)                                                           \
	static void n(void);                                                  \
	static const struct ktest kt_##n __attribute__((section("ktests"), used, aligned(8))) = { #n, d, n }; \
	static void n(void)

extern int kt_failed;
void kt_fail(const char *file, int line, const char *expr, l4_word a, l4_word b);
#define CHECK(c) do { if (!(c)) { kt_fail(__FILE__, __LINE__, #c, 0, 0); return; } } while (0)
#define CHECK_EQ(a, b) do { l4_word _a = (l4_word)(a), _b = (l4_word)(b); \
	if (_a != _b) { kt_fail(__FILE__, __LINE__, #a " == " #b, _a, _b); return; } } while (0)

/* Environment (env.c). */
extern struct l4_bootinfo *bootinfo;
extern l4_word root_tid, root_space, pager_tid, exh_tid;
void *page_alloc(unsigned n);              /* fresh zeroed pages mapped RW in the root space */
l4_word space_new(void);                   /* a space whose faults the root pager serves */
l4_word thread_new(l4_word space, unsigned prio, void (*fn)(l4_word), l4_word arg);
l4_word thread_new_h(l4_word space, unsigned prio, void (*fn)(l4_word), l4_word arg,
		     l4_word pager, l4_word exh);
void thread_exit(void) __attribute__((noreturn));
void sleep_us(l4_word us);
bool wait_for(volatile int *flag, int value, l4_word ms);
l4_word mytid(void);

/* Hooks a test may install to see faults and exceptions of its threads;
 * return 1 to reply (with *m as the reply), 0 to leave the thread blocked. */
extern int (*pager_hook)(struct l4_msg *m, l4_word *mr);
extern int (*exc_hook)(l4_word from, l4_word *mr, l4_word *reply_words);
extern volatile l4_word last_fault_addr, last_fault_tid, unhandled_faults;
#endif
