/* vCPU mode: event upcalls, masking, running a task space, its exits, FPU separation. */
#include "vcpu.h"

/* The architecture's part (tests/ktest/arch/<arch>/vcpu_*.c): task code,
 * the upcall entry, and the tests of its own registers and instructions:
 * vcpu_upcall_flags, vcpu_task_all_regs, vcpu_task_int80. */
volatile l4_word upcalls, last_reason, last_trapno, last_pending, last_flags, resume_flags;

/* The upcall's C part: the state page, the flags it was entered with. */
l4_word vcpu_handler(struct l4_vcpu_state *v, l4_word flags)
{
	upcalls++;
	last_reason = v->exit_reason;
	last_trapno = v->trapno;
	last_pending = v->pending;
	last_flags = flags;
	v->pending = 0;
	if (v->exit_reason == L4_VCPU_EXIT_EXCEPTION)
		vcpu_fixup(v);
	return resume_flags;                   /* VCPU_RESUME(0, these) */
}

static l4_word *entry_stack;

l4_word vcpu_on(void)
{
	if (!entry_stack)
		entry_stack = page_alloc(4);
	upcalls = 0;
	resume_flags = 0;
	return l4_vcpu_ctrl(VSLOT, (l4_word)vcpu_entry, (l4_word)entry_stack + 4 * 4096, 0);
}

/* A task space owned by the root's space, with the task code page mapped. */
l4_word task_new(void)
{
	l4_word t = 0;
	if (l4_space_create(&t) != L4_OK)
		return 0;
	l4_space_ctrl(t, L4_SC_OWNER, root_space);
	l4_space_ctrl(t, L4_SC_FOREIGN, 1);
	l4_map_to(t, (l4_word)vtask_page, (l4_word)vtask_page, 1, L4_R | L4_X);
	return t;
}

void task_regs(l4_word ip, l4_word arg0)
{
	for (int i = 0; i < L4_FR_WORDS; i++)
		vs->regs[i] = 0;
	vs->regs[KT_FR_IP] = ip;
	vs->regs[KT_FR_SP] = 0x10000000 - 64;
	vs->regs[KT_FR_FLAGS] = KT_FLAGS_USER;
	vs->regs[KT_FR_ARG0] = arg0;
}

KTEST(vcpu_ctrl_args, "vCPU mode: bad state slots and entries are refused, double enable is busy")
{
	CHECK_EQ(l4_vcpu_ctrl(VSLOT + 8, 0x400000, 0x400000, 0), L4_EINVAL);
	CHECK_EQ(l4_vcpu_ctrl(0x1000, 0x400000, 0x400000, 0), L4_EINVAL);
	CHECK_EQ(l4_vcpu_ctrl(VSLOT, KT_NONCANON, 0x400000, 0), L4_EINVAL);
	CHECK_EQ(l4_vcpu_ctrl(L4_UTCB_AREA, 0x400000, 0x400000, 0), L4_EBUSY);   /* our own UTCB */
	CHECK_EQ(vcpu_on(), L4_OK);
	CHECK_EQ(vcpu_on(), L4_EBUSY);
	CHECK_EQ(l4_vcpu_run(0x1234), L4_ENOSPACE);
	CHECK_EQ(l4_vcpu_ctrl(0, 0, 0, 0), L4_OK);
	CHECK_EQ(l4_vcpu_run(0), L4_EINVAL);                  /* not a vCPU any more */
}

KTEST(vcpu_event_upcall, "an event with the soft interrupt flag set upcalls; the resume returns to the interrupted code")
{
	CHECK_EQ(vcpu_on(), L4_OK);
	vs->irq_enabled = 1;
	l4_word e = l4_notify(mytid(), 1UL << 3);
	l4_word n = upcalls, reason = last_reason, pend = last_pending, en = vs->irq_enabled;
	l4_vcpu_ctrl(0, 0, 0, 0);
	CHECK_EQ(e, L4_OK);
	CHECK_EQ(n, 1);
	CHECK_EQ(reason, L4_VCPU_EXIT_EVENT);
	CHECK_EQ(pend, 1UL << 3);
	CHECK_EQ(en, 1);                                      /* the resume re-enabled */
}

KTEST(vcpu_event_masked, "with the soft flag clear an event only marks pending; enabling delivers it")
{
	CHECK_EQ(vcpu_on(), L4_OK);
	vs->irq_enabled = 0;
	l4_notify(mytid(), 1UL << 4);
	l4_word n0 = upcalls, pending = vs->pending;
	vs->irq_enabled = 1;
	l4_kinfo(L4_KI_MYTID);                                /* any kernel exit delivers */
	l4_word n1 = upcalls, pend = last_pending;
	l4_vcpu_ctrl(0, 0, 0, 0);
	CHECK_EQ(n0, 0);
	CHECK_EQ(pending, 1UL << 4);
	CHECK_EQ(n1, 1);
	CHECK_EQ(pend, 1UL << 4);
}

