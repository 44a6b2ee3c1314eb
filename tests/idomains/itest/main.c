/* itest: the Iguana test domain (admin). Each test prints TEST name PASS|FAIL. */
#include <iguana/libiguana.h>
#include <stdio.h>
#include <string.h>
#include <stdbool.h>

static int passed, failed, failed_now;
#define CHECK(c) do { if (!(c)) { printf("    check failed: %s (line %d)\n", #c, __LINE__); failed_now = 1; } } while (0)
#define TEST(name, desc, ...) do { failed_now = 0; __VA_ARGS__; \
	printf("TEST %-34s %s  # %s\n", name, failed_now ? "FAIL" : "PASS", desc); \
	failed_now ? failed++ : passed++; } while (0)

static struct ig_startinfo *si;

/* IG_DOMAIN_LIST's word `k` for the boot-config domain `name`; `none` if there is none. */
static l4_word domain_word(const char *name, int k, l4_word none)
{
	for (l4_word i = 0;; i++) {
		l4_word o[8];
		if (ig_call(IG_DOMAIN_LIST, &i, 1, o, 8) != IG_OK)
			return none;
		if (!strncmp((char *)&o[1], name, 32))
			return o[k];
	}
}
static l4_word domain_state(const char *name) { return domain_word(name, 0, IG_DS_NONE); }
static l4_word domain_held(const char *name) { return domain_word(name, 7, ~0UL); }   /* pages kept for its device */

static l4_word by_name(l4_word op, const char *name)
{
	l4_word w[IG_NAME_WORDS] = { 0 };
	strncpy((char *)w, name, sizeof(w) - 1);
	return ig_call(op, w, IG_NAME_WORDS, 0, 0);
}

static l4_word ping(l4_word v)
{
	l4_word echo;
	if (ig_name_lookup("echo", &echo) != IG_OK)
		return 0;
	struct l4_msg m = { .tag = L4_TAG(1, 1, 0), .mr = { v } };
	if (l4_ipc(echo, echo, L4_TIMEOUTS(100000, 100000), &m) != L4_OK)
		return 0;
	return m.mr[0];
}

/* --- a child domain running our own code at the same addresses --------------- */
static volatile l4_word child_seen, child_done;
static l4_word shared_base;

static void child_main(void)
{
	volatile l4_word *shared = (volatile l4_word *)shared_base;
	child_seen = shared[0];
	shared[1] = 0xc0ffee;
	child_done = 1;
	for (;;)
		l4_receive(l4_utcb()->tid, L4_TIMEOUT_NEVER, &(struct l4_msg){ 0 });
}

static void idle_child(void)
{
	for (;;)
		l4_receive(l4_utcb()->tid, L4_TIMEOUT_NEVER, &(struct l4_msg){ 0 });
}

static volatile l4_word *forbidden;
static void child_trespass(void)
{
	child_done = 2;
	child_seen = *forbidden;          /* not attached to the child: Iguana stops it */
	child_done = 3;
	for (;;)
		;
}

static volatile long child_session;
static char console_stack[8192] __attribute__((aligned(16)));
static void child_console(void)
{
	child_session = cons_open("child");
	child_done = 1;
	for (;;)
		l4_receive(l4_utcb()->tid, L4_TIMEOUT_NEVER, &(struct l4_msg){ 0 });
}

static l4_word child_pd(void (*fn)(void), l4_word *stack_cap)
{
	return ig_child_spawn(fn, 50, 64, stack_cap);
}

static bool wait_until(volatile l4_word *v, l4_word want, int ms)
{
	for (int i = 0; i < ms && *v != want; i++)
		sleep_ms(1);
	return *v == want;
}


/* --- the block driver (blk_*): only where the board's configuration has one ---- */
static volatile l4_word child_blk_open, child_blk_use;
static l4_word itest_token, iguana_tid;
static void child_blk(void)
{
	l4_word a[4] = { itest_token, 0, 1, 0 };
	/* Look the driver up (which lets this domain send to it) by hand: the
	 * start info libiguana's calls read is not attached here. */
	struct l4_msg m = { .tag = L4_TAG(IG_NAME_LOOKUP, IG_NAME_WORDS, 0), .mr = { 0x6b6c62 } };
	l4_call(iguana_tid, &m);
	child_blk_open = blk_call(BLK_OPEN, 0, 0, 0, 0);
	child_blk_use = blk_call(BLK_READ, a, 4, 0, 0);    /* itest's session, not this domain's */
	child_done = 1;
	for (;;)
		l4_receive(l4_utcb()->tid, L4_TIMEOUT_NEVER, &(struct l4_msg){ 0 });
}

/* dmat (tests/idomains/dmat): a stand-in borrower of lent memory. */
enum { DMAT_PING = 1, DMAT_BORROW, DMAT_BUSY, DMAT_PHYS, DMAT_DONE };
static l4_word dmat_call(l4_word dmat, l4_word op, l4_word a, l4_word b, l4_word r[3])
{
	struct l4_msg m = { .tag = L4_TAG(op, 2, 0), .mr = { a, b } };
	if (l4_call(dmat, &m) != L4_OK)
		return ~0UL;
	r[0] = m.mr[0];
	r[1] = m.mr[1];
	r[2] = m.mr[2];
	return r[0];
}

static int blk_pattern_ok(struct blk_session *s, l4_word sector, l4_word n, unsigned char seed)
{
	if (!s->buf)
		return 0;
	for (l4_word i = 0; i < n * BLK_SECTOR; i++)
		s->buf[i] = (unsigned char)(seed + i * 13 + i / 509);
	if (blk_write(s, sector, n, 0) != IG_OK)
		return 0;
	memset(s->buf, 0, n * BLK_SECTOR);
	if (blk_read(s, sector, n, 0) != IG_OK)
		return 0;
	for (l4_word i = 0; i < n * BLK_SECTOR; i++)
		if (s->buf[i] != (unsigned char)(seed + i * 13 + i / 509))
			return 0;
	return 1;
}

