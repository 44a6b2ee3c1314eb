/* Host tests of Wombat's word-at-a-time memset, memcpy and memmove
 * (wombat/os-L4/um/wordstring.c, included here as w_memset, w_memcpy,
 * w_memmove): every alignment of destination and source 0..15 and every
 * length 0..300, against a byte-by-byte reference; nothing outside the
 * destination changes; overlapping moves both ways. The buffers sit inside
 * one arena, so the aligned whole-word reads around a source's ends stay in
 * memory the test owns (as they stay in one page in Linux).  Built twice:
 * as x86_64 has it, and with -DWITH_COPY_SMALL as arm64 has it (short
 * copies, moves and sets by unaligned words, wombat/arch-arm64/um/copy_small.h;
 * the host, like arm64, loads and stores any alignment): host.wordstring_arm64.*.
 * On an x86_64 host also with -DWITH_X86_STRING: x86_64's memset and memcpy
 * (wombat/os-L4/x86/string.c, rep stos/movs) in their place, no memmove:
 * host.wordstring_x86.*. */
#include <stdint.h>
#include <string.h>
#include "check.h"

#ifdef WITH_COPY_SMALL
#include <stdint.h>
typedef uint64_t u64;
typedef uint32_t u32;
#include "../../wombat/arch-arm64/um/copy_small.h"
#define WORDSTRING_COPY_SMALL(d, s, n) arm64_copy_small(d, s, n)
#define WORDSTRING_SET_SMALL(d, w, n) arm64_set_small(d, w, n)
#define SUITE "wordstring_arm64"
#else
#define SUITE "wordstring"
#endif

/* The code under test, renamed; the reference is the host's libc. */
#define memset w_memset
#define memcpy w_memcpy
#define memmove w_memmove
#ifdef WITH_X86_STRING
#undef SUITE
#define SUITE "wordstring_x86"
#include "../../wombat/os-L4/x86/string.c"
#else
#include "../../wombat/os-L4/um/wordstring.c"
#endif
#undef memset
#undef memcpy
#undef memmove

#define ARENA 1024
static unsigned char arena[ARENA] __attribute__((aligned(64)));
static unsigned char want[ARENA] __attribute__((aligned(64)));

static void fill(unsigned seed)
{
	for (unsigned i = 0; i < ARENA; i++)
		arena[i] = (unsigned char)(i * 131 + seed * 7 + (i >> 8));
	memcpy(want, arena, ARENA);
}

static void memset_all(void)
{
	int bad = 0;
	for (unsigned a = 0; a < 16; a++)
		for (unsigned n = 0; n <= 300; n++) {
			fill(a + n);
			void *r = w_memset(arena + 64 + a, 0xa5 + (int)n, n);
			for (unsigned i = 0; i < n; i++)
				want[64 + a + i] = (unsigned char)(0xa5 + n);
			bad += r != arena + 64 + a || memcmp(arena, want, ARENA) != 0;
		}
	CHECK(bad == 0);
}

static void memcpy_all(void)
{
	int bad = 0;
	for (unsigned da = 0; da < 16; da++)
		for (unsigned sa = 0; sa < 16; sa++)
			for (unsigned n = 0; n <= 300; n++) {
				fill(da * 16 + sa + n);
				unsigned char *d = arena + 64 + da, *s = arena + 512 + sa;
				void *r = w_memcpy(d, s, n);
				memcpy(want + 64 + da, want + 512 + sa, n);
				bad += r != d || memcmp(arena, want, ARENA) != 0;
			}
	CHECK(bad == 0);
}

#ifndef WITH_X86_STRING
static void memmove_overlap(void)
{
	int bad = 0;
	for (unsigned da = 0; da < 16; da++)
		for (int shift = -40; shift <= 40; shift++)
			for (unsigned n = 0; n <= 200; n += 3) {
				fill(da + (unsigned)shift + n);
				unsigned char *d = arena + 300 + da, *s = d - shift;
				void *r = w_memmove(d, s, n);
				memmove(want + (d - arena), want + (s - arena), n);
				bad += r != d || memcmp(arena, want, ARENA) != 0;
			}
	CHECK(bad == 0);
}
#endif

int main(void)
{
	RUN(SUITE, memset_all);
	RUN(SUITE, memcpy_all);
#ifndef WITH_X86_STRING
	RUN(SUITE, memmove_overlap);
#endif
	return check_total_failed;
}
