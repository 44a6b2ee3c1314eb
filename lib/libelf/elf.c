/* elf_parse: validate an ELF64 executable and list its loadable segments. */
#include "elf.h"

struct ehdr {
	unsigned char ident[16];
	uint16_t type, machine;
	uint32_t version;
	uint64_t entry, phoff, shoff;
	uint32_t flags;
	uint16_t ehsize, phentsize, phnum, shentsize, shnum, shstrndx;
};

struct phdr {
	uint32_t type, flags;
	uint64_t offset, vaddr, paddr, filesz, memsz, align;
};

static uint64_t rd64(const unsigned char *p)
{
	uint64_t v = 0;
	for (int i = 7; i >= 0; i--)
		v = (v << 8) | p[i];
	return v;
}

static uint32_t rd32(const unsigned char *p) { return p[0] | p[1] << 8 | p[2] << 16 | (uint32_t)p[3] << 24; }
static uint16_t rd16(const unsigned char *p) { return (uint16_t)(p[0] | p[1] << 8); }

static int check_seg(const unsigned char *ph, uint64_t len, uint64_t limit, struct elf_seg *s)
{
	s->flags = rd32(ph + 4);
	s->offset = rd64(ph + 8);
	s->vaddr = rd64(ph + 16);
	s->filesz = rd64(ph + 32);
	s->memsz = rd64(ph + 40);
	if (s->filesz > s->memsz || s->offset > len || s->filesz > len - s->offset)
		return ELF_ETRUNC;
	if (s->vaddr < 4096 || s->vaddr >= limit || s->memsz > limit - s->vaddr)
		return ELF_EBADSEG;
	return 0;
}

int elf_parse(const void *img, uint64_t len, uint64_t limit,
	      struct elf_seg *segs, int max, uint64_t *entry)
{
	const unsigned char *p = img;
	if (len < 64)
		return ELF_ETRUNC;
	if (p[0] != 0x7f || p[1] != 'E' || p[2] != 'L' || p[3] != 'F')
		return ELF_EBADMAGIC;
	if (p[4] != 2 || p[5] != 1)
		return ELF_EBADCLASS;
	if (rd16(p + 16) != 2 || rd16(p + 18) != ELF_MACHINE)
		return ELF_EBADTYPE;
	uint64_t phoff = rd64(p + 32);
	uint16_t phentsize = rd16(p + 54), phnum = rd16(p + 56);
	if (phentsize != sizeof(struct phdr) || phoff > len ||
	    (uint64_t)phnum * phentsize > len - phoff)
		return ELF_ETRUNC;
	int n = 0;
	int entry_ok = 0;
	*entry = rd64(p + 24);
	for (int i = 0; i < phnum; i++) {
		const unsigned char *ph = p + phoff + (uint64_t)i * phentsize;
		if (rd32(ph) != 1)        /* PT_LOAD */
			continue;
		if (n == max)
			return ELF_ETOOMANY;
		int err = check_seg(ph, len, limit, &segs[n]);
		if (err)
			return err;
		if ((segs[n].flags & 1) && *entry >= segs[n].vaddr &&
		    *entry < segs[n].vaddr + segs[n].memsz)
			entry_ok = 1;
		n++;
	}
	if (n == 0)
		return ELF_EBADSEG;
	return entry_ok ? n : ELF_ENOENTRY;
}

const char *elf_strerror(int err)
{
	switch (err) {
	case ELF_EBADMAGIC: return "not an ELF file";
	case ELF_EBADCLASS: return "not a 64-bit little-endian ELF";
	case ELF_EBADTYPE: return "not an x86_64 executable";
	case ELF_ETRUNC: return "truncated or inconsistent ELF";
	case ELF_EBADSEG: return "segment outside the allowed address range";
	case ELF_ETOOMANY: return "too many loadable segments";
	case ELF_ENOENTRY: return "entry point outside executable segments";
	default: return "unknown ELF error";
	}
}
