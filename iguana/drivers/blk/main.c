/* Block driver: the one driver of a virtio-blk disk (virtio_dev.h: legacy
 * PCI on the PC, virtio-mmio on virt), shared by several clients. Each
 * client domain gets the region of the disk its boot config names
 * (`-- disk=DOMAIN:START:SECTORS ...`) through a session: an unguessable
 * token bound to the thread that opened it, and a buffer section this
 * driver owns and shares with the client. Requests are queued on the
 * device (one virtqueue, three descriptors each) and answered from its
 * interrupt. Only this domain programs DMA: into its own sections, whose
 * physical addresses Iguana gives it because its boot config says `dma`,
 * and, for a client that lends it its memory (IG_MS_LEND: Wombat's RAM),
 * straight into the client's pages its requests name (BLK_READV,
 * BLK_WRITEV: zero-copy), each checked to lie in the lent section; an
 * ig_dma_watch per session keeps those frames alive while the device may
 * still use them (abi: IG_MS_LEND). */
#include <iguana/libiguana.h>
#include <stdio.h>
#include <string.h>
#include <stdlib.h>
#include <stdint.h>
#include "../virtio/virtio_dev.h"

#define MAX_SESSIONS 8
#define MAX_REGIONS  8
#define BUF_PAGES    256             /* each session's buffer: 1 MiB (a sequential request whole) */
#define MAX_SLOTS    64              /* requests on the device at once */
#define PAGE         4096UL
#define REQ_QUEUED   (~0UL)           /* no reply now: the device answers (complete()) */
#define IND_PAGES    2                /* per slot: a vectored request's indirect table */
#define PA_CACHE     512              /* per session: physical addresses of lent pages, direct mapped */
#define VQ_RING_F_INDIRECT (1u << 28)
_Static_assert(IND_PAGES * PAGE / 16 >= BLK_MAX_SEGS + 2, "an indirect table holds header, every range, status");

struct blk_hdr { uint32_t type, reserved; uint64_t sector; };
#define BLK_T_IN    0
#define BLK_T_OUT   1
#define BLK_T_FLUSH 4
#define BLK_F_FLUSH (1u << 9)          /* the device has a write cache, flushed on request */

struct region { char name[32]; l4_word start, count; };
static struct region regions[MAX_REGIONS];
static int nregions;

struct session {
	bool used, closing;          /* closing: freed once its requests are done */
	l4_word token, owner;        /* owner: the thread that opened it, the only one that may use it */
	struct region *r;
	l4_word buf, buf_cap, buf_pa;
	unsigned inflight;
	l4_word lend_cap, lend_pages;   /* the client's lent memory (0: none), its size */
	struct { l4_word page, pa; } pa_cache[PA_CACHE];
};
static struct session sessions[MAX_SESSIONS];
/* The in-flight records Iguana reads (abi: struct ig_dma_watch), in our own image. */
static struct ig_dma_watch watches[MAX_SESSIONS];

struct slot { bool busy, lent; int session; l4_word client; };
static struct slot slots[MAX_SLOTS];

/* Queue 0 (virtqueue.c: the legacy layout), followed by a page of request
 * headers and status bytes; all in one section of consecutive frames. */
static struct vq vq;
static struct {
	unsigned nslots;
	volatile struct blk_hdr *hdr;
	volatile uint8_t *status;
	l4_word hdr_pa, status_pa;
	l4_word ind, ind_pa;             /* the slots' indirect tables (0: the device has none) */
} q;
static l4_word disk_sectors, dev_irq, done, irqs, refused;
static uint32_t features;            /* accepted: BLK_F_FLUSH or none */

static bool queue_setup(void)
{
	bool ind = features & VQ_RING_F_INDIRECT;
	if (!vq_create(&vq, 0, 256, 1 + (ind ? IND_PAGES * MAX_SLOTS : 0), "blk"))
		return false;
	q.nslots = vq.n / 3 < MAX_SLOTS ? vq.n / 3 : MAX_SLOTS;
	q.hdr = (volatile struct blk_hdr *)vq.extra;
	q.status = (volatile uint8_t *)(vq.extra + 2048);
	q.hdr_pa = vq.extra_pa;
	q.status_pa = q.hdr_pa + 2048;
	if (ind) {
		q.ind = vq.extra + PAGE;
		q.ind_pa = vq.extra_pa + PAGE;
	}
	vdev_driver_ok();
	return true;
}

