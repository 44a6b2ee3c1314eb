// SPDX-License-Identifier: GPL-2.0
/*
 * Wombat os-L4: Linux processes (replaces os-Linux skas/process.c and
 * skas/mem.c without the kernel-thread part, registers.c, and the process
 * half of process.c).
 *
 * A Linux address space will be an L4 space whose syscall instructions are
 * reflected to Wombat; its handle (>= 2) is the "pid" that arch/um keeps in
 * struct mm_id.  map/unmap/protect become batched map items from Wombat's
 * space into that space, flushed when `done` is set.  userspace() is a loop
 * around vcpu_resume(task): the exit reason, registers and fault info come
 * back in the vCPU state page and go to handle_syscall(), segv() or
 * relay_signal().
 */
#include <errno.h>
#include <os.h>
#include <skas.h>
#include <registers.h>
#include "wombat.h"

/* The user space task of each CPU while it runs (UP: one). */
int userspace_pid[1];

int start_userspace(unsigned long stub_stack)
{
	(void)stub_stack;
	WOMBAT_TODO();
}

int copy_context_skas0(unsigned long stack, int pid)
{
	(void)stack;
	(void)pid;
	WOMBAT_TODO();
}

void userspace(struct uml_pt_regs *regs, unsigned long *aux_fp_regs)
{
	(void)regs;
	(void)aux_fp_regs;
	WOMBAT_TODO();
}

/* The address space userspace() resumes next: already final. */
void __switch_mm(struct mm_id *mm_idp)
{
	userspace_pid[0] = mm_idp->u.pid;
}

int map(struct mm_id *mm_idp, unsigned long virt, unsigned long len, int prot,
	int phys_fd, unsigned long long offset, int done, void **data)
{
	(void)mm_idp;
	(void)virt;
	(void)len;
	(void)prot;
	(void)phys_fd;
	(void)offset;
	(void)done;
	(void)data;
	WOMBAT_TODO();
}

int unmap(struct mm_id *mm_idp, unsigned long addr, unsigned long len, int done,
	  void **data)
{
	(void)mm_idp;
	(void)addr;
	(void)len;
	(void)done;
	(void)data;
	WOMBAT_TODO();
}

int protect(struct mm_id *mm_idp, unsigned long addr, unsigned long len,
	    unsigned int prot, int done, void **data)
{
	(void)mm_idp;
	(void)addr;
	(void)len;
	(void)prot;
	(void)done;
	(void)data;
	WOMBAT_TODO();
}

/* Only arch/x86/um/ldt.c runs code in the stub page; there is no LDT on the
 * microkernel (modify_ldt gives -ENOSYS). */
long run_syscall_stub(struct mm_id *mm_idp, int syscall, unsigned long *args,
		      long expected, void **addr, int done)
{
	(void)mm_idp;
	(void)syscall;
	(void)args;
	(void)expected;
	(void)addr;
	(void)done;
	return -ENOSYS;
}

long syscall_stub_data(struct mm_id *mm_idp, unsigned long *data,
		       int data_count, void **addr, void **stub_addr)
{
	(void)mm_idp;
	(void)data;
	(void)data_count;
	(void)addr;
	(void)stub_addr;
	return -ENOSYS;
}

void os_kill_process(int pid, int reap_child)
{
	(void)pid;
	(void)reap_child;
	WOMBAT_TODO();
}

void os_kill_ptraced_process(int pid, int reap_child)
{
	(void)pid;
	(void)reap_child;
	WOMBAT_TODO();
}

void os_alarm_process(int pid)
{
	(void)pid;
	WOMBAT_TODO();
}

int os_getpid(void)
{
	return 1;          /* there is one Wombat; the value only names it in messages */
}

int is_skas_winch(int pid, int fd, void *data)
{
	(void)pid;
	(void)fd;
	(void)data;
	WOMBAT_TODO();
}

int save_registers(int pid, struct uml_pt_regs *regs)
{
	(void)pid;
	(void)regs;
	WOMBAT_TODO();
}

int restore_pid_registers(int pid, struct uml_pt_regs *regs)
{
	(void)pid;
	(void)regs;
	WOMBAT_TODO();
}

void get_safe_registers(unsigned long *regs, unsigned long *fp_regs)
{
	(void)regs;
	(void)fp_regs;
	WOMBAT_TODO();
}
