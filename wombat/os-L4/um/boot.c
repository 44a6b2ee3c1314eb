// SPDX-License-Identifier: GPL-2.0
/*
 * Wombat os-L4: boot environment (replaces os-Linux start_up.c, util.c,
 * umid.c, and elf_aux_hwcap from main.c).
 *
 * CPU features will come from CPUID, randomness from RDRAND, the machine
 * name is a constant, and printing goes to the console (the kernel debug
 * console first, the serial server later).  The rest is a no-op.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <os.h>
#include <iguana_abi.h>
#include "wombat.h"

extern struct ig_startinfo *wombat_si;

/* AT_HWCAP for ELF_HWCAP: 0 until it is filled in from CPUID. */
long elf_aux_hwcap;

void os_early_checks(void)
{
	/* No host to probe: the microkernel has no ptrace or tmpfs quirks. */
}

void os_check_bugs(void)
{
	/* Nothing to check on the microkernel. */
}

void get_host_cpu_features(void (*flags_helper_func)(char *line),
			   void (*cache_helper_func)(char *line))
{
	/* No host /proc/cpuinfo: its "flags" line comes from the architecture
	 * (x86_64: CPUID); arch/um sets each capability named there. */
	static char line[1024];

	wombat_cpu_flags(line, sizeof(line));
	if (line[0])
		flags_helper_func(line);
	(void)cache_helper_func;
}

/* "iomem=<name>,<file>" on the command line (a __uml_setup handler). */
int parse_iomem(char *str, int *add)
{
	/* No host files to map as iomem. */
	(void)str;
	(void)add;
	return 1;
}

void stack_protections(unsigned long address)
{
	/* Stacks are plain RW sections; there is no mprotect to call. */
	(void)address;
}

/* `uname -m`: the architecture's name for it (wombat_arch.h). */
void setup_machinename(char *machine_out)
{
	strcpy(machine_out, WOMBAT_MACHINE);
}

void setup_hostinfo(char *buf, int len)
{
	snprintf(buf, len, "Wombat on the L4-style microkernel (Iguana domain)");
}

/*
 * Linux's boot seed (arch/um's setup_arch() is the only caller: it gives
 * the bytes to add_bootloader_randomness(), which credits them with
 * CONFIG_RANDOM_TRUST_BOOTLOADER, config.fragment).  Iguana's 32 bytes of
 * boot_seed, fresh every start and used for nothing else, XORed with our
 * own random words (RDRAND on x86_64); only when Iguana says its generator
 * had a hardware source (IG_SI_SEEDED), else -1 and Linux gathers its
 * entropy from interrupt timing as before (the first read of /dev/urandom
 * then waits until it has 256 bits: about 10 s in QEMU).
 */
ssize_t os_getrandom(void *buf, size_t len, unsigned int flags)
{
	unsigned char *p = buf;
	const unsigned char *seed = (const unsigned char *)wombat_si->boot_seed;
	(void)flags;
	if (!(wombat_si->flags & IG_SI_SEEDED))
		return -1;
	for (size_t i = 0; i < len; i++) {
		p[i] = (unsigned char)wombat_random();
		if (i < sizeof(wombat_si->boot_seed))
			p[i] ^= seed[i];       /* the start info is read-only, ours alone, fresh every start */
	}
	return (ssize_t)len;
}

int set_umid(char *name)
{
	(void)name;
	return 0;
}

char *get_umid(void)
{
	return "wombat";
}

/* Printing already works: libc's printf goes to the console hook. */
void os_info(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
}

void os_warn(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
}

void um_early_printk(const char *s, unsigned int n)
{
	printf("%.*s", (int)n, s);
}

void os_dump_core(void)
{
	printf("wombat: core dump requested: stopping\n");
	exit(134);
}
