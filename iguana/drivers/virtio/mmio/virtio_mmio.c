/* virt's virtio devices: virtio-mmio transports the device tree lists (the
 * kernel names those that hold a device "virtio0", "virtio1"...; boot
 * config device=virtioN, several if the driver's device may be any of
 * them), legacy interface (version 1, QEMU's default on virt); the
 * interrupt is the transport's line (aarch64: SPI, riscv64: PLIC source).
 * Included by arch/<arch>/virtio_mmio.c after its io_barrier(). */
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
#define MMIO_CONFIG         0x100

static unsigned long base;

static uint32_t rd(unsigned off) { return *(volatile uint32_t *)(base + off); }
static void wr(unsigned off, uint32_t v) { *(volatile uint32_t *)(base + off) = v; }

bool vdev_init(struct ig_startinfo *si, unsigned id, const char *who, uint32_t features,
	       l4_word *irq, uint32_t *accepted)
{
	for (int i = 0; i < 4; i++) {
		base = si->dev[i].regs;
		*irq = si->dev[i].irq;
		if (!base || *irq == L4_BI_NOIRQ)
			continue;
		if (rd(MMIO_MAGIC) != 0x74726976 || rd(MMIO_DEVICE_ID) != id)
			continue;
		if (rd(MMIO_VERSION) != 1) {
			printf("%s: the device is not a legacy (version 1) virtio-mmio device (version %u)\n",
			       who, rd(MMIO_VERSION));
			return false;
		}
		wr(MMIO_STATUS, 0);                                  /* reset: done when status reads 0 */
		for (int k = 0; k < 100000 && rd(MMIO_STATUS); k++)
			;
		vdev_reset_done(who);
		wr(MMIO_STATUS, VIRTIO_ACK);
		wr(MMIO_STATUS, VIRTIO_ACK | VIRTIO_DRIVER);
		wr(MMIO_HOST_FEAT_SEL, 0);
		*accepted = rd(MMIO_HOST_FEATURES) & features;
		wr(MMIO_GUEST_FEAT_SEL, 0);
		wr(MMIO_GUEST_FEATURES, *accepted);
		wr(MMIO_GUEST_PAGE, 4096);
		printf("%s: virtio device %u (virtio-mmio, legacy), irq %lu\n", who, id, *irq);
		return true;
	}
	base = 0;
	printf("%s: none of its device= transports holds a virtio device of type %u\n", who, id);
	return false;
}

uint8_t vdev_config8(unsigned off) { return *(volatile uint8_t *)(base + MMIO_CONFIG + off); }
uint32_t vdev_config32(unsigned off) { return rd(MMIO_CONFIG + off); }

unsigned vdev_queue_max(unsigned q)
{
	wr(MMIO_QUEUE_SEL, q);
	return rd(MMIO_QUEUE_NUM_MAX);
}

bool vdev_queue_start(unsigned q, unsigned n, l4_word pa)
{
	wr(MMIO_QUEUE_SEL, q);
	wr(MMIO_QUEUE_NUM, n);
	wr(MMIO_QUEUE_ALIGN, 4096);
	wr(MMIO_QUEUE_PFN, (uint32_t)(pa >> 12));
	return true;
}

void vdev_driver_ok(void) { wr(MMIO_STATUS, VIRTIO_ACK | VIRTIO_DRIVER | VIRTIO_DRIVER_OK); }

/* The ring's stores (normal memory) reach the device before it is told. */
void vdev_notify(unsigned q)
{
	io_barrier();
	wr(MMIO_QUEUE_NOTIFY, q);
}

void vdev_irq_ack(void) { wr(MMIO_INT_ACK, rd(MMIO_INT_STATUS)); }
