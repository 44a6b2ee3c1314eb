/* The block driver's transport: how it reaches the virtio-blk device on this
 * board (iguana/drivers/blk/arch/<arch>/): legacy virtio over PCI port I/O
 * on the PC, virtio-mmio on virt. The virtqueue itself (main.c) is the
 * same everywhere: the legacy layout, 4096-byte aligned, in one
 * physically contiguous section. */
#ifndef VIRTIO_DEV_H
#define VIRTIO_DEV_H
#include <iguana/libiguana.h>
#include <stdbool.h>

#define VIRTIO_ACK        1          /* device status bits */
#define VIRTIO_DRIVER     2
#define VIRTIO_DRIVER_OK  4
#define VIRTIO_FAILED     128
#define VIRTIO_ID_BLOCK   2

/* Find the disk, reset it, acknowledge it, accept no optional feature.
 * Fills its interrupt line and size in sectors; false (after a message)
 * if there is none. */
bool vdev_init(struct ig_startinfo *si, l4_word *irq, l4_word *sectors);
unsigned vdev_queue_max(void);       /* queue 0's size: the device's (legacy PCI) or its maximum */
/* Queue 0 of n entries at physical address pa (page aligned), then DRIVER_OK. */
bool vdev_queue_start(unsigned n, l4_word pa);
void vdev_notify(void);              /* new entries in queue 0's available ring */
void vdev_irq_ack(void);             /* read and clear the device's interrupt status */
#endif