/* "disk=NAME:START:SECTORS" words of the boot-config arguments. */
static void parse_regions(const char *args)
{
	for (const char *p = strstr(args, "disk="); p && nregions < MAX_REGIONS; p = strstr(p, "disk=")) {
		struct region *r = &regions[nregions];
		char *e;
		p += 5;
		unsigned k = 0;
		while (*p && *p != ':' && k < sizeof(r->name) - 1)
			r->name[k++] = *p++;
		r->name[k] = 0;
		if (*p != ':')
			continue;
		r->start = strtoul(p + 1, &e, 0);
		if (*e != ':')
			continue;
		r->count = strtoul(e + 1, &e, 0);
		if (!r->count || r->start >= disk_sectors || r->count > disk_sectors - r->start) {
			printf("blk: region %s:%lu:%lu is not on the disk (%lu sectors): ignored\n",
			       r->name, r->start, r->count, disk_sectors);
			continue;
		}
		nregions++;
	}
}

static struct region *region_of(l4_word client)
{
	l4_word o[1 + IG_NAME_WORDS] = { 0 };
	if (ig_call(IG_PD_WHO, &client, 1, o, 1 + IG_NAME_WORDS) != IG_OK || (o[0] & IG_WHO_CHILD))
		return NULL;
	for (int i = 0; i < nregions; i++)
		if (!strncmp(regions[i].name, (char *)&o[1], sizeof(regions[i].name)))
			return &regions[i];
	return NULL;
}

static void session_free(struct session *s)
{
	ig_ms_delete(s->buf_cap);            /* detaches it from the client too */
	if (s->lend_cap)
		ig_ms_delete(s->lend_cap);   /* its lent memory given back (IG_ECAP: already freed) */
	memset(&watches[s - sessions], 0, sizeof(watches[0]));
	memset(s, 0, sizeof(*s));
}

/* The client's memory, lent for zero-copy requests: used if Iguana takes
 * our record of it (ig_ms_watch: also checks that the client owns it and
 * that no other record watches it). If not, the capability is left alone:
 * it may be another client's (giving it back would undo that lend). */
static bool session_lend(struct session *s, l4_word cap)
{
	l4_word info[2];
	if (!q.ind || ig_call(IG_MS_INFO, &cap, 1, info, 2) != IG_OK ||
	    ig_ms_watch(cap, &watches[s - sessions], s->owner) != IG_OK)
		return false;
	s->lend_cap = cap;
	s->lend_pages = info[1];
	return true;
}

/* The physical address of page `page` of s's lent memory, 0 if Iguana
 * refuses it (the owner deleted it). */
static l4_word lent_pa(struct session *s, l4_word page)
{
	unsigned h = page % PA_CACHE;
	l4_word pa;
	if (s->pa_cache[h].pa && s->pa_cache[h].page == page)
		return s->pa_cache[h].pa;
	if (ig_ms_phys(s->lend_cap, page, &pa) != IG_OK)
		return 0;
	s->pa_cache[h].page = page;
	s->pa_cache[h].pa = pa;
	return pa;
}

static void session_close(struct session *s)
{
	s->closing = true;
	if (!s->inflight)
		session_free(s);
}

/* Sessions whose opener is gone (stopped, restarted): exregs on another
 * domain's thread is L4_EPERM while it lives, L4_ENOTHREAD after. */
static void reap(void)
{
	for (int i = 0; i < MAX_SESSIONS; i++) {
		struct l4_exregs r = { 0 };
		if (sessions[i].used && !sessions[i].closing && l4_exregs(sessions[i].owner, 0, &r) == L4_ENOTHREAD) {
			printf("blk: session %d: its client is gone, closed\n", i);
			session_close(&sessions[i]);
		}
	}
}

static struct session *session_of(l4_word token, l4_word from)
{
	l4_word i = token & 0xff;
	struct session *s = &sessions[i < MAX_SESSIONS ? i : 0];
	return i < MAX_SESSIONS && s->used && !s->closing && s->token == token && s->owner == from ? s : NULL;
}

/* (lent memory cap or 0) -> status; out: session, buffer base, pages, region
 * sectors, client's buffer cap, flags (BLK_OPEN_ZEROCOPY). */
