/* The PC's virtio devices: transitional (legacy-capable) virtio PCI
 * devices, found by walking PCI configuration space through ports
 * 0xcf8/0xcfc and driven through their I/O-port BAR 0 (the domain has
 * `io`); the interrupt is the INTx line the firmware routed, read from
 * configuration space (the domain's boot config must allow it: irq=N). */
#include "../../virtio_dev.h"
#include <stdio.h>
#include <stdint.h>

#define PCI_ADDR 0xcf8
#define PCI_DATA 0xcfc
#define VENDOR_VIRTIO 0x1af4
#define DEVICE_LEGACY_BASE 0x1000     /* transitional device ids: 0x1000 + virtio id - 1 */

/* Legacy virtio header in BAR 0 (no MSI-X: the device config follows at 0x14). */
#define VP_HOST_FEATURES  0x00
#define VP_GUEST_FEATURES 0x04
#define VP_QUEUE_PFN      0x08
#define VP_QUEUE_NUM      0x0c
#define VP_QUEUE_SEL      0x0e
#define VP_QUEUE_NOTIFY   0x10
#define VP_STATUS         0x12
#define VP_ISR            0x13
#define VP_CONFIG         0x14

static uint16_t io;

static void outb(uint16_t p, uint8_t v) { __asm__ volatile("outb %0, %1" :: "a"(v), "Nd"(p)); }
static void outw(uint16_t p, uint16_t v) { __asm__ volatile("outw %0, %1" :: "a"(v), "Nd"(p)); }
static void outl(uint16_t p, uint32_t v) { __asm__ volatile("outl %0, %1" :: "a"(v), "Nd"(p)); }
static uint8_t inb(uint16_t p) { uint8_t v; __asm__ volatile("inb %1, %0" : "=a"(v) : "Nd"(p)); return v; }
static uint16_t inw(uint16_t p) { uint16_t v; __asm__ volatile("inw %1, %0" : "=a"(v) : "Nd"(p)); return v; }
static uint32_t inl(uint16_t p) { uint32_t v; __asm__ volatile("inl %1, %0" : "=a"(v) : "Nd"(p)); return v; }

static uint32_t cfg_read(unsigned bus, unsigned dev, unsigned reg)
{
	outl(PCI_ADDR, 0x80000000u | bus << 16 | dev << 11 | (reg & 0xfc));
	return inl(PCI_DATA);
}

static void cfg_write(unsigned bus, unsigned dev, unsigned reg, uint32_t v)
{
	outl(PCI_ADDR, 0x80000000u | bus << 16 | dev << 11 | (reg & 0xfc));
	outl(PCI_DATA, v);
}

bool vdev_init(struct ig_startinfo *si, unsigned id, const char *who, uint32_t features,
	       l4_word *irq, uint32_t *accepted)
{
	(void)si;
	for (unsigned bus = 0; bus < 4; bus++)
		for (unsigned dev = 0; dev < 32; dev++) {
			uint32_t pid = cfg_read(bus, dev, 0);
			if ((pid & 0xffff) != VENDOR_VIRTIO || pid >> 16 != DEVICE_LEGACY_BASE + id - 1)
				continue;
			uint32_t bar = cfg_read(bus, dev, 0x10);
			if (!(bar & 1)) {
				printf("%s: virtio device at %u:%u has no I/O BAR (a modern-only device?)\n", who, bus, dev);
				continue;
			}
			io = (uint16_t)(bar & ~3u);
			/* I/O space and bus mastering (its DMA) on. */
			cfg_write(bus, dev, 0x04, (cfg_read(bus, dev, 0x04) & 0xffff) | 0x5);
			*irq = cfg_read(bus, dev, 0x3c) & 0xff;
			outb(io + VP_STATUS, 0);                         /* reset: done when status reads 0 */
			for (int i = 0; i < 100000 && inb(io + VP_STATUS); i++)
				;
			vdev_reset_done(who);
			outb(io + VP_STATUS, VIRTIO_ACK);
			outb(io + VP_STATUS, VIRTIO_ACK | VIRTIO_DRIVER);
			*accepted = inl(io + VP_HOST_FEATURES) & features;
			outl(io + VP_GUEST_FEATURES, *accepted);
			printf("%s: virtio device %u (legacy PCI) at %u:%u, ports %x, irq %lu\n", who, id, bus, dev, io, *irq);
			return true;
		}
	printf("%s: no virtio PCI device of type %u (QEMU: a transitional device, disable-modern=on)\n", who, id);
	return false;
}

uint8_t vdev_config8(unsigned off) { return inb(io + VP_CONFIG + off); }
uint32_t vdev_config32(unsigned off) { return inl(io + VP_CONFIG + off); }

unsigned vdev_queue_max(unsigned q)
{
	outw(io + VP_QUEUE_SEL, (uint16_t)q);
	return inw(io + VP_QUEUE_NUM);
}

bool vdev_queue_start(unsigned q, unsigned n, l4_word pa)
{
	if (n != vdev_queue_max(q))
		return false;              /* legacy PCI: the device's size, not ours */
	outl(io + VP_QUEUE_PFN, (uint32_t)(pa >> 12));
	return true;
}

void vdev_driver_ok(void) { outb(io + VP_STATUS, VIRTIO_ACK | VIRTIO_DRIVER | VIRTIO_DRIVER_OK); }
void vdev_notify(unsigned q) { outw(io + VP_QUEUE_NOTIFY, (uint16_t)q); }
void vdev_irq_ack(void) { (void)inb(io + VP_ISR); }      /* reading clears it, and lowers INTx */
