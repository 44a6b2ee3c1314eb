/* Boot: read the Multiboot information, set up memory, start the root task. */
#include <kernel.h>
#include <arch.h>
#include <arch_layout.h>
#include <arch_sysargs.h>
#include <elf.h>

void arch_platform_init(void);
void arch_cpu_init(void);
void arch_mmu_init(void);

struct mb_info {
	u32 flags, mem_lower, mem_upper, boot_device, cmdline, mods_count, mods_addr;
	u32 syms[4], mmap_length, mmap_addr;
};
struct mb_mod { u32 start, end, string, reserved; };
struct mb_mmap { u32 size; u64 addr, len; u32 type; } __attribute__((packed));

#define ROOT_STACK_TOP  0x00007fbfe0000000ULL
#define ROOT_STACK_PAGES 16
#define ROOT_BOOTINFO   (ROOT_STACK_TOP + PAGE_SIZE)
#define MAX_PHYS_RANGES 24

struct { u64 start, end; } phys_allowed[MAX_PHYS_RANGES];
int nphys_allowed;
static struct l4_bootinfo bi;
static struct { u64 start, end; } ram[L4_BI_MAXMEM];
static int nram;
static u64 user_next;       /* boot-time allocator for the root task's frames */

static void copy_str(char *dst, u64 src_pa, size_t n)
{
	const char *s = src_pa ? phys_to_virt(src_pa) : "";
	size_t i = 0;
	for (; i + 1 < n && s[i]; i++)
		dst[i] = s[i];
	dst[i] = 0;
}

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

/* Returns the end of everything the boot loader placed above the kernel. */
static u64 read_multiboot(u32 magic, u64 mbi_pa)
{
	extern char _kernel_end[];
	u64 end = virt_to_phys(_kernel_end);
	if (magic != 0x2BADB002)
		panic("not booted by a Multiboot loader (magic %x)", magic);
	struct mb_info *mb = phys_to_virt(mbi_pa);
	copy_str(bi.cmdline, (mb->flags & 4) ? mb->cmdline : 0, sizeof(bi.cmdline));
	struct mb_mod *mods = phys_to_virt(mb->mods_addr);
	for (u32 i = 0; (mb->flags & 8) && i < mb->mods_count && i < L4_BI_MAXMODS; i++) {
		bi.mods[i].start = mods[i].start;
		bi.mods[i].size = mods[i].end - mods[i].start;
		copy_str(bi.mods[i].cmdline, mods[i].string, sizeof(bi.mods[i].cmdline));
		if (mods[i].end > end)
			end = mods[i].end;
		bi.nmods++;
	}
	if (!(mb->flags & 64))
		panic("no memory map from the boot loader");
	for (u64 off = 0; off < mb->mmap_length && nram < L4_BI_MAXMEM;) {
		struct mb_mmap *m = phys_to_virt(mb->mmap_addr + off);
		u64 s = m->addr, e = m->addr + m->len;
		if (m->type == 1 && s >= 0x100000 && e > s) {
			ram[nram].start = s;
			ram[nram++].end = e;
		}
		off += m->size + 4;
	}
	return ALIGN_UP(end + PAGE_SIZE, PAGE_SIZE);   /* a page of slack for the info block */
}

static u64 user_frame(void)
{
	for (int i = 0; i < nram; i++) {
		if (user_next < ram[i].start)
			user_next = ram[i].start;
		if (user_next + PAGE_SIZE <= ram[i].end && user_next + PAGE_SIZE <= DIRECT_MAX) {
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
		panic("no root task: pass it as the first Multiboot module");
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
	bi.magic = L4_BOOTINFO_MAGIC;
	bi.root_space = s->sid;
	bi.root_tid = t->tid;
	bi.tsc_khz = arch_tsc_khz();
	bi.xsave_size = arch_fpu_size();
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

void kmain(u32 magic, u64 mbi_pa)
{
	arch_platform_init();
	arch_cpu_init();
	printk("\n[kernel] Wombat microkernel (x86_64), TSC %lu kHz\n", arch_tsc_khz());
	u64 free_start = read_multiboot(magic, mbi_pa);
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
	if (pool_end > DIRECT_MAX / 2)
		pool_end = DIRECT_MAX / 2;
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
	fastpath_enabled = !str_has(bi.cmdline, "nofastpath");
	arch_fastpath_enable(fastpath_enabled);
	printk("[kernel] %lu MiB RAM, kernel pool %lu KiB, PCID %s, XSAVE %u bytes, fastpath %s\n",
	       total >> 20, pool >> 10, arch_pcid_enabled() ? "on" : "off", arch_fpu_size(),
	       fastpath_enabled ? "on" : "off");
	sched_init();
	root_task_start();
	schedule();
	idle_loop();                 /* the boot stack becomes the idle thread's */
}
