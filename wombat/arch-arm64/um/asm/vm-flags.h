/* SPDX-License-Identifier: GPL-2.0 */
#ifndef __VM_FLAGS_ARM64_H
#define __VM_FLAGS_ARM64_H

/* Data and stacks are not executable on arm64 (as arm64 Linux). */
#define VM_DATA_DEFAULT_FLAGS VM_DATA_FLAGS_NON_EXEC
#define VM_STACK_DEFAULT_FLAGS (VM_GROWSDOWN | VM_DATA_FLAGS_NON_EXEC)

#endif
