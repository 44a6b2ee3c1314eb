/* Boot: what the platform's loader gave (arch_kmain fills struct
 * boot_params), memory set-up, the root task. */
#include <kernel.h>
#include <arch.h>
#include <arch_sysargs.h>
#include <elf.h>

#define ROOT_STACK_TOP  (L4_UTCB_AREA - 0x10000000ULL)     /* below the UTCBs, whatever the layout */
#define ROOT_STACK_PAGES 16
#define ROOT_BOOTINFO   (ROOT_STACK_TOP + PAGE_SIZE)
#define MAX_PHYS_RANGES 24

struct phys_range phys_allowed[MAX_PHYS_RANGES];
int nphys_allowed;
static struct l4_bootinfo bi;
static struct boot_ram *ram;
static int nram;
static u64 user_next;       /* boot-time allocator for the root task's frames */

static bool str_has(const char *s, const char *w)
{
	for (; *s; s++) {
		size_t i = 0;
		while (w[i] && s[i] == w[i])
			i++;
		if (!w[i])
			return true;
	}
	return false;
}

/* The number after `name=` on the kernel command line (decimal), or dflt.
 * For the architecture too: kmain has the command line before arch_mmu_init. */
u64 kernel_option(const char *name, u64 dflt)
{
	for (const char *p = bi.cmdline; *p; p++) {
		if (p != bi.cmdline && p[-1] != ' ')
			continue;
		size_t i = 0;
		while (name[i] && p[i] == name[i])
			i++;
		if (name[i] || p[i] != '=' || p[i + 1] < '0' || p[i + 1] > '9')
			continue;
		u64 v = 0;
		for (p += i + 1; *p >= '0' && *p <= '9'; p++)
			v = v * 10 + (u64)(*p - '0');
		return v;
	}
	return dflt;
}

static u64 user_frame(void)
{
	for (int i = 0; i < nram; i++) {
		if (user_next < ram[i].start)
			user_next = ram[i].start;
		if (user_next + PAGE_SIZE <= ram[i].end && user_next + PAGE_SIZE <= ARCH_DIRECT_MAX) {
			u64 pa = user_next;
			user_next += PAGE_SIZE;
			u64 *p = phys_to_virt(pa);
			for (size_t k = 0; k < PAGE_SIZE / 8; k++)
				p[k] = 0;
			return pa;
		}
	}
	panic("out of memory loading the root task");
}

static void map_new(struct space *s, u64 va, unsigned rights)
{
	u64 pa = 0;
	if (arch_pt_lookup(s, va, &pa)) {
		struct mnode *n = mdb_lookup(s, va);
		if (map_root(s, va, pa, (n ? n->rights : 0) | rights) != L4_OK)
			panic("root task: out of kernel memory");
		return;
	}
	if (map_root(s, va, user_frame(), rights) != L4_OK)
		panic("root task: out of kernel memory");
}

static u64 load_root(struct space *s)
{
	if (bi.nmods == 0)
		panic("no root task: the boot loader passed no module");
	struct elf_seg seg[8];
	u64 entry;
	const u8 *img = phys_to_virt(bi.mods[0].start);
	int n = elf_parse(img, bi.mods[0].size, L4_UTCB_AREA, seg, 8, &entry);
	if (n < 0)
		panic("root task '%s': %s", bi.mods[0].cmdline, elf_strerror(n));
	for (int i = 0; i < n; i++) {
		unsigned r = L4_R | ((seg[i].flags & 2) ? L4_W : 0) | ((seg[i].flags & 1) ? L4_X : 0);
		for (u64 va = seg[i].vaddr & PAGE_MASK; va < seg[i].vaddr + seg[i].memsz; va += PAGE_SIZE)
			map_new(s, va, r);
		for (u64 k = 0; k < seg[i].filesz; k++) {
			u64 va = seg[i].vaddr + k, pa = 0;
			arch_pt_lookup(s, va & PAGE_MASK, &pa);
			*(u8 *)phys_to_virt(pa + (va & (PAGE_SIZE - 1))) = img[seg[i].offset + k];
		}
	}
	return entry;
}

