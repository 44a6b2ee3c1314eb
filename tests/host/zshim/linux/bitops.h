/* Host shim: fls64 as the kernel's (1-based index of the highest set bit, 0 for 0). */
static inline int fls64(unsigned long x) { return x ? 64 - __builtin_clzl(x) : 0; }
