/* eagerd's upcall entry (riscv64): the kernel enters with a1 = the vCPU
 * state page (the start-argument register) and sp 16-byte aligned. */
__asm__(".text\n.globl eager_entry\neager_entry:\n  mv a0, a1\n  call eager_upcall\n1: j 1b\n");
