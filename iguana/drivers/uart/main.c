/* UART console server: the one driver of the board's UART (uart_dev.h: the 16550 at
 * COM1 on the PC, the PL011 on virt). Interrupt-driven input and
 * output; a stream per client (lines of background clients prefixed with their name);
 * input goes to the foreground client. */
#include <iguana/libiguana.h>
#include <stdio.h>
#include <string.h>
#include <stdbool.h>
#include <stdlib.h>
#include "uart_dev.h"

#define MAX_SESSIONS 16
#define OUT_SIZE 8192
#define IN_SIZE 512

struct session {
	bool used;
	l4_word token;           /* what the client names the session by: index and 40 random bits */
	l4_word owner;           /* the thread that opened it: the session lives as long as it does */
	char name[32];
	char line[256];
	unsigned linelen;
	char in[IN_SIZE];
	unsigned in_head, in_len;
	l4_word reader;          /* thread blocked in CONS_READ, 0 = none */
	l4_word reader_max;
	l4_word poller, poll_bit;    /* CONS_POLL found nothing: notify it (0 = nobody) */
};
static struct session sessions[MAX_SESSIONS];
static int focus = -1;
static char out[OUT_SIZE];
static unsigned out_head, out_len;
static l4_word bytes_out, bytes_in, irqs, dev_irq;

/* Feed the transmitter from the ring; THR-empty interrupts only while there is more. */
static void tx_kick(void)
{
	for (int n = 0; n < 16 && out_len && dev_tx_ready(); n++) {
		dev_tx((unsigned char)out[out_head]);
		out_head = (out_head + 1) % OUT_SIZE;
		out_len--;
		bytes_out++;
	}
	dev_tx_irq(out_len != 0);
}

/* Into the ring; when it is full, drain by polling rather than drop anything. */
static void put(char c)
{
	while (out_len == OUT_SIZE) {
		while (!dev_tx_ready())
			;
		tx_kick();
	}
	out[(out_head + out_len) % OUT_SIZE] = c;
	out_len++;
}

static void emit_line(struct session *s, int idx)
{
	if (idx != focus) {
		put('[');
		for (const char *p = s->name; *p; p++)
			put(*p);
		put(']');
		put(' ');
	}
	for (unsigned i = 0; i < s->linelen; i++) {
		if (s->line[i] == '\n')
			put('\r');
		put(s->line[i]);
	}
	s->linelen = 0;
}

static void session_write(int idx, const char *buf, unsigned long n)
{
	struct session *s = &sessions[idx];
	for (unsigned long i = 0; i < n; i++) {
		s->line[s->linelen++] = buf[i];
		if (buf[i] == '\n' || s->linelen == sizeof(s->line))
			emit_line(s, idx);
	}
	if (idx == focus && s->linelen)       /* prompts without newline show at once */
		emit_line(s, idx);
	tx_kick();
}

/* Up to max bytes of s's input into dst; returns how many. */
static unsigned take_input(struct session *s, char *dst, l4_word max)
{
	unsigned n = s->in_len < max ? s->in_len : (unsigned)max;
	for (unsigned i = 0; i < n; i++) {
		dst[i] = s->in[s->in_head];
		s->in_head = (s->in_head + 1) % IN_SIZE;
	}
	s->in_len -= n;
	return n;
}

static void answer_reader(struct session *s)
{
	if (s->poller && s->in_len) {
		l4_notify(s->poller, 1UL << s->poll_bit);
		s->poller = 0;
	}
	if (!s->reader || !s->in_len)
		return;
	l4_word *mr = l4_utcb()->mr;
	unsigned n = take_input(s, (char *)&mr[2], s->reader_max);
	mr[0] = 0;
	mr[1] = n;
	struct l4_msg m = { .tag = L4_TAG(0, 2 + (n + 7) / 8, 0), .mr = { mr[0], mr[1], mr[2], mr[3] } };
	l4_send(s->reader, 0, &m);
	s->reader = 0;
}

static void rx(void)
{
	while (dev_rx_ready()) {
		char c = (char)dev_rx();
		bytes_in++;
		if (focus < 0)
			continue;
		struct session *s = &sessions[focus];
		if (s->in_len < IN_SIZE) {
			s->in[(s->in_head + s->in_len) % IN_SIZE] = c;
			s->in_len++;
		}
	}
	if (focus >= 0)
		answer_reader(&sessions[focus]);
}

static int free_session(void)
{
	for (int i = 0; i < MAX_SESSIONS; i++)
		if (!sessions[i].used)
			return i;
	return -1;
}

/* When all are taken: free the sessions whose opener is gone (a domain that
 * died or was restarted: Wombat opens one at every start). exchange_registers
 * on another domain's thread changes nothing: L4_EPERM while it lives,
 * L4_ENOTHREAD once it is gone. */
