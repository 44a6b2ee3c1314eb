/* eagerd's upcall entry (x86_64): the kernel enters with rdi = the vCPU
 * state page and rsp 16-byte aligned; realign as after a call. */
__asm__(".text\n.globl eager_entry\neager_entry:\n  sub $8, %rsp\n  call eager_upcall\n1: jmp 1b\n");
