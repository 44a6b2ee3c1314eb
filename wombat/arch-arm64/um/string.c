// SPDX-License-Identifier: GPL-2.0
/* The word-at-a-time memset, memcpy and memmove of the host layer
 * (arch/um/os-L4/wordstring.c, shared by the subarches that need them). */
#include "wordstring.c"
