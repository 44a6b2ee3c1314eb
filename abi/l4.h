/* The microkernel's user ABI, written once: used by the kernel and by user space. */
#ifndef ABI_L4_H
#define ABI_L4_H

#ifdef __ASSEMBLER__
#define L4_UL(x) x
#else
#include <stdint.h>
#define L4_UL(x) x##UL
#endif

/* Per architecture (abi/arch/<arch>/l4_arch.h, on the include path): system
 * call registers, the exception and vCPU frame, trap numbers, the address
 * layout, how a thread finds its UTCB, the FPU area. */
#include <l4_arch.h>

/* System call numbers. a1..a5 are the arguments and r1 (the error code)
 * and r2 (a second result) the results, in the registers the architecture
 * names (l4_arch.h: L4_ARCH_CONVENTIONS; x86_64: rdi, rsi, rdx, r10, r8 ->
 * rax, rdx; aarch64: x1..x5 -> x0, x3). */
#define L4_SYS_IPC            1
#define L4_SYS_NOTIFY         2   /* a1 = tid, a2 = bits */
#define L4_SYS_THREAD_CREATE  3   /* a1 = space, a2 = prio, a3 = pager, a4 = exh, a5 = utcb -> r2 = tid */
#define L4_SYS_THREAD_DESTROY 4   /* a1 = tid */
#define L4_SYS_EXREGS         5   /* a1 = tid, a2 = flags; values in/out in UTCB mr[0..5] */
#define L4_SYS_SPACE_CREATE   6   /* a1 = flags -> r2 = space id */
#define L4_SYS_SPACE_DESTROY  7   /* a1 = space */
#define L4_SYS_SPACE_CTRL     8   /* a1 = space, a2 = op, a3 = arg */
#define L4_SYS_MAP_PHYS       9   /* a1 = space, a2 = vaddr, a3 = paddr, a4 = npages, a5 = rights */
#define L4_SYS_UNMAP         10   /* a1 = vaddr, a2 = npages, a3 = flags | rights to revoke */
#define L4_SYS_IRQ_BIND      11   /* a1 = irq, a2 = tid, a3 = notification bit */
#define L4_SYS_IRQ_ACK       12   /* a1 = irq */
#define L4_SYS_TIMER         13   /* a1 = first deadline (ns, absolute; 0 = off), a2 = period ns, a3 = bit */
#define L4_SYS_CLOCK         14   /* -> r2 = ns since boot */
#define L4_SYS_SCHEDULE      15   /* a1 = tid, a2 = prio, a3 = timeslice us (0 = keep) */
#define L4_SYS_YIELD         16
#define L4_SYS_FPU           17   /* a1 = tid, a2 = L4_FPU_READ/WRITE; data in UTCB xfer area */
#define L4_SYS_KINFO         18   /* a1 = L4_KI_* -> r2 = value */
#define L4_SYS_KDEBUG        19   /* a1 = len, a2 = 0: write UTCB xfer bytes to the debug console */
#define L4_SYS_SHUTDOWN      20   /* a1 = exit code (privileged) */
#define L4_SYS_VCPU_CTRL     21   /* a1 = state page slot (UTCB area; 0 = leave), a2 = entry ip, a3 = entry sp, a4 = L4_VCPU_F_* */
#define L4_SYS_VCPU_RESUME   22   /* a1 = task space or 0, a2 = L4_VCPU_RESUME_*: see struct l4_vcpu_state */
#define L4_SYS_VCPU_WAIT     23   /* a1 = timeout us: until an event is pending */
#define L4_SYS_MAP_TO        24   /* a1 = owned space, a2 = own va, a3 = va there, a4 = npages, a5 = rights */
#define L4_SYS_UNMAP_IN      25   /* a1 = owned space, a2 = va there, a3 = npages, a4 = rights to keep (0: unmap; else L4_EMAP if a page had no mapping) */
#define L4_SYS_NR            26

