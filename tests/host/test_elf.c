/* Host tests of elf_parse: good images, and every kind of malformed one. */
#include <string.h>
#include <stdint.h>
#include "check.h"
#include "elf.h"

static unsigned char img[4096];

/* A minimal valid ELF64 executable: one RX PT_LOAD at 0x400000 holding the entry. */
static void make_good(void)
{
	memset(img, 0, sizeof(img));
	memcpy(img, "\x7f" "ELF", 4);
	img[4] = 2; img[5] = 1; img[6] = 1;
	*(uint16_t *)(img + 16) = 2;        /* ET_EXEC */
	*(uint16_t *)(img + 18) = 62;       /* x86_64 */
	*(uint64_t *)(img + 24) = 0x400010; /* entry */
	*(uint64_t *)(img + 32) = 64;       /* phoff */
	*(uint16_t *)(img + 54) = 56;
	*(uint16_t *)(img + 56) = 1;
	unsigned char *ph = img + 64;
	*(uint32_t *)(ph + 0) = 1;          /* PT_LOAD */
	*(uint32_t *)(ph + 4) = 5;          /* R X */
	*(uint64_t *)(ph + 8) = 0;
	*(uint64_t *)(ph + 16) = 0x400000;
	*(uint64_t *)(ph + 32) = 256;
	*(uint64_t *)(ph + 40) = 8192;
}

static int parse(uint64_t len)
{
	struct elf_seg s[4];
	uint64_t entry;
	return elf_parse(img, len, 0x3fb0000000ULL, s, 4, &entry);
}

static void good_image(void)
{
	make_good();
	struct elf_seg s[4];
	uint64_t entry = 0;
	CHECK(elf_parse(img, sizeof(img), 0x3fb0000000ULL, s, 4, &entry) == 1);
	CHECK(entry == 0x400010 && s[0].vaddr == 0x400000 && s[0].memsz == 8192 && s[0].filesz == 256);
}

static void truncated(void)
{
	make_good();
	CHECK(parse(10) == ELF_ETRUNC);
	CHECK(parse(100) == ELF_ETRUNC);          /* header fits, program headers do not */
	*(uint64_t *)(img + 64 + 32) = 1 << 20;   /* filesz beyond the file */
	CHECK(parse(sizeof(img)) == ELF_ETRUNC);
	make_good();
	*(uint64_t *)(img + 64 + 8) = ~0ULL;      /* offset overflow */
	CHECK(parse(sizeof(img)) == ELF_ETRUNC);
}

static void wrong_kind(void)
{
	make_good(); img[1] = 'X';
	CHECK(parse(sizeof(img)) == ELF_EBADMAGIC);
	make_good(); img[4] = 1;
	CHECK(parse(sizeof(img)) == ELF_EBADCLASS);
	make_good(); *(uint16_t *)(img + 18) = 40;
	CHECK(parse(sizeof(img)) == ELF_EBADTYPE);
	make_good(); *(uint16_t *)(img + 16) = 3;  /* ET_DYN */
	CHECK(parse(sizeof(img)) == ELF_EBADTYPE);
}

static void bad_segments(void)
{
	make_good(); *(uint64_t *)(img + 64 + 16) = 0xffffffff80000000ULL;
	CHECK(parse(sizeof(img)) == ELF_EBADSEG);
	make_good(); *(uint64_t *)(img + 64 + 40) = ~0ULL;    /* wraps */
	CHECK(parse(sizeof(img)) == ELF_EBADSEG || parse(sizeof(img)) == ELF_ETRUNC);
	make_good(); *(uint64_t *)(img + 64 + 16) = 0;          /* page zero */
	CHECK(parse(sizeof(img)) == ELF_EBADSEG);
	make_good(); *(uint32_t *)(img + 64) = 2;               /* no PT_LOAD */
	CHECK(parse(sizeof(img)) == ELF_EBADSEG);
	make_good(); *(uint64_t *)(img + 24) = 0x900000;        /* entry outside */
	CHECK(parse(sizeof(img)) == ELF_ENOENTRY);
	make_good(); *(uint32_t *)(img + 64 + 4) = 6;           /* RW, entry not executable */
	CHECK(parse(sizeof(img)) == ELF_ENOENTRY);
	CHECK(elf_strerror(ELF_ETRUNC)[0] != 0);
}

int main(void)
{
	RUN("elf", good_image);
	RUN("elf", truncated);
	RUN("elf", wrong_kind);
	RUN("elf", bad_segments);
	return check_total_failed;
}
