// SPDX-License-Identifier: GPL-2.0
/*
 * Wombat os-L4: the disk, Linux side: block device "vda", a stub of
 * Iguana's virtio-blk driver domain (blkhost.c has the protocol).
 *
 * A request is at most the size of the buffer the driver shares with
 * Wombat (1 MiB, 2048 sectors).  When the driver took Linux's RAM (lent at
 * open), the device reads and writes the request's pages themselves: their
 * physical ranges go to the driver as one BLK_READV or BLK_WRITEV
 * (blkhost.c); otherwise, and for a page outside the RAM section (the zero
 * page in the image), the pages are copied into the buffer (a write) or out
 * of it (a read) around one BLK_WRITE or BLK_READ of all its sectors.  The device may cache writes (virtio-blk's VIRTIO_BLK_F_FLUSH,
 * which the driver accepts: QEMU then completes a write once its host file
 * has it, in the host's page cache, and a flush is the host's fdatasync):
 * the queue says so, and Linux's flushes (fsync, sync, journal commits)
 * become the driver's BLK_FLUSH.
 * A request the driver refuses or cannot do ends with an I/O error; Linux
 * never waits for a reply that cannot come (the call fails if the driver
 * is gone).  A driver restarted (the call got no reply, or the new driver
 * does not know the session) gets a new session, and the request is tried
 * once more there (from a work item: opening waits for the driver).
 * Requests are asynchronous: blkhost.c's disk agent makes the driver call
 * while Linux runs on, and its WOMBAT_EV_BLK is the disk's interrupt
 * (vda_interrupt), which ends the request; one request at a time (a queue
 * of depth 1).  When no other task is runnable Linux waits in the agent's
 * call instead (it would only idle).  `vda_sync` on the command line: no agent, Linux's own
 * thread makes each call and waits (everything else stops meanwhile).
 */
#include <linux/blk-mq.h>
#include <linux/blkdev.h>
#include <linux/highmem.h>
#include <linux/init.h>
#include <linux/interrupt.h>
#include <linux/jiffies.h>
#include <linux/module.h>
#include <linux/kernel_stat.h>
#include <linux/sched/stat.h>
#include <linux/workqueue.h>
#include <irq_kern.h>
#include "stats.h"
#include "wombat.h"               /* WOMBAT_BLK_FD, WOMBAT_BLK_QUEUED */

int wombat_blk_open(unsigned long *buf, unsigned long *size, unsigned long *sectors, int lend, int *zerocopy,
		    int *async, const char **why, int again);
unsigned long wombat_blk_result(void);
void wombat_blk_sync(void);
extern int wombat_blk_wait;
unsigned long wombat_blk_io(int write, unsigned long sector, unsigned long count, unsigned long off);
unsigned long wombat_blk_iov(int write, unsigned long sector, unsigned long count,
			     const unsigned long (*io)[2], unsigned n, void *buf, unsigned long size);
unsigned long wombat_blk_flush(void);
int wombat_blk_gone(unsigned long st);
int wombat_driver_buffer(unsigned long b, unsigned long size, const char *who);   /* drvbuf.c */
int wombat_foreign_copy(void *dst, const void *src, unsigned long n, void *buf, unsigned long size);

static struct blk_mq_tag_set tags;
static struct gendisk *disk;
static unsigned char *buf;
static unsigned long buf_size, max_bytes, errors, next_try;
static int connected, zerocopy, copy_only, async;
static struct request *cur;               /* the request under way (a queue of depth 1) */
static bool cur_copied, cur_retried;      /* it went through the buffer; it is on its second session */
static unsigned long long cur_switches;   /* Linux's task switches when it went to the agent */
static void vda_reconnect(struct work_struct *w);
static DECLARE_WORK(reconnect_work, vda_reconnect);

/* `vda_copy` on Linux's command line: lend the driver no RAM, copy every
 * request through the buffer (to compare, or to rule zero-copy out). */
static int __init vda_copy_setup(char *s)
{
	copy_only = 1;
	return 1;
}
__setup("vda_copy", vda_copy_setup);

/* `vda_sync`: no disk agent; each request stops Linux until it is done. */
static int __init vda_sync_setup(char *s)
{
	wombat_blk_sync();
	return 1;
}
__setup("vda_sync", vda_sync_setup);
static unsigned long io[256][2];          /* a zero-copy request's (physical address, length) */

/*
 * A session and its buffer: at boot, and after the driver was restarted
 * (its sessions and sections went with it). At most one attempt a second
 * after a failure: each one waits up to 100 ms for the driver's name.
 */
