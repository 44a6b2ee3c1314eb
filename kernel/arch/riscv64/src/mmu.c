/* riscv64 user page tables: Sv39 (3 levels, 4 KiB pages), satp tagged with
 * an ASID where the hart has them (probed), else flushed at every switch;
 * fence.i when executable pages are mapped. Every root holds the kernel's
 * global gigapages (entries 256..263, copied from boot_root). */
#include <kernel.h>
#include <arch.h>

#define PTE_V 0x01ULL
#define PTE_R 0x02ULL
#define PTE_W 0x04ULL
#define PTE_X 0x08ULL
#define PTE_U 0x10ULL
#define PTE_A 0x40ULL
#define PTE_D 0x80ULL
#define PTE_PPN(e) (((e) >> 10) << 12)
#define PTE_OF(pa) (((pa) >> 12) << 10)
#define SATP_SV39 (8ULL << 60)
#define USER_ROOT_ENTRIES 256

extern u64 boot_root[512];
struct space *mmu_loaded;          /* global: the fast path loads a space with an ASID inline */

u64 virt_to_phys(const void *va) { return (u64)va - KERNEL_VMA; }
void *phys_to_virt(u64 pa) { return (void *)(pa + KERNEL_VMA); }

static void sfence_asid(u64 asid) { __asm__ volatile("sfence.vma zero, %0" :: "r"(asid) : "memory"); }
static void sfence_page(u64 va, u64 asid) { __asm__ volatile("sfence.vma %0, %1" :: "r"(va), "r"(asid) : "memory"); }
static void sfence_all(void) { __asm__ volatile("sfence.vma" ::: "memory"); }

/* ASIDs (s->pcid; 0: none) as on aarch64: handed out at a space's first
 * activation, the lowest free one of those the hart has (satp's ASID
 * field, probed by writing all ones; `asids=N` uses only 1..N-1); one goes
 * back, its TLB entries flushed, with its space's tables; when none is free
 * every space loses its ASID and the TLB is flushed (a rollover). With no
 * ASIDs (asid_count 1: the hart has none, or `asids=1`) every switch
 * flushes the TLB's non-global entries, and only the loaded space has any. */
static u32 asid_count = 1;
static u64 asid_used[65536 / 64];
static u16 asid_holder[65536];

static bool asid_live(struct space *s) { return asid_count > 1 ? s->pcid != 0 : s == mmu_loaded; }

static void asid_assign(struct space *s)
{
	u32 a = 0;
	for (u32 w = 0; w * 64 < asid_count && !a; w++)
		if (~asid_used[w])
			a = w * 64 + (u32)__builtin_ctzll(~asid_used[w]);
	if (!a || a >= asid_count) {                     /* none free: rollover */
		for (u32 i = 1; i < asid_count; i++)
			if (asid_used[i / 64] & (1ULL << (i % 64)))
				space_table[asid_holder[i]].pcid = 0;
		for (u32 w = 0; w * 64 < asid_count; w++)
			asid_used[w] = 0;
		asid_used[0] = 1;
		sfence_all();
		a = 1;
	}
	asid_used[a / 64] |= 1ULL << (a % 64);
	asid_holder[a] = (u16)space_index(s);
	s->pcid = (u16)a;
}

static void asid_release(struct space *s)
{
	if (asid_count > 1 && s->pcid) {
		sfence_asid(s->pcid);
		asid_used[s->pcid / 64] &= ~(1ULL << (s->pcid % 64));
	}
	s->pcid = 0;
}

static void tlb_flush_space(struct space *s)
{
	if (asid_live(s))
		sfence_asid(s->pcid);
}

static void tlb_flush_page(struct space *s, u64 va)
{
	if (asid_live(s))
		sfence_page(va, s->pcid);
}

static void load_root(u64 root_pa, u16 asid)
{
	csr_write(satp, SATP_SV39 | ((u64)asid << 44) | (root_pa >> 12));
	if (asid_count <= 1)
		sfence_asid(0);               /* no ASIDs: the last space's entries go */
}

/* Drop the boot identity map; probe the ASIDs. */
void arch_mmu_init(void)
{
	u64 root = virt_to_phys(boot_root);
	boot_root[2] = 0;
	csr_write(satp, SATP_SV39 | (0xffffULL << 44) | (root >> 12));
	u32 bits = (u32)__builtin_popcountll((csr_read(satp) >> 44) & 0xffff);
	csr_write(satp, SATP_SV39 | (root >> 12));
	sfence_all();
	asid_count = 1u << bits;
	u64 n = kernel_option("asids", 0);
	if (n >= 1 && n < asid_count)
		asid_count = (u32)n;
	if (asid_count > 1 && n >= 2)
		printk("[kernel] ASIDs limited to %u (asids=)\n", asid_count - 1);
	else if (asid_count <= 1)
		printk("[kernel] no ASIDs: the TLB is flushed at every switch\n");
	asid_used[0] = 1;
}

