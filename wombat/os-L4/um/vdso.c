// SPDX-License-Identifier: GPL-2.0
/*
 * Wombat os-L4: the time page (vvar.h) that the vDSO reads, kept by Linux.
 *
 * Linux calls every pvclock_gtod notifier from timekeeping_update() with
 * the timekeeper, whenever the time base changes (each tick, settimeofday,
 * clock_settime, adjtimex, a clocksource change): we copy what
 * ktime_get_ts64() and ktime_get_real_ts64() read into the page, under a
 * sequence count, together with the microkernel's counter scaling.  The
 * vDSO is valid only while arch/um's "timer" clocksource (the microkernel
 * clock, os_nsecs() / TIMER_MULTIPLIER) is the one in use.  No Linux file
 * is changed for it: the notifier chain is generic (KVM's pvclock uses it).
 */
#include <linux/init.h>
#include <linux/mm.h>
#include <linux/notifier.h>
#include <linux/pvclock_gtod.h>
#include <linux/string.h>
#include <linux/timekeeper_internal.h>
#include <linux/time-internal.h>
#include "vvar.h"

/* Host side (time.c): L4_KI_CLOCK_BASE and L4_KI_CLOCK_MULT. */
void wombat_clock_scale(unsigned long long *base, unsigned long long *mult);

/* The page itself; skas.c maps it read-only into every task space. */
union wombat_vvar_page {
	struct wombat_vvar v;
	char page[PAGE_SIZE];
} wombat_vvar_page __page_aligned_bss;

static_assert(TIMER_MULTIPLIER == 1 << 8, "the vDSO divides the clock by 256 with a shift");

static int vvar_update(struct notifier_block *nb, unsigned long was_set, void *priv)
{
	struct timekeeper *tk = priv;
	struct wombat_vvar *v = &wombat_vvar_page.v;
	u64 mono_nsec = tk->tkr_mono.xtime_nsec + ((u64)tk->wall_to_monotonic.tv_nsec << tk->tkr_mono.shift);
	u64 mono_sec = tk->xtime_sec + tk->wall_to_monotonic.tv_sec;

	while (mono_nsec >= (u64)NSEC_PER_SEC << tk->tkr_mono.shift) {
		mono_nsec -= (u64)NSEC_PER_SEC << tk->tkr_mono.shift;
		mono_sec++;
	}
	WRITE_ONCE(v->seq, v->seq + 1);
	smp_wmb();
	v->valid = v->ctr_mult && !strcmp(tk->tkr_mono.clock->name, "timer");
	v->ns_shift = 8;
	v->mult = tk->tkr_mono.mult;
	v->shift = tk->tkr_mono.shift;
	v->cycle_last = tk->tkr_mono.cycle_last;
	v->mask = tk->tkr_mono.mask;
	v->real_sec = tk->xtime_sec;
	v->real_nsec = tk->tkr_mono.xtime_nsec;
	v->mono_sec = mono_sec;
	v->mono_nsec = mono_nsec;
	smp_wmb();
	WRITE_ONCE(v->seq, v->seq + 1);
	return NOTIFY_OK;
}

static struct notifier_block vvar_notifier = { .notifier_call = vvar_update };

static int __init wombat_vvar_init(void)
{
	wombat_clock_scale(&wombat_vvar_page.v.ctr_base, &wombat_vvar_page.v.ctr_mult);
	return pvclock_gtod_register_notifier(&vvar_notifier);
}
core_initcall(wombat_vvar_init);
