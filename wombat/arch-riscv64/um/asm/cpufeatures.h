/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Wombat riscv64 UML: arch/um's generic code keeps x86's CPU feature words
 * (boot_cpu_data.x86_capability, /proc/cpuinfo flags); on riscv64 they stay
 * empty, with x86's numbering for the names.
 */
#include <../../x86/include/asm/cpufeatures.h>
