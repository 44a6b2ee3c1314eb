/* The kernel-call fuzzer: layout and the context shared by the root (main.c)
 * and the hostile code that runs in unprivileged spaces (fuzzer.c). */
#ifndef FUZZ_H
#define FUZZ_H
#include <l4/syscalls.h>

/* Fuzz space F (unprivileged): its own pages at FZ_BASE, mapped by the root
 * with MAP_PHYS (the root sees the same frames at RV_F). The upcall stack is
 * lowest: nested upcalls run down from it (the kernel counts 64 KiB below
 * entry_sp as the upcall stack) into unmapped memory, not into the context. */
#define FZ_BASE        0x10000000UL
#define FZ_PAGES       64
#define FZ_UPCALL_TOP  (FZ_BASE + 2 * 4096UL)         /* pages 0-1: the fuzzer's vCPU upcall stack */
#define FZ_CTX         (FZ_BASE + 2 * 4096UL)         /* pages 2-3: struct fuzz_ctx */
#define FZ_STACK_TOP   (FZ_BASE + 8 * 4096UL)         /* pages 4-7: the fuzzer's stack */
#define FZ_VECHO_TOP   (FZ_BASE + 10 * 4096UL)        /* pages 8-9: victim echo's stack */
#define FZ_VSPIN_TOP   (FZ_BASE + 12 * 4096UL)        /* pages 10-11: victim spinner's stack */
#define FZ_VSTATS      (FZ_BASE + 14 * 4096UL)        /* page 14: the victims' counters (not just
							  above a stack: a victim given its stack top
							  mid-loop keeps locals above it) */
#define FZ_SCRATCH     (FZ_BASE + 16 * 4096UL)        /* pages 16-63: free for maps and data */
#define FZ_NSCRATCH    (FZ_PAGES - 16)
#define FZ_CRIT_PAGES  12                             /* ctx and stacks: the root restores them */
#define FZ_PLAY        0x50000000UL                   /* 2 MiB of F for aliases (one page table) */
#define FZ_PLAY_PAGES  512
#define FZ_TASK_STACK  0x20000000UL                   /* in the task space T, if mapped there */
#define FZ_KRUN        0x58000000UL                   /* F's 64 pages again, read-only: the source of */
#define FZ_KRUN_PAGES  FZ_PAGES                       /* kernel-memory sequences (the root maps them
							  afresh, depth 0, at the start of each) */
#define FZ_NOWHERE     0x0000003000000000UL           /* 1 GiB F never maps: jumps there fault */

/* UTCB slots in F. */
#define FZ_SLOT(n)     (L4_UTCB_AREA + (n) * 4096UL)
#define FZ_SLOT_FUZZER 1
#define FZ_SLOT_VECHO  2
#define FZ_SLOT_VSPIN  3
#define FZ_SLOT_VCPU0  16                              /* 16-23: vCPU state pages */
#define FZ_NVCPU_SLOTS 8

/* The other space O (victim): data checksummed by the root, a status page,
 * stacks, and a receive window whose page table exists before the run. */
#define O_BASE         0x10000000UL                   /* same numbers as F, other space */
#define O_DATA_PAGES   16
#define O_STATUS       (O_BASE + O_DATA_PAGES * 4096UL)
#define O_ECHO_TOP     (O_STATUS + 3 * 4096UL)
#define O_WORK_TOP     (O_STATUS + 5 * 4096UL)
#define O_PAGES        (O_DATA_PAGES + 5)
#define O_WIN          0x50000000UL
#define O_WIN_ORDER    4
#define O_SLOT_ECHO    1
#define O_SLOT_WORK    2

/* Kernel-memory exhaustion (fuzzer.c's kmem_* kinds). F's account (F, T and
 * the extra task space X all pay into it) has a limit; the fuzzer fills it
 * until L4_ENOMEM, asking the root (a trap at fz_kmem_req, like fz_report)
 * to begin a sequence (fresh source pages at FZ_KRUN, maybe a new X with a
 * receiver thread) and to end it (checks at the limit, other spaces probed,
 * X destroyed, a filled T replaced). X's receiver runs in X only: its code is
 * the root image's text, its stack a page of its own. */
