/* SPDX-License-Identifier: GPL-2.0 */
/* Wombat riscv64 UML: for x86's cpufeatures.h (see cpufeatures.h): none. */
#ifndef __UM_REQUIRED_FEATURES_H
#define __UM_REQUIRED_FEATURES_H
#endif