static l4_word session_open(l4_word from, l4_word lend, l4_word out[6])
{
	struct region *r = region_of(from);
	struct session *s = NULL;
	if (!r)
		return IG_EPERM;
	reap();
	for (int i = 0; i < MAX_SESSIONS && !s; i++)
		if (!sessions[i].used)
			s = &sessions[i];
	if (!s)
		return IG_EBUSY;
	l4_word base, cap, pa, ccap;
	if (ig_ms_create(BUF_PAGES, IG_MS_R | IG_MS_W | IG_MS_CONTIG, &base, &cap) != IG_OK)
		return IG_ENOMEM;
	if (ig_ms_phys(cap, 0, &pa) != IG_OK || ig_ms_share(cap, from, IG_MS_R | IG_MS_W, &ccap) != IG_OK) {
		ig_ms_delete(cap);
		return IG_ENOMEM;
	}
	*s = (struct session){ .used = true, .owner = from, .r = r, .buf = base, .buf_cap = cap, .buf_pa = pa };
	s->token = (l4_word)(s - sessions) | (arch_entropy() << 24 >> 16 << 8);
	out[0] = s->token;
	out[1] = base;
	out[2] = BUF_PAGES;
	out[3] = r->count;
	out[4] = ccap;
	out[5] = lend && session_lend(s, lend) ? BLK_OPEN_ZEROCOPY : 0;
	return IG_OK;
}

/* A free slot for a request of session s from `from`, or q.nslots. */
static unsigned slot_take(struct session *s, l4_word from)
{
	unsigned k = 0;
	while (k < q.nslots && slots[k].busy)
		k++;
	if (k < q.nslots) {
		slots[k] = (struct slot){ true, false, (int)(s - sessions), from };
		s->inflight++;
		q.status[k] = 0xff;
	}
	return k;
}

/* Three descriptors per slot: header, the client's buffer, status byte. */
static l4_word queue_rw(l4_word from, bool write, const l4_word *a)
{
	struct session *s = session_of(a[0], from);
	l4_word sector = a[1], count = a[2], off = a[3];
	if (!s)
		return IG_ECAP;
	if (!count || sector >= s->r->count || count > s->r->count - sector)
		return IG_EPERM;                             /* outside the client's region */
	if (off >= BUF_PAGES * PAGE || count > (BUF_PAGES * PAGE - off) / BLK_SECTOR)
		return IG_EINVAL;                            /* outside its buffer */
	unsigned k = slot_take(s, from), d = 3 * k;
	if (k == q.nslots)
		return IG_EBUSY;
	q.hdr[k] = (struct blk_hdr){ write ? BLK_T_OUT : BLK_T_IN, 0, s->r->start + sector };
	vq.desc[d] = (struct vq_desc){ q.hdr_pa + 16UL * k, 16, VQ_DESC_NEXT, (uint16_t)(d + 1) };
	vq.desc[d + 1] = (struct vq_desc){ s->buf_pa + off, (uint32_t)(count * BLK_SECTOR),
					   (uint16_t)(VQ_DESC_NEXT | (write ? 0 : VQ_DESC_WRITE)), (uint16_t)(d + 2) };
	vq.desc[d + 2] = (struct vq_desc){ q.status_pa + k, 1, VQ_DESC_WRITE, 0 };
	vq_push(&vq, d);
	vdev_notify(0);
	return REQ_QUEUED;
}

/* A zero-copy request of s is over (done or given up): when Iguana has
 * revoked the lent memory (its owner deleted it) and nothing else is on
 * the device, it goes back now. */
static void lend_done(struct session *s)
{
	struct ig_dma_watch *w = &watches[s - sessions];
	w->inflight--;
	if (w->revoked && !w->inflight && s->lend_cap) {
		ig_ms_delete(s->lend_cap);
		s->lend_cap = 0;
	}
}

static void slot_drop(unsigned k)
{
	struct session *s = &sessions[slots[k].session];
	if (slots[k].lent)
		lend_done(s);
	slots[k].busy = false;
	s->inflight--;
}

/* A vectored request: the segment list at the start of the session's
 * buffer names byte ranges of the client's lent memory, each within one
 * page; the device reads or writes them directly. One ring descriptor,
 * pointing at the slot's indirect table: header, the segments (merged
 * where their frames are consecutive), status byte. */
