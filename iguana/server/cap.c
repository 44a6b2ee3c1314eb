/* Capabilities: unguessable tokens naming an object and the domain they were given to. */
#include "server.h"
#include <stdlib.h>

struct cap { l4_word token; enum cap_kind kind; void *obj; struct pd *holder; };
static struct cap caps[MAX_CAPS];
static uint32_t gens[MAX_CAPS];
static l4_word ncaps, seed;

/* 32 bits nobody can predict from inside a domain (arch_entropy: RDRAND on
 * x86_64), mixed into a running seed. */
static uint32_t random32(void)
{
	seed = (seed ^ arch_entropy()) * 0x9E3779B97F4A7C15ULL + 0x632BE59BD9B4E019ULL;
	return (uint32_t)(seed >> 29);
}

/* Slots are taken lowest first and the scans below stop at `top` (one past
 * the highest slot in use), so dropping a domain's capabilities costs what
 * is in use, not the whole table (it was two scans of 8,192 slots per Linux
 * fork + exit). A reused slot's token differs: a new generation and 32 new
 * random bits. */
static l4_word top = 1, lowfree = 1;

l4_word cap_new(enum cap_kind kind, void *obj, struct pd *holder)
{
	for (l4_word i = lowfree; i < MAX_CAPS; i++) {
		if (caps[i].kind != CAP_NONE)
			continue;
		lowfree = i + 1;
		if (i >= top)
			top = i + 1;
		gens[i] = (gens[i] + 1) & 0xffff;
		l4_word token = i | ((l4_word)gens[i] << 16) | ((l4_word)(random32() | 1) << 32);
		caps[i] = (struct cap){ token, kind, obj, holder };
		ncaps++;
		return token;
	}
	return 0;
}

void *cap_check(l4_word token, enum cap_kind kind, struct pd *caller)
{
	l4_word i = token & 0xffff;
	if (i == 0 || i >= MAX_CAPS)
		return NULL;
	struct cap *c = &caps[i];
	if (c->token != token || c->kind != kind || c->holder != caller)
		return NULL;
	return c->obj;
}

static void drop(l4_word i)
{
	caps[i] = (struct cap){ 0 };
	ncaps--;
	if (i < lowfree)
		lowfree = i;
	while (top > 1 && caps[top - 1].kind == CAP_NONE)
		top--;
}

void cap_drop_holder(struct pd *holder)
{
	for (l4_word i = top; i-- > 1;)
		if (caps[i].kind != CAP_NONE && caps[i].holder == holder)
			drop(i);
}

void cap_drop_object(void *obj)
{
	for (l4_word i = top; i-- > 1;)
		if (caps[i].kind != CAP_NONE && caps[i].obj == obj)
			drop(i);
}

void cap_drop_object_but(void *obj, struct pd *keep)
{
	for (l4_word i = top; i-- > 1;)
		if (caps[i].kind != CAP_NONE && caps[i].obj == obj && caps[i].holder != keep)
			drop(i);
}

void cap_drop_held(void *obj, struct pd *holder)
{
	for (l4_word i = top; i-- > 1;)
		if (caps[i].kind != CAP_NONE && caps[i].obj == obj && caps[i].holder == holder)
			drop(i);
}

l4_word cap_count(void) { return ncaps; }
