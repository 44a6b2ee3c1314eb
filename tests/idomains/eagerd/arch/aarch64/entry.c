/* eagerd's upcall entry (aarch64): the kernel enters with x1 = the vCPU
 * state page (the start-argument register) and sp 16-byte aligned. */
__asm__(".text\n.globl eager_entry\neager_entry:\n  mov x0, x1\n  bl eager_upcall\n1: b 1b\n");
