/*
 * wombat-native PROGRAM [ARGS]: runs PROGRAM, a static position-independent
 * executable, as a native-mode process (docs/native-mode.md). This process
 * becomes native (/dev/iguana, WN_INIT: Iguana makes its address space a
 * protection domain of its own and reserves a range of the shared layout
 * for the image, which Wombat backs with Linux memory), loads PROGRAM's
 * segments there and enters it as the kernel's ELF loader would, with a
 * fresh stack: same pid, files and parent; PROGRAM's exit status is this
 * process's. The image is touched and locked first: the agent thread
 * (agent.c) runs its pages without faulting.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <unistd.h>
#include <wombat_native.h>
#include "native_arch.h"

#define STACK_BYTES (1UL << 20)
#define PAGE 4096UL

static const char *prog;

static void __attribute__((noreturn)) fail(int code, const char *what, const char *why)
{
	fprintf(stderr, "wombat-native: %s: %s%s%s\n", prog, what, why ? ": " : "", why ? why : "");
	exit(code);
}

static void read_at(int fd, void *buf, size_t n, off_t off)
{
	size_t done = 0;
	while (done < n) {
		ssize_t r = pread(fd, (char *)buf + done, n - done, off + (off_t)done);
		if (r <= 0)
			fail(126, "cannot read the program", r < 0 ? strerror(errno) : "truncated");
		done += (size_t)r;
	}
}

int main(int argc, char **argv, char **envp)
{
	Elf64_Ehdr eh;
	Elf64_Phdr ph[32];
	unsigned long span = 0, phdr = 0;
	int fd;

	if (argc < 2 || !strcmp(argv[1], "-h") || !strcmp(argv[1], "--help")) {
		fprintf(stderr, "usage: wombat-native PROGRAM [ARGS...]\n"
			"Runs PROGRAM (a static position-independent executable, gcc -static-pie,\n"
			"linked with libwombat-native) as a native-mode process: Linux and Iguana\n"
			"APIs in one program. See docs/native-mode.md.\n");
		return argc < 2 ? 2 : 0;
	}
	prog = argv[1];
	if ((fd = open(prog, O_RDONLY | O_CLOEXEC)) < 0)
		fail(errno == ENOENT ? 127 : 126, "cannot open", strerror(errno));
	read_at(fd, &eh, sizeof eh, 0);
	if (memcmp(eh.e_ident, ELFMAG, SELFMAG) || eh.e_ident[EI_CLASS] != ELFCLASS64 ||
	    eh.e_machine != WN_MACHINE)
		fail(126, "not an executable for this machine", NULL);
	if (eh.e_type != ET_DYN)
		fail(126, "not position-independent: a native program is a static PIE (gcc -static-pie)", NULL);
	if (eh.e_phentsize != sizeof(Elf64_Phdr) || !eh.e_phnum || eh.e_phnum > 32)
		fail(126, "bad program headers", NULL);
	read_at(fd, ph, eh.e_phnum * sizeof(Elf64_Phdr), (off_t)eh.e_phoff);
	for (int i = 0; i < eh.e_phnum; i++) {
		if (ph[i].p_type == PT_INTERP)
			fail(126, "dynamically linked: a native program is a static PIE (gcc -static-pie)", NULL);
		if (ph[i].p_type != PT_LOAD)
			continue;
		if (ph[i].p_filesz > ph[i].p_memsz || ph[i].p_vaddr + ph[i].p_memsz < ph[i].p_vaddr)
			fail(126, "bad segment", NULL);
		if (ph[i].p_vaddr + ph[i].p_memsz > span)
			span = ph[i].p_vaddr + ph[i].p_memsz;
		if (eh.e_phoff >= ph[i].p_offset && eh.e_phoff < ph[i].p_offset + ph[i].p_filesz)
			phdr = ph[i].p_vaddr + (eh.e_phoff - ph[i].p_offset);
	}
	if (!span || !phdr)
		fail(126, "no loadable segment holding the program headers", NULL);

	/* This process becomes native; Iguana places the image. */
	struct wn_init in = { .image_pages = (span + PAGE - 1) / PAGE };
	int dev = open(WN_DEVICE, O_RDWR | O_CLOEXEC);
	if (dev < 0)
		fail(1, "no " WN_DEVICE, errno == ENOENT ? "not running on Wombat" : strerror(errno));
	if (ioctl(dev, WN_IOC_INIT, &in) < 0) {
		int e = errno;
		fail(1, "cannot become a native-mode process",
		     e == EPERM ? "native mode is off (Wombat's boot configuration has no native=)" :
		     e == EEXIST ? "this process has mappings in Iguana's shared window" :
		     e == EINVAL ? "the image is too large" : strerror(e));
	}
	close(dev);
	char *base = (char *)in.image_base;
	for (int i = 0; i < eh.e_phnum; i++)
		if (ph[i].p_type == PT_LOAD && ph[i].p_filesz)
			read_at(fd, base + ph[i].p_vaddr, ph[i].p_filesz, (off_t)ph[i].p_offset);
	close(fd);
	for (unsigned long off = 0; off < in.image_pages * PAGE; off += PAGE)
		((volatile char *)base)[off] = ((volatile char *)base)[off];     /* mapped writable, now */
	if (mlock(base, in.image_pages * PAGE))
		fail(1, "cannot lock the image in memory", strerror(errno));

	/* The initial stack, as the kernel builds it: argc, argv, envp, auxv, then the strings. */
	char *stk = mmap(NULL, STACK_BYTES, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_STACK, -1, 0);
	if (stk == MAP_FAILED)
		fail(1, "no memory for the stack", strerror(errno));
	char *top = stk + STACK_BYTES;
	int nargs = argc - 1, nenv = 0;
	while (envp[nenv])
		nenv++;
	char **sargv = alloca(sizeof(char *) * (size_t)(nargs + 1)), **senv = alloca(sizeof(char *) * (size_t)(nenv + 1));
	for (int i = nenv - 1; i >= 0; i--)
		senv[i] = strcpy(top -= strlen(envp[i]) + 1, envp[i]);
	for (int i = nargs - 1; i >= 0; i--)
		sargv[i] = strcpy(top -= strlen(argv[i + 1]) + 1, argv[i + 1]);
	unsigned char *rnd = (unsigned char *)(top -= 16);
	void *own_random = (void *)getauxval(AT_RANDOM);
	if (own_random)
		memcpy(rnd, own_random, 16);
	for (int i = 0; i < 16; i++)
		rnd[i] ^= (unsigned char)(i * 37 + 11);    /* not the launcher's own canary */
	unsigned long aux[] = {
		AT_PHDR, (unsigned long)base + phdr, AT_PHENT, sizeof(Elf64_Phdr), AT_PHNUM, eh.e_phnum,
		AT_PAGESZ, PAGE, AT_BASE, 0, AT_FLAGS, 0, AT_ENTRY, (unsigned long)base + eh.e_entry,
		AT_UID, getauxval(AT_UID), AT_EUID, getauxval(AT_EUID), AT_GID, getauxval(AT_GID),
		AT_EGID, getauxval(AT_EGID), AT_SECURE, 0, AT_RANDOM, (unsigned long)rnd,
		AT_HWCAP, getauxval(AT_HWCAP), AT_HWCAP2, getauxval(AT_HWCAP2), AT_CLKTCK, getauxval(AT_CLKTCK),
		AT_SYSINFO_EHDR, getauxval(AT_SYSINFO_EHDR), AT_EXECFN, (unsigned long)sargv[0], AT_NULL, 0,
	};
	unsigned long words = 1 + (unsigned long)nargs + 1 + (unsigned long)nenv + 1 + sizeof aux / sizeof aux[0];
	unsigned long *sp = (unsigned long *)(((unsigned long)top - words * 8) & ~15UL), *p = sp;
	*p++ = (unsigned long)nargs;
	for (int i = 0; i < nargs; i++)
		*p++ = (unsigned long)sargv[i];
	*p++ = 0;
	for (int i = 0; i < nenv; i++)
		*p++ = (unsigned long)senv[i];
	*p++ = 0;
	memcpy(p, aux, sizeof aux);

	const char *name = strrchr(prog, '/');
	prctl(PR_SET_NAME, name ? name + 1 : prog, 0, 0, 0);
	wn_enter(base + eh.e_entry, sp);
}
