/* What t_vcpu.c shares with its architecture parts (tests/ktest/arch/<arch>/vcpu_*.c). */
#ifndef KTEST_VCPU_H
#define KTEST_VCPU_H
#include "ktest.h"
#include <ktest_arch.h>

#define VSLOT (L4_UTCB_AREA + 499 * 4096UL)     /* same page table as the other root UTCBs */
/* 1: a vCPU fast path (vcpu_fast.S) does every task exit and resume while
 * the IPC fast path is on; ktest_arch.h says 0 for an architecture without. */
#ifndef KT_VCPU_FAST
#define KT_VCPU_FAST 1
#endif
#define vs ((struct l4_vcpu_state *)VSLOT)

/* The architecture's task code: one page (vtask_page), mapped into task
 * spaces at the same address. vtask_syscall: system call 39 with arguments
 * 11, 22, 33; at vtask_syscall_ret, system call 60 with the first argument
 * the first call's result. vtask_touch: stores 0x5a at its first argument,
 * then system call 1. vtask_spin: counts in the result register. vtask_fpu:
 * its first argument into the first FPU register, then system call 7. */
extern char vtask_page[], vtask_syscall[], vtask_syscall_ret[], vtask_touch[], vtask_spin[], vtask_fpu[];
/* vcpu_task_fault_regs (t_vcpu.c): vtask_fault_pre adds 1 to every
 * general register but the one holding an address, then falls into
 * vtask_fault, which stores register vtask_fault_stored at that address
 * and makes a system call. vtask_fault_frame() fills a frame for the task
 * to start with at vtask_fault_pre (run: a pattern of its own; addr: in
 * the address register); vtask_fault_changed() makes it the frame a page
 * fault at vtask_fault must come back with, word for word. */
extern char vtask_fault_pre[], vtask_fault[];
extern const int vtask_fault_stored;
void vtask_fault_frame(l4_word *set, int run, l4_word addr);
void vtask_fault_changed(l4_word *set);
/* vtask_fpu_get: the first FPU register into the first argument register,
 * then system call 8. */
extern char vtask_fpu_get[];
/* The upcall entry: calls vcpu_handler(state page, flags on entry), then
 * VCPU_RESUME(0) with what it returned. */
extern char vcpu_entry[];
l4_word vcpu_handler(struct l4_vcpu_state *v, l4_word flags);
/* Called by the handler for an exception upcall: make the frame go on
 * (skip an undefined instruction or a breakpoint, stop single-stepping). */
void vcpu_fixup(struct l4_vcpu_state *v);

/* What the handler saw last (t_vcpu.c). */
extern volatile l4_word upcalls, last_reason, last_trapno, last_pending, last_flags, resume_flags;
l4_word vcpu_on(void);
l4_word task_new(void);
void task_regs(l4_word ip, l4_word arg0);
#endif