KTEST(vcpu_bad_entry, "entry_ip or entry_sp made non-canonical in the state page: no upcall (events wait), none to that address")
{
	CHECK_EQ(vcpu_on(), L4_OK);
	l4_word ip = vs->entry_ip, sp = vs->entry_sp;
	vs->entry_ip = KT_NONCANON;
	vs->irq_enabled = 1;
	l4_notify(mytid(), 1UL << 4);
	l4_word n1 = upcalls, p1 = vs->pending;
	vs->entry_ip = ip;
	vs->entry_sp = 0xffff7fffffffe000UL;
	l4_kinfo(L4_KI_MYTID);
	l4_word n2 = upcalls, p2 = vs->pending;
	vs->entry_sp = sp;
	l4_kinfo(L4_KI_MYTID);                    /* now it is delivered */
	l4_word n3 = upcalls, pend = last_pending;
	l4_vcpu_ctrl(0, 0, 0, 0);
	CHECK_EQ(n1, 0);
	CHECK_EQ(p1, 1UL << 4);
	CHECK_EQ(n2, 0);
	CHECK_EQ(p2, 1UL << 4);
	CHECK_EQ(n3, 1);
	CHECK_EQ(pend, 1UL << 4);
}

KTEST(vcpu_own_exception, "an exception in the vCPU's own code upcalls; the handler can fix the frame")
{
	CHECK_EQ(vcpu_on(), L4_OK);
	vs->irq_enabled = 0;
	KT_UD();
	l4_word n = upcalls, reason = last_reason, trap = last_trapno;
	l4_vcpu_ctrl(0, 0, 0, 0);
	CHECK_EQ(n, 1);
	CHECK_EQ(reason, L4_VCPU_EXIT_EXCEPTION);
	CHECK_EQ(trap, KT_TRAP_UD);
}

KTEST(vcpu_task_syscall, "a task's system calls come back as exits with the Linux frame; the reply's result register takes effect")
{
	l4_word t = task_new();
	CHECK(t != 0);
	CHECK_EQ(vcpu_on(), L4_OK);
	task_regs((l4_word)vtask_syscall, 0);
	l4_word r1 = l4_vcpu_run(t);
	l4_word orig = vs->regs[KT_FR_SYSNR], a = vs->regs[KT_FR_ARG0], b = vs->regs[KT_FR_ARG1];
	l4_word c = vs->regs[KT_FR_ARG2], ip = vs->regs[KT_FR_IP], trap = vs->trapno;
	vs->regs[KT_FR_RET] = 1234;
	l4_word r2 = l4_vcpu_run(t);
	l4_word orig2 = vs->regs[KT_FR_SYSNR], a2 = vs->regs[KT_FR_ARG0];
	l4_vcpu_ctrl(0, 0, 0, 0);
	l4_space_destroy(t);
	CHECK_EQ(r1, L4_VCPU_EXIT_SYSCALL);
	CHECK_EQ(trap, L4_TRAP_SYSCALL);
	CHECK_EQ(orig, 39);
	CHECK(a == 11 && b == 22 && c == 33);
	CHECK_EQ(ip, (l4_word)vtask_syscall_ret);             /* just after the first system call */
	CHECK_EQ(r2, L4_VCPU_EXIT_SYSCALL);
	CHECK_EQ(orig2, 60);
	CHECK_EQ(a2, 1234);
}

KTEST(vcpu_task_pagefault, "a task's page fault exits with the address; MAP_TO fixes it and the task goes on")
{
	l4_word t = task_new();
	l4_word *page = page_alloc(1);
	l4_word nodes0 = l4_kinfo(L4_KI_MAPNODES);
	CHECK_EQ(vcpu_on(), L4_OK);
	task_regs((l4_word)vtask_touch, 0x30000000);
	l4_word r1 = l4_vcpu_run(t), cr2 = vs->fault_addr, err = vs->error;
	l4_word m = l4_map_to(t, (l4_word)page, 0x30000000, 1, L4_R | L4_W);
	l4_word r2 = l4_vcpu_run(t), orig = vs->regs[KT_FR_SYSNR];
	l4_word nodes1 = l4_kinfo(L4_KI_MAPNODES);
	l4_word u = l4_unmap_in(t, 0x30000000, 1);
	l4_word nodes2 = l4_kinfo(L4_KI_MAPNODES);
	l4_vcpu_ctrl(0, 0, 0, 0);
	l4_space_destroy(t);
	CHECK_EQ(r1, L4_VCPU_EXIT_PAGEFAULT);
	CHECK_EQ(cr2, 0x30000000);
	CHECK(err & L4_PF_WRITE);
	CHECK_EQ(m, L4_OK);
	CHECK_EQ(r2, L4_VCPU_EXIT_SYSCALL);
	CHECK_EQ(orig, 1);
	CHECK_EQ(page[0], 0x5a);
	CHECK_EQ(u, L4_OK);
	CHECK_EQ(nodes1, nodes0 + 1);
	CHECK_EQ(nodes2, nodes0);
}

