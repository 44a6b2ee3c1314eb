/* ELF64 executable checking, shared by the kernel's root loader, Iguana and host tests. */
#ifndef LIBELF_ELF_H
#define LIBELF_ELF_H
#include <stdint.h>

/* e_machine of the programs we load: the architecture we are built for. */
#if defined(__aarch64__)
#define ELF_MACHINE 183      /* EM_AARCH64 */
#elif defined(__riscv)
#define ELF_MACHINE 243      /* EM_RISCV */
#else
#define ELF_MACHINE 62       /* EM_X86_64 */
#endif

struct elf_seg {
	uint64_t vaddr, memsz, offset, filesz;
	uint32_t flags;          /* PF_X 1, PF_W 2, PF_R 4 */
};

#define ELF_EBADMAGIC  -1
#define ELF_EBADCLASS  -2
#define ELF_EBADTYPE   -3
#define ELF_ETRUNC     -4
#define ELF_EBADSEG    -5
#define ELF_ETOOMANY   -6
#define ELF_ENOENTRY   -7

/* Checks img[0..len) is an x86_64 static executable whose loadable segments
 * lie inside [0, limit); fills segs (at most max) and entry. Returns the
 * number of segments or a negative ELF_E* code. */
int elf_parse(const void *img, uint64_t len, uint64_t limit,
	      struct elf_seg *segs, int max, uint64_t *entry);
const char *elf_strerror(int err);
#endif
