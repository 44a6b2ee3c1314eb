/* Host shim for Wombat's arm64/riscv64 asm/word-at-a-time.h (test_zeropad.c). */
#include <stdint.h>
#define REPEAT_BYTE(x) ((~0ul / 0xff) * (x))
#define likely(x) __builtin_expect(!!(x), 1)
typedef uint64_t u64;
#define __always_inline inline __attribute__((always_inline))