KTEST(vcpu_task_fpu_slot, "fpu_slot picks the task's FPU image: run with slot 1 a task saves its FPU state there and slot 0's stays; run with slot 0, there; each run loads the image its slot holds (bits above bit 0 ignored); the vCPU's own FPU state survives")
{
	l4_word t = task_new();
	CHECK_EQ(vcpu_on(), L4_OK);
	l4_word mine = 0x0123456789abcdefUL, x = 0x1111000011110000UL, y = 0x2222000022220000UL;
	const volatile l4_word *reg0[2] = { (l4_word *)(vs->fpu + KT_FPU_REG0),
					    (l4_word *)(vs->fpu + L4_VCPU_FPU_SLOT_BYTES + KT_FPU_REG0) };
	kt_fpu_set0(mine);
	vs->fpu_slot = 1;
	task_regs((l4_word)vtask_fpu, x);
	l4_word r1 = l4_vcpu_run(t), a1 = *reg0[0], b1 = *reg0[1];
	vs->fpu_slot = 0;
	task_regs((l4_word)vtask_fpu, y);
	l4_word r2 = l4_vcpu_run(t), a2 = *reg0[0], b2 = *reg0[1];
	l4_word got[3], r3 = 0;
	for (int i = 0; i < 3; i++) {
		vs->fpu_slot = (l4_word)(i + 1) | 0x100;     /* slots 1, 0, 1 */
		task_regs((l4_word)vtask_fpu_get, 0);
		r3 |= l4_vcpu_run(t) ^ L4_VCPU_EXIT_SYSCALL;
		got[i] = vs->regs[KT_FR_ARG0];
	}
	l4_word own = kt_fpu_get0();
	l4_vcpu_ctrl(0, 0, 0, 0);
	l4_space_destroy(t);
	CHECK_EQ(r1, L4_VCPU_EXIT_SYSCALL);
	CHECK_EQ(a1, 0);                                       /* slot 0 untouched */
	CHECK_EQ(b1, x);
	CHECK_EQ(r2, L4_VCPU_EXIT_SYSCALL);
	CHECK_EQ(a2, y);
	CHECK_EQ(b2, x);                                       /* slot 1 untouched */
	CHECK_EQ(r3, 0);
	CHECK_EQ(got[0], x);
	CHECK_EQ(got[1], y);
	CHECK_EQ(got[2], x);
	CHECK_EQ(own, mine);
}

KTEST(vcpu_task_fault_regs, "a task's page fault (an absent page, then a read-only one) exits with every register as the task had it at the fault, each changed by the task first, its access and address; with the fast path on, by the fast path; resumed with the page writable, the store completes")
{
	l4_word t = task_new(), *page = page_alloc(2);
	CHECK(t != 0);
	CHECK_EQ(vcpu_on(), L4_OK);
	l4_word set[L4_FR_WORDS], r[3], trap[3], err[3], far[3], fast[3];
	int bad[3];
	for (int run = 0; run < 3; run++) {
		if (run == 1)
			CHECK_EQ(l4_map_to(t, (l4_word)page + 4096, 0x30001000, 1, L4_R), L4_OK);
		if (run == 2)
			CHECK_EQ(l4_map_to(t, (l4_word)page + 4096, 0x30001000, 1, L4_R | L4_W), L4_OK);
		vtask_fault_frame(set, run, 0x30001000 + 8 * run);
		for (int i = 0; i < L4_FR_WORDS; i++)
			vs->regs[i] = set[i];
		vtask_fault_changed(set);        /* an exit that left a word unwritten shows the old one */
		l4_word f0 = l4_kinfo(L4_KI_VCPU_FAST);
		r[run] = l4_vcpu_run(t);
		fast[run] = l4_kinfo(L4_KI_VCPU_FAST) - f0;
		trap[run] = vs->trapno;
		err[run] = vs->error;
		far[run] = vs->fault_addr;
		bad[run] = 0;
		for (int i = 0; run < 2 && i < L4_FR_WORDS; i++)
			bad[run] += vs->regs[i] != set[i];
	}
	l4_word fp = l4_kinfo(L4_KI_FASTPATH), stored = page[512 + 2];
	l4_vcpu_ctrl(0, 0, 0, 0);
	l4_space_destroy(t);
	for (int run = 0; run < 2; run++) {
		CHECK_EQ(r[run], L4_VCPU_EXIT_PAGEFAULT);
		CHECK_EQ(trap[run], KT_TRAP_PF);
		CHECK_EQ(err[run], run ? L4_PF_PRESENT | L4_PF_WRITE : L4_PF_WRITE);   /* no user bit */
		CHECK_EQ(far[run], 0x30001000 + 8 * run);
		CHECK_EQ(bad[run], 0);
		CHECK_EQ(fast[run], fp && KT_VCPU_FAST ? 2 : 0);        /* resume, fault exit */
	}
	CHECK_EQ(r[2], L4_VCPU_EXIT_SYSCALL);
	CHECK_EQ(stored, set[vtask_fault_stored]);          /* run 2's, changed by the task */
}

