/*
 * The native programs of the initramfs and their launcher in one executable
 * (wombat-native, rtstat, nsvc and ntest are links to it; each static PIE would carry its own libc, and
 * Linux's initramfs memory is RAM): the name it was started by chooses.
 * Each source is compiled with main renamed (wombat/build.sh).
 */
#include <string.h>

int rtstat_main(int argc, char **argv);
int nsvc_main(int argc, char **argv);
int ntest_main(int argc, char **argv);
int launcher_main(int argc, char **argv, char **envp);

int main(int argc, char **argv, char **envp)
{
	const char *name = argc > 0 ? strrchr(argv[0], '/') : NULL;
	name = name ? name + 1 : argc > 0 ? argv[0] : "";
	if (!strcmp(name, "wombat-native"))      /* the launcher: an ordinary process until it loads a program */
		return launcher_main(argc, argv, envp);
	if (!strcmp(name, "rtstat"))
		return rtstat_main(argc, argv);
	if (!strcmp(name, "nsvc"))
		return nsvc_main(argc, argv);
	return ntest_main(argc, argv);
}
