/*
 * Host tests of Wombat's load_unaligned_zeropad() and word-at-a-time masks
 * (wombat/arch-{arm64,riscv64}/um/asm/word-at-a-time.h; built once per
 * header, -DWAT_HEADER): DCACHE_WORD_ACCESS hashes path components and
 * compares dentry names with them.
 *  - every address of a page followed by an inaccessible page (PROT_NONE):
 *    with that page outside "RAM" (high_physmem at the boundary) the word
 *    reads the bytes up to the boundary and zeros past it, and nothing
 *    faults; with the next page inside RAM (high_physmem beyond it, the page
 *    made readable) the word is the 8 real bytes;
 *  - has_zero/create_zero_mask/find_zero/zero_bytemask give the index of the
 *    first zero byte and keep the bytes before it, for words with zeros
 *    anywhere (false positives above the first zero must not matter).
 */
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include "check.h"

unsigned long high_physmem;
#include WAT_HEADER

static unsigned long ref_word(const unsigned char *p, unsigned long boundary, int next_ok)
{
	unsigned long w = 0;
	for (int i = 0; i < 8; i++) {
		unsigned long a = (unsigned long)(p + i);
		unsigned long b = (a < boundary || next_ok) ? p[i] : 0;
		w |= b << (8 * i);
	}
	return w;
}

static void page_end(void)
{
	unsigned char *m = mmap(NULL, 2 * PAGE_SIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	int bad = 0;

	CHECK(m != MAP_FAILED);
	if (m == MAP_FAILED)
		return;
	for (unsigned i = 0; i < 2 * PAGE_SIZE; i++)
		m[i] = (unsigned char)(i * 37 + 11) | 1;
	/* The next page inaccessible and not RAM: zeros past the boundary. */
	mprotect(m + PAGE_SIZE, PAGE_SIZE, PROT_NONE);
	high_physmem = (unsigned long)(m + PAGE_SIZE);
	for (unsigned off = 0; off < PAGE_SIZE; off++)
		bad += load_unaligned_zeropad(m + off) != ref_word(m + off, high_physmem, 0);
	/* The next page is RAM: the real bytes. */
	mprotect(m + PAGE_SIZE, PAGE_SIZE, PROT_READ);
	high_physmem = (unsigned long)(m + 2 * PAGE_SIZE);
	for (unsigned off = 0; off < PAGE_SIZE; off++)
		bad += load_unaligned_zeropad(m + off) != ref_word(m + off, 0, 1);
	CHECK(bad == 0);
	munmap(m, 2 * PAGE_SIZE);
}

static void first_zero(void)
{
	const struct word_at_a_time c = WORD_AT_A_TIME_CONSTANTS;
	int bad = 0;

	for (unsigned pattern = 0; pattern < 256; pattern++)   /* which bytes are zero */
		for (unsigned fill = 1; fill < 256; fill += 17) {
			unsigned long w = 0, bits, mask;
			unsigned first = 8;

			for (int i = 0; i < 8; i++) {
				unsigned long b = (pattern >> i) & 1 ? 0 : (fill + i) & 0xff ? (fill + i) & 0xff : 1;
				if (!b && first == 8)
					first = i;
				w |= b << (8 * i);
			}
			if (!has_zero(w, &bits, &c)) {
				bad += first != 8;
				continue;
			}
			bits = prep_zero_mask(w, bits, &c);
			mask = create_zero_mask(bits);
			bad += find_zero(mask) != first;
			bad += (w & zero_bytemask(mask)) != (first ? w & (~0UL >> (64 - 8 * first)) : 0);
		}
	CHECK(bad == 0);
}

int main(void)
{
	RUN(SUITE, page_end);
	RUN(SUITE, first_zero);
	return check_total_failed;
}
