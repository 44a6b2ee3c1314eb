// SPDX-License-Identifier: GPL-2.0
/*
 * Wombat os-L4: /proc/wombat, where the time goes: how often the host layer
 * entered the microkernel and for what (benchmarks read it before and after
 * a run).  The counters live in the host-side files (wombat_stats).
 * Writing "panic" to it panics Linux (root only): the robustness tests kill
 * Wombat that way and watch Iguana restart it.  Writing "probe" runs the
 * confinement probe (probe.c).
 */
#include <linux/init.h>
#include <linux/kernel.h>
#include <linux/panic.h>
#include <linux/proc_fs.h>
#include <linux/seq_file.h>
#include <linux/string.h>
#include <linux/uaccess.h>
#include "stats.h"

struct wombat_stats wombat_stats;

static int wombat_stats_show(struct seq_file *m, void *v)
{
	const struct wombat_stats *s = &wombat_stats;

	seq_printf(m, "kernel_entries %lu\n", wombat_kernel_entries());
	seq_printf(m, "vcpu_fast %lu\n", wombat_vcpu_fast());
	seq_printf(m, "task_runs %lu\n", s->exits[1] + s->exits[2] + s->exits[3] + s->exits[4]);
	seq_printf(m, "exit_syscall %lu\nexit_pagefault %lu\nexit_exception %lu\nexit_event %lu\n",
		   s->exits[2], s->exits[3], s->exits[4], s->exits[1]);
	seq_printf(m, "upcalls %lu\nregs_kept %lu\n", s->upcalls, s->regs_kept);
	seq_printf(m, "map_calls %lu\nmap_pages %lu\nunmap_calls %lu\nprotect_calls %lu\nprotect_remaps %lu\n",
		   s->map_calls, s->map_pages, s->unmap_calls, s->protect_calls, s->protect_remaps);
	seq_printf(m, "tasks_created %lu\ntasks_destroyed %lu\n", s->tasks_created, s->tasks_destroyed);
	seq_printf(m, "tasks_refused_quota %lu\ntasks_refused_other %lu\n",
		   s->tasks_refused_quota, s->tasks_refused_other);
	seq_printf(m, "tasks_refused_kmem %lu\nfork_eagain %lu\n", s->tasks_refused_kmem, s->fork_eagain);
	seq_printf(m, "map_enomem %lu\nevictions %lu\nevictions_self %lu\n",
		   s->map_enomem, s->evictions, s->evictions_self);
	seq_printf(m, "fault_fixups %lu\nnx_faults %lu\naround_pages %lu\n", s->fault_fixups, s->nx_faults,
		   s->around_pages);
	seq_printf(m, "fork_flushes %lu\nflushes_skipped %lu\n", s->fork_flushes, s->flushes_skipped);
	seq_printf(m, "fpu_bytes_moved %lu\n", s->fpu_bytes);
	seq_printf(m, "fpu_slot_hits %lu\n", s->fpu_slot_hits);
	seq_printf(m, "console_ipcs %lu\n", s->console_ipcs);
	seq_printf(m, "net_send_calls %lu\nnet_frames_sent %lu\n", s->net_send_calls, s->net_frames_sent);
	seq_printf(m, "blk_zerocopy %lu\nblk_copied %lu\nblk_async %lu\nblk_overlapped %lu\n", s->blk_zerocopy,
		   s->blk_copied, s->blk_async, s->blk_overlapped);
	return 0;
}

static int wombat_stats_open(struct inode *inode, struct file *file)
{
	return single_open(file, wombat_stats_show, NULL);
}

static ssize_t wombat_stats_write(struct file *file, const char __user *buf, size_t len, loff_t *pos)
{
	char cmd[8] = { 0 };

	if (copy_from_user(cmd, buf, min(len, sizeof(cmd) - 1)))
		return -EFAULT;
	if (!strncmp(cmd, "probe", 5)) {
		wombat_probe();
		return len;
	}
	if (strncmp(cmd, "panic", 5))
		return -EINVAL;
	panic("wombat: panic requested through /proc/wombat");
}

static const struct proc_ops wombat_stats_ops = {
	.proc_open = wombat_stats_open,
	.proc_read = seq_read,
	.proc_lseek = seq_lseek,
	.proc_release = single_release,
	.proc_write = wombat_stats_write,
};

static int __init wombat_stats_init(void)
{
	proc_create("wombat", 0644, NULL, &wombat_stats_ops);
	return 0;
}
device_initcall(wombat_stats_init);
