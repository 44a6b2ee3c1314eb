// SPDX-License-Identifier: GPL-2.0
/*
 * Wombat os-L4: the console, a session of Iguana's UART server ("console").
 *
 * fds 0, 1 and 2 of arch/um's fd channels are this session.  Output is
 * CONS_WRITE, 400 bytes per call.  Input is CONS_POLL, which never blocks:
 * when it finds nothing it arms a notification (WOMBAT_EV_IO) that arrives
 * as an interrupt (SIGIO's role) once a key is pressed, and sigio_handler()
 * then reads until "EAGAIN".  Every call runs with interrupts off: an
 * upcall in the middle would reuse the UTCB's message registers.
 * Until the session is open (and if there is no console server), output
 * goes to the microkernel's debug console.
 */
#include <stddef.h>
#include <string.h>
#include <os.h>
#include <l4/syscalls.h>
#include <iguana_abi.h>
#include "wombat.h"
#include "stats.h"

extern struct ig_startinfo *wombat_si;
extern void (*wombat_console_write)(const char *buf, size_t len);
extern long (*wombat_console_read)(char *buf, size_t len);

static unsigned long cons_tid, session;
static char in[400];
static unsigned in_head, in_len;

/* The microkernel's debug console: early boot, and the last resort. */
void wombat_kdebug_write(const char *buf, size_t len)
{
	struct l4_utcb *u = l4_utcb();
	int flags = um_set_signals(0);

	while (len) {
		size_t n = len < sizeof(u->xfer) ? len : sizeof(u->xfer);
		memcpy(u->xfer, buf, n);
		l4_kdebug(n);
		buf += n;
		len -= n;
	}
	um_set_signals(flags);
}

/* A call with nargs words from mr[]; the reply's words land in mr[] again.
 * Returns the status word, or ~0 if the IPC failed. */
unsigned long wombat_call(unsigned long to, unsigned long op, int nargs)
{
	unsigned long *mr = l4_utcb()->mr;
	struct l4_msg m = { .tag = L4_TAG(op, nargs, 0), .mr = { mr[0], mr[1], mr[2], mr[3] } };

	wombat_stats.console_ipcs++;

	if (l4_call(to, &m) != L4_OK)
		return ~0UL;
	mr[0] = m.mr[0];
	mr[1] = m.mr[1];
	mr[2] = m.mr[2];
	mr[3] = m.mr[3];
	return mr[0];
}

void wombat_pack_name(unsigned long *mr, const char *name)
{
	memset(mr, 0, IG_NAME_WORDS * 8);
	strncpy((char *)mr, name, IG_NAME_WORDS * 8 - 1);
}

static void console_out(const char *buf, size_t len)
{
	int flags = um_set_signals(0);

	while (len) {
		unsigned long *mr = l4_utcb()->mr;
		size_t n = len < 400 ? len : 400;

		mr[0] = session;
		mr[1] = n;
		memcpy(&mr[2], buf, n);
		if (wombat_call(cons_tid, CONS_WRITE, 2 + (int)((n + 7) / 8)) != 0) {
			wombat_kdebug_write(buf, len);
			break;
		}
		buf += n;
		len -= n;
	}
	um_set_signals(flags);
}

/* Fetch what the server has for us; with nothing there it notifies us later. */
static void poll_input(void)
{
	unsigned long *mr = l4_utcb()->mr;

	if (in_len || !session)
		return;
	mr[0] = session;
	mr[1] = sizeof(in);
	mr[2] = WOMBAT_EV_IO;
	if (wombat_call(cons_tid, CONS_POLL, 3) == 0 && mr[1] <= sizeof(in)) {
		memcpy(in, &mr[2], mr[1]);
		in_head = 0;
		in_len = (unsigned)mr[1];
	}
}

/* read() on fds 0-2: what has arrived, else -1 ("EAGAIN"). */
static long console_in(char *buf, size_t len)
{
	int flags = um_set_signals(0);
	long n = -1;

	poll_input();
	if (in_len) {
		n = len < in_len ? (long)len : (long)in_len;
		memcpy(buf, in + in_head, n);
		in_head += n;
		in_len -= n;
	}
	um_set_signals(flags);
	return n;
}

/* Open a session named "linux", take the foreground (input), switch output to it. */
void wombat_console_init(void)
{
	unsigned long *mr = l4_utcb()->mr;
	int flags = um_set_signals(0);

	for (int i = 0; i < 200 && !cons_tid; i++) {
		wombat_pack_name(mr, "console");
		if (wombat_call(wombat_si->iguana_tid, IG_NAME_LOOKUP, IG_NAME_WORDS) == IG_OK)
			cons_tid = mr[1];
		else
			l4_receive(l4_utcb()->tid, 5000, &(struct l4_msg){ 0 });   /* not up yet */
	}
	if (cons_tid) {
		wombat_pack_name(mr, "linux");
		if (wombat_call(cons_tid, CONS_OPEN, IG_NAME_WORDS) == 0)
			session = mr[1];
	}
	if (session) {
		mr[0] = session;
		wombat_call(cons_tid, CONS_FOCUS, 1);
		wombat_console_write = console_out;
		wombat_console_read = console_in;
		poll_input();
	} else {
		wombat_kdebug_write("wombat: no console server: output on the debug console, no input\n", 66);
	}
	um_set_signals(flags);
}
