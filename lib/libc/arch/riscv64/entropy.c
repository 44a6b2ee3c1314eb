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
static unsigned long entropy_ticks(void)
{
	unsigned long t;
	__asm__ volatile("rdtime %0" : "=r"(t) :: "memory");
	return t;
}

#include "../siphash_entropy.inc"
