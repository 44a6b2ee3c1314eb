// SPDX-License-Identifier: GPL-2.0
/*
 * Wombat os-L4: the one kernel-side helper of the host layer.  protect()
 * (skas.c) must map again a page whose rights were none; it gets the page
 * from the process's page table here.
 */
#include <linux/mm.h>
#include <asm/pgtable.h>
#include <skas.h>

long long wombat_task_phys(struct mm_id *mm_idp, unsigned long addr);

/* The physical address of the page at addr in the mm owning mm_idp, or -1. */
long long wombat_task_phys(struct mm_id *mm_idp, unsigned long addr)
{
	struct mm_struct *mm = container_of(mm_idp, struct mm_struct, context.id);
	pgd_t *pgd = pgd_offset(mm, addr);
	p4d_t *p4d;
	pud_t *pud;
	pmd_t *pmd;
	pte_t *pte;

	if (!pgd_present(*pgd))
		return -1;
	p4d = p4d_offset(pgd, addr);
	if (!p4d_present(*p4d))
		return -1;
	pud = pud_offset(p4d, addr);
	if (!pud_present(*pud))
		return -1;
	pmd = pmd_offset(pud, addr);
	if (!pmd_present(*pmd))
		return -1;
	pte = pte_offset_kernel(pmd, addr);
	if (!pte_present(*pte))
		return -1;
	return (long long)pte_pfn(*pte) << PAGE_SHIFT;
}
