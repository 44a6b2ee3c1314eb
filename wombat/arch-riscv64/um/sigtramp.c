// SPDX-License-Identifier: GPL-2.0
/*
 * Wombat riscv64 UML: the sigreturn page.  Every process gets one page,
 * read-execute, holding `li a7, __NR_rt_sigreturn; ecall`: every handler
 * returns there (riscv has no SA_RESTORER; riscv Linux returns to its
 * vDSO's __vdso_rt_sigreturn).  Its address is kept in the mm's context
 * (copied on fork with the rest of the mm).
 */
#include <linux/mm.h>
#include <linux/sched.h>
#include <linux/binfmts.h>
#include <linux/err.h>
#include <asm/unistd.h>

static u32 sigpage_code[PAGE_SIZE / 4] __aligned(PAGE_SIZE) = {
	0x00000893 | (__NR_rt_sigreturn << 20),   /* addi a7, zero, __NR_rt_sigreturn */
	0x00000073,                               /* ecall */
};

static struct page *sigpage_pages[1], *vdso_pages[1];

static struct vm_special_mapping sigpage_mapping = {
	.name = "[sigpage]",
	.pages = sigpage_pages,
};

static struct vm_special_mapping vdso_mapping = {
	.name = "[vdso]",
	.pages = vdso_pages,
};

extern char wombat_vdso_image[];

/* One read-execute page of `sm` somewhere free; its address or an error. */
static unsigned long map_page(struct mm_struct *mm, struct vm_special_mapping *sm)
{
	unsigned long addr = get_unmapped_area(NULL, 0, PAGE_SIZE, 0, 0);
	struct vm_area_struct *vma;

	if (IS_ERR_VALUE(addr))
		return addr;
	vma = _install_special_mapping(mm, addr, PAGE_SIZE,
				       VM_READ | VM_EXEC | VM_MAYREAD | VM_MAYEXEC, sm);
	return IS_ERR(vma) ? (unsigned long)PTR_ERR(vma) : addr;
}

int arch_setup_additional_pages(struct linux_binprm *bprm, int uses_interp)
{
	struct mm_struct *mm = current->mm;
	unsigned long sigpage, vdso;

	if (!sigpage_pages[0]) {
		sigpage_pages[0] = virt_to_page(sigpage_code);
		vdso_pages[0] = virt_to_page(wombat_vdso_image);
	}
	if (mmap_write_lock_killable(mm))
		return -EINTR;
	sigpage = map_page(mm, &sigpage_mapping);
	vdso = IS_ERR_VALUE(sigpage) ? sigpage : map_page(mm, &vdso_mapping);
	if (!IS_ERR_VALUE(vdso)) {
		mm->context.arch.sigpage = sigpage;
		mm->context.arch.vdso = vdso;
	}
	mmap_write_unlock(mm);
	return IS_ERR_VALUE(vdso) ? (int)vdso : 0;
}

unsigned long wombat_sigpage(void)
{
	return current->mm->context.arch.sigpage;
}
