// SPDX-License-Identifier: GPL-2.0
/*
 * Wombat os-L4, x86_64: our vDSO (../vdso) in place of arch/um's, whose
 * functions only make the system calls.  arch/x86/um/vdso/vma.c copies
 * the image at vdso_start (init data) into the page it maps into every
 * process, at subsys_initcall; we overwrite that image before, at
 * core_initcall, so its mapping, its address (AT_SYSINFO_EHDR) and
 * everything else stay arch/um's and no Linux file changes.  Ours must
 * not be bigger than the one it replaces (the build checks it too).
 */
#include <linux/init.h>
#include <linux/kernel.h>
#include <linux/string.h>

extern char vdso_start[], vdso_end[];
extern char wombat_vdso_image[], wombat_vdso_end[];

static int __init wombat_vdso_install(void)
{
	size_t ours = wombat_vdso_end - wombat_vdso_image, room = vdso_end - vdso_start;

	if (ours > room) {
		pr_err("wombat: vDSO of %zu bytes does not fit arch/um's %zu: clock_gettime stays a system call\n",
		       ours, room);
		return 0;
	}
	memcpy(vdso_start, wombat_vdso_image, ours);
	memset(vdso_start + ours, 0, room - ours);
	return 0;
}
core_initcall(wombat_vdso_install);
