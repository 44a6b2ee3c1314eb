/* SPDX-License-Identifier: GPL-2.0 */
/* Wombat arm64 UML: arm64's signal numbers and frames without its kernel
 * memory map (arm64's asm/signal.h untags addresses with asm/memory.h). */
#ifndef __UM_ARM64_SIGNAL_H
#define __UM_ARM64_SIGNAL_H
#include <uapi/asm/signal.h>
#include <uapi/asm/siginfo.h>
#endif