static void reclaim_sessions(void)
{
	for (int i = 0; i < MAX_SESSIONS; i++) {
		struct l4_exregs r = { 0 };
		if (!sessions[i].used || l4_exregs(sessions[i].owner, 0, &r) != L4_ENOTHREAD)
			continue;
		sessions[i].used = false;
		if (focus == i)
			focus = -1;
	}
}

/* A guessed or stale session token names nothing. */
static int session_of(l4_word token)
{
	l4_word i = token & 0xff;
	return i < MAX_SESSIONS && sessions[i].used && sessions[i].token == token ? (int)i : -1;
}

/* Returns 1 when the reply in mr/m should be sent now. */
static int request(l4_word from, l4_word op, l4_word *mr, int *nwords)
{
	int s;
	*nwords = 1;
	switch (op) {
	case CONS_OPEN:
		if ((s = free_session()) < 0) {
			reclaim_sessions();
			s = free_session();
		}
		if (s < 0) {
			mr[0] = IG_ENOMEM;
			return 1;
		}
		memset(&sessions[s], 0, sizeof(sessions[s]));
		sessions[s].used = true;
		sessions[s].owner = from;
		memcpy(sessions[s].name, mr, 31);
		sessions[s].token = (l4_word)s | (arch_entropy() << 24 >> 16 << 8);
		mr[0] = 0;
		mr[1] = sessions[s].token;
		*nwords = 2;
		return 1;
	case CONS_WRITE:
		if ((s = session_of(mr[0])) < 0 || mr[1] > 400) {
			mr[0] = IG_EINVAL;
			return 1;
		}
		session_write(s, (const char *)&mr[2], mr[1]);
		mr[0] = 0;
		return 1;
	case CONS_READ:
		if ((s = session_of(mr[0])) < 0 || sessions[s].reader || !mr[1] || mr[1] > 400) {
			mr[0] = IG_EINVAL;
			return 1;
		}
		sessions[s].reader = from;
		sessions[s].reader_max = mr[1];
		answer_reader(&sessions[s]);
		return 0;
	case CONS_POLL:
		if ((s = session_of(mr[0])) < 0 || !mr[1] || mr[1] > 400 || mr[2] > 63) {
			mr[0] = IG_EINVAL;
			return 1;
		}
		mr[1] = take_input(&sessions[s], (char *)&mr[2], mr[1]);
		if (!mr[1]) {
			sessions[s].poller = from;
			sessions[s].poll_bit = mr[2];
		}
		mr[0] = 0;
		*nwords = 2 + (int)((mr[1] + 7) / 8);
		return 1;
	case CONS_FOCUS:
		if ((s = session_of(mr[0])) < 0) {
			mr[0] = IG_EINVAL;
			return 1;
		}
		focus = s;
		mr[0] = 0;
		return 1;
	case CONS_STATS:
		mr[0] = 0;
		mr[1] = 0;
		for (int i = 0; i < MAX_SESSIONS; i++)
			mr[1] += sessions[i].used;
		mr[2] = bytes_out;
		mr[3] = bytes_in;
		mr[4] = irqs;
		*nwords = 5;
		return 1;
	default:
		mr[0] = IG_EINVAL;
		return 1;
	}
}

int main(struct ig_startinfo *si)
{
	/* Touch all our buffers now: a page first touched later (a session
	 * slot used for the first time) would show as memory Iguana gave out
	 * during some other domain's restart. */
	memset(sessions, 0, sizeof(sessions));
	memset(out, 0, sizeof(out));
	dev_irq = si->dev[0].irq;
	if (!dev_init(si->dev[0].regs) || dev_irq == L4_BI_NOIRQ) {
		printf("uart: no device registers or interrupt line (boot config device=uart)\n");
		return 1;
	}
	if (ig_irq_attach(dev_irq, 0) != IG_OK || ig_name_register("console") != IG_OK) {
		printf("uart: cannot get irq %lu or the name 'console'\n", dev_irq);
		return 1;
	}
	l4_word *mr = l4_utcb()->mr;
	struct l4_msg m = { 0 };
	for (;;) {
		l4_receive(L4_ANYTHREAD, L4_TIMEOUT_NEVER, &m);
		if (L4_TAG_LABEL(m.tag) == L4_LABEL_NOTIFY) {
			irqs++;
			dev_irq_ack();
			rx();
			tx_kick();
			l4_irq_ack(dev_irq);
			continue;
		}
		mr[0] = m.mr[0]; mr[1] = m.mr[1]; mr[2] = m.mr[2]; mr[3] = m.mr[3];
		int n;
		if (request(m.from, L4_TAG_LABEL(m.tag), mr, &n)) {
			struct l4_msg r = { .tag = L4_TAG(0, n, 0), .mr = { mr[0], mr[1], mr[2], mr[3] } };
			l4_send(m.from, 0, &r);
		}
	}
}
