/* aarch64 user page tables: 4 KiB granule, 4 levels (48-bit TTBR0),
 * ASID-tagged (below), break-before-make on changes
 * of a valid entry, I-cache maintenance for executable mappings. The
 * kernel lives in TTBR1 (boot.S), so user roots hold no kernel entries. */
#include <kernel.h>
#include <arch.h>

#define PTE_VALID  0x1ULL
#define PTE_TABLE  0x3ULL
#define PTE_PAGE   0x3ULL
#define PTE_ATTR_NORMAL (1ULL << 2)     /* MAIR attr1: normal write-back (boot.S) */
#define PTE_ATTR_DEVICE (2ULL << 2)     /* MAIR attr2: Device-nGnRE, for L4_DEVICE */
#define PTE_AP_EL0 (1ULL << 6)          /* AP[1]: EL0 access */
#define PTE_AP_RO  (1ULL << 7)          /* AP[2]: read-only */
#define PTE_SH     (3ULL << 8)
#define PTE_AF     (1ULL << 10)
#define PTE_NG     (1ULL << 11)
#define PTE_PXN    (1ULL << 53)
#define PTE_UXN    (1ULL << 54)
#define PTE_ADDR   0x0000fffffffff000ULL

extern u64 empty_l0[512];
struct space *mmu_loaded;        /* global: the fast paths switch it too */
static u64 dline = 64;

u64 virt_to_phys(const void *va) { return (u64)va - KERNEL_VMA; }
void *phys_to_virt(u64 pa) { return (void *)(pa + KERNEL_VMA); }

static u64 ttbr_of(struct space *s) { return s->pt_root_pa | ((u64)s->pcid << 48); }

static void tlb_flush_asid(u16 asid)
{
	dsb_ishst();
	__asm__ volatile("tlbi aside1is, %0" :: "r"((u64)asid << 48) : "memory");
	dsb_ish();
	isb();
}

/* ASIDs (s->pcid; 0: none) are handed out when a space is first
 * activated, the lowest free one, from those the CPU has (8 or 16 bits;
 * `asids=N` on the kernel command line uses only 1..N-1, to exercise what
 * follows). One goes back, its TLB entries invalidated, when its space's
 * tables go. When none is free there is a rollover: the whole TLB is
 * invalidated, every space holding an ASID loses it and takes a new one at
 * its next activation. A space without an ASID has nothing in the TLB: its
 * maintenance is skipped. The fast paths (fastpath.S) load a space with
 * an ASID inline and leave the others to arch_space_activate(). */
static u32 asid_count = 256;            /* usable: 1 .. asid_count - 1 (0 is no space's) */
static u64 asid_used[65536 / 64];       /* bit 0 always set */
static u16 asid_holder[65536];          /* the space slot holding each ASID in use */

static bool asid_live(struct space *s) { return s->pcid != 0; }

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
		__asm__ volatile("dsb ishst; tlbi vmalle1is; dsb ish; isb" ::: "memory");
		a = 1;
	}
	asid_used[a / 64] |= 1ULL << (a % 64);
	asid_holder[a] = (u16)space_index(s);
	s->pcid = (u16)a;
}

static void asid_release(struct space *s)
{
	if (!asid_live(s))
		return;
	tlb_flush_asid(s->pcid);
	asid_used[s->pcid / 64] &= ~(1ULL << (s->pcid % 64));
	s->pcid = 0;
}

static void tlb_flush_page(struct space *s, u64 va)
{
	if (!asid_live(s))
		return;
	dsb_ishst();
	__asm__ volatile("tlbi vae1is, %0" :: "r"(((u64)s->pcid << 48) | ((va >> 12) & 0xfffffffffffULL)) : "memory");
	dsb_ish();
	isb();
}

/* Drop the boot identity map: TTBR0 holds an empty table until a space runs. */
void arch_mmu_init(void)
{
	write_sysreg(ttbr0_el1, virt_to_phys(empty_l0));
	isb();
	__asm__ volatile("dsb ishst; tlbi vmalle1is; dsb ish; isb" ::: "memory");
	dline = 4UL << ((read_sysreg(ctr_el0) >> 16) & 0xf);
	asid_count = ((read_sysreg(id_aa64mmfr0_el1) >> 4) & 0xf) == 2 ? 65536 : 256;   /* TCR.AS: 16 bits */
	asid_used[0] = 1;
	u64 n = kernel_option("asids", 0);
	if (n >= 2 && n < asid_count) {
		asid_count = (u32)n;
		printk("[kernel] ASIDs limited to %u (asids=)\n", asid_count - 1);
	}
}

int arch_pt_create(struct space *s)
{
	u64 *root = kmem_alloc(s, true);
	if (!root)
		return L4_ENOMEM;
	s->pt_root = root;
	s->pt_root_pa = virt_to_phys(root);
	s->pcid = 0;                      /* an ASID at its first activation */
	return L4_OK;
}

u64 *arch_pt_child(u64 e)
{
	return (e & PTE_VALID) ? phys_to_virt(e & PTE_ADDR) : NULL;
}