/* Error codes (r1). */
#define L4_OK          0
#define L4_EINVAL      1   /* bad argument */
#define L4_ENOTHREAD   2   /* no such thread */
#define L4_EPERM       3   /* not allowed */
#define L4_ETIMEOUT    4   /* IPC timed out */
#define L4_ENOMEM      5   /* kernel memory exhausted */
#define L4_EABORTED    6   /* IPC aborted by exchange_registers */
#define L4_ENOSPACE    7   /* no such address space */
#define L4_EMAP        8   /* map item rejected (outside receive window, bad item, 64 derivations deep) */
#define L4_EBUSY       9   /* resource in use (IRQ already bound, UTCB slot taken) */
#define L4_ENOSYS     10   /* unknown system call */
#define L4_EDEAD      11   /* partner destroyed during IPC */
#define L4_ERR_RECV   L4_UL(0x100)  /* or-ed in: error happened in the receive phase */

/* Thread ids: index in bits 0-15, version above. 0 is nil. */
#define L4_NILTHREAD   L4_UL(0)
#define L4_ANYTHREAD   (~L4_UL(0))
#define L4_NOTIFYONLY  (~L4_UL(1))   /* receive only notifications */
#define L4_TID_INDEX(t) ((t) & 0xffff)

/* Timeouts (a3 of IPC): send in bits 0-31, receive in 32-63, microseconds. */
#define L4_TIMEOUT_ZERO   L4_UL(0)
#define L4_TIMEOUT_NEVER  L4_UL(0xffffffff)
#define L4_TIMEOUTS(snd, rcv) (((uint64_t)(rcv) << 32) | ((snd) & 0xffffffffUL))

/* Message tag: u untyped words, t typed items (2 words each), label. */
#define L4_TAG(label, u, t) (((uint64_t)(label) << 16) | (((uint64_t)(t) & 0x3f) << 6) | ((u) & 0x3f))
#define L4_TAG_U(tag)     ((tag) & 0x3f)
#define L4_TAG_T(tag)     (((tag) >> 6) & 0x3f)
#define L4_TAG_FLAGS(tag) (((tag) >> 12) & 0xf)
#define L4_TAG_LABEL(tag) ((tag) >> 16)
#define L4_TAGF_MAPERR  1  /* set in a received tag: a map item was rejected */
#define L4_MR_COUNT     64
#define L4_MR_REGS      4  /* MR0..MR3 travel in registers */

/* Labels the kernel uses for the messages it sends on a thread's behalf. */
#define L4_LABEL_PAGEFAULT  L4_UL(0xfff1)  /* mr0 = addr, mr1 = access (L4_PF_*), mr2 = ip */
#define L4_LABEL_EXCEPTION  L4_UL(0xfff2)  /* mr0.. = frame (L4_FR_*), then trapno, error, fault address (L4_EXC_*) */
#define L4_LABEL_NOTIFY     L4_UL(0xfff3)  /* mr0 = notification bits */
#define L4_PF_PRESENT  1
#define L4_PF_WRITE    2
#define L4_PF_EXEC     16

/* The exception frame (L4_FR_*, L4_FR_WORDS) is each architecture's Linux
 * user register layout, then L4_EXC_TRAPNO, L4_EXC_ERROR, L4_EXC_ADDR: l4_arch.h. */

/* Map item (typed, 2 words): word0 = source base | order << 4 | rights,
 * word1 = destination base. 2^order pages; bases page aligned. */
#define L4_R  1
#define L4_W  2
#define L4_X  4
#define L4_RWX 7
/* MAP_PHYS only: map as device memory (aarch64 Device-nGnRE, x86_64
 * uncached), never executable. A range the board declares (l4_bootinfo.dev)
 * must be mapped with it, RAM and modules without it; mappings derived from
 * a device mapping (map items, MAP_TO) keep the attribute. */
