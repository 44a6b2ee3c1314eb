/* Network driver: the one driver of a virtio-net card (../virtio: legacy PCI
 * on the PC, virtio-mmio on virt), shared by several clients
 * (docs/virtio.md). A client domain the boot config names (`-- client=NAME`,
 * `default=NAME`) opens a session: an unguessable token bound to the thread
 * that opened it, a notification bit, and a buffer section this driver owns
 * and shares with the client (abi: struct net_ring, receive and send slots).
 * Received frames land in the driver's own buffers (receive queue 0) and
 * are copied to the session that claimed their IPv4 UDP/TCP port, or to the
 * default client's; a frame to send is copied from the client's send slot
 * into the driver's buffers (send queue 1) before it is checked. So the
 * device reads and writes only this domain's memory, whose physical
 * addresses Iguana gives it because its boot config says `dma`; a client's
 * buffer is never a DMA target. */
#include <iguana/libiguana.h>
#include <stdio.h>
#include <string.h>
#include <stdlib.h>
#include <stdint.h>
#include "../virtio/virtio_dev.h"

#define MAX_SESSIONS 6
#define MAX_CLAIMS   16
#define MAX_CLIENTS  8
#define RX_BUFS      128             /* the device's receive buffers (at most the queue's size) */
#define TX_BUFS      64
#define BUF          2048            /* virtio-net header, then the frame */
#define VNET_HDR     10              /* the legacy header without mergeable buffers */
/* Where in each 2 KiB buffer the header starts: so that the frame after it
 * is word-aligned, as the clients' slots are, and memcpy() copies it by
 * words (at offset 10 it went byte by byte: about 6,000 instructions a
 * full frame, each way). */
#define HDR_AT       ((8 - VNET_HDR % 8) % 8)
#define F_MAC        (1u << 5)
#define RXQ          0
#define TXQ          1

struct session {
	bool used, dflt, wake;       /* dflt: the default client's; wake: notify after this batch */
	l4_word token, owner, bit;   /* owner: the thread that opened it, the only one that may use it */
	l4_word buf, buf_cap;
	uint32_t rx_head;            /* ours: the client's copy in the ring is only written */
};
static struct session sessions[MAX_SESSIONS];
struct claim { int session; unsigned proto, port; };   /* session -1: free */
static struct claim claims[MAX_CLAIMS];
static char clients[MAX_CLIENTS][32], default_client[32];
static int nclients;

static struct vq rxq, txq;
static unsigned nrx;
static bool tx_busy[TX_BUFS];
static uint8_t mac[6];
static l4_word dev_irq, rx_frames, tx_frames, irqs, refused, dropped;

/* "client=NAME" and "default=NAME" words of the boot-config arguments. */
static void parse_args(const char *args)
{
	for (const char *p = args; *p; ) {
		while (*p == ' ')
			p++;
		const char *w = p;
		while (*p && *p != ' ')
			p++;
		char *dst = NULL;
		unsigned skip = 0;
		if (!strncmp(w, "client=", 7) && nclients < MAX_CLIENTS)
			dst = clients[nclients++], skip = 7;
		else if (!strncmp(w, "default=", 8))
			dst = default_client, skip = 8;
		if (dst) {
			unsigned n = (unsigned)(p - w) - skip;
			if (n > 31)
				n = 31;
			memcpy(dst, w + skip, n);
			dst[n] = 0;
		}
	}
}

/* The boot-config domain of thread tid may be a client; *dflt: it is the default one. */
static bool may_open(l4_word tid, bool *dflt)
{
	l4_word o[1 + IG_NAME_WORDS] = { 0 };
	if (ig_call(IG_PD_WHO, &tid, 1, o, 1 + IG_NAME_WORDS) != IG_OK || (o[0] & IG_WHO_CHILD))
		return false;
	const char *name = (const char *)&o[1];
	*dflt = default_client[0] && !strncmp(name, default_client, 32);
	for (int i = 0; i < nclients && !*dflt; i++)
		if (!strncmp(name, clients[i], 32))
			return true;
	return *dflt;
}

static void session_close(struct session *s)
{
	for (int i = 0; i < MAX_CLAIMS; i++)
		if (claims[i].session == s - sessions)
			claims[i].session = -1;
	ig_ms_delete(s->buf_cap);            /* detaches it from the client too */
	memset(s, 0, sizeof(*s));
}

/* Sessions whose opener is gone (stopped, restarted): exregs on another
 * domain's thread is L4_EPERM while it lives, L4_ENOTHREAD after. */