#define KQ_BEGIN       1                              /* rsi: KQ_NEW, KQ_RECEIVER */
#define KQ_RELEASE     2                              /* rsi: KQ_FULL */
#define KQ_NEW         1                              /* a new task space X, paying into F */
#define KQ_RECEIVER    2                              /* ... with a thread that answers map items */
#define KQ_FULL        1                              /* the last call got L4_ENOMEM (or a map error) */
#define FZ_KMEM_STEPS  400                            /* calls a sequence makes at most to fill */
#define FZ_KV(x)       (0x6b6d0000UL | (x))           /* arg of a report from a kernel-memory check */
#define KQ_REGION_ROOT 2UL                            /* GiB slot the root's at-limit map uses: */
#define KQ_REGION_MIN  8UL                            /* the fuzzer scatters over GiB slots 8..191 */
#define KQ_REGION_MAX  191UL                          /* (below FZ_NOWHERE; user space ends at 254) */
#define X_STACK_TOP    0x20001000UL                   /* X's receiver: one stack page */
#define X_SLOT_RECV    1

/* Messages the kernel sends on a thread's behalf: echo threads do not answer them. */
static inline int kernel_label(l4_word tag)
{
	l4_word l = L4_TAG_LABEL(tag);
	return l == L4_LABEL_PAGEFAULT || l == L4_LABEL_EXCEPTION || l == L4_LABEL_NOTIFY;
}

struct o_status {
	volatile l4_word beat, sum, passes, echoes, odd;
};

#define FZ_MAGIC 0x46555a5a43545831UL
#define FZ_NKINDS 40

/* Thread-id pool indices the root fills in. */
enum { ID_SELF, ID_VECHO, ID_VSPIN, ID_OECHO, ID_OWORK, ID_RMAIN, ID_RFAULT, ID_RECHO,
       ID_RPAGER, ID_STALE0, ID_STALE1, ID_STALE2, ID_NTIDS };
#define ID_OTHER_FIRST ID_OECHO     /* [ID_OECHO, ID_RPAGER]: live threads of other spaces */
#define ID_OTHER_LAST  ID_RPAGER
enum { SP_F, SP_O, SP_T, SP_ROOT, SP_STALE, SP_NSIDS };


/* Set by the root (again at every restart of the fuzzer), with a checksum:
 * code in F that runs astray may scribble over it. */
struct fuzz_cfg {
	l4_word seed, end, trace_from;
	l4_word tids[ID_NTIDS], sids[SP_NSIDS];
	l4_word text_base, text_end;          /* root image code and read-only data */
	l4_word fault_tid;                    /* the root's pager and exception handler */
	l4_word gen;                          /* changes when the root replaces T or the echo victim */
};

static inline l4_word fz_cfg_sum(const volatile struct fuzz_cfg *cfg)
{
	const volatile l4_word *w = (const volatile l4_word *)cfg;
	l4_word sum = FZ_MAGIC;
	for (unsigned i = 0; i < sizeof(*cfg) / sizeof(l4_word); i++)
		sum = (sum ^ w[i]) * 0x100000001b3UL;
	return sum;
}

struct fuzz_ctx {
	struct fuzz_cfg cfg;
	l4_word cfg_sum;
	/* written by the hostile side; the root only reads them */
	volatile l4_word next;                /* number of the next call; all before it were issued */
	volatile l4_word finished;            /* next reached end */
	volatile l4_word entries;             /* (re)starts of the fuzzer's loop */
	volatile l4_word upcalls, task_runs, task_exits[5];
	volatile l4_word last_clock;
	volatile l4_word kind_count[FZ_NKINDS];
	volatile l4_word kind_tsc[FZ_NKINDS]; /* time spent in each kind (TSC ticks) */
	volatile l4_word ret_count[16];       /* by error code (low byte, >15 in [15]) */
	volatile l4_word echo_ret[16];
	volatile l4_word vcpu_slot;           /* state page slot while in vCPU mode */
	volatile l4_word cur_kind, cur_sub;   /* kind of the call in progress */
	volatile l4_word cur_gen;             /* cfg.gen when it started */
	volatile l4_word rogue;               /* oracle failures not counted: config bad, or not the fuzzer */
	/* kernel-memory sequences: the root's answer to a request, and counts */
	volatile l4_word kq_nonce, kq_status, kq_sid, kq_tid;   /* written by the root */
	volatile l4_word root_seq;            /* the root bumps it whenever it changes F's account */
	volatile l4_word kseq[4];             /* sequences begun, by kind (T, space, IPC), and refused */
	volatile l4_word khits;               /* sequences that reached L4_ENOMEM / a map error */
	volatile l4_word kenomem, kmaperr;    /* L4_ENOMEM results and rejected map items in them */
	volatile l4_word kmaps, kpages;       /* successful maps in them, and map items */
	volatile l4_word kchecks;             /* at-the-limit checks made (nothing changed, repeat, remap) */
	volatile l4_word kunquiet;            /* sequences whose checks were skipped: the root acted meanwhile */
};

