// SPDX-License-Identifier: GPL-2.0
/*
 * Wombat os-L4: native mode, Linux side (docs/native-mode.md; native_host.c
 * talks to Iguana; the interface is abi/wombat_native.h).
 *
 * A native-mode process is an ordinary Linux process (pid, signals, files,
 * its system calls and faults through Wombat's vCPU as any other) whose
 * address space is also an Iguana protection domain in the shared layout:
 * Iguana maps the sections attached to it at their shared addresses, and
 * a thread of its own there, the agent, makes its L4 calls.  The process
 * cannot make them itself: it runs on Wombat's vCPU, and an IPC that
 * blocked there would stop all of Linux.  So the program (its library)
 * writes a request into a block in its image and asks Wombat here to wake
 * the agent; it sleeps in Linux (other processes run) until the agent has
 * done the call and raised Wombat's WOMBAT_EV_NATIVE bit.
 *
 * /dev/iguana: WN_INIT makes the caller's address space native and maps
 * the shared window as a reserved mapping of this device (Linux places
 * nothing there; a touch of a page Iguana has not mapped is SIGBUS);
 * WN_AGENT starts the agent; WN_WAIT wakes it and waits.
 */
#include <linux/fs.h>
#include <linux/init.h>
#include <linux/interrupt.h>
#include <linux/miscdevice.h>
#include <linux/mm.h>
#include <linux/mman.h>
#include <linux/module.h>
#include <linux/sched.h>
#include <linux/sched/signal.h>
#include <linux/uaccess.h>
#include <linux/wait.h>
#include <asm/mmu.h>
#include <asm/unistd.h>
#include <irq_kern.h>
#include <wombat_native.h>

/* native_host.c */
int wombat_native_init(int pid, unsigned long pages, unsigned long *base, unsigned long *iguana,
		       unsigned long *self, unsigned long *bit);
int wombat_native_agent(int pid, unsigned long ip, unsigned long sp, unsigned long *tid);
int wombat_native_kick(int pid);
int wombat_native_is(int pid);
int wombat_native_info(int pid, unsigned long *iguana, unsigned long *self, unsigned long *bit);
void wombat_native_window(unsigned long *base, unsigned long *top);
int wombat_native_fd(void);     /* the pseudo-fd ready when an agent reports */

static DECLARE_WAIT_QUEUE_HEAD(native_wq);
static atomic_long_t native_gen = ATOMIC_LONG_INIT(1);

static irqreturn_t native_interrupt(int irq, void *dev)
{
	atomic_long_inc(&native_gen);
	wake_up_all(&native_wq);
	return IRQ_HANDLED;
}

static int current_pid(void)
{
	return current->mm ? current->mm->context.id.u.pid : -1;
}

/* The window: nothing of Linux's, ever. */
static vm_fault_t window_fault(struct vm_fault *vmf)
{
	return VM_FAULT_SIGBUS;     /* a page of the window no section of the process's covers */
}

static int window_split(struct vm_area_struct *vma, unsigned long addr)
{
	return -EINVAL;
}

static int window_mremap(struct vm_area_struct *vma)
{
	return -EINVAL;
}

static int window_mprotect(struct vm_area_struct *vma, unsigned long start, unsigned long end,
			   unsigned long newflags)
{
	return -EACCES;
}

static const struct vm_operations_struct window_ops = {
	.fault = window_fault,
	.may_split = window_split,
	.mremap = window_mremap,
	.mprotect = window_mprotect,
};

static int iguana_mmap(struct file *f, struct vm_area_struct *vma)
{
	unsigned long base, top;

	wombat_native_window(&base, &top);
	if (vma->vm_start < base || vma->vm_end > top || vma->vm_pgoff)
		return -EINVAL;     /* only WN_INIT's reserved parts of the window */
	vma->vm_flags |= VM_IO | VM_PFNMAP | VM_DONTEXPAND | VM_DONTDUMP | VM_DONTCOPY;
	vma->vm_ops = &window_ops;
	return 0;
}

/* [from, to) of the window reserved (a mapping of /dev/iguana), or the image's anonymous memory. */
static long window_part(struct file *f, unsigned long from, unsigned long to)
{
	unsigned long addr;

	if (from >= to)
		return 0;
	if (f)
		addr = vm_mmap(f, from, to - from, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_FIXED_NOREPLACE, 0);
	else
		addr = vm_mmap(NULL, from, to - from, PROT_READ | PROT_WRITE | PROT_EXEC,
			       MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, 0);
	return IS_ERR_VALUE(addr) ? (long)addr : 0;
}

/*
 * The caller's address space becomes native: Iguana reserves a range of its
 * shared layout for the image, which is Linux's anonymous memory here (so
 * that Linux's system calls read and write the program's data as any
 * process's); the rest of the window is reserved, for Iguana's sections.
 */