KTEST(vcpu_task_preempted_by_tick, "a CPU-bound task is stopped by the vCPU's timer event at once")
{
	l4_word t = task_new();
	CHECK_EQ(vcpu_on(), L4_OK);
	task_regs((l4_word)vtask_spin, 0);
	l4_word t0 = l4_clock();
	l4_timer(t0 + 20000000, 0, 5);            /* 20 ms: long enough to spin even on a busy host */
	l4_word r = l4_vcpu_run(t), t1 = l4_clock(), spun = vs->regs[KT_FR_RET], pend = vs->pending;
	vs->pending = 0;
	l4_vcpu_ctrl(0, 0, 0, 0);
	l4_space_destroy(t);
	CHECK_EQ(r, L4_VCPU_EXIT_EVENT);
	CHECK_EQ(pend, 1UL << 5);
	CHECK(spun > 1000);
	CHECK(t1 - t0 >= 20000000 && t1 - t0 < 2000000000);
}

KTEST(vcpu_task_event_pending, "a task run with an event already pending exits with it at once: the task does not run")
{
	l4_word t = task_new();
	CHECK_EQ(vcpu_on(), L4_OK);
	task_regs((l4_word)vtask_spin, 0);
	vs->pending = 1UL << 6;
	l4_word r = l4_vcpu_run(t), spun = vs->regs[KT_FR_RET], pend = vs->pending;
	vs->pending = 0;
	l4_vcpu_ctrl(0, 0, 0, 0);
	l4_space_destroy(t);
	CHECK_EQ(r, L4_VCPU_EXIT_EVENT);
	CHECK_EQ(pend, 1UL << 6);
	CHECK_EQ(spun, 0);
}

KTEST(vcpu_task_fpu, "the task's FPU state lands in the state page (fpu_used says so); the vCPU's own survives; with the fast path on, the fast path saves both; a task whose FPU use trapped gets its image at entry for its next 16 visits (fpu_used then), then lazily again")
{
	l4_word t = task_new(), t2 = task_new();
	CHECK_EQ(vcpu_on(), L4_OK);
	l4_word mine = 0x1111222233334444UL, got = 0;
	kt_fpu_set0(mine);
	task_regs((l4_word)vtask_fpu, 0x5555666677778888UL);
	l4_word f0 = l4_kinfo(L4_KI_VCPU_FAST);
	l4_word r = l4_vcpu_run(t);
	l4_word fast = l4_kinfo(L4_KI_VCPU_FAST) - f0, fp = l4_kinfo(L4_KI_FASTPATH);
	got = kt_fpu_get0();
	l4_word in_state = *(l4_word *)(vs->fpu + KT_FPU_REG0), used = vs->fpu_used;
	/* No FPU use from here: 16 eager visits (vcpu.c's FPU_EAGER_VISITS)
	 * load and save the image as it is, the 17th is lazy again. */
	l4_word eager = 0, r2 = 0, used2;
	for (int i = 0; i < 16; i++) {
		task_regs((l4_word)vtask_syscall, 0);
		r2 |= l4_vcpu_run(t) ^ L4_VCPU_EXIT_SYSCALL;
		eager += vs->fpu_used;
	}
	task_regs((l4_word)vtask_syscall, 0);
	r2 |= l4_vcpu_run(t) ^ L4_VCPU_EXIT_SYSCALL;
	used2 = vs->fpu_used;
	l4_word still = *(l4_word *)(vs->fpu + KT_FPU_REG0);
	/* Another task that never used the FPU: lazy from the start. */
	task_regs((l4_word)vtask_syscall, 0);
	l4_word r3 = l4_vcpu_run(t2), used3 = vs->fpu_used;
	l4_word got2 = kt_fpu_get0();
	l4_vcpu_ctrl(0, 0, 0, 0);
	l4_space_destroy(t);
	l4_space_destroy(t2);
	CHECK_EQ(r, L4_VCPU_EXIT_SYSCALL);
	CHECK_EQ(in_state, 0x5555666677778888UL);
	CHECK_EQ(got, mine);
	CHECK_EQ(used, 1);                                     /* the task loaded its FPU image */
	CHECK_EQ(r2, 0);
	CHECK_EQ(eager, 16);                                   /* loaded at entry, saved at exit */
	CHECK_EQ(used2, 0);                                    /* lazy again: no FPU use, not loaded */
	CHECK_EQ(still, 0x5555666677778888UL);                 /* the image as it was throughout */
	CHECK_EQ(r3, L4_VCPU_EXIT_SYSCALL);
	CHECK_EQ(used3, 0);
	CHECK_EQ(got2, mine);                                  /* the vCPU's own, after all that */
	CHECK_EQ(fast, fp && KT_VCPU_FAST ? 2 : 0);
}

