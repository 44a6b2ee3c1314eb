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

l4_word cap_new(enum cap_kind kind, void *obj, struct pd *holder)
{
	static l4_word next = 1;
	for (l4_word k = 0; k < MAX_CAPS; k++) {
		l4_word i = (next + k) % MAX_CAPS;
		if (i == 0 || caps[i].kind != CAP_NONE)
			continue;
		next = i + 1;
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

static void drop(struct cap *c)
{
	*c = (struct cap){ 0 };
	ncaps--;
}

void cap_drop_holder(struct pd *holder)
{
	for (int i = 1; i < MAX_CAPS; i++)
		if (caps[i].kind != CAP_NONE && caps[i].holder == holder)
			drop(&caps[i]);
}

void cap_drop_object(void *obj)
{
	for (int i = 1; i < MAX_CAPS; i++)
		if (caps[i].kind != CAP_NONE && caps[i].obj == obj)
			drop(&caps[i]);
}

l4_word cap_count(void) { return ncaps; }
