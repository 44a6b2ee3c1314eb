/* Host shim: the kernel's little-endian byteorder defines __LITTLE_ENDIAN
 * only; glibc's <endian.h> also defines __BIG_ENDIAN (as a constant), which
 * would send asm-generic/word-at-a-time.h to its big-endian half. */
#undef __BIG_ENDIAN
#ifndef __LITTLE_ENDIAN
#define __LITTLE_ENDIAN 1234
#endif