KTEST(vcpu_task_ownership, "only the owning space may run a task space (by its current id); the root task, privileged, may also map into and unmap from one it does not own (Iguana: a native process's sections)")
{
	l4_word t = 0;
	CHECK_EQ(l4_space_create(&t), L4_OK);
	l4_word *page = page_alloc(1);
	CHECK_EQ(vcpu_on(), L4_OK);
	task_regs((l4_word)vtask_spin, 0);
	vs->exit_reason = 0;                  /* a task that ran would leave its exit here */
	l4_word r = l4_vcpu_run(t);
	l4_word m = l4_map_to(t, (l4_word)page, 0x30000000, 1, L4_R);
	l4_word u = l4_unmap_in(t, 0x30000000, 1);
	l4_word self = l4_vcpu_run(root_space);
	l4_word bogus = l4_map_to(0x7777, (l4_word)page, 0x30000000, 1, L4_R);
	l4_space_ctrl(t, L4_SC_OWNER, root_space);
	l4_word stale = l4_vcpu_run(t + (1UL << 16));   /* its slot, another version */
	l4_word ran = vs->exit_reason;
	l4_word bad = l4_map_to(t, (l4_word)page, 0xffffffff80000000UL, 1, L4_R);
	l4_vcpu_ctrl(0, 0, 0, 0);
	l4_space_destroy(t);
	CHECK_EQ(r, L4_EPERM);
	CHECK_EQ(m, L4_OK);                              /* the root task's privilege (not owner) */
	CHECK_EQ(u, L4_OK);
	CHECK_EQ(self, L4_EPERM);
	CHECK_EQ(bogus, L4_ENOSPACE);
	CHECK_EQ(stale, L4_ENOSPACE);
	CHECK_EQ(ran, 0);                                /* none of them ran it */
	CHECK_EQ(bad, L4_EINVAL);
}

KTEST(vcpu_task_remembered, "a task space the fast resume checked once is checked again when its owner changes or it goes: given to another space it is refused and does not run, given back it runs by the fast path again, destroyed it is no space")
{
	l4_word t = task_new(), o = 0;
	CHECK(t != 0);
	CHECK_EQ(l4_space_create(&o), L4_OK);
	CHECK_EQ(vcpu_on(), L4_OK);
	l4_word fp = l4_kinfo(L4_KI_FASTPATH), f0 = l4_kinfo(L4_KI_VCPU_FAST);
	task_regs((l4_word)vtask_syscall, 0);
	l4_word r1 = l4_vcpu_run(t);                    /* looked up, checked, remembered */
	task_regs((l4_word)vtask_syscall, 0);
	l4_word r2 = l4_vcpu_run(t);                    /* the remembered one */
	l4_word fast = l4_kinfo(L4_KI_VCPU_FAST) - f0;
	l4_space_ctrl(t, L4_SC_OWNER, o);
	task_regs((l4_word)vtask_syscall, 0);
	vs->exit_reason = 0;
	l4_word r3 = l4_vcpu_run(t), ran3 = vs->exit_reason;
	l4_space_ctrl(t, L4_SC_OWNER, root_space);
	task_regs((l4_word)vtask_syscall, 0);
	l4_word f1 = l4_kinfo(L4_KI_VCPU_FAST);
	l4_word r4 = l4_vcpu_run(t);
	l4_word fast4 = l4_kinfo(L4_KI_VCPU_FAST) - f1;
	l4_space_destroy(t);
	task_regs((l4_word)vtask_syscall, 0);
	vs->exit_reason = 0;
	l4_word r5 = l4_vcpu_run(t), ran5 = vs->exit_reason;
	l4_vcpu_ctrl(0, 0, 0, 0);
	l4_space_destroy(o);
	CHECK_EQ(r1, L4_VCPU_EXIT_SYSCALL);
	CHECK_EQ(r2, L4_VCPU_EXIT_SYSCALL);
	CHECK_EQ(fast, fp && KT_VCPU_FAST ? 4 : 0);          /* both resumes and exits fast */
	CHECK_EQ(r3, L4_EPERM);
	CHECK_EQ(ran3, 0);
	CHECK_EQ(r4, L4_VCPU_EXIT_SYSCALL);
	CHECK_EQ(fast4, fp && KT_VCPU_FAST ? 2 : 0);
	CHECK_EQ(r5, L4_ENOSPACE);
	CHECK_EQ(ran5, 0);
}

