/* The virtio transport and virtqueues shared by the virtio drivers
 * (iguana/drivers/blk, iguana/drivers/net; docs/virtio.md). A driver
 * domain lists this directory in its base.mk (USES_name): its arch/<arch>/
 * file is the board's transport, legacy virtio over PCI port I/O on the PC
 * (virtio_pci.c), virtio-mmio on virt (mmio/virtio_mmio.c, included by
 * arch/<arch>/virtio_mmio.c with its barrier); virtqueue.c the rings, the
 * same everywhere: the legacy layout, 4096-byte aligned, in one physically
 * contiguous section the driver owns. */
#ifndef VIRTIO_DEV_H
#define VIRTIO_DEV_H
#include <iguana/libiguana.h>
#include <stdbool.h>
#include <stdint.h>

#define VIRTIO_ACK        1          /* device status bits */
#define VIRTIO_DRIVER     2
#define VIRTIO_DRIVER_OK  4
#define VIRTIO_FAILED     128
#define VIRTIO_ID_NET     1
#define VIRTIO_ID_BLOCK   2

/* --- transport (arch/<arch>/) --- */
/* Find the device of virtio type `id` (PC: its transitional PCI device
 * 0x1000 + id - 1; virt: the first of the domain's device= transports
 * that holds one), reset it (and tell Iguana: vdev_reset_done), acknowledge
 * it and accept `features` of those it offers (bits 0-31). Fills its interrupt line and the features
 * accepted; false (after a message naming `who`) if there is none. */
bool vdev_init(struct ig_startinfo *si, unsigned id, const char *who, uint32_t features,
	       l4_word *irq, uint32_t *accepted);
uint8_t vdev_config8(unsigned off);            /* the device-specific configuration */
uint32_t vdev_config32(unsigned off);
unsigned vdev_queue_max(unsigned q);           /* queue q's size: the device's (legacy PCI) or its maximum */
bool vdev_queue_start(unsigned q, unsigned n, l4_word pa);   /* queue q of n entries at pa (page aligned) */
void vdev_driver_ok(void);                     /* every queue set up: the device may start */
void vdev_notify(unsigned q);                  /* new entries in queue q's available ring */
void vdev_irq_ack(void);                       /* read and clear the device's interrupt status */

/* --- virtqueues (virtqueue.c) --- */
/* The device is reset (vdev_init calls it): Iguana may free what it kept
 * for the device of this driver's earlier instance (IG_DEV_RESET). */
void vdev_reset_done(const char *who);
struct vq_desc { uint64_t addr; uint32_t len; uint16_t flags, next; };
#define VQ_DESC_NEXT  1
#define VQ_DESC_WRITE 2                        /* the device writes this buffer */
#define VQ_DESC_INDIRECT 4                     /* addr/len: a table of descriptors (VIRTIO_RING_F_INDIRECT_DESC) */
#define VQ_AVAIL_NO_INTERRUPT 1                /* avail flags: no interrupt when this queue's buffers are used */
struct vq_used { uint32_t id, len; };
struct vq {
	unsigned index, n;
	volatile struct vq_desc *desc;
	volatile uint16_t *avail;                  /* flags, idx, ring[n] */
	volatile uint16_t *used_hdr;               /* flags, idx, then ring[n] */
	volatile struct vq_used *used;
	uint16_t avail_idx, used_seen;
	l4_word extra, extra_pa;                   /* the driver's pages after the rings (headers, buffers) */
};
/* Queue `index` of up to `max` entries (the device's size on legacy PCI),
 * with `extra_pages` of the driver's own after the rings, in one section
 * of consecutive frames; started on the device. False after a message. */
bool vq_create(struct vq *q, unsigned index, unsigned max, l4_word extra_pages, const char *who);
/* Offer the chain starting at descriptor `head` to the device (no notify). */
void vq_push(struct vq *q, unsigned head);
/* The next chain the device has finished: its head and the bytes it wrote. */
bool vq_pop(struct vq *q, unsigned *head, uint32_t *len);
/* The device sees ring memory in program order only after a fence. */
static inline void vq_fence(void) { __atomic_thread_fence(__ATOMIC_SEQ_CST); }
#endif