static int blk_tests(void)
{
	struct blk_session s = { 0 };
	l4_word st[5] = { 0 }, st2[5] = { 0 };
	TEST("blk_write_read", "the block driver writes a pattern and reads it back through the shared buffer, by interrupts", {
		CHECK(blk_open(&s) == IG_OK);
		CHECK(s.sectors == 2048 && s.buf_size == 1048576 && s.buf);
		CHECK(blk_pattern_ok(&s, 100, 128, 1));            /* 64 KiB in one request */
		CHECK(blk_pattern_ok(&s, s.sectors - 1, 1, 2));    /* the region's last sector */
		l4_word fl[1] = { s.token }, fl_forged[1] = { s.token ^ (1UL << 30) };
		CHECK(blk_call(BLK_FLUSH, fl, 1, 0, 0) == IG_OK);    /* the device's write cache */
		CHECK(blk_call(BLK_FLUSH, fl_forged, 1, 0, 0) == IG_ECAP);
		CHECK(blk_call(BLK_STATS, 0, 0, st, 5) == IG_OK && st[1] >= 4 && st[2] > 0 && st[4] == 32768);
		printf("    %lu sessions, %lu requests done, %lu interrupts, disk of %lu sectors\n", st[0], st[1], st[2], st[4]);
	});
	itest_token = s.token;
	iguana_tid = si->iguana_tid;
	TEST("blk_out_of_region_refused", "requests outside the client's region or buffer, or with a forged session, are refused; the driver keeps serving", {
		l4_word bad[][4] = {
			{ s.token, s.sectors, 1, 0 }, { s.token, s.sectors - 1, 2, 0 }, { s.token, 0, 0, 0 },
			{ s.token, ~0UL, 2, 0 }, { s.token, 5, ~0UL / 2, 0 },
		};
		for (unsigned i = 0; i < sizeof bad / sizeof bad[0]; i++)
			CHECK(blk_call(BLK_READ, bad[i], 4, 0, 0) == IG_EPERM && blk_call(BLK_WRITE, bad[i], 4, 0, 0) == IG_EPERM);
		l4_word badbuf[][4] = { { s.token, 0, 1, s.buf_size }, { s.token, 0, 2, s.buf_size - 512 }, { s.token, 0, 1, ~0UL } };
		for (unsigned i = 0; i < sizeof badbuf / sizeof badbuf[0]; i++)
			CHECK(blk_call(BLK_WRITE, badbuf[i], 4, 0, 0) == IG_EINVAL);
		l4_word forged[4] = { s.token ^ (1UL << 30), 0, 1, 0 };
		CHECK(blk_call(BLK_READ, forged, 4, 0, 0) == IG_ECAP);
		CHECK(blk_call(77, forged, 4, 0, 0) == IG_EINVAL);
		CHECK(blk_pattern_ok(&s, 0, 8, 3));
	});
	TEST("blk_zerocopy", "a client lends the driver a section of its own (IG_MS_LEND): requests name its pages, out of order and in parts of pages, and the device writes and reads them directly; the copy path reads the same bytes; closed and deleted, every frame and capability goes back", {
		l4_word blk = 0, base = 0, cap = 0, lend = 0, o[6] = { 0 }, info0[5], info1[5];
		CHECK(ig_info(info0) == IG_OK);
		CHECK(ig_name_lookup("blk", &blk) == IG_OK);
		CHECK(ig_ms_create(8, IG_MS_R | IG_MS_W, &base, &cap) == IG_OK);
		CHECK(ig_ms_lend(cap, blk, &lend) == IG_OK);
		CHECK(blk_call(BLK_OPEN, &lend, 1, o, 6) == IG_OK && (o[5] & BLK_OPEN_ZEROCOPY));
		if (!failed_now) {
			struct blk_seg *list = (struct blk_seg *)o[1];
			unsigned char *m = (unsigned char *)base;
			for (unsigned i = 0; i < 8 * 4096; i++)
				m[i] = (unsigned char)(i * 7 + i / 4093 + 3);
			list[0] = (struct blk_seg){ 5 * 4096, 4096 };         /* 16 sectors from three places */
			list[1] = (struct blk_seg){ 2 * 4096, 2048 };
			list[2] = (struct blk_seg){ 7 * 4096 + 2048, 2048 };
			l4_word w[4] = { o[0], 300, 16, 3 }, r[4] = { o[0], 300, 16, 2 };
			CHECK(blk_call(BLK_WRITEV, w, 4, 0, 0) == IG_OK);
			CHECK(blk_read(&s, 300, 16, 0) == IG_OK && !memcmp(s.buf, m + 5 * 4096, 4096) &&
			      !memcmp(s.buf + 4096, m + 2 * 4096, 2048) && !memcmp(s.buf + 6144, m + 7 * 4096 + 2048, 2048));
			memset(m, 0, 2 * 4096);
			list[0] = (struct blk_seg){ 4096, 4096 };              /* read into pages 1 and 0, in that order */
			list[1] = (struct blk_seg){ 0, 4096 };
			CHECK(blk_call(BLK_READV, r, 4, 0, 0) == IG_OK && !memcmp(m + 4096, s.buf, 4096) &&
			      !memcmp(m, s.buf + 4096, 4096));
			CHECK(blk_call(BLK_CLOSE, o, 1, 0, 0) == IG_OK);
		}
		ig_ms_delete(cap);
		CHECK(ig_info(info1) == IG_OK && info1[0] == info0[0] && info1[1] == info0[1]);
		printf("    Iguana: %lu free frames, %lu caps before and after\n", info1[0], info1[1]);
	});
	TEST("blk_zerocopy_refused", "zero-copy requests naming memory past the lent section, across a page, of the wrong total, with no or too many segments, outside the region, with a forged session or from a session without lent memory are refused; so is lending to a domain without dma, lending another's section, a watch record from anyone but the borrower; once the owner deletes the section, its session's requests are refused at once and its frames go back", {
		l4_word blk = 0, echo = 0, base = 0, cap = 0, lend = 0, other = 0, o[6] = { 0 }, info0[5], info1[5];
		static struct ig_dma_watch mine;
		CHECK(ig_info(info0) == IG_OK);
		CHECK(ig_name_lookup("blk", &blk) == IG_OK && ig_name_lookup("echo", &echo) == IG_OK);
		CHECK(ig_ms_create(4, IG_MS_R | IG_MS_W, &base, &cap) == IG_OK);
		CHECK(ig_ms_lend(cap, echo, &other) == IG_EINVAL);             /* echo has no dma */
		CHECK(ig_ms_lend(cap ^ (1UL << 40), blk, &other) == IG_ECAP);
		CHECK(ig_ms_lend(s.buf_cap, blk, &other) == IG_EPERM);         /* the driver's section, not ours */
		CHECK(ig_ms_lend(cap, blk, &lend) == IG_OK);
		CHECK(ig_ms_watch(cap, &mine, l4_utcb()->tid) == IG_EPERM);    /* we own it; we did not borrow it */
		CHECK(blk_call(BLK_OPEN, &lend, 1, o, 6) == IG_OK && (o[5] & BLK_OPEN_ZEROCOPY));
		if (!failed_now) {
			struct blk_seg *list = (struct blk_seg *)o[1];
			struct { struct blk_seg seg; l4_word sector, count, nseg, want; } bad[] = {
				{ { 4 * 4096, 512 }, 0, 1, 1, IG_EINVAL },             /* past the lent section */
				{ { ~0UL - 511, 512 }, 0, 1, 1, IG_EINVAL },
				{ { 4096 - 256, 512 }, 0, 1, 1, IG_EINVAL },           /* across a page */
				{ { 0, 0 }, 0, 1, 1, IG_EINVAL },                      /* empty */
				{ { 0, 1024 }, 0, 1, 1, IG_EINVAL },                   /* more than count sectors */
				{ { 0, 512 }, 0, 2, 1, IG_EINVAL },                    /* fewer */
				{ { 0, 512 }, 0, 1, 0, IG_EINVAL },                    /* no segments */
				{ { 0, 512 }, 0, 1, BLK_MAX_SEGS + 1, IG_EINVAL },
				{ { 0, 512 }, 2048, 1, 1, IG_EPERM },                  /* past the region */
				{ { 0, 512 }, 0, 0, 1, IG_EPERM },
			};
			for (unsigned i = 0; i < sizeof bad / sizeof bad[0]; i++) {
				l4_word a[4] = { o[0], bad[i].sector, bad[i].count, bad[i].nseg };
				list[0] = bad[i].seg;
				if (blk_call(BLK_READV, a, 4, 0, 0) != bad[i].want || blk_call(BLK_WRITEV, a, 4, 0, 0) != bad[i].want) {
					printf("    case %u not refused as it should be\n", i);
					CHECK(0);
				}
			}
			l4_word good[4] = { o[0], 0, 1, 1 }, forged[4] = { o[0] ^ (1UL << 30), 0, 1, 1 }, plain[4] = { s.token, 0, 1, 1 };
			list[0] = (struct blk_seg){ 512, 512 };
			CHECK(blk_call(BLK_READV, forged, 4, 0, 0) == IG_ECAP);
			CHECK(blk_call(BLK_READV, plain, 4, 0, 0) == IG_EPERM);     /* itest's copying session */
			CHECK(blk_call(BLK_READV, good, 4, 0, 0) == IG_OK);          /* the driver serves on */
			/* 3,000 random lists: near-miss offsets, lengths, counts and list sizes. */
			l4_word x = 0x9e3779b97f4a7c15UL ^ l4_clock(), ok = 0, refused = 0;
			for (int i = 0; i < 3000; i++) {
				x ^= x << 13; x ^= x >> 7; x ^= x << 17;
				unsigned nseg = (unsigned)(x % 6);
				l4_word total = 0;
				for (unsigned k = 0; k < nseg; k++) {
					x ^= x << 13; x ^= x >> 7; x ^= x << 17;
					list[k].off = (x & 1) ? (x >> 8) % (5 * 4096) : ((x >> 8) % 4) * 4096 + ((x >> 20) % 8) * 512;
					list[k].len = (x & 2) ? (x >> 32) % 4200 : 512 * (1 + (x >> 40) % 8);
					total += list[k].len;
				}
				l4_word a[4] = { o[0], (x >> 44) % 2100, (x & 4) ? total / 512 : (x >> 50) % 9, nseg };
				blk_call((x & 8) ? BLK_WRITEV : BLK_READV, a, 4, 0, 0) == IG_OK ? ok++ : refused++;
			}
			printf("    3000 random zero-copy requests: %lu done, %lu refused\n", ok, refused);
			CHECK(ok > 0 && refused > 0 && domain_state("blk") == IG_DS_RUNNING);
			list[0] = (struct blk_seg){ 512, 512 };
			CHECK(blk_call(BLK_READV, good, 4, 0, 0) == IG_OK);
			ig_ms_delete(cap);                                           /* the owner deletes it */
			cap = 0;
			CHECK(blk_call(BLK_READV, good, 4, 0, 0) == IG_EPERM);
			CHECK(blk_call(BLK_CLOSE, o, 1, 0, 0) == IG_OK);
		}
		if (cap)
			ig_ms_delete(cap);
		CHECK(ig_info(info1) == IG_OK && info1[0] == info0[0] && info1[1] == info0[1]);
		CHECK(domain_state("blk") == IG_DS_RUNNING && blk_pattern_ok(&s, 10, 20, 7));
	});
	TEST("ms_lend_in_flight", "a lent section its borrower has requests of in flight, deleted by its owner, keeps its frames (and refuses the borrower's physical addresses) until the borrower, seeing the revocation, gives it back; then every frame and capability is back; a watch naming a thread of another domain than the owner, or a second watch, is refused", {
		l4_word dmat = 0, echo = 0, base = 0, cap = 0, lend = 0, r[3], i0[5], i1[5], i2[5], i3[5];
		CHECK(ig_name_lookup("dmat", &dmat) == IG_OK && ig_name_lookup("echo", &echo) == IG_OK);
		CHECK(dmat_call(dmat, DMAT_PING, 0, 0, r) == IG_OK && ig_info(i0) == IG_OK);
		CHECK(ig_ms_create(16, IG_MS_R | IG_MS_W, &base, &cap) == IG_OK);
		for (l4_word p = 0; p < 16; p++)
			((volatile char *)base)[p * 4096] = 1;                  /* every frame allocated */
		CHECK(ig_ms_lend(cap, dmat, &lend) == IG_OK);
		CHECK(dmat_call(dmat, DMAT_BORROW, lend, echo, r) == IG_OK && r[1] == IG_EPERM && r[2] == IG_EPERM);
		CHECK(dmat_call(dmat, DMAT_BORROW, lend, l4_utcb()->tid, r) == IG_OK && r[1] == IG_OK && r[2] == IG_OK);
		CHECK(dmat_call(dmat, DMAT_BORROW, lend, l4_utcb()->tid, r) == IG_OK && r[1] == IG_EBUSY);
		CHECK(dmat_call(dmat, DMAT_BUSY, 1, 0, r) == IG_OK && ig_info(i1) == IG_OK);
		CHECK(ig_ms_delete(cap) == IG_OK);
		CHECK(ig_info(i2) == IG_OK && i2[0] == i1[0]);                  /* kept: the device may still use them */
		CHECK(dmat_call(dmat, DMAT_PHYS, lend, 3, r) == IG_OK && r[1] == IG_EPERM);
		CHECK(dmat_call(dmat, DMAT_DONE, lend, 0, r) == IG_OK && r[1] == 1 && r[2] == IG_OK);
		CHECK(ig_info(i3) == IG_OK && i3[0] == i0[0] && i3[1] == i0[1]);
		printf("    free frames: %lu at first, %lu with the section, %lu after its delete, %lu once given back\n",
		       i0[0], i1[0], i2[0], i3[0]);
	});
	TEST("ms_lend_borrower_ends", "a lent section deleted while its borrower has requests in flight stays held when the borrower ends (its device may still write it), and is freed when the borrower's next instance says its device is reset (IG_DEV_RESET): then the same frames and capabilities as before", {
		l4_word dmat = 0, base = 0, cap = 0, lend = 0, r[3], i0[5], i1[5], i2[5];
		CHECK(ig_name_lookup("dmat", &dmat) == IG_OK);
		CHECK(dmat_call(dmat, DMAT_PING, 0, 0, r) == IG_OK && ig_info(i0) == IG_OK);
		CHECK(ig_ms_create(16, IG_MS_R | IG_MS_W, &base, &cap) == IG_OK);
		for (l4_word p = 0; p < 16; p++)
			((volatile char *)base)[p * 4096] = 1;
		CHECK(ig_ms_lend(cap, dmat, &lend) == IG_OK);
		CHECK(dmat_call(dmat, DMAT_BORROW, lend, l4_utcb()->tid, r) == IG_OK && r[1] == IG_OK);
		CHECK(dmat_call(dmat, DMAT_BUSY, 1, 0, r) == IG_OK);
		CHECK(ig_ms_delete(cap) == IG_OK && ig_info(i1) == IG_OK && i1[0] < i0[0]);
		CHECK(domain_held("dmat") == 0 && by_name(IG_DOMAIN_STOP, "dmat") == IG_OK);
		CHECK(domain_held("dmat") == 16);                   /* its "device" is not reset yet */
		CHECK(by_name(IG_DOMAIN_START, "dmat") == IG_OK);
		dmat = 0;
		for (int i = 0; i < 2000 && ig_name_lookup("dmat", &dmat) != IG_OK; i++)
			sleep_ms(1);
		CHECK(dmat && dmat_call(dmat, DMAT_PING, 0, 0, r) == IG_OK);
		CHECK(ig_info(i2) == IG_OK && i2[0] == i0[0] && i2[1] == i0[1]);
		printf("    free frames: %lu at first, %lu after the delete, %lu after the borrower's restart\n",
		       i0[0], i1[0], i2[0]);
	});
	TEST("blk_malformed_requests", "5,000 random requests to the block driver (near-miss tokens, sectors, counts and offsets past the ends): errors or I/O, nothing stops, nothing leaks", {
		l4_word info0[5], info1[5], x = 0x2545f4914f6cdd1dUL ^ l4_clock(), o[5];
		unsigned ok = 0, errs = 0;
		CHECK(ig_info(info0) == IG_OK);
		for (int i = 0; i < 5000; i++) {
			l4_word r[6];
			for (int k = 0; k < 6; k++) {
				x ^= x << 13; x ^= x >> 7; x ^= x << 17;
				r[k] = (x & 3) == 0 ? x & 0xff : (x & 3) == 1 ? x & 0xffff : (x & 4) ? x : ~(x & 0xff);
			}
			l4_word op = r[0] % 10;                       /* every BLK_* and one past */
			l4_word a[4] = { (r[5] & 1) ? s.token : s.token ^ (r[5] >> 1 & 0xffff), r[1], r[2], r[3] };
			if (op == BLK_OPEN || (op == BLK_CLOSE && a[0] == s.token))
				op = BLK_STATS;                       /* sessions are finite; ours stays */
			l4_word st = blk_call(op, a, 4, o, 5);
			st == IG_OK ? ok++ : errs++;
		}
		CHECK(ig_info(info1) == IG_OK && info1[0] == info0[0] && info1[1] == info0[1]);
		CHECK(domain_state("blk") == IG_DS_RUNNING && blk_pattern_ok(&s, 10, 20, 6));
		printf("    %u answered OK, %u refused; Iguana: %lu free frames, %lu caps before and after\n", ok, errs,
		       info1[0], info1[1]);
	});
	TEST("blk_no_capability_refused", "a domain the driver's configuration gives no region (a child domain) gets no session, nor can it use another's", {
		l4_word stack_cap;
		child_done = 0;
		child_blk_open = child_blk_use = 0;
		l4_word pd = child_pd(child_blk, &stack_cap);
		CHECK(pd && wait_until(&child_done, 1, 2000));
		CHECK(child_blk_open == IG_EPERM);
		CHECK(child_blk_use == IG_ECAP);
		if (pd)
			ig_pd_delete(pd);
		ig_ms_delete(stack_cap);
	});
	TEST("blk_two_clients", "while a second client (blkc, its own region) keeps requests queued, itest writes and verifies its whole region", {
		for (int i = 0; i < 2000 && (blk_call(BLK_STATS, 0, 0, st, 5) != IG_OK || st[0] < 2); i++)
			sleep_ms(1);
		CHECK(st[0] == 2 && domain_state("blkc") == IG_DS_RUNNING);    /* itest, blkc */
		for (l4_word sec = 0; sec < s.sectors; sec += 128)
			CHECK(blk_pattern_ok(&s, sec, 128, (unsigned char)sec));
		CHECK(blk_call(BLK_STATS, 0, 0, st2, 5) == IG_OK && st2[1] - st[1] > 2 * s.sectors / 128);
		printf("    %lu requests done meanwhile, %lu of them itest's\n", st2[1] - st[1], 2 * s.sectors / 128);
	});
	TEST("blk_client_stopped", "a client stopped while it loops on requests is reclaimed; the driver serves the others on; a closed session's token is dead and its buffer goes back; started again, the client gets a session again", {
		CHECK(by_name(IG_DOMAIN_STOP, "blkc") == IG_OK);
		CHECK(blk_pattern_ok(&s, 64, 64, 4));
		sleep_ms(5);
		CHECK(blk_call(BLK_STATS, 0, 0, st2, 5) == IG_OK && st2[0] == 1);
		l4_word stale[4] = { s.token, 0, 1, 0 }, info0[5], info1[5];
		CHECK(blk_close(&s) == IG_OK);
		CHECK(blk_call(BLK_STATS, 0, 0, st2, 5) == IG_OK && st2[0] == 0);
		CHECK(blk_call(BLK_READ, stale, 4, 0, 0) == IG_ECAP);          /* a closed session's token */
		CHECK(ig_info(info0) == IG_OK);
		CHECK(blk_open(&s) == IG_OK && blk_pattern_ok(&s, 100, 16, 5) && blk_close(&s) == IG_OK);
		CHECK(ig_info(info1) == IG_OK && info1[0] == info0[0] && info1[1] == info0[1]);   /* the buffer went back */
		CHECK(by_name(IG_DOMAIN_START, "blkc") == IG_OK);           /* started again: a session again */
		for (int i = 0; i < 2000 && (blk_call(BLK_STATS, 0, 0, st2, 5) != IG_OK || st2[0] != 1); i++)
			sleep_ms(1);
		CHECK(st2[0] == 1 && domain_state("blkc") == IG_DS_RUNNING);
		CHECK(domain_state("blk") == IG_DS_RUNNING);
	});
	TEST("blk_driver_stopped_memory_held", "the block driver stopped: its rings and buffers, whose frames its device knows, stay held (not free) until the driver started again has reset the device (IG_DEV_RESET); then they are freed and the driver serves again; stopped and started once more, the same frames are free (nothing leaks); a domain without dma may not say it reset a device", {
		l4_word i0[5], i1[5], i2[5], i3[5], freed = 0, held1, held2;
		CHECK(ig_dev_reset(&freed) == IG_EPERM);
		CHECK(by_name(IG_DOMAIN_STOP, "blkc") == IG_OK);             /* its loop would see the driver go */
		CHECK(domain_held("blk") == 0 && ig_info(i0) == IG_OK);
		CHECK(by_name(IG_DOMAIN_STOP, "blk") == IG_OK && domain_state("blk") == IG_DS_STOPPED);
		held1 = domain_held("blk");
		CHECK(held1 > 0 && ig_info(i1) == IG_OK);
		CHECK(by_name(IG_DOMAIN_START, "blk") == IG_OK);
		for (int i = 0; i < 2000 && domain_held("blk"); i++)
			sleep_ms(1);
		CHECK(domain_held("blk") == 0 && ig_info(i2) == IG_OK);
		CHECK(blk_open(&s) == IG_OK && blk_pattern_ok(&s, 200, 16, 8) && blk_close(&s) == IG_OK);
		CHECK(by_name(IG_DOMAIN_STOP, "blk") == IG_OK);
		held2 = domain_held("blk");
		CHECK(held2 > 0 && by_name(IG_DOMAIN_START, "blk") == IG_OK);
		for (int i = 0; i < 2000 && domain_held("blk"); i++)
			sleep_ms(1);
		CHECK(domain_held("blk") == 0 && ig_info(i3) == IG_OK && i3[0] == i2[0] && i3[1] == i2[1]);
		CHECK(blk_open(&s) == IG_OK && blk_pattern_ok(&s, 300, 8, 9) && blk_close(&s) == IG_OK);
		CHECK(by_name(IG_DOMAIN_START, "blkc") == IG_OK);
		printf("    pages held while the driver was stopped: %lu, then %lu; free frames: %lu running, %lu stopped, "
		       "%lu and %lu restarted\n", held1, held2, i0[0], i1[0], i2[0], i3[0]);
	});
	return 11;
}

