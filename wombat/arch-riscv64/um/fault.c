// SPDX-License-Identifier: GPL-2.0
/* Wombat riscv64 UML: exception-table fixups of kernel-mode faults. */
#include <sysdep/ptrace.h>

/* asm-generic/extable.h's entry (arch/um: absolute addresses) */
struct exception_table_entry {
	unsigned long insn;
	unsigned long fixup;
};

const struct exception_table_entry *search_exception_tables(unsigned long add);

int arch_fixup(unsigned long address, struct uml_pt_regs *regs)
{
	const struct exception_table_entry *fixup = search_exception_tables(address);

	if (!fixup)
		return 0;
	UPT_IP(regs) = fixup->fixup;
	return 1;
}
