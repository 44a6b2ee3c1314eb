/* SPDX-License-Identifier: GPL-2.0 */
/* Wombat os-L4: counters shown in /proc/wombat (stats.c). */
#ifndef WOMBAT_STATS_H
#define WOMBAT_STATS_H

struct wombat_stats {
	unsigned long exits[5], upcalls;     /* exits by L4_VCPU_EXIT_* reason */
	unsigned long regs_kept;              /* resumes that wrote one register, not the frame (skas.c) */
	unsigned long map_calls, map_pages, unmap_calls, protect_calls, protect_remaps;
	unsigned long tasks_created, tasks_destroyed, fpu_bytes, fpu_slot_hits, console_ipcs;
	unsigned long tasks_refused_quota, tasks_refused_other;   /* Iguana said no to a new task */
	unsigned long tasks_refused_kmem;     /* no kernel memory for a new task's page tables */
	unsigned long fork_eagain;            /* forks that failed with EAGAIN for that */
	unsigned long map_enomem;             /* MAP_TO said L4_ENOMEM (each retry counts) */
	unsigned long evictions;              /* task spaces emptied to make room (skas.c) */
	unsigned long evictions_self;         /* ... the space being mapped, as a last resort */
	unsigned long fault_fixups;           /* faults mapped from the pte, not by Linux (pte.c) */
	unsigned long around_pages;           /* pages of Linux's fault-around mapped at once (pte.c) */
	unsigned long nx_faults;              /* instruction fetches from non-exec mappings: SIGSEGV */
	unsigned long fork_flushes;           /* forks' flush_tlb_mm() as one call per writable range (pte.c) */
	unsigned long flushes_skipped;        /* flush_tlb_mm() of an mm without users (exit_mmap) */
	unsigned long net_send_calls, net_frames_sent;   /* NET_SENDV calls, frames they gave (nethost.c) */
	unsigned long blk_zerocopy, blk_copied;          /* disk requests without and with a copy (blkhost.c) */
	unsigned long blk_async, blk_overlapped;         /* requests the disk agent finished; those during which
							    Linux switched tasks (blk.c) */
};
extern struct wombat_stats wombat_stats;
unsigned long wombat_kernel_entries(void);
unsigned long wombat_vcpu_fast(void);     /* task exits + resumes by the kernel's fast path */
void wombat_probe(void);

#endif