KTEST(vcpu_wait_event, "waiting for an event returns when the timer fires, with the bit pending")
{
	CHECK_EQ(vcpu_on(), L4_OK);
	vs->irq_enabled = 0;
	l4_word e0 = l4_vcpu_wait(2000);
	l4_timer(l4_clock() + 1000000, 0, 6);
	l4_word e1 = l4_vcpu_wait(L4_TIMEOUT_NEVER), pend = vs->pending;
	vs->pending = 0;
	l4_word n = upcalls;
	l4_vcpu_ctrl(0, 0, 0, 0);
	CHECK_EQ(e0, L4_ETIMEOUT);
	CHECK_EQ(e1, L4_OK);
	CHECK_EQ(pend, 1UL << 6);
	CHECK_EQ(n, 0);
}

KTEST(map_to_self_alias, "a space may map its own page again at another address (self-aliasing) and unmap it")
{
	l4_word *page = page_alloc(1);
	page[0] = 0xabcdef;
	l4_word alias = 0x20fff000UL;      /* last page of the pre-mapped heap: no new page tables */
	l4_unmap(alias, 1, L4_RWX | L4_UNMAP_SELF);
	l4_word nodes0 = l4_kinfo(L4_KI_MAPNODES);
	l4_word m = l4_map_to(root_space, (l4_word)page, alias, 1, L4_R | L4_W);
	l4_word seen = *(volatile l4_word *)alias;
	*(volatile l4_word *)alias = 0x123;
	l4_word nodes1 = l4_kinfo(L4_KI_MAPNODES);
	l4_word u = l4_unmap_in(root_space, alias, 1);
	l4_word nodes2 = l4_kinfo(L4_KI_MAPNODES);
	CHECK_EQ(m, L4_OK);
	CHECK_EQ(seen, 0xabcdef);
	CHECK_EQ(page[0], 0x123);
	CHECK_EQ(u, L4_OK);
	CHECK_EQ(nodes1, nodes0 + 1);
	CHECK_EQ(nodes2, nodes0);
	CHECK_EQ(page[0], 0x123);                 /* the original stays */
}

KTEST(vcpu_two_tasks_remembered, "two task spaces resumed in turn (the two x86_64's fast path remembers) run by the fast path; either one given away is refused and does not run, destroyed is no space, and the other still runs")
{
	l4_word t1 = task_new(), t2 = task_new(), o = 0;
	CHECK(t1 != 0 && t2 != 0);
	CHECK_EQ(l4_space_create(&o), L4_OK);
	CHECK_EQ(vcpu_on(), L4_OK);
	l4_word fp = l4_kinfo(L4_KI_FASTPATH), f0 = l4_kinfo(L4_KI_VCPU_FAST), r = 0;
	for (int i = 0; i < 4; i++) {
		task_regs((l4_word)vtask_syscall, 0);
		r |= l4_vcpu_run(i & 1 ? t2 : t1) ^ L4_VCPU_EXIT_SYSCALL;
	}
	l4_word fast = l4_kinfo(L4_KI_VCPU_FAST) - f0;
	l4_space_ctrl(t1, L4_SC_OWNER, o);               /* the one before the last */
	task_regs((l4_word)vtask_syscall, 0);
	vs->exit_reason = 0;
	l4_word r1 = l4_vcpu_run(t1), ran1 = vs->exit_reason;
	task_regs((l4_word)vtask_syscall, 0);
	l4_word r2 = l4_vcpu_run(t2);
	l4_space_ctrl(t1, L4_SC_OWNER, root_space);
	task_regs((l4_word)vtask_syscall, 0);
	l4_word r3 = l4_vcpu_run(t1);
	task_regs((l4_word)vtask_syscall, 0);
	l4_word r4 = l4_vcpu_run(t2);
	l4_space_destroy(t1);                            /* the one before the last again */
	task_regs((l4_word)vtask_syscall, 0);
	vs->exit_reason = 0;
	l4_word r5 = l4_vcpu_run(t1), ran5 = vs->exit_reason;
	task_regs((l4_word)vtask_syscall, 0);
	l4_word r6 = l4_vcpu_run(t2);
	l4_vcpu_ctrl(0, 0, 0, 0);
	l4_space_destroy(t2);
	l4_space_destroy(o);
	CHECK_EQ(r, 0);
	CHECK_EQ(fast, fp && KT_VCPU_FAST ? 8 : 0);
	CHECK_EQ(r1, L4_EPERM);
	CHECK_EQ(ran1, 0);
	CHECK_EQ(r2, L4_VCPU_EXIT_SYSCALL);
	CHECK_EQ(r3, L4_VCPU_EXIT_SYSCALL);
	CHECK_EQ(r4, L4_VCPU_EXIT_SYSCALL);
	CHECK_EQ(r5, L4_ENOSPACE);
	CHECK_EQ(ran5, 0);
	CHECK_EQ(r6, L4_VCPU_EXIT_SYSCALL);
}