static long native_init(struct file *f, struct wn_init __user *arg)
{
	struct wn_init in;
	unsigned long base, top, end;
	struct vm_area_struct *vma;
	int pid = current_pid(), err;

	if (copy_from_user(&in, arg, sizeof(in)))
		return -EFAULT;
	if (pid < 0 || !in.image_pages || in.image_pages > (1UL << 20))
		return -EINVAL;
	if (wombat_native_is(pid))
		return -EBUSY;
	wombat_native_window(&base, &top);
	mmap_read_lock(current->mm);
	vma = find_vma_intersection(current->mm, base, top);
	mmap_read_unlock(current->mm);
	if (vma)
		return -EEXIST;
	err = wombat_native_init(pid, in.image_pages, &in.image_base, &in.iguana_tid, &in.wombat_tid,
				 &in.wombat_bit);
	if (err)
		return err;
	end = in.image_base + in.image_pages * PAGE_SIZE;
	if ((err = window_part(f, base, in.image_base)) || (err = window_part(NULL, in.image_base, end)) ||
	    (err = window_part(f, end, top)))
		return err;         /* the process stays native, with a part of its window: it can only end */
	return copy_to_user(arg, &in, sizeof(in)) ? -EFAULT : 0;
}

static long native_agent(struct wn_agent __user *arg)
{
	struct wn_agent in;
	int err;

	if (copy_from_user(&in, arg, sizeof(in)))
		return -EFAULT;
	err = wombat_native_agent(current_pid(), in.ip, in.sp, &in.tid);
	if (err)
		return err;
	return copy_to_user(arg, &in, sizeof(in)) ? -EFAULT : 0;
}

static long native_wait(struct wn_wait __user *arg)
{
	struct wn_wait in;
	int err;

	if (copy_from_user(&in, arg, sizeof(in)))
		return -EFAULT;
	if (in.kick && (err = wombat_native_kick(current_pid())))
		return err;
	err = wait_event_interruptible(native_wq, (unsigned long)atomic_long_read(&native_gen) != in.gen);
	if (err)
		return err;          /* -ERESTARTSYS: the library asks again (its request stays) */
	in.gen = atomic_long_read(&native_gen);
	return copy_to_user(arg, &in, sizeof(in)) ? -EFAULT : 0;
}

static long native_info(struct wn_init __user *arg)
{
	struct wn_init in = { 0 };
	int err = wombat_native_info(current_pid(), &in.iguana_tid, &in.wombat_tid, &in.wombat_bit);

	if (err)
		return err;
	return copy_to_user(arg, &in, sizeof(in)) ? -EFAULT : 0;
}

static long iguana_ioctl(struct file *f, unsigned int cmd, unsigned long arg)
{
	switch (cmd) {
	case (unsigned int)WN_IOC_INIT:
		return native_init(f, (struct wn_init __user *)arg);
	case (unsigned int)WN_IOC_AGENT:
		return native_agent((struct wn_agent __user *)arg);
	case (unsigned int)WN_IOC_WAIT:
		return native_wait((struct wn_wait __user *)arg);
	case (unsigned int)WN_IOC_INFO:
		return native_info((struct wn_init __user *)arg);
	}
	return -ENOTTY;
}

static const struct file_operations iguana_fops = {
	.owner = THIS_MODULE,
	.unlocked_ioctl = iguana_ioctl,
	.mmap = iguana_mmap,
};

static struct miscdevice iguana_dev = {
	.minor = MISC_DYNAMIC_MINOR,
	.name = "iguana",
	.fops = &iguana_fops,
	.mode = 0600,         /* root's: making a process native is the administrator's choice */
};

/*
 * A native process has no copy-on-write address space to give a child (its
 * sections are Iguana's, at their one address): fork() is refused, as in
 * uClinux; vfork, posix_spawn, threads and exec work.  Called from
 * userspace() for a native process's system call; 1: refuse it (ENOSYS).
 */
int wombat_native_forks(unsigned long nr, unsigned long arg1)
{
	unsigned long flags = arg1;

#ifdef __NR_fork
	if (nr == __NR_fork)
		flags = 0;
	else
#endif
	if (nr == __NR_clone3) {
		if (get_user(flags, (unsigned long __user *)arg1))
			return 0;            /* clone3 itself says EFAULT */
	} else if (nr != __NR_clone) {
		return 0;
	}
	if (flags & CLONE_VM)
		return 0;
	pr_info_ratelimited("wombat: %s[%d] is a native-mode process: fork() refused (ENOSYS); vfork, posix_spawn, threads and exec work\n",
			    current->comm, task_pid_nr(current));
	return 1;
}

static int __init native_setup(void)
{
	int irq, err = misc_register(&iguana_dev);

	if (err) {
		pr_err("wombat: no /dev/iguana (%d): no native mode\n", err);
		return err;
	}
	irq = um_request_irq(UM_IRQ_ALLOC, wombat_native_fd(), IRQ_READ, native_interrupt, 0, "iguana", NULL);
	if (irq < 0) {
		pr_err("wombat: no interrupt for native mode (%d)\n", irq);
		misc_deregister(&iguana_dev);
		return irq;
	}
	return 0;
}
device_initcall(native_setup);
