/* Host tests of os-L4's word-at-a-time chunk strnlen and strcpy (wombat/
 * os-L4/um/chunkstr.c; run.sh builds it once per architecture's
 * asm/word-at-a-time.h, -DWAT_HEADER), against the host's strnlen: every
 * alignment 0..15 of the string, every NUL position 0..80 (and none), every
 * limit 0..90, with bytes 0x80..0xff around (the has-zero trick's borrow
 * cases) and a zero just before the string; and chunks that end at a page
 * followed by an inaccessible one: no word past the chunk's last one may be
 * read. strcpy's copy must hold the string and its NUL, and zeros after it
 * to the end of the NUL's word, and nothing may be written past that word. */
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include "check.h"
#include "../../wombat/os-L4/um/chunkstr.c"

static unsigned char arena[256] __attribute__((aligned(64)));
static unsigned long out[32];

/* chunk_strcpy(s, len) (chunkstr.h) as specified, given its result r: 1 if right. */
static int copied_right(const char *s, long len, long r)
{
	long want = (long)strnlen(s, (size_t)len);
	const unsigned char *o = (const unsigned char *)out;

	if (r != want)
		return 0;
	if (r < len) {
		long end = (r / 8 + 1) * 8;     /* the NUL's word */
		if (memcmp(o, s, (size_t)r) != 0)
			return 0;
		for (long i = r; i < end; i++)
			if (o[i] != 0)
				return 0;
		for (long i = end; i < (long)sizeof(out); i++)
			if (o[i] != 0xa5)
				return 0;
	}
	for (long i = ((len + 7) / 8 + 1) * 8; i < (long)sizeof(out); i++)
		if (o[i] != 0xa5)
			return 0;               /* never past len + 8 */
	return 1;
}

static void all(void)
{
	int bad = 0;
	for (unsigned a = 0; a < 16; a++)
		for (int nul = 0; nul <= 81; nul++)
			for (long len = 0; len <= 90; len++) {
				for (unsigned i = 0; i < sizeof(arena); i++)
					arena[i] = (unsigned char)(0x80 + (i * 37 + a + (unsigned)nul) % 128);
				char *s = (char *)arena + 64 + a;
				s[-1] = 0;                      /* a NUL before s must not count */
				if (nul <= 80)
					s[nul] = 0;
				if (nul > 0 && nul <= 80)
					s[nul - 1] = 1;         /* 0x01 next to the NUL */
				bad += wombat_chunk_strnlen(s, len) != (long)strnlen(s, (size_t)len);
				memset(out, 0xa5, sizeof(out));
				bad += !copied_right(s, len, chunk_strcpy(out, s, len));
			}
	CHECK(bad == 0);
}

static void at_page_end(void)
{
	long pg = sysconf(_SC_PAGESIZE);
	unsigned char *m = mmap(NULL, 2 * pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	int bad = 0;

	CHECK(m != MAP_FAILED && mprotect(m + pg, pg, PROT_NONE) == 0);
	if (check_failed)
		return;
	for (long len = 0; len <= 70; len++)
		for (long nul = 0; nul <= len; nul++) {
			char *s = (char *)m + pg - len;      /* the chunk ends at the page's end */
			memset(m, 0xfe, pg);
			if (nul < len)
				s[nul] = 0;
			bad += wombat_chunk_strnlen(s, len) != (nul < len ? nul : len);
			memset(out, 0xa5, sizeof(out));
			bad += !copied_right(s, len, chunk_strcpy(out, s, len));
		}
	CHECK(bad == 0);
	munmap(m, 2 * pg);
}

int main(void)
{
	RUN(SUITE, all);
	RUN(SUITE, at_page_end);
	return check_total_failed;
}
