// SPDX-License-Identifier: GPL-2.0
/*
 * Wombat os-L4: the network card, host side (net.c is Linux's eth0).
 *
 * Linux's card is a session of Iguana's virtio-net driver domain ("net",
 * iguana/drivers/net, docs/virtio.md): the driver owns a buffer section and
 * shares it with Wombat's domain (a ring of received frames and send
 * slots, struct net_ring in iguana_abi.h).  The driver copies each frame
 * for Linux (every one no Iguana client claimed by port) into the ring and
 * notifies WOMBAT_EV_NET when the ring was empty: that bit makes
 * WOMBAT_NET_FD ready (irq.c), and Linux's eth0 interrupt runs.  To send,
 * Linux copies frames into the send slots and calls NET_SENDV, which
 * returns once the driver has copied them for the device.  Linux never learns a
 * physical address and never programs the device.
 *
 * The buffer is mapped like the disk's (blkhost.c: reserved in Linux's
 * vmalloc range by net.c, foreign to mem.c, its pages brought in at open:
 * wombat_blk_map()).  Calls run with interrupts off (an upcall would reuse
 * the UTCB's message registers).
 */
#include <string.h>
#include <os.h>
#include <l4/syscalls.h>
#include <iguana_abi.h>
#include "stats.h"
#include "wombat.h"

static unsigned long net_tid, session, ring_size;
const unsigned wombat_net_tx_slots = NET_TX_SLOTS;
static struct net_ring *ring;

/* Reads or writes of the ring, which vanishes with a driver that stops
 * (blkhost.c's wombat_foreign_copy): -1 then, and the session is gone. */
static int gone;

static int ring_get(void *dst, const void *src, unsigned long n)
{
	if (!gone && wombat_foreign_copy(dst, src, n, ring, ring_size))
		gone = 1;
	return gone ? -1 : 0;
}

static int ring_put(void *dst, const void *src, unsigned long n)
{
	return ring_get(dst, src, n);
}

/* The session is gone (the driver stopped or was restarted). */
int wombat_net_gone(void)
{
	return gone;
}

/*
 * Opens Wombat's session: the buffer (*buf, *size bytes) and the card's
 * MAC.  The pseudo-fd whose readiness is the driver's notification, or -1
 * with *why: no driver, or the driver refuses (Linux is not its client).
 */
int wombat_net_open(unsigned long *buf, unsigned long *size, unsigned char mac[6], const char **why, int again)
{
	unsigned long *mr = l4_utcb()->mr, st;
	int flags = um_set_signals(0), ret = -1;

	if (again)
		net_tid = 0;               /* a restarted driver: look it up afresh */
	if (!net_tid)
		net_tid = wombat_lookup("net", 20);
	if (!net_tid) {
		*why = "no network driver (domain \"net\") in this system";
		goto out;
	}
	mr[0] = WOMBAT_EV_NET;
	st = wombat_call(net_tid, NET_OPEN, 1);
	if (st == IG_EPERM) {
		*why = "the network driver does not name Linux's domain as its client (default=wombat)";
	} else if (st != IG_OK || mr[3] != NET_BUF_PAGES) {
		*why = "the network driver refused a session";
	} else {
		session = mr[1];
		*buf = mr[2];
		*size = mr[3] * 4096;
		for (int i = 0; i < 6; i++)
			mac[i] = (unsigned char)(mr[5] >> (8 * i));   /* the reply's MR5: in the UTCB */
		ring = (struct net_ring *)*buf;
		ring_size = *size;
		gone = 0;
		ret = WOMBAT_NET_FD;
	}
out:
	um_set_signals(flags);
	return ret;
}

/* The length of the next received frame, 0 if none waits (or the session
 * is gone). */
unsigned wombat_net_rx_next(void)
{
	uint32_t t, h, len;

	if (ring_get(&t, (const void *)&ring->rx_tail, sizeof(t)))
		return 0;
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	if (ring_get(&h, (const void *)&ring->rx_head, sizeof(h)) || t == h)
		return 0;
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	if (ring_get(&len, (const void *)&ring->rx_len[t % NET_RX_SLOTS], sizeof(len)))
		return 0;
	return len > NET_FRAME_MAX ? NET_FRAME_MAX : len;
}

/* Takes the next frame (len bytes, as rx_next said) into dst and frees its
 * slot.  The driver notifies only when it finds the ring empty after adding
 * a frame: rx_tail is stored before rx_head is read again.  0, or -1 if the
 * session is gone. */
int wombat_net_rx_take(void *dst, unsigned len)
{
	uint32_t t;

	if (ring_get(&t, (const void *)&ring->rx_tail, sizeof(t)))
		return -1;
	if (dst && ring_get(dst, (char *)ring + NET_RX_OFF + (t % NET_RX_SLOTS) * NET_SLOT, len))
		return -1;
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	t++;
	if (ring_put((void *)&ring->rx_tail, &t, sizeof(t)))
		return -1;
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	return 0;
}

/* Frames the driver dropped for Linux because the ring was full. */
unsigned long wombat_net_rx_drops(void)
{
	uint32_t d = 0;

	if (ring)
		ring_get(&d, (const void *)&ring->rx_drops, sizeof(d));
	return d;
}

/* Puts a frame to send into send slot `slot`, its length beside it: 0, or
 * -1 if the session is gone. */
int wombat_net_tx_put(unsigned slot, const void *frame, unsigned long len)
{
	uint32_t l = (uint32_t)len;

	if (ring_put((char *)ring + NET_TX_OFF + (slot % NET_TX_SLOTS) * NET_SLOT, frame, len))
		return -1;
	return ring_put((void *)&ring->tx_len[slot % NET_TX_SLOTS], &l, sizeof(l));
}

/* Sends the frames in send slots 0..n-1 with one call (NET_SENDV): IG_OK or
 * the driver's status (~0: gone); *sent frames were taken either way. */
unsigned long wombat_net_sendv(unsigned n, unsigned *sent)
{
	unsigned long *mr = l4_utcb()->mr, st;
	int flags = um_set_signals(0);

	mr[0] = session;
	mr[1] = n;
	st = wombat_call(net_tid, NET_SENDV, 2);
	*sent = st == IG_OK || st == IG_EBUSY ? (unsigned)mr[1] : 0;
	um_set_signals(flags);
	wombat_stats.net_send_calls++;
	wombat_stats.net_frames_sent += *sent;
	if (st == ~0UL || st == IG_ECAP)     /* no reply, or a driver that does not know us */
		gone = 1;
	return st;
}