KTEST(vcpu_resume_noirq, "an upcall for an exception of code running with events off returns with them still off")
{
	CHECK_EQ(vcpu_on(), L4_OK);
	vs->irq_enabled = 0;
	resume_flags = L4_VCPU_RESUME_NOIRQ;
	KT_UD();                                   /* upcall; the handler skips it */
	l4_word off = vs->irq_enabled, n = upcalls;
	resume_flags = 0;
	KT_UD();
	l4_word on = vs->irq_enabled;
	l4_vcpu_ctrl(0, 0, 0, 0);
	CHECK_EQ(n, 1);
	CHECK_EQ(off, 0);
	CHECK_EQ(on, 1);
}

KTEST(vcpu_task_protect, "UNMAP_IN with rights changes a task's mappings (never above the source's); L4_EMAP for holes")
{
	l4_word t = task_new();
	l4_word *page = page_alloc(1);
	l4_word nodes0 = l4_kinfo(L4_KI_MAPNODES);
	CHECK_EQ(vcpu_on(), L4_OK);
	l4_word m = l4_map_to(t, (l4_word)page, 0x30000000, 1, L4_R | L4_W);
	l4_word p1 = l4_protect_in(t, 0x30000000, 1, L4_R);
	task_regs((l4_word)vtask_touch, 0x30000000);
	l4_word r1 = l4_vcpu_run(t), err = vs->error;
	l4_word p2 = l4_protect_in(t, 0x30000000, 1, L4_R | L4_W);
	task_regs((l4_word)vtask_touch, 0x30000000);
	l4_word r2 = l4_vcpu_run(t);
	l4_word p3 = l4_protect_in(t, 0x30000000, 2, L4_R);      /* the second page is a hole */
	l4_word p4 = l4_protect_in(t, 0x30000000, 1, L4_RWX | 8);
	l4_word nodes1 = l4_kinfo(L4_KI_MAPNODES);
	l4_vcpu_ctrl(0, 0, 0, 0);
	l4_space_destroy(t);
	l4_word nodes2 = l4_kinfo(L4_KI_MAPNODES);
	CHECK_EQ(m, L4_OK);
	CHECK_EQ(p1, L4_OK);
	CHECK_EQ(r1, L4_VCPU_EXIT_PAGEFAULT);                  /* read-only now */
	CHECK(err & L4_PF_PRESENT);
	CHECK(err & L4_PF_WRITE);
	CHECK_EQ(p2, L4_OK);
	CHECK_EQ(r2, L4_VCPU_EXIT_SYSCALL);                    /* writable again */
	CHECK_EQ(page[0], 0x5a);
	CHECK_EQ(p3, L4_EMAP);
	CHECK_EQ(p4, L4_EINVAL);
	CHECK_EQ(nodes1, nodes0 + 1);
	CHECK_EQ(nodes2, nodes0 - 1);                          /* with the task's code page */
}

KTEST(vcpu_task_unmap_everything, "UNMAP_IN over a task's whole user range removes its scattered mappings (exec)")
{
	l4_word t = task_new();
	l4_word *page = page_alloc(1);
	l4_word nodes0 = l4_kinfo(L4_KI_MAPNODES);
	l4_word va[3] = { 0x30000000, 0x1000000000, 0x3f00000000 }, ok = 0;
	for (int i = 0; i < 3; i++)
		ok += l4_map_to(t, (l4_word)page, va[i], 1, L4_R) == L4_OK;
	l4_word nodes1 = l4_kinfo(L4_KI_MAPNODES);
	l4_word u = l4_unmap_in(t, 0, L4_UTCB_AREA / 4096);
	l4_word nodes2 = l4_kinfo(L4_KI_MAPNODES);
	l4_word code = l4_unmap_in(t, (l4_word)vtask_page, 1);
	l4_word nodes3 = l4_kinfo(L4_KI_MAPNODES);
	l4_word big = l4_unmap_in(t, 0, L4_USER_TOP / 4096 + 1);
	l4_space_destroy(t);
	CHECK_EQ(ok, 3);
	CHECK_EQ(nodes1, nodes0 + 3);
	CHECK_EQ(u, L4_OK);
	CHECK_EQ(nodes2, nodes0 - 1);                          /* the code page went too */
	CHECK_EQ(code, L4_OK);
	CHECK_EQ(nodes3, nodes2);
	CHECK_EQ(big, L4_EINVAL);
}