int arch_pt_create(struct space *s)
{
	u64 *root = kmem_alloc(s, true);
	if (!root)
		return L4_ENOMEM;
	for (int i = USER_ROOT_ENTRIES; i < 512; i++)
		root[i] = boot_root[i];
	s->pt_root = root;
	s->pt_root_pa = virt_to_phys(root);
	s->pcid = 0;
	return L4_OK;
}

u64 *arch_pt_child(u64 e)
{
	return (e & PTE_V) ? phys_to_virt(PTE_PPN(e)) : NULL;
}

bool arch_pt_destroy(struct space *s)
{
	if (mmu_loaded == s) {
		load_root(virt_to_phys(boot_root), 0);
		tlb_flush_space(s);
		mmu_loaded = NULL;
	}
	bool done = pt_free_below(s, s->pt_root, 3, USER_ROOT_ENTRIES);
	if (!done) {
		tlb_flush_space(s);           /* no cached walks through freed tables */
		return false;
	}
	asid_release(s);
	kmem_free(s, s->pt_root);
	s->pt_root = NULL;
	return true;
}

bool arch_pt_trim(struct space *s)
{
	bool done = pt_free_below(s, s->pt_root, 3, USER_ROOT_ENTRIES);
	tlb_flush_space(s);
	return done;
}

static u64 *walk(struct space *s, u64 va, bool create)
{
	u64 *t = walk_cached(s, va);
	if (t)
		return t;
	t = s->pt_root;
	for (int shift = 30; shift > 12; shift -= 9) {
		u64 *e = &t[(va >> shift) & 511];
		if (!(*e & PTE_V)) {
			if (!create)
				return NULL;
			u64 *n = kmem_alloc(s, true);
			if (!n)
				return NULL;
			__asm__ volatile("fence rw, rw" ::: "memory");   /* the zeroed table before the walker sees it */
			*e = PTE_OF(virt_to_phys(n)) | PTE_V;
			kmem_pt_added(t, (va >> shift) & 511);   /* where pt_free_below() looks */
		}
		t = phys_to_virt(PTE_PPN(*e));
	}
	return walk_remember(s, va, t);
}

/* A user page: W implies R (W alone is reserved); A and D preset, so the
 * hart never faults or writes to set them; device pages never executable. */
static u64 pte_bits(unsigned rights)
{
	u64 e = PTE_V | PTE_U | PTE_A | PTE_D;
	if (rights & (L4_R | L4_W))
		e |= PTE_R;
	if (rights & L4_W)
		e |= PTE_W;
	if ((rights & L4_X) && !(rights & L4_DEVICE))
		e |= PTE_X;
	return e;
}

/* Code written through the kernel's mapping must reach instruction fetch. */
static void sync_icache(void) { __asm__ volatile("fence.i" ::: "memory"); }

int arch_pt_map(struct space *s, uint64_t va, uint64_t pa, unsigned rights)
{
	u64 *e = walk(s, va, true);
	if (!e)
		return L4_ENOMEM;
	u64 n = PTE_OF(pa) | pte_bits(rights);
	if (*e == n)
		return L4_OK;
	bool was = *e & PTE_V;
	__asm__ volatile("fence rw, rw" ::: "memory");
	*e = n;
	if (was)
		tlb_flush_page(s, va);
	if (n & PTE_X)
		sync_icache();
	return L4_OK;
}

void arch_pt_unmap(struct space *s, uint64_t va)
{
	u64 *e = walk(s, va, false);
	if (e && (*e & PTE_V)) {
		*e = 0;
		tlb_flush_page(s, va);
	}
}

void arch_pt_protect(struct space *s, uint64_t va, unsigned rights)
{
	u64 *e = walk(s, va, false);
	if (e && (*e & PTE_V)) {
		u64 n = (*e & ~0x3ffULL) | pte_bits(rights);
		bool newx = (n & PTE_X) && !(*e & PTE_X);
		*e = n;
		tlb_flush_page(s, va);
		if (newx)
			sync_icache();
	}
}

int arch_pt_lookup(struct space *s, uint64_t va, uint64_t *pa)
{
	u64 *e = walk(s, va, false);
	if (!e || !(*e & PTE_V))
		return 0;
	*pa = PTE_PPN(*e);
	return 1;
}

/* A page fault on a page whose entry allows the access: the TLB held the
 * entry from before it was made valid or wider (RISC-V lets a hart cache
 * invalid entries, and mapping does not fence). Flush the page and let the
 * thread retry; true if so. */
bool mmu_fault_stale(struct space *s, u64 va, u64 need)
{
	u64 *e = va < (1ULL << 38) ? walk(s, va, false) : NULL;
	if (!e || (*e & (PTE_V | PTE_U | need)) != (PTE_V | PTE_U | need))
		return false;
	sfence_page(va, asid_count > 1 ? s->pcid : 0);
	return true;
}

int arch_tlb_tagged(void) { return asid_count > 1; }

void arch_space_activate(struct space *s)
{
	if (s == mmu_loaded)
		return;
	mmu_loaded = s;
	if (asid_count > 1 && !s->pcid)
		asid_assign(s);
	load_root(s->pt_root_pa, asid_count > 1 ? s->pcid : 0);
}
