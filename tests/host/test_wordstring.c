/* Host tests of Wombat's word-at-a-time memset, memcpy and memmove
 * (wombat/os-L4/um/wordstring.c, included here as w_memset, w_memcpy,
 * w_memmove): every alignment of destination and source 0..15 and every
 * length 0..300, and lengths to over a page (big_all), against a
 * byte-by-byte reference; nothing outside the
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

/* Whole pages and several iterations of the 32-word loops (copy_page()
 * and clear_page() are memcpy and memset): lengths around multiples of
 * 256 up to more than a page, a few alignments, in a larger arena. */
#define BIG 12288
static unsigned char big[BIG] __attribute__((aligned(64)));
static unsigned char bigwant[BIG] __attribute__((aligned(64)));
static const unsigned big_len[] = { 255, 256, 257, 511, 512, 520, 767, 1024, 1031, 4095, 4096, 4104 };

static void big_fill(unsigned seed)
{
	for (unsigned i = 0; i < BIG; i++)
		big[i] = (unsigned char)(i * 37 + seed * 11 + (i >> 9));
	memcpy(bigwant, big, BIG);
}

static void big_all(void)
{
	int bad = 0;
	for (unsigned k = 0; k < sizeof(big_len) / sizeof(big_len[0]); k++)
		for (unsigned da = 0; da < 16; da += 5)
			for (unsigned sa = 0; sa < 16; sa += 3) {
				unsigned n = big_len[k];
				unsigned char *d = big + 64 + da, *s = big + 6144 + sa;
				big_fill(k * 256 + da * 16 + sa);
				bad += w_memcpy(d, s, n) != d;
				memcpy(bigwant + 64 + da, bigwant + 6144 + sa, n);
				bad += memcmp(big, bigwant, BIG) != 0;
				big_fill(k + da + sa);
				bad += w_memset(d, (int)(k + sa), n) != d;
				memset(bigwant + 64 + da, (int)(k + sa), n);
				bad += memcmp(big, bigwant, BIG) != 0;
#ifndef WITH_X86_STRING
				/* overlapping, the destination below and above */
				for (int shift = -24; shift <= 24; shift += 8) {
					unsigned char *md = big + 3000 + da, *ms = md - shift;
					big_fill(k + (unsigned)shift);
					bad += w_memmove(md, ms, n) != md;
					memmove(bigwant + (md - big), bigwant + (ms - big), n);
					bad += memcmp(big, bigwant, BIG) != 0;
				}
#endif
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
	RUN(SUITE, big_all);
#ifndef WITH_X86_STRING
	RUN(SUITE, memmove_overlap);
#endif
	return check_total_failed;
}
