// SPDX-License-Identifier: GPL-2.0
/*
 * Wombat os-L4: the disk, host side (blk.c is the Linux block device).
 *
 * Linux's disk is a session of Iguana's virtio-blk driver domain ("blk",
 * iguana/drivers/blk, docs/virtio.md): the driver owns a buffer section and
 * shares it with Wombat's domain.  Wombat also lends the driver its RAM
 * section (IG_MS_LEND) at open: then a request names the byte ranges of
 * Linux's RAM its pages are (a list in the buffer) and the driver's device
 * reads or writes them directly (BLK_READV, BLK_WRITEV: zero-copy); without
 * the lend, or for pages outside the RAM section, data moves between
 * Linux's pages and the buffer (blk.c's memcpy) and between the buffer and
 * the disk.  Linux never learns a physical address and never programs the
 * device: the driver checks every request against Wombat's region
 * (`disk=wombat:START:SECTORS` in its boot configuration), the buffer and
 * the lent section.
 *
 * The buffer lies at the section's address in the shared layout, inside
 * what Linux thinks is its vmalloc range: blk.c reserves it there, and it
 * is "foreign" here, so Linux's unmaps of kernel ranges (its TLB flushes of
 * the vmalloc range) pass over it.  Its pages are brought in once, at open,
 * from Iguana, the pager: Wombat's own page faults are upcalls
 * (L4_VCPU_F_OWN_PF), so for that moment the upcall entry is made invalid
 * and the faults go to the pager instead (abi/l4.h, vCPU mode).
 *
 * The driver calls are made by the disk agent, a thread of Wombat's own
 * domain (below), so that Linux runs on, its other processes and its
 * interrupts, while the device works: Linux hands the agent a request
 * (an IPC inside Wombat's space, no address-space switch) and goes on; the
 * agent makes the driver call and, when the driver replies, raises
 * WOMBAT_EV_BLK on Wombat's vCPU, the disk's interrupt (blk.c takes the
 * status with wombat_blk_result()).  When Linux has nothing else to run,
 * it waits in the agent's call instead (wombat_blk_wait): an interrupt,
 * a switch to Linux's idle task and back would only add to the request.
 * One request at a time, of up to the buffer's size.  Without an agent (Iguana refused the thread, or
 * `vda_sync` on Linux's command line) Linux's own thread makes each call
 * and waits.  Linux's side of every call runs with interrupts off (an
 * upcall would reuse the UTCB's message registers).
 */
#include <string.h>
#include <os.h>
#include <longjmp.h>
#include <l4/syscalls.h>
#include <iguana_abi.h>
#include "wombat.h"
#include "stats.h"

extern struct ig_startinfo *wombat_si;

int wombat_foreign_copy(void *dst, const void *src, unsigned long n, void *buf, unsigned long size);

static unsigned long blk_tid, session;
static struct blk_seg segs[BLK_MAX_SEGS];

/*
 * The disk agent.  It opened the session, so the driver serves only it
 * for Wombat (a session is its opener's).  Linux's thread calls it with
 * the work (job.fn, which reads and writes statics only: it runs on the
 * agent's stack and UTCB); AGENT_ASYNC is answered at once and finishes
 * with WOMBAT_EV_BLK, AGENT_SYNC (opening; a request while Linux has
 * nothing else to run) only when the work is done.
 * It runs one priority above Linux's thread (agent_start), so the moment
 * the driver replies.
 */
enum { AGENT_ASYNC = 1, AGENT_SYNC };
#define AGENT_STACK_WORDS 2048
static unsigned long agent_tid, linux_tid;
static unsigned long agent_stack[AGENT_STACK_WORDS] __attribute__((aligned(16)));
static struct {
	unsigned long (*fn)(void);
	unsigned long st;              /* fn's result */
	volatile int busy;             /* an ASYNC job not finished yet */
} job;

static void __attribute__((noreturn)) agent_main(void)
{
	struct l4_msg m = { 0 };

	l4_receive(linux_tid, L4_TIMEOUT_NEVER, &m);
	for (;;) {
		if (L4_TAG_LABEL(m.tag) == AGENT_ASYNC) {
			m = (struct l4_msg){ .tag = L4_TAG(0, 0, 0) };
			l4_send(linux_tid, L4_TIMEOUT_NEVER, &m);    /* Linux goes on */
			job.st = job.fn();
			__atomic_store_n(&job.busy, 0, __ATOMIC_SEQ_CST);
			l4_notify(linux_tid, 1UL << WOMBAT_EV_BLK);
			m = (struct l4_msg){ 0 };
			l4_receive(linux_tid, L4_TIMEOUT_NEVER, &m);
		} else {
			job.st = L4_TAG_LABEL(m.tag) == AGENT_SYNC ? job.fn() : ~0UL;
			m = (struct l4_msg){ .tag = L4_TAG(0, 0, 0) };
			l4_ipc(linux_tid, linux_tid, L4_TIMEOUTS(L4_TIMEOUT_NEVER, L4_TIMEOUT_NEVER), &m);
		}
	}
}