static void reap(void)
{
	for (int i = 0; i < MAX_SESSIONS; i++) {
		struct l4_exregs r = { 0 };
		if (sessions[i].used && l4_exregs(sessions[i].owner, 0, &r) == L4_ENOTHREAD) {
			printf("net: session %d: its client is gone, closed\n", i);
			session_close(&sessions[i]);
		}
	}
}

static struct session *session_of(l4_word token, l4_word from)
{
	l4_word i = token & 0xff;
	struct session *s = &sessions[i < MAX_SESSIONS ? i : 0];
	return i < MAX_SESSIONS && s->used && s->token == token && s->owner == from ? s : NULL;
}

/* (bit) -> status; out: session, buffer base, pages, client's buffer cap, MAC. */
static l4_word session_open(l4_word from, l4_word bit, l4_word out[5])
{
	bool dflt = false;
	struct session *s = NULL;
	if (!may_open(from, &dflt))
		return IG_EPERM;
	if (bit >= 64)
		return IG_EINVAL;
	reap();
	for (int i = 0; i < MAX_SESSIONS && !s; i++)
		if (!sessions[i].used)
			s = &sessions[i];
	if (!s)
		return IG_EBUSY;
	l4_word base, cap, ccap;
	if (ig_ms_create(NET_BUF_PAGES, IG_MS_R | IG_MS_W, &base, &cap) != IG_OK)
		return IG_ENOMEM;
	if (ig_ms_share(cap, from, IG_MS_R | IG_MS_W, &ccap) != IG_OK) {
		ig_ms_delete(cap);
		return IG_ENOMEM;
	}
	*s = (struct session){ .used = true, .dflt = dflt, .owner = from, .bit = bit, .buf = base, .buf_cap = cap };
	/* All of it touched now (zeroed: nothing of an earlier session's): the
	 * driver's mappings of its pages, and the kernel memory they take,
	 * come at open, not one by one as the ring first fills. */
	memset((void *)base, 0, NET_BUF_PAGES * 4096UL);
	s->token = (l4_word)(s - sessions) | (arch_entropy() << 24 >> 16 << 8);
	out[0] = s->token;
	out[1] = base;
	out[2] = NET_BUF_PAGES;
	out[3] = ccap;
	out[4] = 0;
	for (int i = 0; i < 6; i++)
		out[4] |= (l4_word)mac[i] << (8 * i);
	return IG_OK;
}

static l4_word claim(struct session *s, l4_word proto, l4_word port)
{
	struct claim *free = NULL;
	if ((proto != 6 && proto != 17) || !port || port > 65535)
		return IG_EINVAL;
	for (int i = 0; i < MAX_CLAIMS; i++) {
		if (claims[i].session < 0) {
			if (!free)
				free = &claims[i];
		} else if (claims[i].proto == proto && claims[i].port == port) {
			return claims[i].session == s - sessions ? IG_OK : IG_EEXIST;
		}
	}
	if (!free)
		return IG_EBUSY;
	*free = (struct claim){ (int)(s - sessions), (unsigned)proto, (unsigned)port };
	return IG_OK;
}

/* An IPv4 UDP/TCP frame's protocol and port (dst, else src); false for any other frame. */
static bool ip_port(const uint8_t *f, unsigned len, bool dst, unsigned *proto, unsigned *port)
{
	if (len < 34 || f[12] != 0x08 || f[13] != 0x00 || (f[14] >> 4) != 4)
		return false;
	unsigned ihl = (f[14] & 15) * 4u;
	*proto = f[23];
	if (ihl < 20 || len < 14 + ihl + 4 || (*proto != 6 && *proto != 17) || ((f[20] & 0x1f) | f[21]))
		return false;                /* not UDP/TCP, or a fragment after the first (no ports) */
	const uint8_t *p = f + 14 + ihl + (dst ? 2 : 0);
	*port = (unsigned)p[0] << 8 | p[1];
	return true;
}

/* The session a received frame goes to: its port's claimant, else the default client's. */
static struct session *route(const uint8_t *f, unsigned len)
{
	unsigned proto, port;
	if (ip_port(f, len, true, &proto, &port))
		for (int i = 0; i < MAX_CLAIMS; i++)
			if (claims[i].session >= 0 && claims[i].proto == proto && claims[i].port == port)
				return &sessions[claims[i].session];
	for (int i = 0; i < MAX_SESSIONS; i++)
		if (sessions[i].used && sessions[i].dflt)
			return &sessions[i];
	return NULL;
}

