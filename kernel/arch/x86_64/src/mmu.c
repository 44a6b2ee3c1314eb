/* x86_64 4-level page tables, PCID-tagged address-space switch. */
#include <kernel.h>
#include <arch.h>
#include <arch_layout.h>

#define PTE_P   0x1ULL
#define PTE_W   0x2ULL
#define PTE_U   0x4ULL
#define PTE_PWT 0x8ULL
#define PTE_PCD 0x10ULL
#define PTE_PS  0x80ULL
#define PTE_G   0x100ULL
#define PTE_NX  (1ULL << 63)
#define PTE_ADDR 0x000ffffffffff000ULL

extern u64 boot_pml4[512];
struct space *mmu_loaded;   /* space whose tables are in CR3; fastpath.S switches it too */

u64 virt_to_phys(const void *va) { return (u64)va - KERNEL_VMA; }
void *phys_to_virt(u64 pa) { return (void *)(pa + KERNEL_VMA); }

static u16 kernel_slots[256];   /* the kernel half's present top-level entries */
static int nkernel_slots;

/* Drop the boot identity map and make the kernel window global. */
void arch_mmu_init(void)
{
	boot_pml4[0] = 0;
	for (int i = 256; i < 512; i++)
		if (boot_pml4[i] & PTE_P)
			kernel_slots[nkernel_slots++] = (u16)i;
	u64 *pdpt = phys_to_virt(boot_pml4[511] & PTE_ADDR);
	u64 *pd = phys_to_virt(pdpt[510] & PTE_ADDR);
	for (int i = 0; i < 512; i++)
		pd[i] |= PTE_G;
	__asm__ volatile("mov %%cr3, %%rax; mov %%rax, %%cr3" ::: "rax", "memory");
}

int arch_pt_create(struct space *s)
{
	u64 *root = kmem_alloc(s, true);
	if (!root)
		return L4_ENOMEM;
	for (int i = 0; i < nkernel_slots; i++)       /* kalloc zeroed the rest */
		root[kernel_slots[i]] = boot_pml4[kernel_slots[i]];
	s->pt_root = root;
	s->pt_root_pa = virt_to_phys(root);
	s->pcid = (u16)(space_index(s) + 1);
	s->tlb_dirty = 1;
	return L4_OK;
}

u64 *arch_pt_child(u64 e)
{
	return (e & PTE_P) ? phys_to_virt(e & PTE_ADDR) : NULL;
}

bool arch_pt_destroy(struct space *s)
{
	if (mmu_loaded == s) {
		__asm__ volatile("mov %0, %%cr3" :: "r"(virt_to_phys(boot_pml4)) : "memory");
		mmu_loaded = NULL;
	}
	if (!pt_free_below(s, s->pt_root, 4, 256))
		return false;
	kmem_free(s, s->pt_root);
	s->pt_root = NULL;
	return true;
}

/* A space with no mappings left gives its page tables back (the root
 * stays); false when a timer event falls due first (call again). */
bool arch_pt_trim(struct space *s)
{
	bool done = pt_free_below(s, s->pt_root, 4, 256);
	s->tlb_dirty = 1;                       /* no cached walks through freed tables */
	if (mmu_loaded == s)
		__asm__ volatile("mov %0, %%cr3" :: "r"(s->pt_root_pa) : "memory");
	return done;
}

/* The leaf entry for va, creating tables on the way when `create`. */
static u64 *walk(struct space *s, u64 va, bool create)
{
	u64 *t = walk_cached(s, va);
	if (t)
		return t;
	t = s->pt_root;
	for (int shift = 39; shift > 12; shift -= 9) {
		u64 *e = &t[(va >> shift) & 511];
		if (!(*e & PTE_P)) {
			if (!create)
				return NULL;
			u64 *n = kmem_alloc(s, true);
			if (!n)
				return NULL;
			*e = virt_to_phys(n) | PTE_P | PTE_W | PTE_U;
			kmem_pt_added(t, (va >> shift) & 511);   /* where pt_free_below() looks */
		}
		t = phys_to_virt(*e & PTE_ADDR);
	}
	return walk_remember(s, va, t);
}

static u64 pte_bits(unsigned rights)
{
	return PTE_P | PTE_U | ((rights & L4_W) ? PTE_W : 0) | ((rights & L4_X) ? 0 : PTE_NX) |
	       ((rights & L4_DEVICE) ? PTE_PCD | PTE_PWT : 0);     /* uncached (PAT default) */
}

static void invalidate(struct space *s, u64 va)
{
	if (s == mmu_loaded)
		__asm__ volatile("invlpg (%0)" :: "r"(va) : "memory");
	else
		s->tlb_dirty = 1;
}

int arch_pt_map(struct space *s, uint64_t va, uint64_t pa, unsigned rights)
{
	u64 *e = walk(s, va, true);
	if (!e)
		return L4_ENOMEM;
	bool was = *e & PTE_P;
	*e = (pa & PTE_ADDR) | pte_bits(rights);
	if (was)
		invalidate(s, va);
	return L4_OK;
}

void arch_pt_unmap(struct space *s, uint64_t va)
{
	u64 *e = walk(s, va, false);
	if (e && (*e & PTE_P)) {
		*e = 0;
		invalidate(s, va);
	}
}

void arch_pt_protect(struct space *s, uint64_t va, unsigned rights)
{
	u64 *e = walk(s, va, false);
	if (e && (*e & PTE_P)) {
		*e = (*e & PTE_ADDR) | pte_bits(rights);
		invalidate(s, va);
	}
}

int arch_pt_lookup(struct space *s, uint64_t va, uint64_t *pa)
{
	u64 *e = walk(s, va, false);
	if (!e || !(*e & PTE_P))
		return 0;
	*pa = *e & PTE_ADDR;
	return 1;
}

/* Load s's tables; with PCID keep its TLB entries unless they went stale. */
void arch_space_activate(struct space *s)
{
	if (s == mmu_loaded && !s->tlb_dirty)
		return;
	u64 cr3 = s->pt_root_pa;
	if (arch_tlb_tagged()) {
		cr3 |= s->pcid;
		if (!s->tlb_dirty)
			cr3 |= 1ULL << 63;
	}
	s->tlb_dirty = 0;
	mmu_loaded = s;
	__asm__ volatile("mov %0, %%cr3" :: "r"(cr3) : "memory");
}
