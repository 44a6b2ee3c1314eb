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
#include <sys/types.h>
#include <os.h>
#include "wombat.h"

/* AT_HWCAP for ELF_HWCAP: 0 until it is filled in from CPUID. */
long elf_aux_hwcap;

void os_early_checks(void)
{
	WOMBAT_TODO();
}

void os_check_bugs(void)
{
	WOMBAT_TODO();
}

void get_host_cpu_features(void (*flags_helper_func)(char *line),
			   void (*cache_helper_func)(char *line))
{
	(void)flags_helper_func;
	(void)cache_helper_func;
	WOMBAT_TODO();
}

/* "iomem=<name>,<file>" on the command line (a __uml_setup handler). */
int parse_iomem(char *str, int *add)
{
	(void)str;
	(void)add;
	WOMBAT_TODO();
}

void stack_protections(unsigned long address)
{
	(void)address;
	WOMBAT_TODO();
}

void setup_machinename(char *machine_out)
{
	(void)machine_out;
	WOMBAT_TODO();
}

void setup_hostinfo(char *buf, int len)
{
	(void)buf;
	(void)len;
	WOMBAT_TODO();
}

ssize_t os_getrandom(void *buf, size_t len, unsigned int flags)
{
	(void)buf;
	(void)len;
	(void)flags;
	WOMBAT_TODO();
}

int set_umid(char *name)
{
	(void)name;
	WOMBAT_TODO();
}

char *get_umid(void)
{
	WOMBAT_TODO();
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
	WOMBAT_TODO();
}