/* Copy a received frame into its session's next receive slot. The client's
 * rx_tail is read, never trusted: any value it holds only makes its own
 * ring look full. After publishing rx_head, a ring that was empty (the
 * client had taken everything) gets the client notified; the client stores
 * rx_tail before it reads rx_head again, so one of the two sees the other. */
static void deliver(const uint8_t *f, unsigned len)
{
	struct session *s = route(f, len);
	if (!s || len < 14 || len > NET_FRAME_MAX) {
		dropped++;
		return;
	}
	struct net_ring *r = (struct net_ring *)s->buf;
	uint32_t head = s->rx_head;
	if (head - r->rx_tail >= NET_RX_SLOTS) {
		r->rx_drops = r->rx_drops + 1;
		dropped++;
		return;
	}
	memcpy((uint8_t *)s->buf + NET_RX_OFF + (head % NET_RX_SLOTS) * NET_SLOT, f, len);
	r->rx_len[head % NET_RX_SLOTS] = len;
	vq_fence();
	r->rx_head = s->rx_head = head + 1;
	vq_fence();
	if (r->rx_tail == head)
		s->wake = true;
	rx_frames++;
}

static void rx_process(void)
{
	unsigned head, n = 0;
	uint32_t len;
	while (vq_pop(&rxq, &head, &len)) {
		if (head >= nrx)
			continue;
		if (len > VNET_HDR && len <= BUF - HDR_AT)
			deliver((const uint8_t *)(rxq.extra + head * BUF + HDR_AT + VNET_HDR), len - VNET_HDR);
		vq_push(&rxq, head);                 /* the buffer goes back to the device */
		n++;
	}
	if (n)
		vdev_notify(RXQ);
	bool gone = false;
	for (int i = 0; i < MAX_SESSIONS; i++)
		if (sessions[i].used && sessions[i].wake) {
			sessions[i].wake = false;
			if (l4_notify(sessions[i].owner, 1UL << sessions[i].bit) != L4_OK)
				gone = true;
		}
	if (gone)
		reap();
}

static void tx_reclaim(void)
{
	unsigned head;
	uint32_t len;
	while (vq_pop(&txq, &head, &len))
		if (head < TX_BUFS)
			tx_busy[head] = false;
}

/* The frame is copied first, then checked: the client cannot change it in
 * between. Queued for the device, which is not told (send()'s callers do). */
static l4_word queue_frame(struct session *s, l4_word slot, l4_word len)
{
	if (slot >= NET_TX_SLOTS || len < 14 || len > NET_FRAME_MAX)
		return IG_EINVAL;
	tx_reclaim();
	unsigned b = 0;
	while (b < TX_BUFS && (b >= txq.n || tx_busy[b]))
		b++;
	if (b == TX_BUFS)
		return IG_EBUSY;
	uint8_t *p = (uint8_t *)txq.extra + b * BUF + HDR_AT, *f = p + VNET_HDR;
	memset(p, 0, VNET_HDR);
	memcpy(f, (const uint8_t *)s->buf + NET_TX_OFF + slot * NET_SLOT, len);
	if (memcmp(f + 6, mac, 6))
		return IG_EPERM;                     /* not the card's source address */
	if (!s->dflt) {
		unsigned proto, port;
		bool ok = false;
		if (ip_port(f, (unsigned)len, false, &proto, &port))
			for (int i = 0; i < MAX_CLAIMS; i++)
				ok |= claims[i].session == s - sessions && claims[i].proto == proto && claims[i].port == port;
		if (!ok)
			return IG_EPERM;             /* only from the ports it claimed */
	}
	txq.desc[b] = (struct vq_desc){ txq.extra_pa + b * BUF + HDR_AT, (uint32_t)(VNET_HDR + len), 0, 0 };
	tx_busy[b] = true;
	vq_push(&txq, b);
	tx_frames++;
	return IG_OK;
}

static l4_word send(struct session *s, l4_word slot, l4_word len)
{
	l4_word st = queue_frame(s, slot, len);
	if (st == IG_OK)
		vdev_notify(TXQ);
	return st;
}

/* NET_SENDV: slots 0..n-1, each length read once from the ring (the client
 * may change it meanwhile: queue_frame() checks what it read). */
static l4_word sendv(struct session *s, l4_word n, l4_word out[6], int *nout)
{
	const struct net_ring *ring = (const struct net_ring *)s->buf;
	l4_word st = IG_OK, i;
	if (!n || n > NET_TX_SLOTS)
		return IG_EINVAL;
	for (i = 0; i < n; i++)
		if ((st = queue_frame(s, i, ring->tx_len[i])) != IG_OK)
			break;
	if (i)
		vdev_notify(TXQ);
	out[0] = i;
	*nout = 1;
	return st;
}

