/* virtio-mmio transports for user-mode drivers: the boards whose device tree
 * lists them (virt on aarch64 and riscv64) collect them while parsing it and
 * offer those that hold a device in arch_devices(). */
#include <kernel.h>

#define VIRTIO_MMIO_MAGIC    0x74726976     /* "virt" */
#define VIRTIO_MMIO_DEVICEID 0x008          /* 0: an empty transport */

/* A transport node's properties come one at a time: the line may come
 * after reg and compatible, so the same address is seen more than once. */
void virtio_mmio_add(struct virtio_mmio *t, unsigned *nt, unsigned max, u64 pa, u32 irq)
{
	unsigned i = 0;
	while (i < *nt && t[i].pa != pa)
		i++;
	if (i == max)
		return;
	if (i == *nt)
		(*nt)++;
	t[i].pa = pa;
	if (irq)
		t[i].irq = irq;
}

static u32 reg(u64 pa, u64 off) { return *(volatile u32 *)((u64)phys_to_virt(pa) + off); }

/* Those of t[] that hold a device, by address, as "virtio0", "virtio1"...,
 * size bytes each, appended to d[n..max); lines >= nirqs count as none.
 * Returns the new n. */
int virtio_mmio_devices(struct boot_dev *d, int n, int max, const struct virtio_mmio *t, unsigned nt,
			u64 size, unsigned nirqs)
{
	static char names[L4_BI_MAXDEV][12];
	u64 last = 0;
	for (int v = 0; n < max && n < L4_BI_MAXDEV;) {
		unsigned next = nt;                 /* the lowest address above the last one */
		for (unsigned i = 0; i < nt; i++)
			if (t[i].pa > last && (next == nt || t[i].pa < t[next].pa))
				next = i;
		if (next == nt)
			break;
		last = t[next].pa;
		if (reg(last, 0) != VIRTIO_MMIO_MAGIC || !reg(last, VIRTIO_MMIO_DEVICEID))
			continue;
		char *name = names[n];
		for (int i = 0; i < 6; i++)
			name[i] = "virtio"[i];
		name[6] = (char)('0' + v++);
		name[7] = 0;
		u32 irq = t[next].irq && t[next].irq < nirqs ? t[next].irq : L4_BI_NOIRQ;
		d[n++] = (struct boot_dev){ last, last + size, irq, name };
	}
	return n;
}