static int vda_connect(unsigned long *sectors, int again)
{
	unsigned long b, size, n;
	const char *why = "";

	if (again && time_before(jiffies, next_try))
		return -EAGAIN;
	next_try = jiffies + HZ;
	if (wombat_blk_open(&b, &size, &n, !copy_only, &zerocopy, &async, &why, again)) {
		if (again)
			pr_warn("vda: no new session of the restarted block driver: %s\n", why);
		else
			pr_info("vda: no disk: %s\n", why);
		return -ENODEV;
	}
	if (again && size < max_bytes) {
		pr_err("vda: the restarted driver's buffer is smaller (%lu bytes)\n", size);
		return -ENOSPC;
	}
	if (wombat_driver_buffer(b, size, "vda"))
		return -EBUSY;
	buf = (unsigned char *)b;
	buf_size = size;
	*sectors = n;
	connected = 1;
	if (again)
		pr_info("vda: a new session of the restarted block driver, buffer at 0x%lx\n", b);
	return 0;
}

/* The request's pages to the buffer (to_buf) or back; 0, or -1 if the
 * buffer vanished under the copy (the driver stopped). */
static int vda_copy(struct request *rq, int to_buf)
{
	struct req_iterator it;
	struct bio_vec bv;
	unsigned long off = 0;
	int err = 0;

	rq_for_each_segment(bv, rq, it) {
		void *p = bvec_kmap_local(&bv);
		if (!err)
			err = to_buf ? wombat_foreign_copy(buf + off, p, bv.bv_len, buf, buf_size) :
				       wombat_foreign_copy(p, buf + off, bv.bv_len, buf, buf_size);
		kunmap_local(p);
		off += bv.bv_len;
	}
	return err;
}

/* The request's pages as ranges of Linux's physical memory, adjacent ones
 * merged: how many, or 0 if more than io[] holds. By multi-page bvecs (the
 * block layer merged physically adjacent pages already): a page at a time
 * cost ~75 instructions a page, a sixth of what a 1 MiB request costs
 * Wombat's Linux besides the block layer. */
static unsigned vda_ranges(struct request *rq)
{
	struct req_iterator it;
	struct bio_vec bv;
	unsigned n = 0;

	rq_for_each_bvec(bv, rq, it) {
		unsigned long pa = page_to_phys(bv.bv_page) + bv.bv_offset;
		if (n && io[n - 1][0] + io[n - 1][1] == pa) {
			io[n - 1][1] += bv.bv_len;
			continue;
		}
		if (n == ARRAY_SIZE(io))
			return 0;
		io[n][0] = pa;
		io[n++][1] = bv.bv_len;
	}
	return n;
}

/* Hands the request to the driver (a flush, zero-copy, or through the
 * buffer): the driver's status (0: done; ~0 as if there was no reply when
 * the buffer vanished) or WOMBAT_BLK_QUEUED (vda_interrupt finishes it). */
static unsigned long vda_submit(struct request *rq)
{
	int write = req_op(rq) != REQ_OP_READ;
	unsigned long st;
	unsigned n;

	cur_copied = false;
	if (req_op(rq) == REQ_OP_FLUSH)
		return wombat_blk_flush();
	if (zerocopy && (n = vda_ranges(rq))) {
		st = wombat_blk_iov(write, blk_rq_pos(rq), blk_rq_bytes(rq) / SECTOR_SIZE, io, n, buf, buf_size);
		if (st != -2UL)
			return st;
	}
	if (write && vda_copy(rq, 1))
		return ~0UL;
	cur_copied = !write;
	return wombat_blk_io(write, blk_rq_pos(rq), blk_rq_bytes(rq) / SECTOR_SIZE, 0);
}

/* The driver's status st for cur: a read through the buffer copied out,
 * a vanished driver given one more try on a new session, then the end. */
static void vda_finish(unsigned long st)
{
	struct request *rq = cur;

	if (st == 0 && cur_copied && vda_copy(rq, 0))
		st = ~0UL;
	if (wombat_blk_gone(st) && !cur_retried) {
		connected = 0;
		cur_retried = true;
		schedule_work(&reconnect_work);
		return;
	}
	if (st != 0 && errors++ < 10)
		pr_err("vda: %s of %u sectors at %llu failed: %s %lu\n",
		       req_op(rq) == REQ_OP_FLUSH ? "flush" : req_op(rq) == REQ_OP_WRITE ? "write" : "read",
		       blk_rq_bytes(rq) / SECTOR_SIZE, (unsigned long long)blk_rq_pos(rq),
		       wombat_blk_gone(st) ? "no driver session" : "driver status", st);
	cur = NULL;
	cur_retried = false;
	blk_mq_end_request(rq, st ? BLK_STS_IOERR : BLK_STS_OK);
}

