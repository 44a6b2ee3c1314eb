// SPDX-License-Identifier: GPL-2.0
/*
 * Wombat os-L4: native mode, host side (native.c is the Linux side and
 * has the model; docs/native-mode.md).
 *
 * A task space becomes native through Iguana (IG_PD_NATIVE on the domain
 * Wombat holds for it): Iguana stops redirecting the L4 system calls of its
 * threads, lets them call Iguana and the servers Wombat's boot-config
 * native= list names, and maps a fresh section for the program's image
 * there.  Wombat then keeps out of Iguana's window in that space (skas.c:
 * no eviction, no Linux mapping or unmapping there) and starts the agent
 * thread when the program asks.  Every call runs with interrupts off (an
 * upcall would reuse the UTCB's message registers).
 */
#include <errno.h>
#include <os.h>
#include <l4/syscalls.h>
#include <iguana_abi.h>
#include "wombat.h"

extern unsigned long wombat_linux_prio;   /* blkhost.c */

extern struct ig_startinfo *wombat_si;

static int ig_errno(unsigned long st)
{
	switch (st) {
	case IG_OK:     return 0;
	case IG_EPERM:  return -EPERM;
	case IG_EQUOTA: case IG_ENOMEM: return -ENOMEM;
	case IG_ECAP:   return -ESRCH;
	case IG_EBUSY:  return -EBUSY;
	default:        return -EINVAL;
	}
}

void wombat_native_window(unsigned long *base, unsigned long *top)
{
	*base = IG_SHARED_BASE;
	*top = IG_SHARED_TOP;
}

int wombat_native_fd(void)
{
	return WOMBAT_NATIVE_FD;
}

int wombat_native_is(int pid)
{
	return wombat_task_native(pid, NULL);
}

int wombat_native_info(int pid, unsigned long *iguana, unsigned long *self, unsigned long *bit)
{
	if (!wombat_task_native(pid, NULL))
		return -EPERM;
	*iguana = wombat_si->iguana_tid;
	*self = l4_utcb()->tid;
	*bit = 1UL << WOMBAT_EV_NATIVE;
	return 0;
}

int wombat_native_init(int pid, unsigned long pages, unsigned long *base, unsigned long *iguana,
		       unsigned long *self, unsigned long *bit)
{
	unsigned long *mr = l4_utcb()->mr, cap = wombat_task_cap(pid), st;
	int flags;

	if (!cap)
		return -EINVAL;
	flags = um_set_signals(0);
	mr[0] = cap;
	mr[1] = pages;
	st = wombat_call(wombat_si->iguana_tid, IG_PD_NATIVE, 2);
	*base = mr[1];
	um_set_signals(flags);
	if (st != IG_OK)
		return ig_errno(st);
	wombat_task_set_native(pid, *base, *base + pages * 4096);
	return wombat_native_info(pid, iguana, self, bit);
}

int wombat_native_agent(int pid, unsigned long ip, unsigned long sp, unsigned long *tid)
{
	unsigned long *mr = l4_utcb()->mr, agent, st;
	int flags;

	if (!wombat_task_native(pid, &agent))
		return -EPERM;           /* not a native process: WN_INIT first */
	if (agent)
		return -EBUSY;
	flags = um_set_signals(0);
	mr[0] = wombat_task_cap(pid);
	mr[1] = ip;
	mr[2] = sp;
	mr[3] = wombat_linux_prio ? wombat_linux_prio : IG_PRIO_CREATOR;   /* Linux's own: never above it */
	st = wombat_call(wombat_si->iguana_tid, IG_THREAD_CREATE, 4);
	*tid = mr[1];
	um_set_signals(flags);
	if (st != IG_OK)
		return ig_errno(st);
	wombat_task_set_agent(pid, *tid);
	return 0;
}

int wombat_native_kick(int pid)
{
	unsigned long agent;

	if (!wombat_task_native(pid, &agent) || !agent)
		return -EPERM;
	return l4_notify(agent, 1) == L4_OK ? 0 : -ESRCH;
}