#define L4_DEVICE 8
#define L4_MAPITEM0(src, order, rights) ((uint64_t)(src) | ((uint64_t)(order) << 4) | (rights))
#define L4_MAP_MAXORDER 18
/* Receive window (UTCB rcv_window): base | order << 4; order 0 with base 0 = none. */
#define L4_WINDOW(base, order) ((uint64_t)(base) | ((uint64_t)(order) << 4) | 8)
#define L4_WINDOW_VALID 8

/* UNMAP flags (a3): rights to revoke in bits 0-2, L4_UNMAP_SELF also affects own mapping. */
#define L4_UNMAP_SELF 8
/* UNMAP_IN (a4): set by the kernel when it restarts a protecting call at a
 * preemption point after a page without mapping (the result is L4_EMAP). */
#define L4_UNMAP_IN_HOLE (1ULL << 62)

/* EXREGS flags; UTCB mr[0..5] carry ip, sp, flags, TLS base 0, TLS base 1, pager in/out,
 * mr[6] returns the thread state (L4_TS_*). */
#define L4_EX_IP      1
#define L4_EX_SP      2
#define L4_EX_FLAGS   4
#define L4_EX_TLS0    8   /* the thread's first TLS base (x86_64: FS) */
#define L4_EX_TLS1   16   /* its second (x86_64: GS) */
#define L4_EX_PAGER  32
#define L4_EX_STOP   64
#define L4_EX_RESUME 128
#define L4_EX_ABORT  256   /* abort an IPC in progress */
#define L4_EX_EXH    512   /* mr[7] = exception handler */
#define L4_TS_STOPPED   1
#define L4_TS_READY     2
#define L4_TS_SENDING   3
#define L4_TS_RECEIVING 4
#define L4_TS_DEAD      5

/* SPACE_CTRL operations. */
#define L4_SC_ALLOW      1   /* arg = space: may send to it */
#define L4_SC_DENY       2   /* arg = space */
#define L4_SC_FOREIGN    3   /* arg = 1: syscall/int 0x80 become exceptions */
#define L4_SC_IO         4   /* arg = 1: I/O ports allowed (IOPL 3) */
#define L4_SC_PRIV       5   /* arg = 1: may make privileged calls (delegation) */
#define L4_SC_ALLOW_ALL  6   /* arg = 1: may send anywhere */
#define L4_SC_OWNER      7   /* arg = space that may map into it and run vCPUs in it (0 = none) */
#define L4_SC_KMEM_LIMIT 8   /* arg = kernel frames its account may hold (L4_KMEM_UNLIMITED: no limit, the default) */
#define L4_SC_KMEM_PAYER 9   /* arg = space whose account pays for its kernel frames (0 = its own) */
#define L4_SC_KMEM_USED 10   /* -> r2 = kernel frames charged to its account (its own and its payees') */
#define L4_SC_KMEM_OWN  11   /* -> r2 = kernel frames it causes itself (page tables, mapping nodes, threads) */
#define L4_KMEM_UNLIMITED (~L4_UL(0))

/* FPU access. */
#define L4_FPU_READ  1
#define L4_FPU_WRITE 2

/* KINFO queries. */
#define L4_KI_FREE_FRAMES   1   /* free kernel-memory frames */
#define L4_KI_MAPNODES      2   /* mapping-database nodes in use */
#define L4_KI_THREADS       3   /* live threads */
#define L4_KI_SPACES        4   /* live address spaces */
#define L4_KI_FPU_SIZE    5
#define L4_KI_MYTID         6
#define L4_KI_MYSPACE       7
#define L4_KI_TAGGED_TLB    8   /* 1 if spaces are tagged in the TLB (x86_64 PCID, aarch64 ASID) */
#define L4_KI_CLOCK_KHZ       9
#define L4_KI_FASTPATH     10   /* 1 if the IPC fast path is on */
#define L4_KI_KENTRIES     11   /* kernel entries so far */
#define L4_KI_VCPU_FAST    12   /* task exits and resumes done by the vCPU fast path so far */
#define L4_KI_KMEM_TOTAL   13   /* frames in the kernel pool */
#define L4_KI_KMEM_NODES   14   /* mapping nodes one kernel frame holds */
#define L4_KI_WALLCLOCK    15   /* real time at L4_SYS_CLOCK's zero: ns since 1970-01-01 UTC, from the board's RTC at boot; 0 if it has none */
#define L4_KI_CLOCK_BASE   16   /* L4_SYS_CLOCK from user mode: ns = ((counter - BASE) * MULT) >> 32 (128-bit product), */
#define L4_KI_CLOCK_MULT   17   /* counter = rdtsc (x86_64), cntvct_el0 (aarch64), rdtime (riscv64), all readable in user mode */
#define L4_KI_LAST         17   /* the highest query */

