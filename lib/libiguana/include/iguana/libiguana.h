/* libiguana: the client side of Iguana's protocol (abi/iguana_abi.h), for programs running as domains. */
#ifndef LIBIGUANA_H
#define LIBIGUANA_H
#include <l4/syscalls.h>
#include <iguana_abi.h>

extern struct ig_startinfo *ig_start;

/* One request: op with up to 8 arguments; results into out[] (may be NULL). Returns IG_* status. */
l4_word ig_call(l4_word op, const l4_word *args, int nargs, l4_word *out, int nout);
l4_word ig_ms_create(l4_word pages, unsigned rights, l4_word *base, l4_word *cap);
l4_word ig_ms_delete(l4_word cap);
l4_word ig_ms_attach(l4_word pd, l4_word ms, unsigned rights);
l4_word ig_ms_grant(l4_word ms, l4_word pd, l4_word *newcap);
l4_word ig_pd_create(l4_word quota, l4_word flags, l4_word *pd, l4_word *space);
l4_word ig_pd_delete(l4_word pd);
l4_word ig_thread_create(l4_word pd, void (*fn)(void), void *stack_top, unsigned prio, l4_word *tid);
l4_word ig_thread_create_cap(l4_word pd, void (*fn)(void), void *stack_top, unsigned prio,
			     l4_word *tid, l4_word *cap);
l4_word ig_thread_delete(l4_word cap);
l4_word ig_name_register(const char *name);
l4_word ig_name_lookup(const char *name, l4_word *tid);
l4_word ig_info(l4_word out[5]);   /* free frames, capabilities, sections, own pages, own quota */
l4_word ig_kmem(l4_word *used, l4_word *limit);   /* kernel frames charged to the caller's account, and its limit */
l4_word ig_irq_attach(unsigned irq, unsigned bit);
/* Lend a section the caller owns to the domain of thread tid (attached there, and a capability). */
l4_word ig_ms_share(l4_word ms, l4_word tid, unsigned rights, l4_word *newcap);
/* The physical address of a page of a section the caller owns (boot config `dma` only). */
l4_word ig_ms_phys(l4_word ms, l4_word page, l4_word *pa);
/* Lend a section the caller owns to the dma domain of thread tid (abi: IG_MS_LEND);
 * that domain names its in-flight record for it with ig_ms_watch, and the thread of
 * the owner it serves. */
l4_word ig_ms_lend(l4_word ms, l4_word tid, l4_word *newcap);
l4_word ig_ms_watch(l4_word ms, struct ig_dma_watch *w, l4_word owner_tid);
/* A dma domain's device is reset: what Iguana kept of its earlier instances for
 * their device (abi: IG_DEV_RESET) is freed; freed: how many pages. */
l4_word ig_dev_reset(l4_word *freed);
void ig_exit(int code) __attribute__((noreturn));
/* A child domain running fn from the caller's own image (code and data shared at
 * the same addresses) on a fresh 4-page stack; returns its pd cap or 0. */
l4_word ig_child_spawn(void (*fn)(void), unsigned prio, l4_word quota, l4_word *stack_cap);

/* Console and timer clients (they look the servers up on first use). */
long cons_open(const char *name);              /* session for this domain's stream, or -1 */
void cons_write(long session, const char *buf, unsigned long len);
long cons_read(long session, char *buf, unsigned long max);   /* blocks until input */
void cons_focus(long session);
long cons_use_for_stdio(const char *name);     /* printf goes to a new console session; returns it */
l4_word timer_sleep_until(l4_word ns);
void sleep_ms(l4_word ms);
/* Notification bit `bit` every period from `first` (ns since boot); period 0 stops. */
l4_word timer_periodic(l4_word first, l4_word period, unsigned bit);
/* Block service client ("blk", abi: BLK_*): a session for this domain's region of the
 * disk; data goes through buf, a section the driver shares with us. Sectors count
 * from the region's start; off is a byte offset in buf. Each returns an IG_* status. */
struct blk_session { l4_word token, sectors, buf_size, buf_cap; unsigned char *buf; };
l4_word blk_open(struct blk_session *s);
l4_word blk_read(struct blk_session *s, l4_word sector, l4_word count, l4_word off);
l4_word blk_write(struct blk_session *s, l4_word sector, l4_word count, l4_word off);
l4_word blk_close(struct blk_session *s);
/* Any request to the driver (op BLK_*, up to 4 arguments, up to 6 results); ~0 if unreachable. */
l4_word blk_call(l4_word op, const l4_word *args, int nargs, l4_word *out, int nout);
/* Network service client ("net", abi: NET_*): a session with its buffer (ring: the
 * header page, rx/tx: the slots); notification bit `bit` when frames arrive. */
struct net_session { l4_word token, buf_cap, mac; struct net_ring *ring; unsigned char *rx, *tx; };
l4_word net_open(struct net_session *s, unsigned bit);
l4_word net_send(struct net_session *s, l4_word slot, l4_word len);
l4_word net_claim(struct net_session *s, l4_word proto, l4_word port);
l4_word net_close(struct net_session *s);
/* The next received frame (its length, 0 if none) into *frame; net_rx_done() frees its slot. */
unsigned net_rx_next(struct net_session *s, unsigned char **frame);
void net_rx_done(struct net_session *s);
/* Any request to the driver (op NET_*, up to 4 arguments, up to 6 results); ~0 if unreachable. */
l4_word net_call(l4_word op, const l4_word *args, int nargs, l4_word *out, int nout);
/* A request to the real-time task ("rt"): RT_STATS fills out[0..6] (status first); ~0 if unreachable. */
l4_word rt_request(l4_word op, l4_word out[7]);
#endif
