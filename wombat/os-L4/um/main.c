// SPDX-License-Identifier: GPL-2.0
/*
 * Wombat os-L4: start as an Iguana domain, open the console (console.c),
 * then linux_main() (arch/um/kernel/um_arch.c).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <l4/syscalls.h>
#include <iguana_abi.h>
#include <init.h>
#include "wombat.h"

extern void (*wombat_console_write)(const char *buf, size_t len);
extern void (*wombat_exit_hook)(int status);
extern int linux_main(int argc, char **argv);
extern const char linux_banner[];

struct ig_startinfo *wombat_si;
static char args[sizeof(((struct ig_startinfo *)0)->args)];
static char *argv[32];

/* Tell Iguana we are gone (IG_EXIT), so it reclaims the domain. */
static void exit_to_iguana(int status)
{
	struct l4_msg m = { .tag = L4_TAG(IG_EXIT, 1, 0), .mr = { (l4_word)status } };
	l4_call(wombat_si->iguana_tid, &m);
	for (;;)
		l4_receive(l4_utcb()->tid, L4_TIMEOUT_NEVER, &m);
}

void __init wombat_start(struct ig_startinfo *si)
{
	int argc = 0;
	wombat_si = si;
	wombat_console_write = wombat_kdebug_write;
	wombat_exit_hook = exit_to_iguana;
	wombat_console_init();
	argv[argc++] = "vmlinux";
	strncpy(args, si->args, sizeof(args) - 1);
	for (char *p = args; *p && argc < 31;) {
		while (*p == ' ')
			*p++ = 0;
		if (*p)
			argv[argc++] = p;
		while (*p && *p != ' ')
			p++;
	}
	argv[argc] = NULL;
	printf("wombat: %s", linux_banner);     /* printk's copy comes before any console */
	printf("wombat: starting Linux: %d args, %lu pages of RAM at %lx\n", argc - 1,
	       (unsigned long)si->ram_pages, (unsigned long)si->ram_base);
	/* linux_main() returns 1 for reboot: Iguana starts the domain again. */
	exit(linux_main(argc, argv) ? IG_EXIT_RESTART : 0);
}

int __init main(int argc, char **argv_)
{
	return linux_main(argc, argv_);
}
