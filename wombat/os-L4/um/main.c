// SPDX-License-Identifier: GPL-2.0
/*
 * Wombat os-L4: main() and the panic helper of the stub stage.
 *
 * main() will take the command line that crt0 builds from Iguana's boot
 * info, set up the vCPU state page, the console and timer capabilities, and
 * call linux_main() (arch/um/kernel/um_arch.c).
 */
#include <stdio.h>
#include <stdlib.h>
#include "wombat.h"

void wombat_unimplemented(const char *fn)
{
	printf("wombat: os-L4: %s() is not implemented yet\n", fn);
	exit(127);
}

int main(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	WOMBAT_TODO();
}
