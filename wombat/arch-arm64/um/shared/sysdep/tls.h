/* SPDX-License-Identifier: GPL-2.0 */
/* Wombat arm64 UML: TLS is TPIDR_EL0, a frame word; no descriptors. */
#ifndef _SYSDEP_TLS_H
#define _SYSDEP_TLS_H
#endif