/* --- the network driver (net_*): only where the board's configuration has one -- */
static volatile l4_word child_net_open, child_net_use;
static l4_word itest_net_token;
static void child_net(void)
{
	l4_word a[3] = { itest_net_token, 0, 60 };
	struct l4_msg m = { .tag = L4_TAG(IG_NAME_LOOKUP, IG_NAME_WORDS, 0), .mr = { 0x74656e } };   /* "net" */
	l4_call(iguana_tid, &m);
	l4_word bit = 5;
	child_net_open = net_call(NET_OPEN, &bit, 1, 0, 0);
	child_net_use = net_call(NET_SEND, a, 3, 0, 0);    /* itest's session, not this domain's */
	child_done = 1;
	for (;;)
		l4_receive(l4_utcb()->tid, L4_TIMEOUT_NEVER, &(struct l4_msg){ 0 });
}

#define NET_BIT 10
static const unsigned char gw_ip[4] = { 10, 0, 2, 2 }, my_ip[4] = { 10, 0, 2, 15 };

/* An ARP request for the gateway from 10.0.2.15, in send slot `slot`; its length. */
static unsigned arp_request(struct net_session *s, int slot)
{
	unsigned char *f = s->tx + slot * NET_SLOT;
	memset(f, 0, 60);
	memset(f, 0xff, 6);
	for (int i = 0; i < 6; i++)
		f[6 + i] = f[22 + i] = (unsigned char)(s->mac >> (8 * i));
	const unsigned char h[8] = { 0x08, 0x06, 0, 1, 0x08, 0x00, 6, 4 };
	memcpy(f + 12, h, 8);
	f[21] = 1;                                   /* request */
	memcpy(f + 28, my_ip, 4);
	memcpy(f + 38, gw_ip, 4);
	return 60;
}

