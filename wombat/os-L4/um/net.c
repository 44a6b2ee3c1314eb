// SPDX-License-Identifier: GPL-2.0
/*
 * Wombat os-L4: the network card, Linux side: net_device "eth0", a stub of
 * Iguana's virtio-net driver domain (nethost.c has the protocol).
 *
 * Sending copies the frame into the next send slot of the buffer the driver
 * shares with Wombat; while Linux says more frames follow at once
 * (netdev_xmit_more(): the segments of one TCP send, GSO) or the frame was
 * sent from the receive poll (TCP's acknowledgements, and the segments
 * that acknowledgements release: sent at the end of the poll) and slots are
 * left, that is all; else one NET_SENDV gives the driver every frame
 * waiting, which it copies for the device and tells the device of once
 * (so the slots are free again when it returns; a frame the driver cannot
 * take now is dropped and counted, TCP sends it again).  Each call is two
 * address-space switches: the fewer, the better.
 * Receiving is NAPI: the driver's notification is eth0's interrupt (on
 * the pseudo-fd WOMBAT_NET_FD, irq.c), which schedules the poll; the poll
 * takes frames from the ring until it is empty or the budget is spent.
 * No checksum offload: Linux computes and checks checksums itself.
 */
#include <linux/etherdevice.h>
#include <linux/init.h>
#include <linux/interrupt.h>
#include <linux/module.h>
#include <linux/netdevice.h>
#include <linux/skbuff.h>
#include <linux/vmalloc.h>
#include <irq_kern.h>

int wombat_net_open(unsigned long *buf, unsigned long *size, unsigned char mac[6], const char **why, int again);
unsigned wombat_net_rx_next(void);
int wombat_net_rx_take(void *dst, unsigned len);
unsigned long wombat_net_rx_drops(void);
int wombat_net_tx_put(unsigned slot, const void *frame, unsigned long len);
unsigned long wombat_net_sendv(unsigned n, unsigned *sent);
int wombat_net_gone(void);
int wombat_driver_buffer(unsigned long b, unsigned long size, const char *who);   /* drvbuf.c */

static struct net_device *eth;
static struct napi_struct napi;
static unsigned long send_errors;
static unsigned char frame[ETH_FRAME_LEN];
extern const unsigned wombat_net_tx_slots;   /* nethost.c: NET_TX_SLOTS */
#define TX_MAX 8                        /* at most as many frames wait (slots permitting) */
static unsigned tx_waiting;             /* frames in send slots 0..tx_waiting-1, not yet sent */
static unsigned short tx_len[TX_MAX];
static bool in_poll;                    /* eth_poll() runs: it sends what waits at its end */

/*
 * A driver that stops (restarted by Iguana) takes the session and its buffer
 * with it: the ring's accesses fail instead of faulting (nethost.c), the
 * carrier goes off, and once a second a new session is tried until the
 * restarted driver gives one; then the carrier is back.
 */
static void eth_reconnect(struct work_struct *w);
static DECLARE_DELAYED_WORK(reconnect_work, eth_reconnect);

static void eth_lost(void)
{
	if (netif_carrier_ok(eth)) {
		netif_carrier_off(eth);
		netdev_warn(eth, "the network driver is gone: trying a new session every second\n");
		schedule_delayed_work(&reconnect_work, HZ);
	}
}

static void eth_reconnect(struct work_struct *w)
{
	unsigned long b, size;
	unsigned char mac[6];
	const char *why = "";

	if (wombat_net_open(&b, &size, mac, &why, 1) < 0 || wombat_driver_buffer(b, size, "eth0")) {
		schedule_delayed_work(&reconnect_work, HZ);
		return;
	}
	netdev_info(eth, "a new session of the restarted network driver, buffer at 0x%lx\n", b);
	netif_carrier_on(eth);
	napi_schedule(&napi);
}

/* The frames waiting in the send slots to the driver, with one call. */
static void eth_flush(struct net_device *dev)
{
	unsigned sent = 0, n = tx_waiting;
	unsigned long st;

	if (!n)
		return;
	tx_waiting = 0;
	st = wombat_net_sendv(n, &sent);
	if (wombat_net_gone()) {
		dev->stats.tx_dropped += n;
		eth_lost();
		return;
	}
	dev->stats.tx_packets += sent;
	for (unsigned i = 0; i < sent && i < n; i++)
		dev->stats.tx_bytes += tx_len[i];
	if (sent < n) {
		dev->stats.tx_dropped += n - sent;
		if (st != 8 && send_errors++ < 10)   /* 8: IG_EBUSY, the device's buffers all in flight */
			netdev_err(dev, "send of %u frames refused after %u: driver status %lu\n", n, sent, st);
	}
}