KTEST(space_destroy_in_steps, "a space with 600 mappings is destroyed in steps (restarted call), completely")
{
	l4_word t = task_new();
	l4_word *page = page_alloc(1);
	l4_word nodes0 = l4_kinfo(L4_KI_MAPNODES), ok = 0;
	for (l4_word i = 0; i < 600; i++)
		ok += l4_map_to(t, (l4_word)page, 0x30000000 + i * 4096, 1, L4_R) == L4_OK;
	l4_word nodes1 = l4_kinfo(L4_KI_MAPNODES);
	l4_word d = l4_space_destroy(t);
	l4_word nodes2 = l4_kinfo(L4_KI_MAPNODES);
	l4_word again = l4_space_ctrl(t, L4_SC_FOREIGN, 1);
	CHECK_EQ(ok, 600);
	CHECK_EQ(nodes1, nodes0 + 600);
	CHECK_EQ(d, L4_OK);
	CHECK_EQ(nodes2, nodes0 - 1);                          /* with the task's code page */
	CHECK_EQ(again, L4_ENOSPACE);
}

/* A 20 us periodic timer on this thread makes timer events fall due inside
 * long calls: they must stop at preemption points and restart themselves
 * (more kernel entries than calls) and still do all their work. */
static void fast_timer(bool on)
{
	if (on) {
		l4_timer(l4_clock() + 20000, 20000, 11);
		return;
	}
	l4_timer(0, 0, 0);
	struct l4_msg m = { 0 };
	while (l4_receive(L4_NOTIFYONLY, L4_TIMEOUT_ZERO, &m) == L4_OK)
		;
}

KTEST(preemption_points_restart, "MAP_TO, UNMAP_IN (protect, with a hole) and SPACE_DESTROY of 1,024 pages stop at preemption points and restart with their arguments advanced")
{
	l4_word t = task_new(), n = 1024, src = (l4_word)page_alloc(1024), dst = 0x30000000UL;
	l4_word nodes0 = l4_kinfo(L4_KI_MAPNODES);
	fast_timer(true);
	l4_word e0 = l4_kinfo(L4_KI_KENTRIES);
	l4_word m = l4_map_to(t, src, dst, n, L4_R | L4_W);
	l4_word e1 = l4_kinfo(L4_KI_KENTRIES);
	l4_word nodes1 = l4_kinfo(L4_KI_MAPNODES);
	l4_word u1 = l4_unmap_in(t, dst + 4096, 1);               /* a hole near the start */
	l4_word e2 = l4_kinfo(L4_KI_KENTRIES);
	l4_word p = l4_protect_in(t, dst, n, L4_R);
	l4_word e3 = l4_kinfo(L4_KI_KENTRIES);
	l4_word p2 = l4_protect_in(t, dst + 2 * 4096, n - 2, L4_R | L4_W);   /* no hole */
	l4_word nodes2 = l4_kinfo(L4_KI_MAPNODES);
	l4_word e4 = l4_kinfo(L4_KI_KENTRIES);
	l4_word d = l4_space_destroy(t);
	l4_word e5 = l4_kinfo(L4_KI_KENTRIES);
	l4_word nodes3 = l4_kinfo(L4_KI_MAPNODES);
	fast_timer(false);
	printf("    kernel entries: map %lu, protect %lu, destroy %lu\n", e1 - e0 - 1, e3 - e2 - 1, e5 - e4 - 1);
	CHECK_EQ(m, L4_OK);
	CHECK(e1 - e0 >= 4);                          /* restarted (interrupts between steps) */
	CHECK_EQ(nodes1, nodes0 + n);
	CHECK_EQ(u1, L4_OK);
	CHECK_EQ(p, L4_EMAP);                         /* the hole is reported across restarts */
	CHECK(e3 - e2 >= 4);
	CHECK_EQ(p2, L4_OK);
	CHECK_EQ(nodes2, nodes0 + n - 1);
	CHECK_EQ(d, L4_OK);
	CHECK(e5 - e4 >= 4);
	CHECK_EQ(nodes3, nodes0 - 1);                 /* with the task's code page */
}
