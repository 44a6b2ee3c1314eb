/* virt's virtio-blk: a virtio-mmio transport the device tree lists (the
 * kernel names those that hold a device "virtio0", "virtio1"...; boot config
 * device=virtio0), legacy interface (version 1, QEMU's default on virt);
 * its interrupt is the transport's line (aarch64: SPI, riscv64: PLIC
 * source). Included by arch/<arch>/virtio_mmio.c after its io_barrier(). */
#include <stdio.h>
#include <stdint.h>

#define MMIO_MAGIC          0x000
#define MMIO_VERSION        0x004
#define MMIO_DEVICE_ID      0x008
#define MMIO_HOST_FEATURES  0x010
#define MMIO_HOST_FEAT_SEL  0x014
#define MMIO_GUEST_FEATURES 0x020
#define MMIO_GUEST_FEAT_SEL 0x024
#define MMIO_GUEST_PAGE     0x028   /* legacy */
#define MMIO_QUEUE_SEL      0x030
#define MMIO_QUEUE_NUM_MAX  0x034
#define MMIO_QUEUE_NUM      0x038
#define MMIO_QUEUE_ALIGN    0x03c   /* legacy */
#define MMIO_QUEUE_PFN      0x040   /* legacy */
#define MMIO_QUEUE_NOTIFY   0x050
#define MMIO_INT_STATUS     0x060
#define MMIO_INT_ACK        0x064
#define MMIO_STATUS         0x070
#define MMIO_CONFIG         0x100   /* virtio-blk: capacity, 64 bits */

static unsigned long base;

static uint32_t rd(unsigned off) { return *(volatile uint32_t *)(base + off); }
static void wr(unsigned off, uint32_t v) { *(volatile uint32_t *)(base + off) = v; }

bool vdev_init(struct ig_startinfo *si, l4_word *irq, l4_word *sectors)
{
	base = si->dev[0].regs;
	*irq = si->dev[0].irq;
	if (!base || *irq == L4_BI_NOIRQ) {
		printf("blk: no device registers or interrupt line (boot config device=virtio0)\n");
		return false;
	}
	if (rd(MMIO_MAGIC) != 0x74726976 || rd(MMIO_DEVICE_ID) != VIRTIO_ID_BLOCK || rd(MMIO_VERSION) != 1) {
		printf("blk: the device is not a legacy (version 1) virtio-mmio block device (id %u, version %u)\n",
		       rd(MMIO_DEVICE_ID), rd(MMIO_VERSION));
		return false;
	}
	wr(MMIO_STATUS, 0);                                  /* reset */
	wr(MMIO_STATUS, VIRTIO_ACK);
	wr(MMIO_STATUS, VIRTIO_ACK | VIRTIO_DRIVER);
	wr(MMIO_HOST_FEAT_SEL, 0);
	(void)rd(MMIO_HOST_FEATURES);
	wr(MMIO_GUEST_FEAT_SEL, 0);
	wr(MMIO_GUEST_FEATURES, 0);
	wr(MMIO_GUEST_PAGE, 4096);
	*sectors = rd(MMIO_CONFIG) | (l4_word)rd(MMIO_CONFIG + 4) << 32;
	printf("blk: virtio-blk (virtio-mmio, legacy), irq %lu, %lu sectors\n", *irq, *sectors);
	return true;
}

unsigned vdev_queue_max(void)
{
	wr(MMIO_QUEUE_SEL, 0);
	return rd(MMIO_QUEUE_NUM_MAX);
}

bool vdev_queue_start(unsigned n, l4_word pa)
{
	wr(MMIO_QUEUE_SEL, 0);
	wr(MMIO_QUEUE_NUM, n);
	wr(MMIO_QUEUE_ALIGN, 4096);
	wr(MMIO_QUEUE_PFN, (uint32_t)(pa >> 12));
	wr(MMIO_STATUS, VIRTIO_ACK | VIRTIO_DRIVER | VIRTIO_DRIVER_OK);
	return true;
}

/* The ring's stores (normal memory) reach the device before it is told. */
void vdev_notify(void)
{
	io_barrier();
	wr(MMIO_QUEUE_NOTIFY, 0);
}

void vdev_irq_ack(void) { wr(MMIO_INT_ACK, rd(MMIO_INT_STATUS)); }
