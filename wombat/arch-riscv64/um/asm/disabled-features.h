/* SPDX-License-Identifier: GPL-2.0 */
/* Wombat riscv64 UML: for x86's cpufeatures.h (see cpufeatures.h). */
#include <../../x86/include/asm/disabled-features.h>