static l4_word queue_rwv(l4_word from, bool write, const l4_word *a)
{
	static struct blk_seg seg[BLK_MAX_SEGS];
	struct session *s = session_of(a[0], from);
	l4_word sector = a[1], count = a[2], nseg = a[3], total = 0;
	if (!s)
		return IG_ECAP;
	if (!s->lend_cap)
		return IG_EPERM;                             /* no lent memory (or revoked) */
	if (!count || sector >= s->r->count || count > s->r->count - sector)
		return IG_EPERM;                             /* outside the client's region */
	if (!nseg || nseg > BLK_MAX_SEGS)
		return IG_EINVAL;
	memcpy(seg, (void *)s->buf, nseg * sizeof(seg[0]));   /* the client may change its copy meanwhile */
	for (l4_word i = 0; i < nseg; i++) {
		if (!seg[i].len || seg[i].len > PAGE - seg[i].off % PAGE || seg[i].off / PAGE >= s->lend_pages)
			return IG_EINVAL;                    /* outside the lent memory, or across a page */
		total += seg[i].len;
	}
	if (total != count * BLK_SECTOR)
		return IG_EINVAL;
	unsigned k = slot_take(s, from), n = 0;
	if (k == q.nslots)
		return IG_EBUSY;
	struct ig_dma_watch *w = &watches[s - sessions];
	slots[k].lent = true;
	w->inflight++;                                       /* counted in, then revoked checked (abi) */
	vq_fence();
	volatile struct vq_desc *t = (volatile struct vq_desc *)(q.ind + k * IND_PAGES * PAGE);
	uint16_t dir = write ? 0 : VQ_DESC_WRITE;
	t[n++] = (struct vq_desc){ q.hdr_pa + 16UL * k, 16, VQ_DESC_NEXT, 1 };
	for (l4_word i = 0; i < nseg; i++) {
		l4_word pa = w->revoked ? 0 : lent_pa(s, seg[i].off / PAGE);
		if (!pa) {
			slot_drop(k);
			return IG_EPERM;
		}
		pa += seg[i].off % PAGE;
		if (n > 1 && t[n - 1].addr + t[n - 1].len == pa) {
			t[n - 1].len += (uint32_t)seg[i].len;
			continue;
		}
		t[n] = (struct vq_desc){ pa, (uint32_t)seg[i].len, (uint16_t)(VQ_DESC_NEXT | dir), (uint16_t)(n + 1) };
		n++;
	}
	t[n++] = (struct vq_desc){ q.status_pa + k, 1, VQ_DESC_WRITE, 0 };
	q.hdr[k] = (struct blk_hdr){ write ? BLK_T_OUT : BLK_T_IN, 0, s->r->start + sector };
	vq.desc[3 * k] = (struct vq_desc){ q.ind_pa + k * IND_PAGES * PAGE, n * 16U, VQ_DESC_INDIRECT, 0 };
	vq_push(&vq, 3 * k);
	vdev_notify(0);
	return REQ_QUEUED;
}

/* A flush: the device writes its cache (every completed write) to the
 * medium. Two descriptors: header, status. Without a cache (the device
 * did not offer BLK_F_FLUSH) a completed write is already there. */
static l4_word queue_flush(l4_word from, const l4_word *a)
{
	struct session *s = session_of(a[0], from);
	if (!s)
		return IG_ECAP;
	if (!(features & BLK_F_FLUSH))
		return IG_OK;
	unsigned k = slot_take(s, from), d = 3 * k;
	if (k == q.nslots)
		return IG_EBUSY;
	q.hdr[k] = (struct blk_hdr){ BLK_T_FLUSH, 0, 0 };
	vq.desc[d] = (struct vq_desc){ q.hdr_pa + 16UL * k, 16, VQ_DESC_NEXT, (uint16_t)(d + 2) };
	vq.desc[d + 2] = (struct vq_desc){ q.status_pa + k, 1, VQ_DESC_WRITE, 0 };
	vq_push(&vq, d);
	vdev_notify(0);
	return REQ_QUEUED;
}

