/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Wombat os-L4: random words for an architecture without a random
 * instruction (arm64, riscv64: their registers.c's wombat_random() gives
 * this its cycle or time counter; x86_64 uses RDRAND). xorshift64* over
 * Iguana's seed words (fresh every start) and the counter: good enough for
 * os_getrandom's early entropy and the FP tokens, never 0.
 */
#ifndef WOMBAT_SEEDMIX_H
#define WOMBAT_SEEDMIX_H
#include <iguana_abi.h>

extern struct ig_startinfo *wombat_si;

static inline unsigned long wombat_seedmix(unsigned long cnt)
{
	static unsigned long x;

	if (!x)
		x = (wombat_si ? wombat_si->seed[0] ^ wombat_si->seed[1] : 0) ^ cnt ^ 0x9e3779b97f4a7c15UL;
	x ^= x >> 12;
	x ^= x << 25;
	x ^= x >> 27;
	x ^= cnt;
	return (x * 0x2545f4914f6cdd1dUL) | 1;
}
#endif
