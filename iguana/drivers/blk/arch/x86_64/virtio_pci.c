/* The PC's virtio-blk: a transitional (legacy-capable) virtio PCI device,
 * found by walking PCI configuration space through ports 0xcf8/0xcfc and
 * driven through its I/O-port BAR 0 (the domain has `io`); its interrupt
 * is the INTx line the firmware routed, read from configuration space
 * (the domain's boot config must allow it: irq=N). */
#include "../../virtio_dev.h"
#include <stdio.h>
#include <stdint.h>

#define PCI_ADDR 0xcf8
#define PCI_DATA 0xcfc
#define VENDOR_VIRTIO 0x1af4
#define DEVICE_BLK_LEGACY 0x1001      /* transitional virtio-blk */

/* Legacy virtio header in BAR 0 (no MSI-X: the device config follows at 0x14). */
#define VP_HOST_FEATURES  0x00
#define VP_GUEST_FEATURES 0x04
#define VP_QUEUE_PFN      0x08
#define VP_QUEUE_NUM      0x0c
#define VP_QUEUE_SEL      0x0e
#define VP_QUEUE_NOTIFY   0x10
#define VP_STATUS         0x12
#define VP_ISR            0x13
#define VP_CONFIG         0x14        /* virtio-blk: capacity, 64 bits */

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

bool vdev_init(struct ig_startinfo *si, l4_word *irq, l4_word *sectors)
{
	(void)si;
	for (unsigned bus = 0; bus < 4; bus++)
		for (unsigned dev = 0; dev < 32; dev++) {
			uint32_t id = cfg_read(bus, dev, 0);
			if ((id & 0xffff) != VENDOR_VIRTIO || id >> 16 != DEVICE_BLK_LEGACY)
				continue;
			uint32_t bar = cfg_read(bus, dev, 0x10);
			if (!(bar & 1)) {
				printf("blk: virtio-blk at %u:%u has no I/O BAR (a modern-only device?)\n", bus, dev);
				continue;
			}
			io = (uint16_t)(bar & ~3u);
			/* I/O space and bus mastering (its DMA) on. */
			cfg_write(bus, dev, 0x04, (cfg_read(bus, dev, 0x04) & 0xffff) | 0x5);
			*irq = cfg_read(bus, dev, 0x3c) & 0xff;
			outb(io + VP_STATUS, 0);                         /* reset */
			outb(io + VP_STATUS, VIRTIO_ACK);
			outb(io + VP_STATUS, VIRTIO_ACK | VIRTIO_DRIVER);
			(void)inl(io + VP_HOST_FEATURES);
			outl(io + VP_GUEST_FEATURES, 0);
			*sectors = inl(io + VP_CONFIG) | (l4_word)inl(io + VP_CONFIG + 4) << 32;
			printf("blk: virtio-blk (legacy PCI) at %u:%u, ports %x, irq %lu, %lu sectors\n",
			       bus, dev, io, *irq, *sectors);
			return true;
		}
	printf("blk: no virtio-blk PCI device (QEMU: -device virtio-blk-pci,disable-modern=on)\n");
	return false;
}

unsigned vdev_queue_max(void)
{
	outw(io + VP_QUEUE_SEL, 0);
	return inw(io + VP_QUEUE_NUM);
}

bool vdev_queue_start(unsigned n, l4_word pa)
{
	if (n != vdev_queue_max())
		return false;              /* legacy PCI: the device's size, not ours */
	outl(io + VP_QUEUE_PFN, (uint32_t)(pa >> 12));
	outb(io + VP_STATUS, VIRTIO_ACK | VIRTIO_DRIVER | VIRTIO_DRIVER_OK);
	return true;
}

void vdev_notify(void) { outw(io + VP_QUEUE_NOTIFY, 0); }
void vdev_irq_ack(void) { (void)inb(io + VP_ISR); }      /* reading clears it, and lowers INTx */