bool arch_pt_destroy(struct space *s)
{
	if (mmu_loaded == s) {
		write_sysreg(ttbr0_el1, virt_to_phys(empty_l0));
		isb();
		mmu_loaded = NULL;
	}
	bool done = pt_free_below(s, s->pt_root, 4, 512);
	if (!done) {
		if (asid_live(s))
			tlb_flush_asid(s->pcid);   /* no cached walks through freed tables */
		return false;
	}
	asid_release(s);                   /* its TLB entries go with it */
	kmem_free(s, s->pt_root);
	s->pt_root = NULL;
	return true;
}

bool arch_pt_trim(struct space *s)
{
	bool done = pt_free_below(s, s->pt_root, 4, 512);
	if (asid_live(s))
		tlb_flush_asid(s->pcid);
	return done;
}

static u64 *walk(struct space *s, u64 va, bool create)
{
	u64 *t = walk_cached(s, va);
	if (t)
		return t;
	t = s->pt_root;
	for (int shift = 39; shift > 12; shift -= 9) {
		u64 *e = &t[(va >> shift) & 511];
		if (!(*e & PTE_VALID)) {
			if (!create)
				return NULL;
			u64 *n = kmem_alloc(s, true);
			if (!n)
				return NULL;
			dsb_ishst();              /* the zeroed table before the walker sees it */
			*e = virt_to_phys(n) | PTE_TABLE;
			kmem_pt_added(t, (va >> shift) & 511);   /* where pt_free_below() looks */
		}
		t = phys_to_virt(*e & PTE_ADDR);
	}
	return walk_remember(s, va, t);
}

static u64 pte_bits(unsigned rights)
{
	if (rights & L4_DEVICE)           /* never executable */
		return PTE_PAGE | PTE_ATTR_DEVICE | PTE_AF | PTE_NG | PTE_AP_EL0 | PTE_PXN | PTE_UXN |
		       ((rights & L4_W) ? 0 : PTE_AP_RO);
	return PTE_PAGE | PTE_ATTR_NORMAL | PTE_SH | PTE_AF | PTE_NG | PTE_AP_EL0 | PTE_PXN |
	       ((rights & L4_W) ? 0 : PTE_AP_RO) | ((rights & L4_X) ? 0 : PTE_UXN);
}

/* Code written through the kernel's mapping must reach the I-side: every
 * D-cache line of the page cleaned to the point of unification, four to
 * an iteration with the line size in a register (QEMU's max CPU has
 * 32-byte lines: 128 a page, which a loop reloading dline after each
 * took 768 instructions for; every executable page a task maps). */
static void sync_icache(u64 pa)
{
	u64 step = dline, p = (u64)phys_to_virt(pa & PTE_ADDR), end = p + PAGE_SIZE;
	if (4 * step <= PAGE_SIZE) {
		for (; p < end; p += 4 * step)
			__asm__ volatile("dc cvau, %0\n\tdc cvau, %1\n\tdc cvau, %2\n\tdc cvau, %3"
					 :: "r"(p), "r"(p + step), "r"(p + 2 * step), "r"(p + 3 * step) : "memory");
	} else {
		for (; p < end; p += step)
			__asm__ volatile("dc cvau, %0" :: "r"(p) : "memory");
	}
	__asm__ volatile("dsb ish; ic ialluis; dsb ish; isb" ::: "memory");
}

int arch_pt_map(struct space *s, uint64_t va, uint64_t pa, unsigned rights)
{
	u64 *e = walk(s, va, true);
	if (!e)
		return L4_ENOMEM;
	if ((rights & L4_X) && !(rights & L4_DEVICE))
		sync_icache(pa);
	u64 n = (pa & PTE_ADDR) | pte_bits(rights);
	if (*e & PTE_VALID) {
		if (*e == n)
			return L4_OK;
		*e = 0;                       /* break before make */
		tlb_flush_page(s, va);
	}
	*e = n;
	dsb_ishst();
	isb();
	return L4_OK;
}

void arch_pt_unmap(struct space *s, uint64_t va)
{
	u64 *e = walk(s, va, false);
	if (e && (*e & PTE_VALID)) {
		*e = 0;
		tlb_flush_page(s, va);
	}
}

void arch_pt_protect(struct space *s, uint64_t va, unsigned rights)
{
	u64 *e = walk(s, va, false);
	if (e && (*e & PTE_VALID)) {
		u64 pa = *e & PTE_ADDR;
		if ((rights & L4_X) && !(rights & L4_DEVICE) && (*e & PTE_UXN))
			sync_icache(pa);
		*e = 0;
		tlb_flush_page(s, va);
		*e = pa | pte_bits(rights);
		dsb_ishst();
		isb();
	}
}

int arch_pt_lookup(struct space *s, uint64_t va, uint64_t *pa)
{
	u64 *e = walk(s, va, false);
	if (!e || !(*e & PTE_VALID))
		return 0;
	*pa = *e & PTE_ADDR;
	return 1;
}

int arch_tlb_tagged(void) { return 1; }       /* spaces are ASID-tagged */

void arch_space_activate(struct space *s)
{
	if (s == mmu_loaded)
		return;
	mmu_loaded = s;
	if (!asid_live(s))
		asid_assign(s);
	write_sysreg(ttbr0_el1, ttbr_of(s));
	isb();
}
