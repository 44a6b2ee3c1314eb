/* Host shim: os-L4's chunkstr.c takes the word-at-a-time header under test
 * (-DWAT_HEADER: asm-generic's, which x86_64's UML uses, or Wombat's arm64
 * or riscv64 one), configured as Wombat's Linux is (64-bit). */
#define CONFIG_64BIT 1
#include WAT_HEADER