void root_task_start(void)
{
	int err;
	struct space *s = space_create(&err);
	if (!s)
		panic("cannot create the root space");
	s->flags = SP_PRIV | SP_ALLOW_ALL | SP_IO;
	u64 entry = load_root(s);
	for (u64 i = 1; i <= ROOT_STACK_PAGES; i++)
		map_new(s, ROOT_STACK_TOP - i * PAGE_SIZE, L4_R | L4_W);
	map_new(s, ROOT_BOOTINFO, L4_R);
	struct tcb *t = thread_create(s, 100, 0, 0, L4_UTCB_AREA, &err);
	if (!t)
		panic("cannot create the root thread");
	/* Everything from here up is the root task's to take with MAP_PHYS. */
	for (int i = 0; i < nram; i++) {
		u64 st = ram[i].start > user_next ? ram[i].start : user_next;
		if (st < ram[i].end && bi.nmem < L4_BI_MAXMEM) {
			bi.mem[bi.nmem].start = st;
			bi.mem[bi.nmem++].size = ram[i].end - st;
			phys_allowed[nphys_allowed].start = st;
			phys_allowed[nphys_allowed++].end = ram[i].end;
		}
	}
	for (u64 i = 0; i < bi.nmods; i++) {
		phys_allowed[nphys_allowed].start = bi.mods[i].start & PAGE_MASK;
		phys_allowed[nphys_allowed++].end = ALIGN_UP(bi.mods[i].start + bi.mods[i].size, PAGE_SIZE);
	}
	/* The board's devices, for user-mode drivers: their pages only as device memory. */
	struct boot_dev dev[L4_BI_MAXDEV];
	int ndev = arch_devices(dev, L4_BI_MAXDEV);
	for (int i = 0; i < ndev && nphys_allowed < MAX_PHYS_RANGES; i++) {
		bi.dev[bi.ndev].start = dev[i].start;
		bi.dev[bi.ndev].size = dev[i].end - dev[i].start;
		bi.dev[bi.ndev].irq = dev[i].irq;
		for (int k = 0; k + 1 < (int)sizeof(bi.dev[0].name) && dev[i].name[k]; k++)
			bi.dev[bi.ndev].name[k] = dev[i].name[k];
		bi.ndev++;
		if (dev[i].end > dev[i].start)       /* whole pages: a device may be smaller (virtio-mmio) */
			phys_allowed[nphys_allowed++] = (struct phys_range){ dev[i].start & PAGE_MASK,
									    ALIGN_UP(dev[i].end, PAGE_SIZE), true };
	}
	bi.magic = L4_BOOTINFO_MAGIC;
	bi.root_space = s->sid;
	bi.root_tid = t->tid;
	bi.clock_khz = arch_clock_khz();
	bi.fpu_size = arch_fpu_size();
	u64 pa = 0;
	arch_pt_lookup(s, ROOT_BOOTINFO, &pa);
	*(struct l4_bootinfo *)phys_to_virt(pa) = bi;
	struct frame *f = arch_user_frame(t);
	arch_frame_init_user(f, entry, ROOT_STACK_TOP - 64);
	SC_A0(f) = ROOT_BOOTINFO;
	FR_FLAGS(f) = arch_sanitize_flags(s, FR_FLAGS(f));
	t->state = TS_READY;
	sched_ready(t);
	printk("[kernel] root task: entry %lx, %lu modules, %lu MiB for user memory\n",
	       entry, bi.nmods, (bi.nmem ? bi.mem[0].size : 0) >> 20);
}

u64 wallclock_at_zero;

/* From the architecture's entry (arch_kmain), once the platform and the
 * CPU are set up and the loader's information is in bp. */
void kmain(struct boot_params *bp)
{
	printk("\n[kernel] Wombat microkernel (%s), clock %lu kHz\n", ARCH_NAME, arch_clock_khz());
	u64 rtc = arch_rtc_ns();
	wallclock_at_zero = rtc ? rtc - arch_clock_ns() : 0;
	if (rtc)
		printk("[kernel] real-time clock: %lu s since 1970\n", rtc / 1000000000);
	for (int i = 0; i < 256; i++)
		bi.cmdline[i] = bp->cmdline[i];
	for (int i = 0; i < 4; i++)
		bi.seed[i] = bp->seed[i];
	for (u64 i = 0; i < bp->nmods && i < L4_BI_MAXMODS; i++, bi.nmods++) {
		bi.mods[i].start = bp->mods[i].start;
		bi.mods[i].size = bp->mods[i].size;
		for (int k = 0; k < 112; k++)
			bi.mods[i].cmdline[k] = bp->mods[i].cmdline[k];
	}
	ram = bp->ram;
	nram = bp->nram;
	u64 free_start = ALIGN_UP(bp->free_start, PAGE_SIZE);
	arch_mmu_init();
	if (!nram)
		panic("no usable RAM");
	u64 total = 0;
	for (int i = 0; i < nram; i++)
		total += ram[i].end - ram[i].start;
	/* The kernel pool: an eighth of RAM (page tables, mapping nodes and
	 * threads of every space; the root server gives it out as limits),
	 * right after the boot modules, inside the direct map. */
	u64 pool = ALIGN_UP(total / 8, PAGE_SIZE), pool_end = free_start + pool;
	if (pool_end > ARCH_DIRECT_MAX / 2)
		pool_end = ARCH_DIRECT_MAX / 2;
	for (int i = 0; i < nram; i++)
		if (free_start >= ram[i].start && free_start < ram[i].end && pool_end > ram[i].end)
			pool_end = ram[i].end;
	if (pool_end <= free_start + (1ULL << 20))
		panic("no room for the kernel pool after the boot modules (RAM %lu MiB)", total >> 20);
	mdb_init(free_start, (pool_end - free_start) / PAGE_SIZE);
	kmem_init(mdb_pool_end(), pool_end);
	for (int i = 0; i < nram; i++)
		if (ram[i].start < pool_end)
			ram[i].start = pool_end > ram[i].end ? ram[i].end : pool_end;
	pool = pool_end - free_start;
	fastpath_enabled = ARCH_HAS_FASTPATH && !str_has(bi.cmdline, "nofastpath");
	arch_fastpath_enable(fastpath_enabled);
	printk("[kernel] %lu MiB RAM, kernel pool %lu KiB, tagged TLB %s, FPU state %u bytes, fastpath %s\n",
	       total >> 20, pool >> 10, arch_tlb_tagged() ? "on" : "off", arch_fpu_size(),
	       fastpath_enabled ? "on" : "off");
	sched_init();
	root_task_start();
	schedule();
	idle_loop();                 /* the boot stack becomes the idle thread's */
}
