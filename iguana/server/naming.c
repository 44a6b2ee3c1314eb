/* The naming service: servers register a name, clients look it up. */
#include "iguana.h"

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
