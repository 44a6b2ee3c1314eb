/* A block-service client for the Iguana tests, beside itest: writes a pattern
 * of its own over the first 128 sectors of its region, reads it back, checks
 * that sectors past its region are refused, then until it is stopped keeps
 * requests on the device and verifies its data on every pass (itest writes
 * its own region meanwhile, then stops it: blk_two_clients, blk_client_stopped). */
#include <iguana/libiguana.h>
#include <stdio.h>
#include <string.h>

#define SECTORS 128

static unsigned char pattern(unsigned long i) { return (unsigned char)(0x5a + i * 7 + i / 512); }

/* Read the pattern area back into the buffer's first half (four requests of 32 sectors). */
static int verify(struct blk_session *s)
{
	memset(s->buf, 0, SECTORS * BLK_SECTOR);
	for (int k = 0; k < 4; k++)
		if (blk_read(s, k * 32, 32, k * 32 * BLK_SECTOR) != IG_OK)
			return 0;
	for (unsigned long i = 0; i < SECTORS * BLK_SECTOR; i++)
		if (s->buf[i] != pattern(i))
			return 0;
	return 1;
}

int main(struct ig_startinfo *si)
{
	struct blk_session s;
	l4_word st = blk_open(&s);
	cons_use_for_stdio(si->name);
	if (st != IG_OK) {
		printf("blkc: no block session (%lu)\n", st);
		return 1;
	}
	for (unsigned long i = 0; i < SECTORS * BLK_SECTOR; i++)
		s.buf[i] = pattern(i);
	int ok = 1;
	for (int k = 0; k < 4; k++)
		ok &= blk_write(&s, k * 32, 32, k * 32 * BLK_SECTOR) == IG_OK;
	ok &= verify(&s);
	printf("blkc: %s %d sectors at the start of its region (%lu sectors)\n",
	       ok ? "wrote and read back" : "FAILED to write and read back", SECTORS, s.sectors);
	if (blk_read(&s, s.sectors, 1, 0) == IG_EPERM && blk_write(&s, s.sectors - 1, 2, 0) == IG_EPERM)
		printf("blkc: sectors past its region refused\n");
	printf("blkc: looping, verifying its data on every pass\n");
	for (unsigned long n = 1;; n++) {
		blk_write(&s, SECTORS + n % 64, 8, SECTORS * BLK_SECTOR);
		if (!verify(&s))
			printf("blkc: pass %lu: its data CHANGED\n", n);
		else if (n == 10)
			printf("blkc: pass %lu: its data intact\n", n);
		sleep_ms(1);
	}
}
