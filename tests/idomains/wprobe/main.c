/* wprobe: runs in a domain configured as Wombat's is (see test.cfg) and
 * tries what a compromised Linux server would try against sections it
 * holds no capability for. itest gives it real capabilities of its own
 * (as if they had leaked) and reads the answers; then has it touch the
 * section, which must stop this domain. */
#include <iguana/libiguana.h>
#include <stdio.h>

#define GUESSES 1024

int main(struct ig_startinfo *si)
{
	if (ig_name_register("wprobe") != IG_OK)
		printf("wprobe: cannot register the name 'wprobe'\n");
	struct l4_msg m = { 0 };
	l4_receive(L4_ANYTHREAD, L4_TIMEOUT_NEVER, &m);
	l4_word from = m.from, cap = m.mr[0], base = m.mr[1], owner_pd = m.mr[2], newcap = 0;
	l4_word st[4];
	st[0] = ig_ms_attach(si->pd_cap, cap, IG_MS_R | IG_MS_W);   /* a leaked section capability */
	st[1] = ig_ms_grant(cap, si->pd_cap, &newcap);              /* ...granted to itself */
	st[2] = ig_ms_delete(cap);                                  /* ...deleted */
	st[3] = ig_pd_delete(owner_pd);                              /* the owner's domain capability */
	/* Capabilities are slot | generation << 12 | 32 random bits << 32: guess. */
	l4_word x = l4_clock() | 1, attached = 0, tries = 0;
	for (l4_word slot = 1; slot <= GUESSES; slot++) {
		for (int g = 0; g < 2; g++, tries++) {
			x ^= x << 13; x ^= x >> 7; x ^= x << 17;
			l4_word guess = g ? (cap & 0xffffffffUL) | (x << 32) : slot | (x & 0xfffff) << 12 | (cap & ~0xffffffffUL);
			attached += ig_ms_attach(si->pd_cap, guess, IG_MS_R | IG_MS_W) == IG_OK;
		}
	}
	l4_word *mr = l4_utcb()->mr;
	mr[4] = attached;
	mr[5] = tries;
	struct l4_msg r = { .tag = L4_TAG(0, 6, 0), .mr = { st[0], st[1], st[2], st[3] } };
	l4_send(from, L4_TIMEOUT_NEVER, &r);
	l4_receive(from, L4_TIMEOUT_NEVER, &m);                     /* the go-ahead */
	printf("wprobe: writing the section at %lx, which I hold no capability for\n", base);
	*(volatile l4_word *)base = 0xbad;
	printf("wprobe: BUG: still running\n");
	return 0;
}
