/* Host shim for os-L4's wordstring.c (tests/host/test_wordstring.c). */
#include <stddef.h>