static netdev_tx_t eth_xmit(struct sk_buff *skb, struct net_device *dev)
{
	unsigned long len = skb->len;

	if (!netif_carrier_ok(dev) || len > ETH_FRAME_LEN || skb_copy_bits(skb, 0, frame, len)) {
		dev->stats.tx_dropped++;
		goto out;
	}
	if (len < ETH_ZLEN) {
		memset(frame + len, 0, ETH_ZLEN - len);
		len = ETH_ZLEN;
	}
	if (wombat_net_tx_put(tx_waiting, frame, len)) {
		dev->stats.tx_dropped += tx_waiting + 1;
		tx_waiting = 0;
		eth_lost();
		goto out;
	}
	tx_len[tx_waiting++] = (unsigned short)len;
out:
	/* Also after a frame dropped above: those before it must not wait. */
	if (tx_waiting && ((!netdev_xmit_more() && !in_poll) ||
			   tx_waiting == min_t(unsigned, TX_MAX, wombat_net_tx_slots)))
		eth_flush(dev);
	dev_consume_skb_any(skb);
	return NETDEV_TX_OK;
}

static int eth_poll_frames(struct napi_struct *n, int budget);

static int eth_poll(struct napi_struct *n, int budget)
{
	int done;

	in_poll = true;
	done = eth_poll_frames(n, budget);
	in_poll = false;
	eth_flush(n->dev);
	return done;
}

static int eth_poll_frames(struct napi_struct *n, int budget)
{
	struct net_device *dev = n->dev;
	int done = 0;

	while (done < budget && netif_carrier_ok(dev)) {
		unsigned len = wombat_net_rx_next();
		struct sk_buff *skb;

		if (!len)
			break;
		skb = napi_alloc_skb(n, len);
		if (!skb) {
			dev->stats.rx_dropped++;
			wombat_net_rx_take(NULL, 0);
			continue;
		}
		if (wombat_net_rx_take(skb_put(skb, len), len)) {
			kfree_skb(skb);
			break;
		}
		skb->protocol = eth_type_trans(skb, dev);
		dev->stats.rx_packets++;
		dev->stats.rx_bytes += len;
		napi_gro_receive(n, skb);
		done++;
	}
	if (wombat_net_gone()) {
		eth_lost();
		napi_complete_done(n, done);
		return done;
	}
	dev->stats.rx_fifo_errors = wombat_net_rx_drops();
	/* A frame that came after the last look notifies (the ring was empty),
	 * and that interrupt reschedules us; the look below covers the rest. */
	if (done < budget && napi_complete_done(n, done)) {
		if (wombat_net_rx_next())
			napi_schedule(n);
	}
	return done;
}

static irqreturn_t eth_interrupt(int irq, void *dev_id)
{
	napi_schedule(&napi);
	return IRQ_HANDLED;
}

static int eth_open(struct net_device *dev)
{
	napi_enable(&napi);
	netif_start_queue(dev);
	napi_schedule(&napi);        /* frames that came while it was down */
	return 0;
}

static int eth_stop(struct net_device *dev)
{
	netif_stop_queue(dev);
	napi_disable(&napi);
	return 0;
}

static const struct net_device_ops eth_ops = {
	.ndo_open = eth_open,
	.ndo_stop = eth_stop,
	.ndo_start_xmit = eth_xmit,
	.ndo_validate_addr = eth_validate_addr,
};

static int __init eth_init(void)
{
	unsigned long b, size;
	unsigned char mac[6];
	const char *why = "";
	int fd, err;

	fd = wombat_net_open(&b, &size, mac, &why, 0);
	if (fd < 0) {
		pr_info("eth0: no network card: %s\n", why);
		return 0;
	}
	/* Reserved in the vmalloc range like the disk's buffer (drvbuf.c). */
	err = wombat_driver_buffer(b, size, "eth0");
	if (err)
		return err;

	eth = alloc_etherdev(0);
	if (!eth)
		return -ENOMEM;
	eth_hw_addr_set(eth, mac);
	eth->netdev_ops = &eth_ops;
	netif_napi_add(eth, &napi, eth_poll);
	err = um_request_irq(UM_ETH_IRQ, fd, IRQ_READ, eth_interrupt, 0, "eth0", eth);
	if (err < 0) {
		pr_err("eth0: no interrupt (%d)\n", err);
		free_netdev(eth);
		return err;
	}
	err = register_netdev(eth);
	if (err) {
		um_free_irq(UM_ETH_IRQ, eth);
		free_netdev(eth);
		return err;
	}
	pr_info("eth0: MAC %pM, a session of Iguana's network driver, buffer %lu KiB at 0x%lx\n",
		mac, size >> 10, b);
	return 0;
}
device_initcall(eth_init);