/* Wait (by the notification bit) for the gateway's ARP reply; its MAC into gw. */
static bool arp_reply(struct net_session *s, unsigned char gw[6])
{
	for (int tries = 0; tries < 300; tries++) {
		unsigned char *f;
		unsigned len;
		while ((len = net_rx_next(s, &f))) {
			bool hit = len >= 42 && f[12] == 0x08 && f[13] == 0x06 && f[21] == 2 && !memcmp(f + 28, gw_ip, 4);
			if (hit)
				memcpy(gw, f + 22, 6);
			net_rx_done(s);
			if (hit)
				return true;
		}
		struct l4_msg m = { 0 };
		l4_receive(L4_NOTIFYONLY, 10000, &m);
	}
	return false;
}

static int net_tests(void)
{
	struct net_session s = { 0 };
	l4_word st[6] = { 0 };
	unsigned char gw[6] = { 0 };
	TEST("net_open_arp_gateway", "the network driver gives its default client a session and the card's MAC; an ARP request for the gateway goes out, the reply comes back by the notification bit", {
		CHECK(net_open(&s, NET_BIT) == IG_OK);
		CHECK(s.ring && s.mac && (s.mac >> 48) == 0 && !(s.mac & 1));
		if (s.ring) {
			CHECK(net_send(&s, 0, arp_request(&s, 0)) == IG_OK);
			CHECK(arp_reply(&s, gw));
			printf("    MAC %012lx (low byte first), gateway's %02x:%02x:%02x:%02x:%02x:%02x\n", s.mac,
			       gw[0], gw[1], gw[2], gw[3], gw[4], gw[5]);
		}
		CHECK(net_call(NET_STATS, 0, 0, st, 6) == IG_OK && st[0] == 2 && st[1] >= 1 && st[2] >= 1 && st[3] >= 1);
	});
	TEST("net_bad_requests_refused", "forged tokens, bad slots, lengths and batch counts, taken or bad ports, a foreign source MAC: each refused with its error (a batch stops at its bad frame); the driver keeps serving", {
		l4_word forged[3] = { s.token ^ 0x100, 0, 60 }, a[3];
		CHECK(net_call(NET_SEND, forged, 3, 0, 0) == IG_ECAP);
		CHECK(net_call(NET_CLAIM, forged, 3, 0, 0) == IG_ECAP);
		CHECK(net_call(NET_CLOSE, forged, 1, 0, 0) == IG_ECAP);
		CHECK(net_call(77, forged, 3, 0, 0) == IG_EINVAL);
		const l4_word bad[][2] = { { NET_TX_SLOTS, 60 }, { ~0UL, 60 }, { 0, 13 }, { 0, NET_FRAME_MAX + 1 }, { 0, ~0UL }, { 0, 0 } };
		for (unsigned i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
			CHECK(net_send(&s, bad[i][0], bad[i][1]) == IG_EINVAL);
		CHECK(net_claim(&s, 1, 7) == IG_EINVAL && net_claim(&s, 17, 0) == IG_EINVAL && net_claim(&s, 6, 70000) == IG_EINVAL);
		CHECK(net_claim(&s, 17, 7) == IG_EEXIST);                 /* necho's */
		CHECK(net_claim(&s, 17, 5555) == IG_OK && net_claim(&s, 17, 5555) == IG_OK);
		arp_request(&s, 1);
		s.tx[NET_SLOT + 6] ^= 2;                                  /* not the card's MAC */
		CHECK(net_send(&s, 1, 60) == IG_EPERM);
		a[0] = 64;
		CHECK(net_call(NET_OPEN, a, 1, 0, 0) == IG_EINVAL);       /* no such notification bit */
		CHECK(net_send(&s, 2, arp_request(&s, 2)) == IG_OK && arp_reply(&s, gw));
		/* NET_SENDV: bad counts; a bad length stops the batch there, the
		 * frames before it go; a good batch of two. */
		l4_word v[2] = { forged[0], 1 }, taken = 99;
		CHECK(net_call(NET_SENDV, v, 2, 0, 0) == IG_ECAP);
		v[0] = s.token;
		v[1] = 0;
		CHECK(net_call(NET_SENDV, v, 2, 0, 0) == IG_EINVAL);
		v[1] = NET_TX_SLOTS + 1;
		CHECK(net_call(NET_SENDV, v, 2, 0, 0) == IG_EINVAL);
		s.ring->tx_len[0] = arp_request(&s, 0);
		s.ring->tx_len[1] = NET_FRAME_MAX + 1;
		v[1] = 2;
		CHECK(net_call(NET_SENDV, v, 2, &taken, 1) == IG_EINVAL && taken == 1);
		s.ring->tx_len[1] = arp_request(&s, 1);
		CHECK(net_call(NET_SENDV, v, 2, &taken, 1) == IG_OK && taken == 2 && arp_reply(&s, gw));
		CHECK(domain_state("net") == IG_DS_RUNNING);
	});
	TEST("net_malformed_requests", "3,000 random requests to the network driver (near-miss tokens, slots, lengths, batch counts, ports): errors, nothing stops, nothing leaks", {
		l4_word info0[5], info1[5], x = 0x9e3779b97f4a7c15UL ^ l4_clock(), o[6], st0[6] = { 0 };
		unsigned ok = 0, errs = 0;
		CHECK(ig_info(info0) == IG_OK && net_call(NET_STATS, 0, 0, st0, 6) == IG_OK);
		for (int i = 0; i < 3000; i++) {
			l4_word r[6];
			for (int k = 0; k < 6; k++) {
				x ^= x << 13; x ^= x >> 7; x ^= x << 17;
				r[k] = (x & 3) == 0 ? x & 0xff : (x & 3) == 1 ? x & 0xffff : (x & 4) ? x : ~(x & 0xff);
			}
			l4_word op = r[0] % 8;
			l4_word a[4] = { (r[5] & 1) ? s.token : s.token ^ (r[5] >> 1 & 0xffff), r[1], r[2], r[3] };
			if (op == NET_OPEN || (op == NET_CLOSE && a[0] == s.token))
				op = NET_STATS;                       /* sessions are finite; ours stays */
			net_call(op, a, 4, o, 6) == IG_OK ? ok++ : errs++;
		}
		CHECK(ig_info(info1) == IG_OK && info1[0] == info0[0] && info1[1] == info0[1]);
		CHECK(net_call(NET_STATS, 0, 0, st, 6) == IG_OK && st[0] == st0[0]);
		CHECK(domain_state("net") == IG_DS_RUNNING && net_send(&s, 0, arp_request(&s, 0)) == IG_OK && arp_reply(&s, gw));
		printf("    %u answered OK, %u refused; Iguana: %lu -> %lu free frames, %lu -> %lu caps\n",
		       ok, errs, info0[0], info1[0], info0[1], info1[1]);
	});
	TEST("net_no_capability_refused", "a domain the driver's configuration does not name (a child domain) gets no session, nor can it use another's", {
		l4_word stack_cap = 0;
		itest_net_token = s.token;
		iguana_tid = si->iguana_tid;
		child_net_open = child_net_use = 0;
		child_done = 0;
		l4_word pd = child_pd(child_net, &stack_cap);
		CHECK(pd && wait_until(&child_done, 1, 2000));
		CHECK(child_net_open == IG_EPERM);
		CHECK(child_net_use == IG_ECAP);
		if (pd)
			ig_pd_delete(pd);
		ig_ms_delete(stack_cap);
		CHECK(domain_state("net") == IG_DS_RUNNING);
	});
	TEST("net_client_stopped", "a client stopped is reclaimed (its port claim too); a closed session's token is dead; started again, the client gets a session and its port again", {
		l4_word st2[6] = { 0 }, stale[3] = { s.token, 0, 60 };
		CHECK(by_name(IG_DOMAIN_STOP, "necho") == IG_OK);
		CHECK(net_call(NET_STATS, 0, 0, st2, 6) == IG_OK && st2[0] == 1);
		CHECK(net_claim(&s, 17, 7) == IG_OK);                     /* necho's claim went with it */
		CHECK(net_close(&s) == IG_OK);
		CHECK(net_call(NET_STATS, 0, 0, st2, 6) == IG_OK && st2[0] == 0);
		CHECK(net_call(NET_SEND, stale, 3, 0, 0) == IG_ECAP);
		CHECK(by_name(IG_DOMAIN_START, "necho") == IG_OK);
		for (int i = 0; i < 2000 && (net_call(NET_STATS, 0, 0, st2, 6) != IG_OK || st2[0] != 1); i++)
			sleep_ms(1);
		CHECK(st2[0] == 1 && domain_state("necho") == IG_DS_RUNNING);
		CHECK(net_open(&s, NET_BIT) == IG_OK && net_claim(&s, 17, 7) == IG_EEXIST);
		CHECK(net_send(&s, 0, arp_request(&s, 0)) == IG_OK && arp_reply(&s, gw) && net_close(&s) == IG_OK);
		CHECK(domain_state("net") == IG_DS_RUNNING);
	});
	return 5;
}

int main(struct ig_startinfo *start)
{
	si = start;
	printf("ITEST-BEGIN\n");
	TEST("startinfo", "a domain starts with valid start info and its own caps", {
		CHECK(si->magic == IG_START_MAGIC);
		CHECK(!strcmp(si->name, "itest"));
		CHECK(si->flags & IG_SI_ADMIN);
		CHECK(si->seg_caps[0] != 0 && si->pd_cap != 0);
	});
	TEST("section_create_touch", "a new section is mapped on first touch, zeroed, writable", {
		l4_word base = 0, cap = 0;
		CHECK(ig_ms_create(3, IG_MS_R | IG_MS_W, &base, &cap) == IG_OK);
		volatile l4_word *p = (volatile l4_word *)base;
		CHECK(base >= 0x100000000UL && p[0] == 0 && p[1023] == 0);
		p[3 * 512 - 1] = 77;
		CHECK(p[3 * 512 - 1] == 77);
		CHECK(ig_ms_delete(cap) == IG_OK);
	});
	TEST("forged_cap_refused", "guessed or altered capabilities are refused", {
		l4_word base, cap;
		CHECK(ig_ms_create(1, IG_MS_R | IG_MS_W, &base, &cap) == IG_OK);
		CHECK(ig_ms_delete(0x123456789abcdefUL) == IG_ECAP);
		CHECK(ig_ms_delete(cap ^ (1UL << 40)) == IG_ECAP);       /* wrong secret bits */
		CHECK(ig_ms_delete(cap + 1) == IG_ECAP);                 /* another slot */
		CHECK(ig_ms_attach(si->pd_cap ^ (1UL << 50), cap, IG_MS_R) == IG_ECAP);
		CHECK(ig_ms_attach(cap, si->pd_cap, IG_MS_R) == IG_ECAP); /* right token, wrong kind */
		CHECK(ig_ms_delete(cap) == IG_OK);
	});
	TEST("stale_cap_refused", "a capability of a deleted section stays dead", {
		l4_word base, cap, base2, cap2;
		CHECK(ig_ms_create(1, IG_MS_R, &base, &cap) == IG_OK);
		CHECK(ig_ms_delete(cap) == IG_OK);
		CHECK(ig_ms_create(1, IG_MS_R, &base2, &cap2) == IG_OK);
		CHECK(ig_ms_delete(cap) == IG_ECAP);
		CHECK(ig_ms_delete(cap2) == IG_OK);
	});
	TEST("quota_enforced", "a domain cannot allocate beyond its memory quota", {
		l4_word info[5], base, cap, base2, cap2;
		CHECK(ig_info(info) == IG_OK);
		l4_word room = info[4] - info[3];
		CHECK(ig_ms_create(room + 1, IG_MS_R, &base, &cap) == IG_EQUOTA);
		CHECK(ig_ms_create(room, IG_MS_R, &base, &cap) == IG_OK);
		CHECK(ig_ms_create(1, IG_MS_R, &base2, &cap2) == IG_EQUOTA);
		CHECK(ig_ms_delete(cap) == IG_OK);
		l4_word after[5];
		ig_info(after);
		CHECK(after[3] == info[3]);
	});
	TEST("shared_section_same_address", "two domains sharing a section see it at the same address", {
		l4_word base, cap, stack_cap;
		CHECK(ig_ms_create(1, IG_MS_R | IG_MS_W, &base, &cap) == IG_OK);
		shared_base = base;
		((volatile l4_word *)base)[0] = 0x5a5a;
		child_seen = child_done = 0;
		l4_word pd = child_pd(child_main, &stack_cap);
		CHECK(pd != 0);
		CHECK(ig_ms_attach(pd, cap, IG_MS_R | IG_MS_W) == IG_OK);
		CHECK(wait_until(&child_done, 1, 2000));
		CHECK(child_seen == 0x5a5a);
		CHECK(((volatile l4_word *)base)[1] == 0xc0ffee);
		CHECK(ig_pd_delete(pd) == IG_OK);
		ig_ms_delete(stack_cap);
		ig_ms_delete(cap);
	});
	TEST("unattached_touch_stops_domain", "a domain touching a section it has not attached is stopped", {
		l4_word base, cap, stack_cap;
		CHECK(ig_ms_create(1, IG_MS_R | IG_MS_W, &base, &cap) == IG_OK);
		forbidden = (volatile l4_word *)base;
		child_done = 0;
		l4_word pd = child_pd(child_trespass, &stack_cap);
		CHECK(pd != 0);
		CHECK(wait_until(&child_done, 2, 2000));
		sleep_ms(20);
		CHECK(child_done == 2);                    /* never got past the touch */
		CHECK(ig_pd_delete(pd) == IG_ECAP);        /* Iguana already reclaimed it */
		CHECK(ping(5) == 6);                       /* others unaffected */
		ig_ms_delete(stack_cap);
		ig_ms_delete(cap);
	});
	TEST("boot_domain_badmem_stopped", "the boot domain that touched foreign memory is failed, the rest runs", {
		CHECK(domain_state("badmem") == IG_DS_FAILED);
		CHECK(domain_state("uart") == IG_DS_RUNNING);
		CHECK(domain_state("spinner") == IG_DS_RUNNING);
		CHECK(domain_state("rt") == IG_DS_RUNNING);
	});
	TEST("eager_ram_domain", "a domain with ram= gets RAM right after its image, and eager maps everything first", {
		CHECK(domain_state("eagerd") == IG_DS_STOPPED);       /* it exits 0 only if all went well */
	});
	TEST("bad_module_reported", "a truncated ELF module fails its domain only", {
		CHECK(domain_state("broken") == IG_DS_FAILED);
		CHECK(domain_state("echo") == IG_DS_RUNNING);
	});
	TEST("naming", "names resolve; unknown names and duplicates are refused", {
		l4_word tid;
		CHECK(ig_name_lookup("console", &tid) == IG_OK && tid != 0);
		CHECK(ig_name_lookup("no-such-server", &tid) == IG_ENOENT);
		CHECK(ig_name_register("console") == IG_EEXIST);
		CHECK(ping(41) == 42);
	});
	TEST("bad_requests", "malformed requests get errors, Iguana keeps serving", {
		CHECK(ig_call(999, 0, 0, 0, 0) == IG_EINVAL);
		CHECK(by_name(IG_DOMAIN_RESTART, "nobody") == IG_ENOENT);
		l4_word a[2] = { 0, IG_MS_R }, o[2];
		CHECK(ig_call(IG_MS_CREATE, a, 2, o, 2) == IG_EINVAL);       /* zero pages */
		a[0] = 1; a[1] = 0xff;
		CHECK(ig_call(IG_MS_CREATE, a, 2, o, 2) == IG_EINVAL);       /* bad rights */
		l4_word irq[2] = { 4, 0 };
		CHECK(ig_call(IG_IRQ_ATTACH, irq, 2, 0, 0) == IG_EPERM);     /* not in our config */
		l4_word tid;
		CHECK(ig_thread_create(si->pd_cap, (void (*)(void))0x3000000, (void *)0x1000, 255, &tid) == IG_EPERM);
		CHECK(ping(1) == 2);
	});
	TEST("wombat_domain_confined", "Wombat's domain cannot attach, grant or delete a section by a leaked or guessed capability, nor touch it", {
		/* The domain 'wombat' runs wprobe.elf with Wombat's boot options. */
		l4_word base, cap, probe = 0;
		CHECK(ig_ms_create(1, IG_MS_R | IG_MS_W, &base, &cap) == IG_OK);
		volatile l4_word *p = (volatile l4_word *)base;
		p[0] = 0x5eed;
		for (int i = 0; i < 200 && ig_name_lookup("wprobe", &probe) != IG_OK; i++)
			sleep_ms(10);
		CHECK(probe != 0);
		struct l4_msg m = { .tag = L4_TAG(0, 3, 0), .mr = { cap, base, si->pd_cap } };
		CHECK(l4_ipc(probe, probe, L4_TIMEOUTS(1000000, 10000000), &m) == L4_OK);
		l4_word *mr = l4_utcb()->mr;
		CHECK(m.mr[0] == IG_ECAP && m.mr[1] == IG_ECAP && m.mr[2] == IG_ECAP && m.mr[3] == IG_ECAP);
		CHECK(mr[4] == 0 && mr[5] == 2048);
		printf("    leaked capability: attach %lu, grant %lu, delete %lu, owner's domain delete %lu (IG_ECAP %d); "
		       "%lu of %lu guesses attached\n", m.mr[0], m.mr[1], m.mr[2], m.mr[3], IG_ECAP, mr[4], mr[5]);
		m = (struct l4_msg){ .tag = L4_TAG(0, 1, 0), .mr = { 1 } };
		CHECK(l4_send(probe, 1000000, &m) == L4_OK);
		for (int i = 0; i < 200 && domain_state("wombat") != IG_DS_FAILED; i++)
			sleep_ms(10);
		CHECK(domain_state("wombat") == IG_DS_FAILED);   /* stopped at the touch */
		CHECK(p[0] == 0x5eed);                            /* the section is unchanged, still ours */
		CHECK(ping(7) == 8);
		CHECK(ig_ms_delete(cap) == IG_OK);
	});
	TEST("restart_without_leaks", "a stopped and restarted domain works again; frames and caps return", {
		l4_word before[5], after[5];
		CHECK(ping(10) == 11);
		CHECK(by_name(IG_DOMAIN_RESTART, "echo") == IG_OK);   /* warm-up: both at steady state */
		sleep_ms(50);
		CHECK(ping(20) == 21);
		ig_info(before);
		CHECK(by_name(IG_DOMAIN_STOP, "echo") == IG_OK);
		CHECK(domain_state("echo") == IG_DS_STOPPED);
		CHECK(ping(1) == 0);                        /* gone */
		CHECK(by_name(IG_DOMAIN_START, "echo") == IG_OK);
		sleep_ms(50);
		CHECK(ping(30) == 31);
		ig_info(after);
		CHECK(after[0] == before[0]);               /* free frames */
		CHECK(after[1] == before[1]);               /* live capabilities */
		CHECK(after[2] == before[2]);               /* sections */
		if (after[0] != before[0] || after[1] != before[1])
			printf("    frames %lu -> %lu, caps %lu -> %lu\n", before[0], after[0], before[1], after[1]);
	});
	TEST("timer_service", "the timer service wakes a sleeper at or after its deadline", {
		l4_word t0 = l4_clock(), deadline = t0 + 5000000;
		l4_word woke = timer_sleep_until(deadline);
		CHECK(woke >= deadline && l4_clock() >= deadline);
	});
	TEST("timer_periodic", "the timer service notifies a client every period until stopped", {
		l4_word start = l4_clock(), period = 2000000, times[4];
		CHECK(timer_periodic(start + period, period, 9) == IG_OK);
		struct l4_msg m = { 0 };
		for (int i = 0; i < 4; i++) {
			l4_word e = l4_receive(L4_NOTIFYONLY, 100000, &m);
			times[i] = l4_clock();
			CHECK(e == L4_OK && m.mr[0] == (1UL << 9));
			if (e || m.mr[0] != (1UL << 9))
				printf("    receive %d: e %lx bits %lx at +%lu ns\n", i, e, m.mr[0], times[i] - start);
		}
		CHECK(times[0] >= start + period && times[3] >= start + 4 * period);
		CHECK(timer_periodic(0, 0, 0) == IG_OK);
		l4_receive(L4_NOTIFYONLY, 3000, &m);         /* one may have been in flight */
		CHECK(l4_receive(L4_NOTIFYONLY, 10000, &m) == (L4_ETIMEOUT | L4_ERR_RECV));
		CHECK(timer_periodic(0, 10, 3) == IG_EINVAL);
	});
	TEST("thread_prio", "a domain lowers one of its own threads below its priority (IG_THREAD_PRIO, as Wombat its vCPU thread under its disk agent), and only that: another domain's thread, or more than its priority below, is refused", {
		l4_word a[2] = { l4_utcb()->tid, 1 }, o[1] = { 0 }, echo = 0;
		CHECK(ig_call(IG_THREAD_PRIO, a, 2, o, 1) == IG_OK && o[0] == 99);     /* itest: prio=100 */
		CHECK(ping(7) == 8);                                                      /* still served */
		a[1] = 0;
		CHECK(ig_call(IG_THREAD_PRIO, a, 2, o, 1) == IG_OK && o[0] == 100);    /* back */
		a[1] = 101;
		CHECK(ig_call(IG_THREAD_PRIO, a, 2, o, 1) == IG_EINVAL);
		CHECK(ig_name_lookup("echo", &echo) == IG_OK);
		a[0] = echo;
		a[1] = 1;
		CHECK(ig_call(IG_THREAD_PRIO, a, 2, o, 1) == IG_EPERM);
		a[0] = 0;
		CHECK(ig_call(IG_THREAD_PRIO, a, 2, o, 1) == IG_EPERM);
	});
	TEST("thread_caps", "thread capabilities name threads; forged ones are refused", {
		l4_word pd, base, scap, scap0, tid, tcap;
		CHECK((pd = ig_child_spawn(idle_child, 50, 64, &scap0)) != 0);
		CHECK(ig_ms_create(2, IG_MS_R | IG_MS_W, &base, &scap) == IG_OK);
		CHECK(ig_ms_attach(pd, scap, IG_MS_R | IG_MS_W) == IG_OK);
		CHECK(ig_thread_create_cap(pd, idle_child, (void *)(base + 8000), 50, &tid, &tcap) == IG_OK);
		CHECK(tid != 0 && tcap != 0);
		CHECK(ig_thread_delete(tcap ^ (1UL << 45)) == IG_ECAP);
		CHECK(ig_thread_delete(tcap) == IG_OK);
		CHECK(ig_thread_delete(tcap) == IG_ECAP);
		CHECK(ig_pd_delete(pd) == IG_OK);
		CHECK(ig_ms_delete(scap) == IG_OK);
		CHECK(ig_ms_delete(scap0) == IG_OK);
	});
	TEST("private_space", "a private domain is owned by its creator: it maps into it; not into shared ones", {
		l4_word pd, space, pd2, space2, base, cap;
		CHECK(ig_pd_create(32, IG_PD_PRIVATE | IG_PD_FOREIGN, &pd, &space) == IG_OK);
		CHECK(ig_pd_create(32, 0, &pd2, &space2) == IG_OK);
		CHECK(ig_ms_create(1, IG_MS_R | IG_MS_W, &base, &cap) == IG_OK);
		*(volatile l4_word *)base = 1;         /* present in our space */
		CHECK(l4_map_to(space, base, 0x400000, 1, L4_R | L4_W) == L4_OK);
		CHECK(l4_unmap_in(space, 0x400000, 1) == L4_OK);
		CHECK(l4_map_to(space2, base, 0x400000, 1, L4_R) == L4_EPERM);
		l4_word pd3, space3;
		CHECK(ig_pd_create(32, 0x80, &pd3, &space3) == IG_EINVAL);
		CHECK(ig_pd_delete(pd) == IG_OK && ig_pd_delete(pd2) == IG_OK);
		CHECK(ig_ms_delete(cap) == IG_OK);
	});
	TEST("rt_no_misses_under_load", "the 1 kHz real-time task misses nothing while a domain spins", {
		l4_word st[7];
		CHECK(domain_state("spinner") == IG_DS_RUNNING);
		CHECK(rt_request(RT_RESET, 0) == 0);
		sleep_ms(2000);
		CHECK(rt_request(RT_STATS, st) == 0);
		printf("    rt: %lu periods, %lu missed, latency min %lu mean %lu p99 %lu max %lu ns\n",
		       st[1], st[2], st[3], st[4], st[6], st[5]);
		CHECK(st[1] >= 1900 && st[1] <= 2100);
		CHECK(st[2] == 0);
	});
	TEST("console_clients", "the console server keeps a session per client", {
		sleep_ms(100);
		l4_word cons;
		CHECK(ig_name_lookup("console", &cons) == IG_OK);
		struct l4_msg m = { .tag = L4_TAG(CONS_STATS, 0, 0) };
		CHECK(l4_call(cons, &m) == L4_OK);
		CHECK(m.mr[0] == 0 && m.mr[1] >= 2);
		CHECK(domain_state("client1") == IG_DS_STOPPED && domain_state("client2") == IG_DS_STOPPED);
		long mine = cons_open("itest");
		CHECK(mine >= 0);
		m = (struct l4_msg){ .tag = L4_TAG(CONS_WRITE, 3, 0), .mr = { (l4_word)mine ^ (1UL << 30), 3, 0x585858 } };
		CHECK(l4_call(cons, &m) == L4_OK && m.mr[0] == IG_EINVAL);     /* guessed session */
		m = (struct l4_msg){ .tag = L4_TAG(CONS_WRITE, 3, 0), .mr = { (l4_word)mine, 3, 0x0a4b4f } };
		CHECK(l4_call(cons, &m) == L4_OK && m.mr[0] == 0);
	});
	TEST("console_sessions_reclaimed", "a session lives as long as the thread that opened it: 20 short-lived threads each open one (the server has 16)", {
		int opened = 0;
		for (int i = 0; i < 20; i++) {
			l4_word tid = 0, tcap = 0;
			child_done = 0;
			child_session = -1;
			if (ig_thread_create_cap(si->pd_cap, child_console, console_stack + sizeof console_stack,
						 90, &tid, &tcap) != IG_OK)
				break;
			if (wait_until(&child_done, 1, 2000) && child_session >= 0)
				opened++;
			CHECK(ig_thread_delete(tcap) == IG_OK);
		}
		CHECK(opened == 20);
		printf("    %d of 20 opened\n", opened);
	});
	TEST("malformed_requests", "20,000 random requests to Iguana and 20,000 to the console server: errors, nothing stops, nothing leaks", {
		l4_word cons, info0[5], info1[5], st0, st1, x = 0x9e3779b97f4a7c15UL ^ l4_clock();
		long mine = cons_open("fuzzed");
		CHECK(ig_name_lookup("console", &cons) == IG_OK && mine >= 0);
		CHECK(ig_info(info0) == IG_OK);
		st0 = domain_state("uart") | domain_state("timer") << 4 | domain_state("rt") << 8;
		unsigned odd = 0;
		for (int i = 0; i < 40000; i++) {
			l4_word r[8];
			for (int k = 0; k < 8; k++) {
				x ^= x << 13; x ^= x >> 7; x ^= x << 17;
				r[k] = (k && (x & 3) == 0) ? x & 0xff : (x & 1) ? x : (x >> 40);
			}
			if ((r[1] & 7) == 0)                                  /* near misses of real tokens */
				r[1] = (i < 20000 ? si->seg_caps[0] : (l4_word)mine) ^ ((r[2] & 0xff) | 1);
			if ((r[2] & 7) == 1)
				r[2] = si->pd_cap ^ ((r[3] & 0xffff) | 1);
			l4_word label = r[0] % (i < 20000 ? 40 : 12);
			int nw = (int)(r[7] % 9);
			if (i < 20000 && (label == IG_EXIT || label == IG_SHUTDOWN || label == IG_MS_CREATE ||
					  label == IG_PD_CREATE || label == IG_THREAD_CREATE || label == IG_NAME_REGISTER))
				label = IG_INFO;      /* would end us or the machine; creations are not leaks */
			if (i >= 20000 && (label == CONS_OPEN || label == CONS_READ))
				label = CONS_POLL;                            /* sessions are finite; READ blocks */
			struct l4_msg m = { .tag = L4_TAG(label, nw, 0), .mr = { r[1], r[2], r[3], r[4] } };
			for (int k = 4; k < nw; k++)
				l4_utcb()->mr[k] = r[k];
			l4_word e = l4_ipc(i < 20000 ? si->iguana_tid : cons, i < 20000 ? si->iguana_tid : cons,
					   L4_TIMEOUTS(100000, 100000), &m);
			odd += e != L4_OK;
		}
		CHECK(odd == 0);                                          /* every request was answered */
		CHECK(ig_info(info1) == IG_OK);
		st1 = domain_state("uart") | domain_state("timer") << 4 | domain_state("rt") << 8;
		CHECK(st1 == st0 && domain_state("uart") == IG_DS_RUNNING);
		CHECK(info1[0] == info0[0] && info1[1] == info0[1]);     /* frames and capabilities */
		struct l4_msg m = { .tag = L4_TAG(CONS_STATS, 0, 0) };
		CHECK(l4_call(cons, &m) == L4_OK && m.mr[0] == 0);
		m = (struct l4_msg){ .tag = L4_TAG(CONS_WRITE, 3, 0), .mr = { (l4_word)mine, 3, 0x0a4b4f } };
		CHECK(l4_call(cons, &m) == L4_OK && m.mr[0] == 0);
		printf("    %u of 40000 requests unanswered; Iguana: %lu free frames, %lu caps before and after\n",
		       odd, info1[0], info1[1]);
	});
	int expected = 23;
	if (domain_state("blk") != IG_DS_NONE)
		expected += blk_tests();
	else
		printf("ITEST-SKIP blk_* (6 tests): this board's test configuration has no block driver\n");
	if (domain_state("net") != IG_DS_NONE)
		expected += net_tests();
	else
		printf("ITEST-SKIP net_* (5 tests): this board's test configuration has no network driver\n");
	printf("ITEST-END %d passed, %d failed, %d expected\n", passed, failed, expected);
	stdio_flush();
	l4_word code = failed ? 1 : 0;
	ig_call(IG_SHUTDOWN, &code, 1, 0, 0);
	return 0;
}