/*
 * The agent started once, at the first open: at Wombat's priority, and
 * Linux's thread one below it (IG_THREAD_PRIO), so that a reply from the
 * driver runs the agent at once, even while Linux is busy: at the same
 * priority it would wait for the end of Linux's time slice (12 ms per
 * request with a CPU hog beside dd, against 1 ms).  0 if Iguana refuses
 * either (then Linux makes the calls itself).
 */
unsigned long wombat_linux_prio;           /* Linux's thread's priority, 0: the domain's (native_host.c) */

static unsigned long agent_start(void)
{
	unsigned long *mr = l4_utcb()->mr, tid;

	linux_tid = l4_utcb()->tid;
	mr[0] = wombat_si->pd_cap;
	mr[1] = (unsigned long)agent_main;
	mr[2] = (unsigned long)&agent_stack[AGENT_STACK_WORDS] - L4_ENTRY_SP_OFFSET;
	mr[3] = IG_PRIO_CREATOR;
	if (wombat_call(wombat_si->iguana_tid, IG_THREAD_CREATE, 4) != IG_OK)
		return 0;
	tid = mr[1];
	mr[0] = linux_tid;
	mr[1] = 1;
	if (wombat_call(wombat_si->iguana_tid, IG_THREAD_PRIO, 2) != IG_OK)
		return 0;                   /* the agent waits for ever; Linux calls itself */
	wombat_linux_prio = mr[1];
	return tid;
}

/* fn in the agent, or in Linux's thread without one; interrupts off.
 * ASYNC: WOMBAT_BLK_QUEUED, the result later (wombat_blk_result). */
static unsigned long agent_run(unsigned long (*fn)(void), int how)
{
	struct l4_msg m = { .tag = L4_TAG(how, 0, 0) };

	if (!agent_tid)
		return fn();
	job.fn = fn;
	job.busy = how == AGENT_ASYNC;
	if (l4_call(agent_tid, &m) != L4_OK) {
		job.busy = 0;
		return ~0UL;                  /* cannot be: the agent lives as long as Wombat */
	}
	return how == AGENT_ASYNC ? WOMBAT_BLK_QUEUED : job.st;
}

/* The status of the request the agent finished (WOMBAT_EV_BLK came), or
 * WOMBAT_BLK_QUEUED while it is still with the driver. */
unsigned long wombat_blk_result(void)
{
	return __atomic_load_n(&job.busy, __ATOMIC_SEQ_CST) ? WOMBAT_BLK_QUEUED : job.st;
}

/* `vda_sync` on Linux's command line (blk.c): no disk agent. */
static int no_agent;
void wombat_blk_sync(void)
{
	no_agent = 1;
}

/* The foreign ranges of Wombat's own space (the disk buffer, the network
 * buffer: nethost.c): mem.c's unmaps and protections leave them alone. */
static struct { unsigned long base, end; } foreign[8];

int wombat_foreign(unsigned long addr, unsigned long end, unsigned long *fbase, unsigned long *fend)
{
	for (unsigned i = 0; i < sizeof(foreign) / sizeof(foreign[0]); i++)
		if (foreign[i].end > addr && foreign[i].base < end) {
			*fbase = foreign[i].base;
			*fend = foreign[i].end;
			return 1;
		}
	return 0;
}

/* The thread registered under name (a driver domain), 0 if none after tries 5 ms waits; also used by nethost.c. */
unsigned long wombat_lookup(const char *name, int tries)
{
	unsigned long *mr = l4_utcb()->mr;

	for (int i = 0; i < tries; i++) {
		wombat_pack_name(mr, name);
		if (wombat_call(wombat_si->iguana_tid, IG_NAME_LOOKUP, IG_NAME_WORDS) == IG_OK)
			return mr[1];
		l4_receive(l4_utcb()->tid, 5000, &(struct l4_msg){ 0 });   /* not up yet: 5 ms */
	}
	return 0;
}

