/* SPDX-License-Identifier: GPL-2.0 */
#ifndef __UM_ARCHPARAM_H
#define __UM_ARCHPARAM_H
#endif
