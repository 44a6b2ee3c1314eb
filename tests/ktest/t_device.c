/* Device memory: the board's devices (l4_bootinfo.dev: the PC's COM1, port
 * I/O, no range; the PL011 page on virt) are mapped only with L4_DEVICE,
 * never executable; RAM never with it. Each has a name and a line the root
 * task can bind. */
#include "ktest.h"

#define DV_CVA 0x5f000000UL      /* child addresses nobody else uses (and 256 MiB steps up) */

KTEST(map_phys_device_ranges, "device ranges map only as device memory (L4_DEVICE, not executable), RAM never so")
{
	l4_word s = space_new();
	l4_word ram = bootinfo->mem[0].start & ~0xfffUL, n0 = l4_kinfo(L4_KI_MAPNODES);
	l4_word e_ram = l4_map_phys(s, DV_CVA, ram, 1, L4_R | L4_W | L4_DEVICE);
	l4_word e_only = l4_map_phys(s, DV_CVA, ram, 1, L4_DEVICE);
	l4_word e_ram_ok = l4_map_phys(s, DV_CVA, ram, 1, L4_R);       /* the same page as memory */
	l4_word e_plain = L4_EINVAL, e_exec = L4_EINVAL, e_dev = L4_OK, e_past = L4_EPERM, n1 = 0;
	l4_word nranges = 0, e_bind = L4_OK, unnamed = 0;
	for (l4_word i = 0; i < bootinfo->ndev && i < L4_BI_MAXDEV; i++) {
		l4_word pa = bootinfo->dev[i].start, pages = bootinfo->dev[i].size / 4096, irq = bootinfo->dev[i].irq;
		unnamed += !bootinfo->dev[i].name[0];
		if (irq != L4_BI_NOIRQ) {
			l4_word e = l4_irq_bind(irq, l4_utcb()->tid, 63);
			if (e == L4_OK)
				e = l4_irq_bind(irq, 0, 0);
			if (e != L4_OK)
				e_bind = e;
		}
		if (!pages)
			continue;                  /* port I/O */
		nranges++;
		l4_word va = DV_CVA + ((i + 1) << 28);
		l4_word e1 = l4_map_phys(s, va, pa, 1, L4_R | L4_W);
		l4_word e2 = l4_map_phys(s, va, pa, 1, L4_R | L4_X | L4_DEVICE);
		l4_word e3 = l4_map_phys(s, va, pa, pages, L4_R | L4_W | L4_DEVICE);
		l4_word e4 = l4_map_phys(s, va + (pages << 12), pa, pages + 1, L4_R | L4_DEVICE);   /* past its end */
		if (e1 != L4_EINVAL)
			e_plain = e1;
		if (e2 != L4_EINVAL)
			e_exec = e2;
		if (e3 != L4_OK)
			e_dev = e3;
		if (e4 != L4_EPERM)
			e_past = e4;
		n1 += pages;
	}
	l4_word n2 = l4_kinfo(L4_KI_MAPNODES);
	l4_space_destroy(s);
	l4_word n3 = l4_kinfo(L4_KI_MAPNODES);
	printf("    %lu device(s) on this board, %lu with MMIO\n", bootinfo->ndev, nranges);
	CHECK(s != 0);
	CHECK(bootinfo->ndev >= 1);           /* both boards have a UART for the console server */
	CHECK_EQ(unnamed, 0);
	CHECK_EQ(e_bind, L4_OK);
	CHECK_EQ(e_ram, L4_EINVAL);
	CHECK_EQ(e_only, L4_EINVAL);
	CHECK_EQ(e_ram_ok, L4_OK);
	CHECK_EQ(e_plain, L4_EINVAL);
	CHECK_EQ(e_exec, L4_EINVAL);
	CHECK_EQ(e_dev, L4_OK);
	CHECK_EQ(e_past, L4_EPERM);
	CHECK_EQ(n2, n0 + 1 + n1);          /* the RAM page and each device page once */
	CHECK_EQ(n3, n0);
}
