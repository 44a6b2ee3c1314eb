/* Randomness for unguessable tokens (capabilities, console sessions) on
 * riscv64: SipHash-2-4, a keyed pseudo-random function, of a counter and
 * the `time` CSR, under a 128-bit key made from seed words.
 *
 * The seeds: the root task (Iguana) gets the 40 bytes QEMU virt draws from
 * the host's random source on every boot for the device tree's /chosen
 * rng-seed and kaslr-seed, which the kernel folds into l4_bootinfo.seed;
 * every Iguana domain gets four fresh outputs of Iguana's generator in
 * ig_startinfo.seed.
 *
 * How good: with a seed, as good as the host's randomness: 128 bits of key
 * no other program sees (the boot info page is the root task's, the start
 * info page the domain's), and outputs that cannot be computed from other
 * outputs (a domain sees its own capabilities) without the key. `time`
 * adds little (under -icount it is a function of the instructions run).
 * Without a seed (a device tree with neither property, or QEMU run with
 * -seed N) the outputs are predictable from the boot's timing: not secret.
 * The hart's own entropy source (Zkr, the `seed` CSR) is not used: it is
 * M-mode's unless delegated, and user code cannot tell whether it is. */
#include <stdlib.h>

typedef unsigned long u64;
static u64 key[2], counter;

static u64 rotl(u64 x, int b) { return (x << b) | (x >> (64 - b)); }

static void sipround(u64 v[4])
{
	v[0] += v[1]; v[1] = rotl(v[1], 13); v[1] ^= v[0]; v[0] = rotl(v[0], 32);
	v[2] += v[3]; v[3] = rotl(v[3], 16); v[3] ^= v[2];
	v[0] += v[3]; v[3] = rotl(v[3], 21); v[3] ^= v[0];
	v[2] += v[1]; v[1] = rotl(v[1], 17); v[1] ^= v[2]; v[2] = rotl(v[2], 32);
}

/* SipHash-2-4 of the 16-byte message m0, m1 (little endian) under key. */
static u64 siphash(u64 m0, u64 m1)
{
	u64 v[4] = { key[0] ^ 0x736f6d6570736575UL, key[1] ^ 0x646f72616e646f6dUL,
		     key[0] ^ 0x6c7967656e657261UL, key[1] ^ 0x7465646279746573UL };
	const u64 m[3] = { m0, m1, 16UL << 56 };
	for (int i = 0; i < 3; i++) {
		v[3] ^= m[i];
		sipround(v);
		sipround(v);
		v[0] ^= m[i];
	}
	v[2] ^= 0xff;
	for (int i = 0; i < 4; i++)
		sipround(v);
	return v[0] ^ v[1] ^ v[2] ^ v[3];
}

static u64 cntvct(void)
{
	u64 t;
	__asm__ volatile("rdtime %0" : "=r"(t) :: "memory");
	return t;
}

/* Fold the words into the key, then re-key through the function (with the
 * count): every seed given so far counts. */
void arch_entropy_seed(const unsigned long *w, int n)
{
	for (int i = 0; i < n; i++)
		key[i & 1] ^= w[i];
	u64 k0 = siphash(~0UL, cntvct()), k1 = siphash(~1UL, cntvct());
	key[0] = k0;
	key[1] = k1;
}

unsigned long arch_entropy(void)
{
	return siphash(++counter, cntvct());
}
