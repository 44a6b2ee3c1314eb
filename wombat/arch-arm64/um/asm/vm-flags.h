/* SPDX-License-Identifier: GPL-2.0 */
#ifndef __VM_FLAGS_ARM64_H
#define __VM_FLAGS_ARM64_H

/* Stacks are not executable on arm64 (Linux's default). */
#define VM_STACK_DEFAULT_FLAGS (VM_GROWSDOWN | VM_DATA_FLAGS_NON_EXEC)

#endif