/* User-visible address-space layout, the same on every architecture: it fits
 * the smallest user half of any target (RISC-V Sv39: 2^38 bytes; x86_64 and
 * aarch64 have 2^47 and 2^48). User mappings lie below L4_UTCB_AREA. */
#define L4_USER_TOP     L4_UL(0x0000003fc0000000)   /* 255 GiB: first address user mappings cannot use */
#define L4_UTCB_AREA    L4_UL(0x0000003fb0000000)   /* UTCBs live in [AREA, AREA + 64 MiB) */
#define L4_UTCB_AREA_SIZE L4_UL(0x4000000)
#define L4_PAGE_SIZE    L4_UL(4096)

/*
 * vCPU mode (the Linux server's virtual CPU). A thread in vCPU mode shares a
 * state page with the kernel. Events (its notifications: timer, IRQs) set bits
 * in `pending`; while `irq_enabled` is set and the thread runs its own code,
 * the kernel saves its frame in `regs` and enters `entry_ip` on `entry_sp`
 * (unless already on that stack) with irq_enabled cleared, default flags
 * (l4_arch.h) and the state page in the start-argument register: an upcall. Exceptions in its own code
 * always upcall; page faults too with L4_VCPU_F_OWN_PF (else they go to the
 * pager). An entry_ip or entry_sp made non-canonical in the page stops
 * upcalls: events wait, exceptions and faults go to the exception handler
 * and pager as without vCPU mode.
 * VCPU_RESUME(0) loads `regs`, sets irq_enabled (unless
 * L4_VCPU_RESUME_NOIRQ) and rechecks pending: a sigreturn. VCPU_RESUME(task) runs `regs` (and the FPU image in `fpu`) in
 * the task space, which the thread's space must own; it returns, like a call,
 * when the task makes a system call, faults, traps, or an event arrives: r1 =
 * the exit reason, the task's frame in `regs`, its FPU state in `fpu`,
 * irq_enabled cleared. It preserves only what a C call preserves (the
 * architecture's callee-saved registers: libl4's l4_vcpu_run): the other
 * registers come back as the task left them. The thread's own FPU state survives all of this.
 */
#define L4_VCPU_EXIT_EVENT     1
#define L4_VCPU_EXIT_SYSCALL   2   /* trapno L4_TRAP_SYSCALL or 0x80 */
#define L4_VCPU_EXIT_PAGEFAULT 3   /* cr2, error = L4_PF_* bits */
#define L4_VCPU_EXIT_EXCEPTION 4   /* trapno, error */
#define L4_VCPU_F_OWN_PF       1
#define L4_VCPU_RESUME_NOIRQ   1   /* VCPU_RESUME(0): leave irq_enabled clear (return from an upcall that interrupted code running with events off) */
#define L4_VCPU_ENTRY_STACK    (64 * 1024)   /* default entry_size */
/* fpu[] holds two FPU images of at most this size, at fpu and fpu + this:
 * bit 0 of fpu_slot picks the task's at each VCPU_RESUME (its exit saves
 * it there), so a host switching between two tasks need not copy images. */
