/* necho: an Iguana client of the network driver that answers UDP echo
 * (port 7, claimed at the driver) on the card's own address, beside the
 * default client (Linux, or itest in the Iguana tests) that gets every
 * other frame. A reply is the request with its addresses and ports
 * swapped: the IPv4 and UDP checksums stay valid (sums of the same words).
 * It waits for the driver's notification (bit 3) when its ring is empty. */
#include <iguana/libiguana.h>
#include <stdio.h>
#include <string.h>

#define BIT  3
#define PORT 7

static void swap(unsigned char *a, unsigned char *b, unsigned n)
{
	for (unsigned i = 0; i < n; i++) {
		unsigned char t = a[i];
		a[i] = b[i];
		b[i] = t;
	}
}

int main(struct ig_startinfo *si)
{
	struct net_session s;
	cons_use_for_stdio(si->name);
	l4_word st = net_open(&s, BIT);
	if (st != IG_OK) {
		printf("necho: no network session (%lu)\n", st);
		return 1;
	}
	st = net_claim(&s, 17, PORT);
	/* Only the default client may send what it likes: a UDP frame from a
	 * port this client did not claim is refused. */
	unsigned char *o = s.tx;
	memset(o, 0, 60);
	for (int i = 0; i < 6; i++)
		o[6 + i] = (unsigned char)(s.mac >> (8 * i));
	o[12] = 0x08, o[14] = 0x45, o[23] = 17, o[35] = 9;       /* IPv4, UDP, from port 9 */
	if (net_send(&s, 0, 60) == IG_EPERM)
		printf("necho: sending from a port it did not claim is refused\n");
	printf("necho: answering UDP port %d (claim: %lu)\n", PORT, st);
	unsigned long answered = 0;
	for (;;) {
		unsigned char *f;
		unsigned len;
		while ((len = net_rx_next(&s, &f))) {
			unsigned ihl = (f[14] & 15) * 4u;
			if (len >= 14 + ihl + 8 && f[23] == 17 && (f[14 + ihl + 2] << 8 | f[14 + ihl + 3]) == PORT) {
				unsigned char *o = s.tx;
				memcpy(o, f, len);
				memcpy(o, f + 6, 6);                       /* to the sender */
				for (int i = 0; i < 6; i++)
					o[6 + i] = (unsigned char)(s.mac >> (8 * i));
				swap(o + 26, o + 30, 4);                   /* IPv4 addresses */
				swap(o + 14 + ihl, o + 14 + ihl + 2, 2);   /* UDP ports */
				st = net_send(&s, 0, len);
				if (answered++ < 3)
					printf("necho: echoed %u bytes to %u.%u.%u.%u:%u (%lu)\n", len - 14 - ihl - 8,
					       o[30], o[31], o[32], o[33], o[14 + ihl + 2] << 8 | o[14 + ihl + 3], st);
			}
			net_rx_done(&s);
		}
		struct l4_msg m = { 0 };
		if (!net_rx_next(&s, &f))
			l4_receive(L4_NOTIFYONLY, L4_TIMEOUT_NEVER, &m);
	}
}