/* The victims count here, not in the context: their registers never hold
 * the context's address, so running them at random addresses cannot hit it. */

struct fuzz_vstats {
	volatile l4_word vecho_msgs, vspin_loops;
};
_Static_assert(sizeof(struct fuzz_ctx) <= 8192, "ctx fits its two pages");

/* Entry points (the architecture's part, arch/<arch>/fuzz_arch.c): the root
 * starts (and restarts) threads at them with the stack tops above; they
 * need nothing else. */
extern char fz_fuzzer_entry[], fz_vecho_entry[], fz_vspin_entry[], fz_oecho_entry[], fz_owork_entry[];
/* A wrong answer is reported by a trap here, called as a function (first
 * argument the call, then the kind, the answer, an argument; FZ_FR_ARG(n)):
 * the root believes it only from the fuzzer's thread, which the kernel
 * names; nothing in F's memory can forge one. */
extern char fz_report[], fz_kmem_req[], fz_xrecv_entry[];
#define FZ_UPCALL_FLAGS_ARG 0xf1a65UL        /* arg of "an upcall entered with flags it must not have" */
extern const char *const fz_kind_name[FZ_NKINDS];
l4_word fz_checksum(const volatile l4_word *p, l4_word nwords);

/* The generator: call n's arguments all come from one seeded with (seed, n). */
struct rng { l4_word s; };

static inline l4_word rnd(struct rng *r)          /* xorshift64* */
{
	l4_word x = r->s;
	x ^= x >> 12;
	x ^= x << 25;
	x ^= x >> 27;
	r->s = x;
	return x * 0x2545f4914f6cdd1dUL;
}

static inline l4_word below(struct rng *r, l4_word n) { return rnd(r) % n; }
static inline int one_in(struct rng *r, l4_word n) { return below(r, n) == 0; }

/* A system call with every argument register set: a0 = to, a1 = from (the
 * sender back), a2 = timeouts (the second result back), a3 = the tag, a4..a7
 * MR0..MR3, in the architecture's registers (l4_arch.h); sc_do() is in
 * fuzz_arch.h. */
struct sc { l4_word nr, a0, a1, a2, a3, a4, a5, a6, a7; };

/* The architecture's part (tests/fuzz/arch/<arch>/): fuzz_arch.h has
 * sc_do(), fz_ticks(), the frame words and addresses below; fuzz_arch.c the
 * entry points above, the hostile instructions, the task code and the
 * spinning victim. */
#include <fuzz_arch.h>
/* From fuzz_arch.h:
 * FZ_FR_IP, FZ_FR_SP, FZ_FR_FLAGS, FZ_FR_ARG(n): frame words (a function's
 *   first arguments); FZ_FLAGS_USER: a fresh thread's flags; FZ_UD_LEN: the
 *   length of fz_report's trap instruction;
 * FZ_BAD_USER_IP(ip): an IP the kernel must never return to user mode with;
 * FZ_NONCANON, FZ_KERNEL_TEXT, FZ_KERNEL_STACK: addresses a user must not
 *   use; FZ_ARCH_EDGES: more odd addresses for arguments;
 * FZ_UPCALL_BAD_FLAGS: flags an upcall handler must not start with;
 * fz_flags_kinfo(): KINFO(MYTID) made with those flags set. */
#define FZ_NTASK_ENTRIES 9
extern char fz_task_code[];
extern char *const fz_task_entries[FZ_NTASK_ENTRIES];   /* in fz_task_code's page */
/* Hostile instruction `which` (below FZ_NHOSTILE): most end in an
 * exception (and a restart by the root). */
void fz_hostile(struct rng *r, struct fuzz_ctx *c, unsigned which);
#endif
