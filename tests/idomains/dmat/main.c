/* dmat: a stand-in borrower of lent memory for itest's ms_lend_* tests: a
 * dma domain with no device, which names its in-flight record for a
 * section lent to it (IG_MS_WATCH), claims requests "on its device" by
 * setting that record, and gives the section back when told. It lets the
 * tests hold a lent section in flight for as long as they like, which a
 * real device does not. Like a real driver it "resets its device" before
 * anything else (IG_DEV_RESET): what Iguana held for its previous
 * instance's device is freed then. Calls (label DMAT_*, below) answer a status and
 * results in MR0... */
#include <iguana/libiguana.h>
#include <stdio.h>

enum {
	DMAT_PING = 1,     /* -> () */
	DMAT_BORROW,       /* (cap, owner tid) -> (watch status, phys status of page 0) */
	DMAT_BUSY,         /* (n): n requests in flight */
	DMAT_PHYS,         /* (cap, page) -> (phys status) */
	DMAT_DONE,         /* (cap): nothing in flight -> (revoked seen, give-back status) */
};

static struct ig_dma_watch watch;

int main(struct ig_startinfo *si)
{
	(void)si;
	l4_word freed = 0;
	if (ig_dev_reset(&freed) != IG_OK)
		return 1;
	if (freed)
		printf("dmat: %lu pages held for the last instance's device freed\n", freed);
	if (ig_name_register("dmat") != IG_OK)
		return 1;
	struct l4_msg m = { 0 };
	l4_receive(L4_ANYTHREAD, L4_TIMEOUT_NEVER, &m);
	for (;;) {
		l4_word pa, r[2] = { 0, 0 }, st = IG_OK;
		switch (L4_TAG_LABEL(m.tag)) {
		case DMAT_PING:
			break;
		case DMAT_BORROW:
			r[0] = ig_ms_watch(m.mr[0], &watch, m.mr[1]);
			r[1] = ig_ms_phys(m.mr[0], 0, &pa);
			break;
		case DMAT_BUSY:
			watch.inflight = m.mr[0];
			break;
		case DMAT_PHYS:
			r[0] = ig_ms_phys(m.mr[0], m.mr[1], &pa);
			break;
		case DMAT_DONE:
			watch.inflight = 0;
			r[0] = watch.revoked;
			r[1] = ig_ms_delete(m.mr[0]);
			watch.revoked = 0;
			break;
		default:
			st = IG_EINVAL;
		}
		m.tag = L4_TAG(0, 3, 0);
		m.mr[0] = st;
		m.mr[1] = r[0];
		m.mr[2] = r[1];
		l4_reply_wait(m.from, &m);
	}
}