#define L4_VCPU_FPU_SLOT_BYTES 1024
#define L4_VCPU_FPU_SLOT_OFFSET 2040  /* of fpu_slot in the state page (assembly) */

#ifndef __ASSEMBLER__
struct l4_vcpu_state {
	uint64_t irq_enabled;
	uint64_t pending;
	uint64_t exit_reason;
	uint64_t trapno, error, fault_addr;
	uint64_t entry_ip, entry_sp;
	uint64_t entry_size;      /* [entry_sp - this, entry_sp) is the upcall stack; 0 = L4_VCPU_ENTRY_STACK */
	uint64_t fpu_used;        /* set by a task exit: the task used the FPU (fpu changed) */
	uint64_t regs[L4_FR_WORDS];
	uint64_t pad[256 - 11 - L4_FR_WORDS];
	uint64_t fpu_slot;        /* bit 0: the task's FPU image is fpu + L4_VCPU_FPU_SLOT_BYTES * it */
	uint8_t fpu[2048] __attribute__((aligned(64)));
};
_Static_assert(sizeof(struct l4_vcpu_state) == 4096, "vCPU state is one page");
_Static_assert(__builtin_offsetof(struct l4_vcpu_state, fpu_slot) == L4_VCPU_FPU_SLOT_OFFSET, "fpu_slot");
#endif

#ifndef __ASSEMBLER__
/* The user thread control block, one page, mapped read-write at its slot;
 * a new thread finds it as l4_arch.h says (L4_ARCH_UTCB). */
struct l4_utcb {
	uint64_t self;          /* its own address */
	uint64_t tid;           /* this thread's id */
	uint64_t tls;           /* thread-local pointer, free for user space */
	uint64_t error;         /* last IPC error detail */
	uint64_t rcv_window;    /* L4_WINDOW() accepted for map items, 0 = none */
	uint64_t reserved[3];
	uint64_t mr[L4_MR_COUNT];
	uint8_t pad[1024 - 64 - 8 * L4_MR_COUNT];
	uint8_t xfer[3072];     /* FPU state and debug output */
};
_Static_assert(sizeof(struct l4_utcb) == 4096, "UTCB is one page");

/* What the root task receives (pointer in its start argument, l4_arch.h). */
#define L4_BOOTINFO_MAGIC L4_UL(0x4c34424f4f54)
#define L4_BI_MAXMODS 24        /* the boot info stays within its one page (below) */
#define L4_BI_MAXMEM  16
#define L4_BI_MAXDEV  8
#define L4_BI_NOIRQ   0xffffffffu
struct l4_bootinfo {
	uint64_t magic;
	uint64_t nmods;
	struct { uint64_t start, size; char cmdline[112]; } mods[L4_BI_MAXMODS];
	uint64_t nmem;            /* physical ranges the root task may take with MAP_PHYS */
	struct { uint64_t start, size; } mem[L4_BI_MAXMEM];
	uint64_t root_space;
	uint64_t root_tid;
	uint64_t clock_khz;       /* the user-readable cycle counter's rate (x86_64 TSC, aarch64 CNTVCT) */
	uint64_t fpu_size;
	char cmdline[256];        /* the kernel's own command line */
	uint64_t ndev;            /* the board's devices for user-mode drivers */
	struct {
		uint64_t start, size; /* its MMIO range, mapped only with L4_DEVICE (size 0: none, e.g. port I/O) */
		uint32_t irq;         /* its interrupt line (IRQ_BIND), L4_BI_NOIRQ if none */
		char name[12];        /* what it is, e.g. "uart": boot configs ask by name */
	} dev[L4_BI_MAXDEV];
	uint64_t seed[4];         /* entropy from the boot loader (aarch64: the device tree's
	                             /chosen rng-seed and kaslr-seed); all 0 when it gave none */
};
_Static_assert(sizeof(struct l4_bootinfo) <= 4096, "the boot info is one page");
#endif
#endif
