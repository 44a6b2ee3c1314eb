// SPDX-License-Identifier: GPL-2.0
/* Wombat riscv64 UML: names of special mappings in /proc/PID/maps. */
#include <linux/mm.h>

const char *arch_vma_name(struct vm_area_struct *vma)
{
	return NULL;            /* the sigreturn page names itself ([sigpage]) */
}
