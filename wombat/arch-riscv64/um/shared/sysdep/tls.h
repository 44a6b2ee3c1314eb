/* SPDX-License-Identifier: GPL-2.0 */
/* Wombat riscv64 UML: TLS is tp, an ordinary register of the frame. */
#ifndef _SYSDEP_TLS_H
#define _SYSDEP_TLS_H
#endif
