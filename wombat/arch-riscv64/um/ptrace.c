// SPDX-License-Identifier: GPL-2.0
/*
 * Wombat riscv64 UML: ptrace's register access (PTRACE_PEEKUSR and
 * PTRACE_GETREGS through arch/um's ptrace.c use getreg/putreg: the words
 * of struct user_regs_struct, pc and x1-x31), and the mm hooks arch/um
 * calls for x86's LDT.
 */
#include <linux/sched.h>
#include <linux/mm.h>
#include <linux/errno.h>
#include <linux/uaccess.h>
#include <asm/ptrace.h>
#include <linux/sched/mm.h>

#define USER_WORDS 32          /* struct user_regs_struct: pc, x1-x31 */

/* getreg/putreg take byte offsets into struct user_regs_struct. */
unsigned long getreg(struct task_struct *child, int offset)
{
	if ((offset & 7) || offset < 0 || offset >= USER_WORDS * 8)
		return 0;
	return child->thread.regs.regs.gp[offset / 8];
}

int putreg(struct task_struct *child, int offset, unsigned long value)
{
	if ((offset & 7) || offset < 0 || offset >= USER_WORDS * 8)
		return -EIO;
	child->thread.regs.regs.gp[offset / 8] = value;
	return 0;
}

int poke_user(struct task_struct *child, long addr, long data)
{
	return putreg(child, addr, data);
}

int peek_user(struct task_struct *child, long addr, long data)
{
	if ((addr & 7) || addr < 0 || addr >= USER_WORDS * 8)
		return -EIO;
	return put_user(getreg(child, addr), (unsigned long __user *)data);
}

long subarch_ptrace(struct task_struct *child, long request,
		    unsigned long addr, unsigned long data)
{
	return -EIO;
}

/* arch/um's mmu.c calls these for x86's LDT: nothing to keep on riscv64. */
struct mm_context;
long init_new_ldt(struct mm_context *to_mm, struct mm_context *from_mm)
{
	return 0;
}

void free_ldt(struct mm_context *mm)
{
}

/* Whether the instruction at addr is a system call (`ecall`, never
 * compressed): arch/um's do_signal asks when single-stepping. */
int is_syscall(unsigned long addr)
{
	u32 insn;

	if (copy_from_user(&insn, (void __user *)addr, sizeof(insn)) &&
	    access_process_vm(current, addr, &insn, sizeof(insn), FOLL_FORCE) != sizeof(insn))
		return 1;
	return insn == 0x00000073;
}