static void vda_start(void)
{
	unsigned long st;

	cur_switches = nr_context_switches();
	/* Nothing else to run: waiting in the agent's call is cheaper than the
	 * interrupt, Linux's idle task and a wake-up (fio at queue depth 1:
	 * 10-25 % more requests a second than asynchronously). */
	wombat_blk_wait = nr_running() <= 1;
	st = connected ? vda_submit(cur) : ~0UL;

	if (st != WOMBAT_BLK_QUEUED)
		vda_finish(st);
}

/* The driver gone (restarted): a new session, then the request again. */
static void vda_reconnect(struct work_struct *w)
{
	unsigned long n;

	if (vda_connect(&n, 1) == 0)
		vda_start();
	else
		vda_finish(~0UL);
}

static irqreturn_t vda_interrupt(int irq, void *dev)
{
	unsigned long st = wombat_blk_result();

	if (cur && st != WOMBAT_BLK_QUEUED && !work_pending(&reconnect_work)) {
		wombat_stats.blk_async++;
		if (nr_context_switches() != cur_switches)
			wombat_stats.blk_overlapped++;   /* Linux ran something else meanwhile */
		vda_finish(st);
	}
	return IRQ_HANDLED;
}

static blk_status_t vda_queue_rq(struct blk_mq_hw_ctx *hctx, const struct blk_mq_queue_data *bd)
{
	struct request *rq = bd->rq;

	switch (req_op(rq)) {
	case REQ_OP_READ:
	case REQ_OP_WRITE:
		if (blk_rq_bytes(rq) > max_bytes || blk_rq_bytes(rq) % SECTOR_SIZE)
			return BLK_STS_IOERR;
		break;
	case REQ_OP_FLUSH:
		break;
	default:
		return BLK_STS_NOTSUPP;
	}
	if (cur)
		return BLK_STS_DEV_RESOURCE;  /* cannot be with one tag: blk-mq tries again */
	blk_mq_start_request(rq);
	cur = rq;
	if (!connected) {
		cur_retried = true;           /* a session first (the driver was gone) */
		schedule_work(&reconnect_work);
		return BLK_STS_OK;
	}
	vda_start();
	return BLK_STS_OK;
}

static const struct blk_mq_ops vda_ops = {
	.queue_rq = vda_queue_rq,
};

static const struct block_device_operations vda_fops = {
	.owner = THIS_MODULE,
};

static int __init vda_init(void)
{
	unsigned long sectors;
	int major, err;

	if (vda_connect(&sectors, 0))
		return 0;
	max_bytes = buf_size;
	major = register_blkdev(0, "vda");
	if (major < 0)
		return major;
	if (async) {
		err = um_request_irq(UM_IRQ_ALLOC, WOMBAT_BLK_FD, IRQ_READ, vda_interrupt, 0, "vda", NULL);
		if (err < 0) {
			pr_err("vda: no interrupt for the disk agent (%d)\n", err);
			return err;
		}
	}
	err = blk_mq_alloc_sq_tag_set(&tags, &vda_ops, 1, BLK_MQ_F_SHOULD_MERGE);
	if (err)
		return err;
	disk = blk_mq_alloc_disk(&tags, NULL);
	if (IS_ERR(disk)) {
		blk_mq_free_tag_set(&tags);
		return PTR_ERR(disk);
	}
	disk->major = major;
	disk->first_minor = 0;
	disk->minors = 16;
	disk->fops = &vda_fops;
	strscpy(disk->disk_name, "vda", sizeof(disk->disk_name));
	blk_queue_logical_block_size(disk->queue, SECTOR_SIZE);
	blk_queue_max_hw_sectors(disk->queue, max_bytes / SECTOR_SIZE);
	blk_queue_max_segment_size(disk->queue, max_bytes);
	blk_queue_write_cache(disk->queue, true, false);
	set_capacity(disk, sectors);
	err = add_disk(disk);
	if (err) {
		put_disk(disk);
		blk_mq_free_tag_set(&tags);
		return err;
	}
	pr_info("vda: %lu sectors (%lu MiB), a session of Iguana's block driver, buffer %lu KiB at 0x%lx, %s, %s\n",
		sectors, sectors >> 11, buf_size >> 10, (unsigned long)buf,
		zerocopy ? "zero-copy (the driver took Linux's RAM)" : "copying (the driver took no RAM)",
		async ? "asynchronous (the disk agent makes the calls)" : "synchronous (no disk agent)");
	return 0;
}
device_initcall(vda_init);