static l4_word request(l4_word from, l4_word op, const l4_word *a, l4_word out[6], int *nout)
{
	struct session *s = NULL;
	*nout = 0;
	if (op == NET_OPEN) {
		*nout = 5;
		return session_open(from, a[0], out);
	}
	if (op == NET_STATS) {
		reap();
		out[0] = 0;
		for (int i = 0; i < MAX_SESSIONS; i++)
			out[0] += sessions[i].used;
		out[1] = rx_frames;
		out[2] = tx_frames;
		out[3] = irqs;
		out[4] = refused;
		out[5] = dropped;
		*nout = 6;
		return IG_OK;
	}
	if (op < NET_SEND || op > NET_SENDV || op == NET_STATS)
		return IG_EINVAL;
	if (!(s = session_of(a[0], from)))
		return IG_ECAP;
	switch (op) {
	case NET_SEND:
		return send(s, a[1], a[2]);
	case NET_SENDV:
		return sendv(s, a[1], out, nout);
	case NET_CLAIM:
		return claim(s, a[1], a[2]);
	default:
		session_close(s);
		return IG_OK;
	}
}

static bool queues_setup(void)
{
	if (!vq_create(&rxq, RXQ, 256, RX_BUFS * BUF / 4096, "net") ||
	    !vq_create(&txq, TXQ, 256, TX_BUFS * BUF / 4096, "net"))
		return false;
	nrx = rxq.n < RX_BUFS ? rxq.n : RX_BUFS;
	for (unsigned i = 0; i < nrx; i++) {
		rxq.desc[i] = (struct vq_desc){ rxq.extra_pa + i * BUF + HDR_AT, BUF - HDR_AT, VQ_DESC_WRITE, 0 };
		vq_push(&rxq, i);
	}
	txq.avail[0] = VQ_AVAIL_NO_INTERRUPT;    /* sent buffers are taken back at the next send */
	vdev_driver_ok();
	vdev_notify(RXQ);
	return true;
}

int main(struct ig_startinfo *si)
{
	uint32_t features = 0;
	for (int i = 0; i < MAX_CLAIMS; i++)
		claims[i].session = -1;
	if (!vdev_init(si, VIRTIO_ID_NET, "net", F_MAC, &dev_irq, &features))
		return 1;
	for (int i = 0; i < 6; i++)
		mac[i] = (features & F_MAC) ? vdev_config8((unsigned)i) : (uint8_t[]){ 0x52, 0x54, 0, 0x12, 0x34, 0x56 }[i];
	if (!queues_setup()) {
		printf("net: no usable virtio-net device\n");
		return 1;
	}
	if (ig_irq_attach((unsigned)dev_irq, 0) != IG_OK) {
		printf("net: cannot attach irq %lu (boot config: irq= or device=)\n", dev_irq);
		return 1;
	}
	parse_args(si->args);
	printf("net: MAC %02x:%02x:%02x:%02x:%02x:%02x, %u receive buffers; default client %s\n",
	       mac[0], mac[1], mac[2], mac[3], mac[4], mac[5], nrx, default_client[0] ? default_client : "(none)");
	if (ig_name_register("net") != IG_OK) {
		printf("net: cannot register the name 'net'\n");
		return 1;
	}
	l4_word *mr = l4_utcb()->mr;
	struct l4_msg m = { 0 };
	for (;;) {
		l4_receive(L4_ANYTHREAD, L4_TIMEOUT_NEVER, &m);
		if (L4_TAG_LABEL(m.tag) == L4_LABEL_NOTIFY) {
			irqs++;
			vdev_irq_ack();
			rx_process();
			tx_reclaim();
			l4_irq_ack(dev_irq);
			continue;
		}
		l4_word a[4] = { m.mr[0], m.mr[1], m.mr[2], m.mr[3] }, out[6];
		int n;
		l4_word st = request(m.from, L4_TAG_LABEL(m.tag), a, out, &n);
		if (st != IG_OK) {
			refused++;
			if (L4_TAG_LABEL(m.tag) != NET_SENDV)
				n = 0;           /* NET_SENDV says how many it took all the same */
		}
		mr[0] = st;
		for (int i = 0; i < n; i++)
			mr[1 + i] = out[i];
		struct l4_msg r = { .tag = L4_TAG(0, 1 + n, 0), .mr = { mr[0], mr[1], mr[2], mr[3] } };
		l4_send(m.from, 0, &r);
	}
}
