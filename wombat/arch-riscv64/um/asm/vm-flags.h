/* SPDX-License-Identifier: GPL-2.0 */
#ifndef __VM_FLAGS_RISCV64_H
#define __VM_FLAGS_RISCV64_H

/* Data and stacks are not executable on riscv (as riscv Linux). */
#define VM_DATA_DEFAULT_FLAGS VM_DATA_FLAGS_NON_EXEC
#define VM_STACK_DEFAULT_FLAGS (VM_GROWSDOWN | VM_DATA_FLAGS_NON_EXEC)

#endif