/* Linux's RAM lent to the driver (IG_MS_LEND): the driver's capability, 0 if Iguana refuses. */
static unsigned long lend_ram(void)
{
	unsigned long *mr = l4_utcb()->mr;

	if (!wombat_si->ram_cap)
		return 0;
	mr[0] = wombat_si->ram_cap;
	mr[1] = blk_tid;
	return wombat_call(wombat_si->iguana_tid, IG_MS_LEND, 2) == IG_OK ? mr[1] : 0;
}

/* The open's arguments and results (the agent's work reads and writes them). */
static struct { int lend, again, zerocopy; unsigned long buf, size, sectors; const char *why; } op;

static unsigned long blk_open_work(void)
{
	unsigned long *mr = l4_utcb()->mr, st;

	if (op.again)
		blk_tid = 0;
	if (!blk_tid)
		blk_tid = wombat_lookup("blk", 20);
	if (!blk_tid) {
		op.why = "no block driver (domain \"blk\") in this system";
		return 1;
	}
	mr[0] = op.lend ? lend_ram() : 0;
	st = wombat_call(blk_tid, BLK_OPEN, 1);
	if (st == IG_EPERM) {
		op.why = "the block driver has no region for Linux (disk=wombat:START:SECTORS)";
	} else if (st != IG_OK || mr[3] == 0) {
		op.why = "the block driver refused a session";
	} else {
		session = mr[1];
		op.buf = mr[2];
		op.size = mr[3] * 4096;
		op.sectors = mr[4];
		op.zerocopy = mr[6] & BLK_OPEN_ZEROCOPY;
		return 0;
	}
	return 1;
}

/*
 * Opens Wombat's session: *buf, *size (bytes) and *sectors (of the region);
 * lend: offer the driver Linux's RAM; *zerocopy: the driver took it
 * (wombat_blk_iov() may be used); *async: requests go through the agent
 * (their status comes with WOMBAT_EV_BLK).
 * 0, or -1 with *why: no driver, or the driver refuses (no region for us).
 * again: the driver was restarted, look it up afresh.
 */
int wombat_blk_open(unsigned long *buf, unsigned long *size, unsigned long *sectors, int lend, int *zerocopy,
		    int *async, const char **why, int again)
{
	int flags = um_set_signals(0), ret;

	if (!agent_tid && !no_agent && !again)
		agent_tid = agent_start();
	op = (typeof(op)){ .lend = lend, .again = again, .why = "" };
	ret = agent_run(blk_open_work, AGENT_SYNC) ? -1 : 0;
	*buf = op.buf;
	*size = op.size;
	*sectors = op.sectors;
	*zerocopy = op.zerocopy;
	*async = agent_tid != 0;
	*why = op.why;
	um_set_signals(flags);
	return ret;
}

/* A driver's buffer [buf, buf + size) is Linux's to use: foreign to mem.c,
 * its pages faulted in from the pager now (the disk's; nethost.c's too; a
 * restarted driver's new one, maybe where the old one was: that entry is
 * used again).  0, or -1 when the table is full. */
int wombat_blk_map(unsigned long buf, unsigned long size)
{
	int flags;
	unsigned long ip = wombat_vcpu->entry_ip;
	unsigned i = 0;

	while (i < sizeof(foreign) / sizeof(foreign[0]) && foreign[i].end &&
	       !(foreign[i].base == buf && foreign[i].end == buf + size))
		i++;
	if (i == sizeof(foreign) / sizeof(foreign[0]))
		return -1;
	flags = um_set_signals(0);
	foreign[i].base = buf;
	foreign[i].end = buf + size;
	wombat_vcpu->entry_ip = ~0UL;        /* no upcalls: faults go to the pager */
	for (unsigned long a = buf; a < buf + size; a += 4096) {
		volatile unsigned char *p = (volatile unsigned char *)a;
		*p = *p;                     /* a write fault: mapped read-write */
	}
	wombat_vcpu->entry_ip = ip;
	um_set_signals(flags);
	return 0;
}

/* A request's label and arguments (the agent's work reads them). */
static struct { unsigned long op, a[4], n; } rq;

static unsigned long blk_request_work(void)
{
	unsigned long *mr = l4_utcb()->mr;

	mr[0] = rq.a[0];
	mr[1] = rq.a[1];
	mr[2] = rq.a[2];
	mr[3] = rq.a[3];
	return wombat_call(blk_tid, rq.op, rq.n);
}

/* Whether the next request waits in the agent's call (blk.c: when Linux
 * has nothing else to run) rather than coming back with WOMBAT_EV_BLK. */
