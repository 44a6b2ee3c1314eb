/* The naming service: servers register a name, clients look it up. */
#include "server.h"

static struct { char name[32]; l4_word tid; struct pd *pd; } names[MAX_NAMES];

int name_register(const char *name, l4_word tid, struct pd *p)
{
	if (!name[0])
		return IG_EINVAL;
	int free_slot = -1;
	for (int i = 0; i < MAX_NAMES; i++) {
		if (names[i].pd && !strcmp(names[i].name, name))
			return IG_EEXIST;
		if (!names[i].pd && free_slot < 0)
			free_slot = i;
	}
	if (free_slot < 0)
		return IG_ENOMEM;
	strncpy(names[free_slot].name, name, 31);
	names[free_slot].tid = tid;
	names[free_slot].pd = p;
	return IG_OK;
}

l4_word name_lookup(const char *name)
{
	for (int i = 0; i < MAX_NAMES; i++)
		if (names[i].pd && !strcmp(names[i].name, name))
			return names[i].tid;
	return 0;
}

void names_drop(struct pd *p)
{
	for (int i = 0; i < MAX_NAMES; i++)
		if (names[i].pd == p)
			names[i].pd = NULL;
}

/* A name as requests carry it: IG_NAME_WORDS words, always terminated here. */
void name_from_words(const l4_word *w, char *out)
{
	memcpy(out, w, IG_NAME_WORDS * 8);
	out[IG_NAME_WORDS * 8 - 1] = 0;
}

/* Requests (IG_NAME_*). */

/* (name words x4): the calling thread serves under the name. */
int req_name_register(struct request *rq)
{
	char name[IG_NAME_WORDS * 8];
	name_from_words(rq->arg, name);
	if (!pd_native_may_use(rq->pd, name))
		return IG_EPERM;
	return name_register(name, rq->from, rq->pd);
}

/* (name words x4) -> (tid); the caller may then send to it, and it may notify the caller. */
int req_name_lookup(struct request *rq)
{
	char name[IG_NAME_WORDS * 8];
	name_from_words(rq->arg, name);
	if (!pd_native_may_use(rq->pd, name))
		return IG_EPERM;
	l4_word tid = name_lookup(name);
	struct pd *srv = pd_of_thread(tid);
	if (!tid || !srv)
		return IG_ENOENT;
	l4_space_ctrl(rq->pd->space, L4_SC_ALLOW, srv->space);
	l4_space_ctrl(srv->space, L4_SC_ALLOW, rq->pd->space);   /* notifications back */
	rq->out[0] = tid;
	rq->nout = 1;
	return IG_OK;
}