/* Answer every request the device has finished. */
static void complete(void)
{
	bool gone = false;
	unsigned head;
	uint32_t len;
	while (vq_pop(&vq, &head, &len)) {
		unsigned k = head / 3;
		if (k >= q.nslots || !slots[k].busy)
			continue;
		struct session *s = &sessions[slots[k].session];
		struct l4_msg m = { .tag = L4_TAG(0, 1, 0), .mr = { q.status[k] == 0 ? IG_OK : IG_EIO } };
		if (l4_send(slots[k].client, 0, &m) != L4_OK)
			gone = true;                         /* the client was stopped meanwhile */
		slot_drop(k);
		done++;
		if (!s->inflight && s->closing)
			session_free(s);
	}
	if (gone)
		reap();
}

/* Returns the reply's status, or REQ_QUEUED (answered by complete()). */
static l4_word request(l4_word from, l4_word op, const l4_word *a, l4_word out[6], int *nout)
{
	struct session *s;
	*nout = 0;
	switch (op) {
	case BLK_OPEN:
		*nout = 6;
		return session_open(from, a[0], out);
	case BLK_READ:
	case BLK_WRITE:
		return queue_rw(from, op == BLK_WRITE, a);
	case BLK_READV:
	case BLK_WRITEV:
		return queue_rwv(from, op == BLK_WRITEV, a);
	case BLK_FLUSH:
		return queue_flush(from, a);
	case BLK_CLOSE:
		if (!(s = session_of(a[0], from)))
			return IG_ECAP;
		session_close(s);
		return IG_OK;
	case BLK_STATS:
		reap();
		out[0] = 0;
		for (int i = 0; i < MAX_SESSIONS; i++)
			out[0] += sessions[i].used;
		out[1] = done;
		out[2] = irqs;
		out[3] = refused;
		out[4] = disk_sectors;
		*nout = 5;
		return IG_OK;
	default:
		return IG_EINVAL;
	}
}

int main(struct ig_startinfo *si)
{
	memset(sessions, 0, sizeof(sessions));
	if (!vdev_init(si, VIRTIO_ID_BLOCK, "blk", BLK_F_FLUSH | VQ_RING_F_INDIRECT, &dev_irq, &features) ||
	    !queue_setup()) {
		printf("blk: no usable virtio-blk device\n");
		return 1;
	}
	disk_sectors = vdev_config32(0) | (l4_word)vdev_config32(4) << 32;   /* capacity */
	printf("blk: %lu sectors, %s, %s\n", disk_sectors,
	       features & BLK_F_FLUSH ? "a write cache flushed on request" : "no write cache",
	       q.ind ? "zero-copy requests (indirect descriptors)" : "no zero-copy requests (no indirect descriptors)");
	if (ig_irq_attach((unsigned)dev_irq, 0) != IG_OK) {
		printf("blk: cannot attach irq %lu (boot config: irq= or device=)\n", dev_irq);
		return 1;
	}
	parse_regions(si->args);
	for (int i = 0; i < nregions; i++)
		printf("blk: region for %s: sectors %lu..%lu\n", regions[i].name, regions[i].start,
		       regions[i].start + regions[i].count - 1);
	if (ig_name_register("blk") != IG_OK) {
		printf("blk: cannot register the name 'blk'\n");
		return 1;
	}
	l4_word *mr = l4_utcb()->mr;
	struct l4_msg m = { 0 };
	for (;;) {
		l4_receive(L4_ANYTHREAD, L4_TIMEOUT_NEVER, &m);
		if (L4_TAG_LABEL(m.tag) == L4_LABEL_NOTIFY) {
			irqs++;
			vdev_irq_ack();
			complete();
			l4_irq_ack(dev_irq);
			continue;
		}
		l4_word a[4] = { 0 }, out[6];
		for (unsigned i = 0; i < 4 && i < L4_TAG_U(m.tag); i++)
			a[i] = m.mr[i];
		int n;
		l4_word st = request(m.from, L4_TAG_LABEL(m.tag), a, out, &n);
		if (st == REQ_QUEUED)
			continue;
		if (st != IG_OK) {
			refused++;
			n = 0;
		}
		mr[0] = st;
		for (int i = 0; i < n; i++)
			mr[1 + i] = out[i];
		struct l4_msg r = { .tag = L4_TAG(0, 1 + n, 0), .mr = { mr[0], mr[1], mr[2], mr[3] } };
		l4_send(m.from, 0, &r);
	}
}