int wombat_blk_wait;

/* Moves count sectors between the region's sector and the buffer at byte
 * offset off (to the disk if write), or the like (BLK_READV, BLK_FLUSH).
 * 0, the driver's IG_* status (~0: no reply), or WOMBAT_BLK_QUEUED: with
 * the agent, whose status comes with WOMBAT_EV_BLK. */
static unsigned long blk_request(unsigned long op, unsigned long n, unsigned long sector, unsigned long count,
				 unsigned long last)
{
	int flags = um_set_signals(0);
	unsigned long st;

	rq.op = op;
	rq.n = n;
	rq.a[0] = session;
	rq.a[1] = sector;
	rq.a[2] = count;
	rq.a[3] = last;
	st = agent_run(blk_request_work, wombat_blk_wait ? AGENT_SYNC : AGENT_ASYNC);
	um_set_signals(flags);
	return st;
}

unsigned long wombat_blk_io(int write, unsigned long sector, unsigned long count, unsigned long off)
{
	wombat_stats.blk_copied++;
	return blk_request(write ? BLK_WRITE : BLK_READ, 4, sector, count, off);
}

/*
 * A zero-copy request: count sectors between the region's sector and the n
 * ranges (Linux physical address, length) of io, in order.  Each becomes a
 * range of the lent RAM section, split at page boundaries, written as the
 * list at the start of the buffer.  0, the driver's IG_* status (~0: no
 * reply), WOMBAT_BLK_QUEUED (blk_request), or -2 when a range is not in
 * the RAM section or the list would be too long: then the caller copies.
 */
unsigned long wombat_blk_iov(int write, unsigned long sector, unsigned long count,
			     const unsigned long (*io)[2], unsigned n, void *buf, unsigned long size)
{
	unsigned long ram = wombat_si->ram_pages * 4096;
	unsigned nseg = 0;

	for (unsigned i = 0; i < n; i++) {
		unsigned long off = WOMBAT_PHYS_BASE + io[i][0] - wombat_si->ram_base, len = io[i][1];
		if (WOMBAT_PHYS_BASE + io[i][0] < wombat_si->ram_base || off >= ram || len > ram - off)
			return -2UL;
		while (len) {
			unsigned long chunk = 4096 - off % 4096;
			if (chunk > len)
				chunk = len;
			if (nseg == BLK_MAX_SEGS)
				return -2UL;
			segs[nseg].off = off;
			segs[nseg++].len = chunk;
			off += chunk;
			len -= chunk;
		}
	}
	if (wombat_foreign_copy(buf, segs, nseg * sizeof(segs[0]), buf, size))
		return ~0UL;
	wombat_stats.blk_zerocopy++;
	return blk_request(write ? BLK_WRITEV : BLK_READV, 4, sector, count, nseg);
}

/* Every write the driver has replied to made stable (the device's write
 * cache flushed).  As blk_request. */
unsigned long wombat_blk_flush(void)
{
	return blk_request(BLK_FLUSH, 1, 0, 0, 0);
}

/* A status of wombat_blk_io that says the session is gone: no reply (the
 * driver stopped, maybe during the call) or a token the driver does not
 * know (a restarted driver). */
int wombat_blk_gone(unsigned long st)
{
	return st == ~0UL || st == IG_ECAP;
}

/*
 * Copies to or from a driver's buffer, which can vanish at any moment: a
 * driver that Iguana stops or restarts takes its sections with it, and the
 * next touch of the old buffer is a page fault in Wombat's own code.  A
 * fault inside [copy_lo, copy_hi) during such a copy resumes at
 * wombat_foreign_fault() (wombat_upcall asks wombat_foreign_copying()),
 * which jumps back here: the copy returns -1 and the caller treats the
 * session as gone.
 */
static jmp_buf copy_jmp;
static unsigned long copy_lo, copy_hi;

int wombat_foreign_copying(unsigned long addr)
{
	return addr >= copy_lo && addr < copy_hi;
}

void wombat_foreign_fault(void)
{
	longjmp(copy_jmp, 1);
}

int wombat_foreign_copy(void *dst, const void *src, unsigned long n, void *buf, unsigned long size)
{
	if (setjmp(copy_jmp)) {
		copy_lo = copy_hi = 0;
		return -1;
	}
	copy_lo = (unsigned long)buf;
	copy_hi = copy_lo + size;
	memcpy(dst, src, n);
	copy_lo = copy_hi = 0;
	return 0;
}
