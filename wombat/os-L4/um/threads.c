// SPDX-License-Identifier: GPL-2.0
/*
 * Wombat os-L4: kernel threads.  A kernel thread is a stack plus a jmp_buf
 * (arch/x86/um/setjmp_64.S: kernel_setjmp/kernel_longjmp); nothing here
 * depends on the host, so this is already the final implementation.
 *
 * The boot stack stays parked in start_idle_thread() for Wombat's lifetime:
 * threads jump back to it to run a callback on that stack, or to halt or
 * reboot, which returns from start_idle_thread() to linux_main()'s caller.
 */
#include <os.h>
#include <longjmp.h>
#include <kern_util.h>
#include <as-layout.h>
#include "wombat.h"

/* Values the boot stack's setjmp() returns with. */
enum boot_request {
	BOOT_START = 0,		/* first return: start the first thread */
	BOOT_CALLBACK,		/* run boot_cb.fn(boot_cb.arg), jump back */
	BOOT_HALT,
	BOOT_REBOOT,
};

static jmp_buf boot_stack;

static struct {
	void (*fn)(void *arg);
	void *arg;
	jmp_buf *back;
} boot_cb;

/* Makes *buf jump to ip on the stack of THREAD_SIZE bytes at stack, with sp
 * as right after a call (x86_64: one return-address slot below the 16-byte
 * top; aarch64: the top). */
static void aim(jmp_buf *buf, void *stack, void (*ip)(void))
{
	(*buf)[0].JB_IP = (unsigned long)ip;
	(*buf)[0].JB_SP = (unsigned long)stack + UM_THREAD_SIZE - WOMBAT_CALL_SP_OFFSET;
}

void new_thread(void *stack, jmp_buf *buf, void (*handler)(void))
{
	aim(buf, stack, handler);
}

void switch_threads(jmp_buf *me, jmp_buf *you)
{
	/* Off the CPU a process may be ptraced, dumped or freed: its FP image
	 * goes back to its regs first (um/fptoken.h), if one is held. */
	if (wombat_fp_held)
		wombat_fp_sync();
	/* UML_SETJMP/UML_LONGJMP carry the soft interrupt flag across. */
	if (UML_SETJMP(me) == 0)
		UML_LONGJMP(you, 1);
}

/*
 * Plain setjmp/longjmp here: a jump to the boot stack comes with interrupts
 * disabled, and the soft flag is restored by whoever jumped, after it is back
 * on its own stack.
 */
int start_idle_thread(void *stack, jmp_buf *switch_buf)
{
	switch (setjmp(boot_stack)) {
	case BOOT_START:
		aim(switch_buf, stack, uml_finishsetup);
		longjmp(*switch_buf, 1);
		break;
	case BOOT_CALLBACK:
		boot_cb.fn(boot_cb.arg);
		longjmp(*boot_cb.back, 1);
		break;
	case BOOT_HALT:
		kmalloc_ok = 0;
		return 0;
	case BOOT_REBOOT:
		kmalloc_ok = 0;
		return 1;
	}
	printk(UM_KERN_ERR "wombat: bad jump to the boot stack\n");
	fatal_sigsegv();
}

void initial_thread_cb_skas(void (*proc)(void *), void *arg)
{
	jmp_buf back;

	boot_cb.fn = proc;
	boot_cb.arg = arg;
	boot_cb.back = &back;
	block_signals_trace();
	if (UML_SETJMP(&back) == 0)
		UML_LONGJMP(&boot_stack, BOOT_CALLBACK);
	unblock_signals_trace();
	boot_cb.fn = NULL;
	boot_cb.arg = NULL;
	boot_cb.back = NULL;
}

void halt_skas(void)
{
	block_signals_trace();
	UML_LONGJMP(&boot_stack, BOOT_HALT);
}

void reboot_skas(void)
{
	block_signals_trace();
	UML_LONGJMP(&boot_stack, BOOT_REBOOT);
}
