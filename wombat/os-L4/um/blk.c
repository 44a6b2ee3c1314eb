// SPDX-License-Identifier: GPL-2.0
/*
 * Wombat os-L4: the disk, Linux side: block device "vda", a stub of
 * Iguana's virtio-blk driver domain (blkhost.c has the protocol).
 *
 * A request's pages are copied into the buffer the driver shares with
 * Wombat (a write) or out of it (a read) around one BLK_WRITE or BLK_READ
 * of all its sectors: a request is at most the buffer (64 KiB, 128
 * sectors).  The driver has no write cache to flush (legacy virtio-blk
 * without VIRTIO_BLK_F_FLUSH: QEMU completes a write once its host file has
 * it), so a completed write is on the disk: the queue says write-through.
 * A request the driver refuses or cannot do ends with an I/O error; Linux
 * never waits for a reply that cannot come (the call fails if the driver
 * is gone).
 */
#include <linux/blk-mq.h>
#include <linux/blkdev.h>
#include <linux/highmem.h>
#include <linux/init.h>
#include <linux/module.h>
#include <linux/vmalloc.h>

int wombat_blk_open(unsigned long *buf, unsigned long *size, unsigned long *sectors, const char **why);
void wombat_blk_map(unsigned long buf, unsigned long size);
unsigned long wombat_blk_io(int write, unsigned long sector, unsigned long count, unsigned long off);

static struct blk_mq_tag_set tags;
static struct gendisk *disk;
static unsigned char *buf;
static unsigned long buf_size, errors;

static blk_status_t vda_rw(struct request *rq, int write)
{
	struct req_iterator it;
	struct bio_vec bv;
	unsigned long off = 0, bytes = blk_rq_bytes(rq), st;

	if (bytes > buf_size || bytes % SECTOR_SIZE)
		return BLK_STS_IOERR;
	if (write)
		rq_for_each_segment(bv, rq, it) {
			void *p = bvec_kmap_local(&bv);
			memcpy(buf + off, p, bv.bv_len);
			kunmap_local(p);
			off += bv.bv_len;
		}
	st = wombat_blk_io(write, blk_rq_pos(rq), bytes / SECTOR_SIZE, 0);
	if (st != 0) {
		if (errors++ < 10)
			pr_err("vda: %s of %lu sectors at %llu failed: %s %lu\n", write ? "write" : "read",
			       bytes / SECTOR_SIZE, (unsigned long long)blk_rq_pos(rq),
			       st == ~0UL ? "no reply from the driver" : "driver status", st);
		return BLK_STS_IOERR;
	}
	if (!write)
		rq_for_each_segment(bv, rq, it) {
			void *p = bvec_kmap_local(&bv);
			memcpy(p, buf + off, bv.bv_len);
			kunmap_local(p);
			off += bv.bv_len;
		}
	return BLK_STS_OK;
}

static blk_status_t vda_queue_rq(struct blk_mq_hw_ctx *hctx, const struct blk_mq_queue_data *bd)
{
	struct request *rq = bd->rq;
	blk_status_t st;

	blk_mq_start_request(rq);
	switch (req_op(rq)) {
	case REQ_OP_READ:
		st = vda_rw(rq, 0);
		break;
	case REQ_OP_WRITE:
		st = vda_rw(rq, 1);
		break;
	case REQ_OP_FLUSH:           /* write-through: nothing is cached */
		st = BLK_STS_OK;
		break;
	default:
		st = BLK_STS_NOTSUPP;
	}
	blk_mq_end_request(rq, st);
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
	unsigned long b, sectors;
	const char *why = "";
	struct vm_struct *area = NULL;
	int major, err;

	if (wombat_blk_open(&b, &buf_size, &sectors, &why)) {
		pr_info("vda: no disk: %s\n", why);
		return 0;
	}
	/*
	 * The buffer lies where Iguana put the section; if that is inside the
	 * vmalloc range, it is reserved there so that nothing of Linux's is
	 * ever mapped over it.
	 */
	if (b < VMALLOC_END && b + buf_size > VMALLOC_START) {
		area = __get_vm_area_caller(buf_size, VM_NO_GUARD, b, b + buf_size,
					    __builtin_return_address(0));
		if (!area || (unsigned long)area->addr != b) {
			pr_err("vda: the driver's buffer at 0x%lx is in use in Linux's vmalloc range (0x%lx-0x%lx): no disk\n",
			       b, VMALLOC_START, VMALLOC_END);
			return -EBUSY;
		}
	}
	wombat_blk_map(b, buf_size);
	buf = (unsigned char *)b;

	major = register_blkdev(0, "vda");
	if (major < 0)
		return major;
	err = blk_mq_alloc_sq_tag_set(&tags, &vda_ops, 16, BLK_MQ_F_SHOULD_MERGE);
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
	blk_queue_max_hw_sectors(disk->queue, buf_size / SECTOR_SIZE);
	blk_queue_max_segment_size(disk->queue, buf_size);
	blk_queue_write_cache(disk->queue, false, false);
	set_capacity(disk, sectors);
	err = add_disk(disk);
	if (err) {
		put_disk(disk);
		blk_mq_free_tag_set(&tags);
		return err;
	}
	pr_info("vda: %lu sectors (%lu MiB), a session of Iguana's block driver, buffer %lu KiB at 0x%lx\n",
		sectors, sectors >> 11, buf_size >> 10, b);
	return 0;
}
device_initcall(vda_init);
