/* Root task of the kernel-call fuzzer image.
 *
 * Builds an unprivileged fuzz space F (the fuzzer thread, two victim threads,
 * its own pages), a task space T that F owns (vCPU calls), and, once, a victim
 * space O that F may send to (an echo and a worker checksumming its memory).
 * The fuzzer (fuzzer.c) issues seeded random kernel calls; this task serves
 * their page faults, restarts whatever faults or hangs, prints progress with
 * the seed and call number, rebuilds F every epoch and checks that the kernel
 * leaked nothing, and at the end that the kernel is alive and O unharmed.
 * F's kernel memory has a limit (F, T and the extra task space X pay into
 * F's account): the fuzzer fills it, the root checks it is contained.
 * Kernel command line: fuzzseed= fuzzcalls= fuzzepoch= fuzzfrom= fuzztrace=
 * fuzzkmem= (the limit, in frames). */
#include "fuzz.h"
#include "../ktest/ktest.h"
#include <stdlib.h>

void env_init(struct l4_bootinfo *bi);
int kt_failed;
void kt_fail(const char *file, int line, const char *expr, l4_word a, l4_word b)
{ (void)file; (void)line; (void)expr; (void)a; (void)b; }

void exit(int code)
{
	stdio_flush();
	l4_shutdown(code ? 2 : 0);
	for (;;)
		;
}

extern char _rodata_end[];
#define RV_F  0x60000000UL           /* the root's view of F's pages */
#define RV_O  0x61000000UL           /* ... and of O's */
#define PROGRESS_EVERY 10000
#define NTESTS 8

static struct fuzz_ctx *const ctx = (struct fuzz_ctx *)(RV_F + FZ_CTX - FZ_BASE);
static struct o_status *const ost = (struct o_status *)(RV_O + O_DATA_PAGES * 4096UL);
static l4_word seed = 0x5eed, ncalls = 1000000, epoch_len = 100000, from, trace_from;
static l4_word pa_f, pa_o, pa_ph, text_base = 0x400000, text_end;
static l4_word F, T, O, stale_sid, stale_tids[3];
static volatile l4_word t_fuzz, t_vecho, t_vspin, t_oecho, t_owork, t_fault, t_echo;

/* What the fault server and the monitor count. */
static volatile l4_word n_mapped, n_restored, n_bad_faults, n_exceptions, n_o_anomalies,
	n_soft, n_hard, n_rebuilds, n_victim_restarts, n_foreign_msgs, n_corrupt, n_fuzzer_faults,
	n_bad_rip, bad_rip, bad_rip_call, n_rogue, n_churns;
static l4_word exc_by_trap[32], stalls_by_state[6];
/* Summed over epochs. */
static volatile l4_word viol, viol_call, viol_kind, viol_ret, viol_arg;
static l4_word epochs, leaky_epochs;
static l4_word echo_rets[16], kind_tsc[FZ_NKINDS], kinds[FZ_NKINDS], rets[16], upcalls, task_runs, task_exits[5], entries;
static l4_word vecho_msgs, vspin_loops;

/* Kernel memory: F's account (F, T, X) and what the root checks of it. */
#define KMEM_LIMIT 256       /* frames: about 3x what F and T hold in plain fuzzing */
#define KMEM_SLACK 8         /* the root makes room before it maps for F with less left */
#define T_KEEP     16        /* a T holding more than this is replaced when a sequence ends */
#define F_OUTGROWN 32        /* F itself (its aliases' page tables) this close to the limit: a new F */
static l4_word kmem_limit, kmem_total, kmem_k0, pa_xs;
static l4_word X, x_tid;                      /* the extra task space and its receiver */
static volatile l4_word kmem_lock;            /* the fault server is changing F's account */
static l4_word root_seq;                      /* bumped at each change the root makes to it */
static l4_word kq_open_at;                    /* clock of the sequence begun, 0: none */
static volatile l4_word n_kq_begin, n_kq_release, n_kq_full, n_kq_full_ok, n_x_made, n_x_recv,
	n_x_refused, n_kq_full_below, n_lim_thread, n_lim_map, n_lim_map_fit, n_probes, n_reclaims, n_t_resets,
	n_kticks, n_kticks_full, kmem_peak, kmem_peak_f, kmem_peak_t, n_kepochs_ok, n_f_outgrown;
static volatile l4_word n_kviol, kv_a, kv_b, kv_call;   /* containment failures the root saw */
static const char *volatile kv_what;
static volatile l4_word n_fkviol, fkv_call, fkv_kind, fkv_ret, fkv_arg;   /* ... the fuzzer saw */
static l4_word kseqs[4], khits, kenomem, kmaperr, kmaps, kpages, kchecks, kunquiet;

static l4_word opt(const char *name, l4_word dflt)
{
	const char *p = strstr(bootinfo->cmdline, name);
	return p ? strtoul(p + strlen(name), NULL, 0) : dflt;
}

struct counters { l4_word frames, nodes, threads, spaces; };
static struct counters counters(void)
{
	return (struct counters){ l4_kinfo(L4_KI_FREE_FRAMES), l4_kinfo(L4_KI_MAPNODES),
				  l4_kinfo(L4_KI_THREADS), l4_kinfo(L4_KI_SPACES) };
}
static bool same(struct counters a, struct counters b)
{
	return a.frames == b.frames && a.nodes == b.nodes && a.threads == b.threads && a.spaces == b.spaces;
}
static void print_counters(const char *what, struct counters a, struct counters b)
{
	printf("%s kernel frames %lu->%lu, map nodes %lu->%lu, threads %lu->%lu, spaces %lu->%lu",
	       what, a.frames, b.frames, a.nodes, b.nodes, a.threads, b.threads, a.spaces, b.spaces);
}

/* Start or restart a thread of F or O at ip/sp, whatever it was doing. */
static l4_word restart(l4_word tid, l4_word ip, l4_word sp, l4_word slot)
{
	struct l4_exregs r = { .ip = ip, .sp = sp, .flags = FZ_FLAGS_USER, .fs = 0, .gs = FZ_SLOT(slot),
			       .pager = t_fault, .exh = t_fault };
	return l4_exregs(tid, L4_EX_ABORT | L4_EX_IP | L4_EX_SP | L4_EX_FLAGS | L4_EX_TLS0 | L4_EX_TLS1 |
			 L4_EX_PAGER | L4_EX_EXH | L4_EX_RESUME, &r);
}

static void make_room(void);
static void f_changed(void);

/* F may have unmapped or replaced its context, stacks and code: put them back. */
static void repair_f(void)
{
	make_room();
	f_changed();
	l4_map_phys(F, FZ_BASE, pa_f, FZ_CRIT_PAGES, L4_RWX);
	l4_map_to(F, text_base, text_base, (text_end - text_base) / 4096, L4_RWX);
}

static void write_cfg(void);
static l4_word cur_end, cfg_gen;
static void restart_fuzzer(void)
{
	repair_f();
	write_cfg();
	restart(t_fuzz, (l4_word)fz_fuzzer_entry, FZ_STACK_TOP, FZ_SLOT_FUZZER);
	l4_notify(t_fuzz, 1UL << 63);                            /* ends a task run, a vCPU wait */
}

static void restart_thread(l4_word tid)
{
	if (tid == t_fuzz)
		restart_fuzzer();
	else if (tid == t_vecho || tid == t_vspin)
		repair_f();
	if (tid == t_vecho)
		restart(tid, (l4_word)fz_vecho_entry, FZ_VECHO_TOP, FZ_SLOT_VECHO);
	else if (tid == t_vspin)
		restart(tid, (l4_word)fz_vspin_entry, FZ_VSPIN_TOP, FZ_SLOT_VSPIN);
	else if (tid == t_oecho)
		restart(tid, (l4_word)fz_oecho_entry, O_ECHO_TOP, O_SLOT_ECHO);
	else if (tid == t_owork)
		restart(tid, (l4_word)fz_owork_entry, O_WORK_TOP, O_SLOT_WORK);
	if (tid != t_fuzz)
		n_victim_restarts++;
	else
		n_fuzzer_faults++;
}

/* The kernel must never return to user mode with an IP outside user space
 * (x86_64: non-canonical; on real hardware its iretq would fault in kernel
 * mode). QEMU only faults at the user's first fetch, so we look at runnable
 * threads' frames. (A thread that jumped there itself is blocked in its
 * exception message: QEMU reports the target, the hardware the jump.) */
static void check_rip(l4_word rip)
{
	if (FZ_BAD_USER_IP(rip)) {
		if (!n_bad_rip++) {
			bad_rip = rip;
			bad_rip_call = ctx->next - 1;
		}
	}
}

static void check_rips(void)
{
	l4_word t[] = { t_fuzz, t_vecho, t_vspin };
	for (int i = 0; i < 3; i++) {
		struct l4_exregs r = { 0 };
		if (t[i] && l4_exregs(t[i], 0, &r) == L4_OK && r.state == L4_TS_READY)
			check_rip(r.ip);
	}
}

/* --- kernel memory: F's account ------------------------------------------------------------
 * F, T and X pay into F's account, whose limit is kmem_limit. The root
 * checks, every 10 ms and around each of the fuzzer's sequences: F's account
 * never over its limit; the kernel's free frames exactly the pool less F's
 * account, the root's, O's and what the kernel held before F existed
 * (kmem_k0), so never below pool - limit - others; the account is what F,
 * T and X hold. When the fuzzer says its last call failed for want of
 * memory, the account must be at its limit, a thread creation in it must
 * fail changing nothing, and other spaces must still create and map. */
static bool call_echo(l4_word tid, l4_word v);
static l4_word o_expected;

static l4_word kused(l4_word sid) { return sid ? l4_space_ctrl_out(sid, L4_SC_KMEM_USED) : 0; }
static l4_word kown(l4_word sid) { return sid ? l4_space_ctrl_out(sid, L4_SC_KMEM_OWN) : 0; }

static void kmem_viol(const char *what, l4_word a, l4_word b)
{
	if (!n_kviol++) {
		kv_what = what;
		kv_a = a;
		kv_b = b;
		kv_call = ctx->next - 1;
	}
}

static void f_changed(void) { ctx->root_seq = ++root_seq; }

static l4_word others(void) { return kused(root_space) + kused(O); }

static void kmem_check(void)
{
	if (!F)
		return;
	l4_word uf = kused(F), free = l4_kinfo(L4_KI_FREE_FRAMES), oth = others();
	if (uf > kmem_peak)
		kmem_peak = uf;
	if (kown(F) > kmem_peak_f)
		kmem_peak_f = kown(F);
	if (kown(T) > kmem_peak_t)
		kmem_peak_t = kown(T);
	if (free + kmem_limit + oth + kmem_k0 < kmem_total)
		kmem_viol("free frames below pool - F's limit - others", free, kmem_total - kmem_k0 - oth - kmem_limit);
	else if (uf > kmem_limit)
		kmem_viol("F's account over its limit", uf, kmem_limit);
	else if (free + uf + oth + kmem_k0 != kmem_total)
		kmem_viol("free frames not the pool less F's account and others'", free, kmem_total - kmem_k0 - oth - uf);
	else if (uf != kown(F) + kown(T) + kown(X))
		kmem_viol("F's account not what F, T and X hold", uf, kown(F) + kown(T) + kown(X));
}

/* A task space F owns, paying into F's account (the 1 frame of its page-table
 * root moves there unchecked, so only with room for it). */
static l4_word f_task_space(void)
{
	l4_word sid = 0;
	if (!F || kused(F) >= kmem_limit || l4_space_create(&sid) != L4_OK)
		return 0;
	if (l4_space_ctrl(sid, L4_SC_KMEM_LIMIT, kmem_limit) != L4_OK || l4_space_ctrl(sid, L4_SC_OWNER, F) != L4_OK ||
	    l4_space_ctrl(sid, L4_SC_KMEM_PAYER, F) != L4_OK) {
		kmem_viol("a task space cannot pay into F", sid, F);
		l4_space_destroy(sid);
		return 0;
	}
	return sid;
}

static void drop_x(void)
{
	if (!X)
		return;
	l4_space_ctrl(F, L4_SC_DENY, X);
	l4_space_destroy(X);
	X = x_tid = 0;
	f_changed();
}

static void replace_t(void)
{
	cfg_gen++;
	l4_space_destroy(T);
	stale_sid = T;
	T = f_task_space();
	write_cfg();
	f_changed();
}

/* Give F's account room: X goes, a T that holds anything is replaced. */
static void kmem_reclaim(void)
{
	n_reclaims++;
	drop_x();
	if (kown(T) > 1)
		replace_t();
}

static void make_room(void)
{
	if (!F || kused(F) + KMEM_SLACK <= kmem_limit)
		return;
	l4_word held = kmem_lock;
	kmem_lock = 1;
	kmem_reclaim();
	kmem_lock = held;
}

/* X for a sequence, maybe with a receiver (code, a stack page, a thread: all
 * charged to F's account, so this may fail with L4_ENOMEM). */
static l4_word make_x(bool receiver)
{
	if (!(X = f_task_space())) {
		n_x_refused++;
		return L4_ENOMEM;
	}
	n_x_made++;
	l4_space_ctrl(F, L4_SC_ALLOW, X);
	if (!receiver)
		return L4_OK;
	/* Its code from the root's space: the root owns X for as long (MAP_TO
	 * is for owners only, privileged or not). */
	l4_word tid = 0, e = l4_space_ctrl(X, L4_SC_OWNER, root_space);
	if (!e)
		e = l4_map_to(X, text_base, text_base, (text_end - text_base) / 4096, L4_R | L4_X);
	if (!e)
		e = l4_space_ctrl(X, L4_SC_OWNER, F);
	if (!e)
		e = l4_map_phys(X, X_STACK_TOP - 4096, pa_xs, 1, L4_R | L4_W);
	if (!e)
		e = l4_thread_create(X, 50, t_fault, t_fault, FZ_SLOT(X_SLOT_RECV), &tid);
	if (e) {
		if (e != L4_ENOMEM)
			kmem_viol("building X's receiver failed", e, L4_ENOMEM);
		n_x_refused++;
		drop_x();
		return e;
	}
	restart(tid, (l4_word)fz_xrecv_entry, X_STACK_TOP, X_SLOT_RECV);
	x_tid = tid;
	n_x_recv++;
	return L4_OK;
}

/* Other spaces are unaffected by F at its limit: a new space maps four pages
 * in four GiB slots (page tables) and gets a thread, O gets a thread, O's
 * echo answers, O's worker's checksum is right; F's account unchanged. */
static void probe_others(l4_word uf)
{
	struct counters a = counters();
	l4_word p = 0, tid = 0, otid = 0, up = 0;
	n_probes++;
	bool ok = l4_space_create(&p) == L4_OK;
	for (l4_word i = 0; ok && i < 4; i++)
		ok = l4_map_phys(p, (196 + 14 * i) << 30 | i << 21, pa_ph, 1, L4_R) == L4_OK;
	if (ok)
		ok = l4_thread_create(p, 10, t_fault, t_fault, FZ_SLOT(1), &tid) == L4_OK;
	if (ok)
		up = kused(p);
	if (tid)
		l4_thread_destroy(tid);
	if (p)
		l4_space_destroy(p);
	bool o_ok = l4_thread_create(O, 10, t_fault, t_fault, FZ_SLOT(3), &otid) == L4_OK;
	if (otid)
		l4_thread_destroy(otid);
	bool echo = call_echo(t_oecho, 1000 + n_probes), sum = ost->sum == o_expected;
	struct counters b = counters();
	if (!ok || up < 1 + 1 + 4 * 2 + 1 + 3 || !o_ok || !echo || !sum)   /* top, 2nd level, 4 x (3rd, 4th), nodes, thread */
		kmem_viol("another space could not create or map while F was at its limit",
			  ok | o_ok << 1 | echo << 2 | sum << 3, up);
	else if (kused(F) != uf || !same(a, b))
		kmem_viol("others' work changed F's account or leaked", kused(F), uf);
}

/* At the limit (the fuzzer's last call failed for want of memory, and
 * neither the root nor a churn changed F's account since): a failed call
 * gives back what it took but page tables, so the account is at its limit
 * or one below (a mapping node's slab frame given back). */
static void at_limit(void)
{
	l4_word uf = kused(F);
	n_kq_full++;
	if (uf > kmem_limit || uf + 1 < kmem_limit) {
		kmem_viol("L4_ENOMEM (or a map error) with F's account not at its limit", uf, kmem_limit);
		return;
	}
	n_kq_full_ok++;
	if (uf < kmem_limit)
		n_kq_full_below++;
	/* A thread in F's account: 3 frames it cannot have (it takes one, maybe,
	 * and gives it back). */
	l4_word sp = X ? X : F, tid = 0;
	struct counters a = counters();
	l4_word e = l4_thread_create(sp, 10, t_fault, t_fault, FZ_SLOT(40), &tid);
	struct counters b = counters();
	if (e == L4_OK)
		l4_thread_destroy(tid);
	if (e != L4_ENOMEM)
		kmem_viol("thread creation at the limit", e, L4_ENOMEM);
	else if (!same(a, b) || kused(F) != uf)
		kmem_viol("a failed thread creation changed the counters", a.frames, b.frames);
	else
		n_lim_thread++;
	/* MAP_PHYS where the fuzzer never maps: page tables it cannot have (a
	 * table it takes with the account one below stays, charged). */
	if ((sp = X ? X : T)) {
		l4_word va = KQ_REGION_ROOT << 30 | (n_kq_full % 512) << 21;
		a = counters();
		e = l4_map_phys(sp, va, pa_ph, 1, L4_R);
		b = counters();
		l4_word u = kused(F);
		if (e == L4_ENOMEM && a.nodes == b.nodes && u <= kmem_limit && a.frames - b.frames == u - uf) {
			n_lim_map++;
		} else if (e == L4_OK && a.frames - b.frames == u - uf && u <= kmem_limit) {
			n_lim_map_fit++;                  /* T had the tables, and a node fitted */
			l4_unmap_in(sp, va, 1);
		} else {
			kmem_viol("map_phys at the limit", e, a.frames - b.frames);
		}
	}
	probe_others(kused(F));
}

/* The fuzzer's request (a trap at fz_kmem_req from its thread): begin or
 * end a sequence. The answer goes into the context with ~nonce. */
static void kmem_request(l4_word op, l4_word arg, l4_word gen, l4_word nonce, l4_word seq)
{
	l4_word status = L4_OK;
	if (op == KQ_BEGIN) {
		n_kq_begin++;
		kq_open_at = l4_clock();
		drop_x();
		f_changed();
		/* FZ_KRUN afresh: depth-0 mappings (whatever F mapped over them goes) */
		if (l4_map_phys(F, FZ_KRUN, pa_f, FZ_KRUN_PAGES, L4_R) != L4_OK)
			status = L4_ENOMEM;
		else if (arg & KQ_NEW)
			status = make_x(arg & KQ_RECEIVER);
		ctx->kq_sid = X ? X : T;
		ctx->kq_tid = x_tid;
	} else if (op == KQ_RELEASE) {
		n_kq_release++;
		kq_open_at = 0;
		if ((arg & KQ_FULL) && gen == cfg_gen && seq == root_seq)
			at_limit();
		kmem_check();
		drop_x();
		if (kown(T) > T_KEEP) {
			n_t_resets++;
			replace_t();
		}
		f_changed();
		kmem_check();
	} else {
		status = L4_EINVAL;
	}
	ctx->kq_status = status;
	ctx->kq_nonce = ~nonce;
}

/* Pager and exception handler of every thread in F and O. */
static void fault_server(l4_word arg)
{
	(void)arg;
	struct l4_msg m = { 0 };
	for (;;) {
		if (l4_ipc(L4_NILTHREAD, L4_ANYTHREAD, L4_TIMEOUTS(0, L4_TIMEOUT_NEVER), &m) != L4_OK)
			continue;
		l4_word who = m.from, label = L4_TAG_LABEL(m.tag), *mr = l4_utcb()->mr;
		bool in_f = who == t_fuzz || who == t_vecho || who == t_vspin;
		bool in_o = who == t_oecho || who == t_owork;
		if (!who || (!in_f && !in_o) || (label != L4_LABEL_PAGEFAULT && label != L4_LABEL_EXCEPTION)) {
			n_foreign_msgs++;
			continue;                     /* not ours to answer */
		}
		if (in_o)
			n_o_anomalies++;              /* O never faults once set up */
		if (label == L4_LABEL_EXCEPTION && who == t_fuzz && mr[FZ_FR_IP] == (l4_word)fz_report) {
			if (!viol++) {                /* the fuzzer reports a wrong answer */
				viol_call = mr[FZ_FR_ARG(0)];
				viol_kind = mr[FZ_FR_ARG(1)];
				viol_ret = mr[FZ_FR_ARG(2)];
				viol_arg = mr[FZ_FR_ARG(3)];
			}
			if ((mr[FZ_FR_ARG(3)] & ~0xffffUL) == FZ_KV(0) && !n_fkviol++) {
				fkv_call = mr[FZ_FR_ARG(0)];   /* one of its kernel-memory checks */
				fkv_kind = mr[FZ_FR_ARG(1)];
				fkv_ret = mr[FZ_FR_ARG(2)];
				fkv_arg = mr[FZ_FR_ARG(3)];
			}
			struct l4_exregs r = { .ip = (l4_word)fz_report + FZ_UD_LEN };   /* on, after the trap */
			l4_exregs(who, L4_EX_ABORT | L4_EX_IP | L4_EX_RESUME, &r);
			continue;
		}
		if (label == L4_LABEL_EXCEPTION && who == t_fuzz && mr[FZ_FR_IP] == (l4_word)fz_kmem_req) {
			kmem_lock = 1;                /* the monitor leaves F alone meanwhile */
			if (who == t_fuzz && F)       /* (it may have torn F down before) */
				kmem_request(mr[FZ_FR_ARG(0)], mr[FZ_FR_ARG(1)], mr[FZ_FR_ARG(2)], mr[FZ_FR_ARG(3)],
					     mr[FZ_FR_ARG(4)]);
			kmem_lock = 0;
			struct l4_exregs r = { .ip = (l4_word)fz_kmem_req + FZ_UD_LEN };
			l4_exregs(who, L4_EX_ABORT | L4_EX_IP | L4_EX_RESUME, &r);
			continue;
		}
		if (label == L4_LABEL_EXCEPTION) {
			n_exceptions++;
			l4_word trap = mr[L4_EXC_TRAPNO];
			exc_by_trap[trap < 31 ? trap : 31]++;
			restart_thread(who);
			continue;
		}
		l4_word addr = m.mr[0], page = addr & ~0xfffUL, access = m.mr[1];
		if (in_f)
			make_room();                  /* F's account may be full: T and X give way */
		if (page >= text_base && page < text_end && !(access & (L4_PF_PRESENT | L4_PF_WRITE))) {
			n_mapped++;
			f_changed();
			m.tag = L4_TAG(0, 0, 1);
			m.mr[0] = L4_MAPITEM0(page, 0, L4_RWX);      /* intersected: r-x or r-- */
			m.mr[1] = page;
			l4_ipc(who, L4_NILTHREAD, L4_TIMEOUTS(0, 0), &m);
			continue;
		}
		if (in_f && page >= FZ_BASE && page < FZ_BASE + FZ_PAGES * 4096UL &&
		    (f_changed(), l4_map_phys(F, page, pa_f + (page - FZ_BASE), 1, L4_RWX)) == L4_OK) {
			n_restored++;                 /* F had unmapped or replaced one of its pages */
			m.tag = 0;
			l4_ipc(who, L4_NILTHREAD, L4_TIMEOUTS(0, 0), &m);
			continue;
		}
		n_bad_faults++;
		restart_thread(who);
	}
}

static void echo_server(l4_word arg)
{
	(void)arg;
	struct l4_msg m = { 0 };
	for (;;) {
		if (l4_receive(L4_ANYTHREAD, L4_TIMEOUT_NEVER, &m) != L4_OK || !m.from ||
		    kernel_label(m.tag))
			continue;
		m.tag = L4_TAG(0, 1, 0);
		m.mr[0]++;
		l4_send(m.from, 0, &m);
	}
}

static l4_word new_thread(l4_word space, unsigned prio, unsigned slot, char *entry, l4_word sp)
{
	l4_word tid = 0;
	if (l4_thread_create(space, prio, t_fault, t_fault, FZ_SLOT(slot), &tid) != L4_OK)
		return 0;
	restart(tid, (l4_word)entry, sp, slot);
	return tid;
}

static void push_stale(l4_word tid)
{
	stale_tids[2] = stale_tids[1];
	stale_tids[1] = stale_tids[0];
	stale_tids[0] = tid;
}

/* The fuzzer's configuration, written again at every restart. */
static void write_cfg(void)
{
	struct fuzz_cfg *cfg = &ctx->cfg;
	cfg->seed = seed;
	cfg->end = cur_end;
	cfg->trace_from = trace_from;
	cfg->text_base = text_base;
	cfg->text_end = text_end;
	cfg->fault_tid = t_fault;
	cfg->tids[ID_SELF] = t_fuzz;
	cfg->tids[ID_VECHO] = t_vecho;
	cfg->tids[ID_VSPIN] = t_vspin;
	cfg->tids[ID_OECHO] = t_oecho;
	cfg->tids[ID_OWORK] = t_owork;
	cfg->tids[ID_RMAIN] = root_tid;
	cfg->tids[ID_RFAULT] = t_fault;
	cfg->tids[ID_RECHO] = t_echo;
	cfg->tids[ID_RPAGER] = pager_tid;
	cfg->tids[ID_STALE0] = stale_tids[0];
	cfg->tids[ID_STALE1] = stale_tids[1];
	cfg->tids[ID_STALE2] = stale_tids[2];
	cfg->sids[SP_F] = F;
	cfg->sids[SP_O] = O;
	cfg->sids[SP_T] = T;
	cfg->sids[SP_ROOT] = root_space;
	cfg->sids[SP_STALE] = stale_sid;
	cfg->gen = cfg_gen;
	ctx->cfg_sum = fz_cfg_sum(cfg);
	ctx->root_seq = root_seq;
}

/* F, T and F's threads for calls [start, end). F's account has a limit;
 * T pays into it. */
static bool build(l4_word start, l4_word end)
{
	F = T = X = x_tid = 0;
	kq_open_at = 0;
	l4_word npages = (text_end - text_base) / 4096;
	if (l4_space_create((l4_word *)&F) != L4_OK || l4_space_ctrl(F, L4_SC_KMEM_LIMIT, kmem_limit) != L4_OK ||
	    !(T = f_task_space()) ||
	    l4_space_ctrl(F, L4_SC_ALLOW, O) != L4_OK || l4_space_ctrl(F, L4_SC_OWNER, root_space) != L4_OK ||
	    l4_map_phys(F, FZ_BASE, pa_f, FZ_PAGES, L4_RWX) != L4_OK ||
	    l4_map_to(F, text_base, text_base, npages, L4_RWX) != L4_OK) {
		printf("fuzz: cannot build the fuzz space\n");
		return false;
	}
	memset((void *)RV_F, 0, FZ_PAGES * 4096UL);   /* the context too */
	ctx->next = start;
	cur_end = end;
	t_vecho = new_thread(F, 50, FZ_SLOT_VECHO, fz_vecho_entry, FZ_VECHO_TOP);
	t_vspin = new_thread(F, 45, FZ_SLOT_VSPIN, fz_vspin_entry, FZ_VSPIN_TOP);
	l4_word tid = 0;
	if (!t_vecho || !t_vspin ||
	    l4_thread_create(F, 50, t_fault, t_fault, FZ_SLOT(FZ_SLOT_FUZZER), &tid) != L4_OK) {
		printf("fuzz: cannot create the fuzz threads\n");
		return false;
	}
	t_fuzz = tid;
	l4_irq_bind(5, t_vspin, 7);              /* a line with no device: F may ack it */
	restart_fuzzer();
	return true;
}

static l4_word epoch_start, epoch_t0, max_gap, max_gap_call;
#define MAX_GAP_MS 3000      /* a 10 ms sleep that took longer: one kernel call ran that long */
static void teardown(void)
{
	while (kmem_lock)
		sleep_us(1000);               /* the fault server is finishing a request */
	n_rogue += ctx->rogue;
	/* Statistics are F's own writing: take only what is plausible. */
	l4_word calls = ctx->next - epoch_start, ticks = (l4_clock() - epoch_t0) / 1000000 * bootinfo->clock_khz;
#define ADD(sum, v, max) do { l4_word _v = (v); if (_v <= (max)) (sum) += _v; } while (0)
	for (int i = 0; i < FZ_NKINDS; i++) {
		ADD(kinds[i], ctx->kind_count[i], calls);
		ADD(kind_tsc[i], ctx->kind_tsc[i], ticks + bootinfo->clock_khz);
	}
	for (int i = 0; i < 16; i++) {
		ADD(rets[i], ctx->ret_count[i], calls);
		ADD(echo_rets[i], ctx->echo_ret[i], calls);
	}
	for (int i = 0; i < 5; i++)
		ADD(task_exits[i], ctx->task_exits[i], calls);
	ADD(upcalls, ctx->upcalls, 1UL << 40);
	ADD(task_runs, ctx->task_runs, calls);
	ADD(entries, ctx->entries, 1UL << 40);
	struct fuzz_vstats *vs = (struct fuzz_vstats *)(RV_F + FZ_VSTATS - FZ_BASE);
	ADD(vecho_msgs, vs->vecho_msgs, calls);
	ADD(vspin_loops, vs->vspin_loops, 1UL << 40);
	for (int i = 0; i < 4; i++)
		ADD(kseqs[i], ctx->kseq[i], calls);
	ADD(khits, ctx->khits, calls);
	ADD(kenomem, ctx->kenomem, calls * (FZ_KMEM_STEPS + 16));
	ADD(kmaperr, ctx->kmaperr, calls * (FZ_KMEM_STEPS + 16));
	ADD(kmaps, ctx->kmaps, calls * (FZ_KMEM_STEPS + 16));
	ADD(kpages, ctx->kpages, calls * (FZ_KMEM_STEPS + 16) * 8);
	ADD(kchecks, ctx->kchecks, calls * (FZ_KMEM_STEPS + 16));
	ADD(kunquiet, ctx->kunquiet, calls);
#undef ADD
	/* F's account: X goes, then F (T, orphaned, pays for itself), then T. */
	kmem_check();
	drop_x();
	if (kused(F) != kown(F) + kown(T))
		kmem_viol("F's account at the epoch's end not what F and T hold", kused(F), kown(F) + kown(T));
	l4_space_destroy(F);
	if (T && kused(T) != kown(T))
		kmem_viol("T, orphaned, not on its own account", kused(T), kown(T));
	l4_space_destroy(T);
	kq_open_at = 0;
	push_stale(t_fuzz);
	stale_sid = F;
	t_fuzz = t_vecho = t_vspin = 0;
}

static l4_word t_start, printed;

static void progress(l4_word n)
{
	if (n / PROGRESS_EVERY == printed / PROGRESS_EVERY)
		return;
	printed = n;
	l4_word ms = (l4_clock() - t_start) / 1000000;
	printf("FUZZ progress seed=0x%lx call=%lu calls/s=%lu restarts=%lu\n", seed, n,
	       ms ? (n - from) * 1000 / ms : 0, n_soft + n_hard + n_bad_faults + n_exceptions);
}

/* Things F uses vanish under it, every CHURN_EVERY calls: its task space
 * (the fuzzer may be running in it) and its echo victim (maybe in an IPC
 * with it). The fuzzer learns the new ids from its configuration. */
#define CHURN_EVERY 25000
static void churn(void)
{
	l4_word tid = 0;
	n_churns++;
	cfg_gen++;
	l4_space_destroy(T);
	stale_sid = T;
	T = f_task_space();
	f_changed();
	l4_thread_destroy(t_vecho);
	push_stale(t_vecho);
	if (l4_thread_create(F, 50, t_fault, t_fault, FZ_SLOT(FZ_SLOT_VECHO), &tid) == L4_OK)
		restart(tid, (l4_word)fz_vecho_entry, FZ_VECHO_TOP, FZ_SLOT_VECHO);
	t_vecho = tid;
	write_cfg();
}

/* Run calls [start, end) in a fresh F; returns where it got to. */
static l4_word epoch(l4_word start, l4_word end)
{
	struct counters c0 = counters();
	epoch_start = start;
	epoch_t0 = l4_clock();
	if (!build(start, end)) {
		teardown();
		return end;
	}
	l4_word last = start;
	int stuck = 0, soft = 0, hard = 0;
	while (!ctx->finished || ctx->next < end) {
		l4_word t = l4_clock();
		sleep_us(10000);
		t = l4_clock() - t;                   /* 10 ms, unless the kernel kept us out */
		if (t > max_gap) {
			max_gap = t;
			max_gap_call = ctx->next;
		}
		if (kmem_lock)
			continue;                     /* the fault server is changing F's account */
		check_rips();
		kmem_check();
		n_kticks++;
		if (kused(F) == kmem_limit)
			n_kticks_full++;
		if (kq_open_at && l4_clock() - kq_open_at > 200000000UL)
			kq_open_at = 0;               /* a sequence the fuzzer did not end */
		if (!kq_open_at)
			make_room();
		if (kown(F) + F_OUTGROWN > kmem_limit && ctx->next > start + 1000) {
			n_f_outgrown++;               /* F's own tables leave its sequences no room: */
			break;                        /* the epoch ends early, a new F goes on */
		}
		l4_word n = ctx->next;
		if (n < last || n > end) {            /* F wrote over its own context */
			n_corrupt++;
			ctx->next = n = last + 1;
			ctx->finished = 0;
			restart_fuzzer();
		}
		progress(n);
		if (n / CHURN_EVERY != last / CHURN_EVERY && n < end)
			churn();
		if (n != last) {
			last = n;
			stuck = soft = hard = 0;
			continue;
		}
		struct l4_exregs r = { 0 };
		l4_word state = l4_exregs(t_fuzz, 0, &r) == L4_OK ? r.state : 0;
		int limit = state == L4_TS_STOPPED ? 1 : (state == L4_TS_SENDING || state == L4_TS_RECEIVING) ? 4 : 8;
		if (++stuck < limit)
			continue;
		stuck = 0;
		stalls_by_state[state < 6 ? state : 0]++;
		if (soft < 3) {
			soft++;
			n_soft++;
			restart_fuzzer();
			continue;
		}
		l4_word tid = 0;
		if (hard < 2 && l4_thread_destroy(t_fuzz) == L4_OK &&
		    l4_thread_create(F, 50, t_fault, t_fault, FZ_SLOT(FZ_SLOT_FUZZER), &tid) == L4_OK) {
			hard++;
			n_hard++;
			push_stale(t_fuzz);
			t_fuzz = tid;
			restart_fuzzer();
			continue;
		}
		n_rebuilds++;                         /* give up on this F: go on in a new one */
		l4_word k = ctx->cur_kind;
		printf("FUZZ rebuild seed=0x%lx call=%lu (stuck in %s)\n", seed, n - 1,
		       k < FZ_NKINDS && fz_kind_name[k] ? fz_kind_name[k] : "?");
		break;
	}
	l4_word got = ctx->next;
	teardown();
	struct counters c1 = counters();
	epochs++;
	if (c1.frames + others() + kmem_k0 == kmem_total)
		n_kepochs_ok++;                       /* F's account went to 0: all it held is free */
	else
		kmem_viol("after the epoch F's frames are not all back", c1.frames, kmem_total - kmem_k0 - others());
	if (!same(c0, c1)) {
		leaky_epochs++;
		print_counters("FUZZ leak after calls", c0, c1);
		printf(" [%lu, %lu) seed=0x%lx\n", start, got, seed);
	}
	return got > start ? got : start + 1;
}

static bool call_echo(l4_word tid, l4_word v)
{
	struct l4_msg m = { .tag = L4_TAG(1, 1, 0), .mr = { v } };
	m.err = l4_ipc(tid, tid, L4_TIMEOUTS(1000000, 1000000), &m);
	return m.err == L4_OK && m.mr[0] == v + 1;
}

static bool setup_o(void)
{
	l4_word npages = (text_end - text_base) / 4096;
	if (l4_space_create((l4_word *)&O) != L4_OK || l4_space_ctrl(O, L4_SC_OWNER, root_space) != L4_OK ||
	    l4_map_to(O, text_base, text_base, npages, L4_RWX) != L4_OK ||
	    l4_map_phys(O, O_BASE, pa_o, O_PAGES, L4_R | L4_W) != L4_OK ||
	    l4_map_phys(O, O_WIN, pa_ph, 1, L4_R) != L4_OK || l4_unmap_in(O, O_WIN, 1) != L4_OK)
		return false;
	l4_word *d = (l4_word *)RV_O;
	for (l4_word i = 0; i < O_DATA_PAGES * 512; i++)
		d[i] = i * 0x9e3779b97f4a7c15UL ^ seed;
	memset((void *)ost, 0, 4096);
	o_expected = fz_checksum(d, O_DATA_PAGES * 512);
	t_oecho = new_thread(O, 50, O_SLOT_ECHO, fz_oecho_entry, O_ECHO_TOP);
	t_owork = new_thread(O, 40, O_SLOT_WORK, fz_owork_entry, O_WORK_TOP);
	for (int i = 0; i < 300 && !ost->passes; i++)
		sleep_us(10000);
	return t_oecho && t_owork && ost->passes && call_echo(t_oecho, 41);
}

static void report(const char *name, bool ok, int *passed, int *failed)
{
	printf("TEST %-28s %s  # ", name, ok ? "PASS" : "FAIL");
	ok ? (*passed)++ : (*failed)++;
}

int main(struct l4_bootinfo *bi)
{
	env_init(bi);
	seed = opt("fuzzseed=", seed);
	ncalls = opt("fuzzcalls=", ncalls);
	epoch_len = opt("fuzzepoch=", epoch_len);
	from = opt("fuzzfrom=", 0);
	trace_from = opt("fuzztrace=", 0);
	if (!epoch_len)
		epoch_len = 100000;
	text_end = (l4_word)_rodata_end;
	l4_word mem_end = (bi->mem[0].start + bi->mem[0].size) & ~0xfffUL;
	pa_f = mem_end - FZ_PAGES * 4096UL;
	pa_o = pa_f - O_PAGES * 4096UL;
	pa_ph = pa_o - 4096;
	pa_xs = pa_ph - 4096;
	kmem_limit = opt("fuzzkmem=", KMEM_LIMIT);
	kmem_total = l4_kinfo(L4_KI_KMEM_TOTAL);
	printf("FUZZ-BEGIN seed=0x%lx calls=%lu from=%lu epoch=%lu fastpath=%s kmem limit=%lu of %lu frames\n", seed,
	       ncalls, from, epoch_len, l4_kinfo(L4_KI_FASTPATH) ? "on" : "off", kmem_limit, kmem_total);
	l4_schedule(root_tid, 200, 0);
	if (l4_map_phys(root_space, RV_F, pa_f, FZ_PAGES, L4_R | L4_W) != L4_OK ||
	    l4_map_phys(root_space, RV_O, pa_o, O_PAGES, L4_R | L4_W) != L4_OK) {
		printf("fuzz: cannot map its memory\n");
		exit(1);
	}
	t_fault = thread_new(root_space, 150, fault_server, 0);
	t_echo = thread_new(root_space, 120, echo_server, 0);
	/* Stale ids: a thread and a space that existed once. */
	l4_word x = 0;
	l4_thread_create(root_space, 10, 0, 0, L4_UTCB_AREA + 400 * 4096UL, &x);
	l4_thread_destroy(x);
	stale_tids[0] = stale_tids[1] = stale_tids[2] = x;
	l4_space_create(&stale_sid);
	l4_space_destroy(stale_sid);
	sleep_us(1000);
	struct counters c_init = counters();
	bool o_ok = setup_o();
	if (!o_ok)
		printf("fuzz: victim space O did not come up\n");
	struct counters c_run = counters();
	kmem_k0 = kmem_total - c_run.frames - others();   /* what no account holds (idle threads) */

	t_start = l4_clock();
	printed = from;
	l4_word n = from;
	while (o_ok && n < ncalls) {
		l4_word end = (n / epoch_len + 1) * epoch_len;
		n = epoch(n, end < ncalls ? end : ncalls);
	}
	l4_word ms = (l4_clock() - t_start) / 1000000, issued = n - from;
	progress(n);

	/* After the run: kernel alive, O unharmed, nothing leaked. */
	bool alive = call_echo(t_echo, 1000) && call_echo(t_echo, 2000);
	l4_word passes0 = ost->passes;
	for (int i = 0; i < 200 && ost->passes < passes0 + 2; i++)
		sleep_us(10000);
	l4_word o_view = fz_checksum((l4_word *)RV_O, O_DATA_PAGES * 512);
	bool o_echo = o_ok && call_echo(t_oecho, 77);
	bool o_fine = o_ok && o_echo && o_view == o_expected && ost->sum == o_expected &&
		      ost->passes >= passes0 + 2 && !n_o_anomalies;
	struct counters c_after_run = counters();
	if (O)
		l4_space_destroy(O);
	struct counters c_end = counters();

	printf("FUZZ-STATS kinds:");
	for (int i = 0; i < FZ_NKINDS && fz_kind_name[i]; i++)
		printf(" %s=%lu", fz_kind_name[i], kinds[i]);
	printf("\nFUZZ-STATS ms per kind:");
	for (int i = 0; i < FZ_NKINDS && fz_kind_name[i]; i++)
		printf(" %s=%lu", fz_kind_name[i], kind_tsc[i] / bi->clock_khz);
	printf("\nFUZZ-STATS returns:");
	for (int i = 0; i < 16; i++)
		if (rets[i])
			printf(" %d=%lu", i, rets[i]);
	printf("\nFUZZ-STATS echo returns:");
	for (int i = 0; i < 16; i++)
		if (echo_rets[i])
			printf(" %d=%lu", i, echo_rets[i]);
	printf("\nFUZZ-STATS exceptions by trap:");
	for (int i = 0; i < 32; i++)
		if (exc_by_trap[i])
			printf(" %d=%lu", i, exc_by_trap[i]);
	printf("\nFUZZ-STATS stalls (fuzzer state when restarted): stopped %lu, ready %lu, sending %lu, receiving %lu",
	       stalls_by_state[1], stalls_by_state[2], stalls_by_state[3], stalls_by_state[4]);
	printf("\nFUZZ-STATS text maps %lu, page restores %lu, bad faults %lu, exceptions %lu, victim restarts %lu,"
	       " stalls: %lu soft %lu hard %lu rebuilt, %lu context repairs, %lu unjudged, %lu churns; fuzzer faults %lu, starts %lu, upcalls %lu, task runs %lu (exits"
	       " event %lu syscall %lu fault %lu exception %lu), echo msgs %lu, spinner loops %lu, foreign msgs %lu\n",
	       n_mapped, n_restored, n_bad_faults, n_exceptions, n_victim_restarts, n_soft, n_hard, n_rebuilds,
	       n_corrupt, n_rogue, n_churns, n_fuzzer_faults, entries, upcalls, task_runs, task_exits[1], task_exits[2], task_exits[3], task_exits[4],
	       vecho_msgs, vspin_loops, n_foreign_msgs);
	printf("FUZZ-STATS kmem: limit %lu of %lu frames, peak %lu (F itself %lu, T %lu); sequences T %lu, space %lu, ipc %lu, refused %lu;"
	       " at the limit %lu (%lu L4_ENOMEM, %lu rejected map items, %lu maps, %lu map items, %lu checks there,"
	       " %lu with the root acting meanwhile); root: %lu begun, %lu ended, %lu X (%lu with a receiver, %lu refused),"
	       " %lu found full (%lu at the limit or one below, %lu of them one below), thread creation refused %lu, map_phys refused %lu (fitted %lu),"
	       " %lu probes of others, %lu T replaced, %lu reclaims; monitor: %lu checks, %lu at the limit, %lu epochs ended early (F outgrew)\n",
	       kmem_limit, kmem_total, kmem_peak, kmem_peak_f, kmem_peak_t, kseqs[0], kseqs[1], kseqs[2], kseqs[3], khits, kenomem, kmaperr, kmaps,
	       kpages, kchecks, kunquiet, n_kq_begin, n_kq_release, n_x_made, n_x_recv, n_x_refused, n_kq_full,
	       n_kq_full_ok, n_kq_full_below, n_lim_thread, n_lim_map, n_lim_map_fit, n_probes, n_t_resets, n_reclaims, n_kticks,
	       n_kticks_full, n_f_outgrown);

	int passed = 0, failed = 0;
	report("fuzz_calls", o_ok && issued >= ncalls - from, &passed, &failed);
	printf("%lu calls from an unprivileged space (seed 0x%lx, calls %lu..%lu) in %lu ms: %lu calls/s, %lu epochs\n",
	       issued, seed, from, n, ms, ms ? issued * 1000 / ms : 0, epochs);
	report("fuzz_oracles", viol == 0 && !n_bad_rip, &passed, &failed);
	if (n_bad_rip)
		printf("%lu times a thread of F was given a non-canonical RIP (first %lx near call %lu); ",
		       n_bad_rip, bad_rip, bad_rip_call);
	if (viol)
		printf("%lu wrong results; first: call %lu (%s) returned 0x%lx [arg 0x%lx]%s\n", viol, viol_call,
		       viol_kind < FZ_NKINDS && fz_kind_name[viol_kind] ? fz_kind_name[viol_kind] : "?", viol_ret, viol_arg,
		       viol_arg == FZ_UPCALL_FLAGS_ARG ? " (a vCPU upcall entered its handler with TF or DF set)" : "");
	else
		printf("privileged calls EPERM, cross-space control EPERM, stale ids ENOTHREAD, bad numbers ENOSYS, clock monotonic\n");
	report("fuzz_no_leaks_per_epoch", o_ok && leaky_epochs == 0, &passed, &failed);
	printf("after each of %lu epochs F and T destroyed: kernel frames, map nodes, threads, spaces back (%lu leaky)\n",
	       epochs, leaky_epochs);
	report("fuzz_latency", max_gap / 1000000 < MAX_GAP_MS, &passed, &failed);
	printf("the root's 10 ms sleeps took at most %lu ms (near call %lu; limit %d ms: the kernel runs with "
	       "interrupts off, a longer call shuts everyone out)\n", max_gap / 1000000, max_gap_call, MAX_GAP_MS);
	report("fuzz_kernel_alive", alive, &passed, &failed);
	printf("IPC round trips to a root echo thread after the run\n");
	report("fuzz_other_space", o_fine, &passed, &failed);
	printf("O's memory checksum %s (root view %s, its own view %s), its worker ran %lu more passes, its echo %s, %lu faults\n",
	       o_view == o_expected && ost->sum == o_expected ? "unchanged" : "CHANGED",
	       o_view == o_expected ? "ok" : "bad", ost->sum == o_expected ? "ok" : "bad", ost->passes - passes0,
	       o_echo ? "answers" : "is silent", n_o_anomalies);
	bool clean = same(c_init, c_end) && same(c_run, c_after_run);
	report("fuzz_no_leaks", clean, &passed, &failed);
	print_counters("", c_init, c_end);
	printf("\n");
	bool kmem_ok = o_ok && khits && n_kq_full_ok && n_lim_thread && n_probes && !n_kviol && !n_fkviol &&
		       n_kepochs_ok == epochs;
	report("kmem_exhaustion_contained", kmem_ok, &passed, &failed);
	printf("F's account (F, T, X; limit %lu of %lu frames) filled to L4_ENOMEM in %lu sequences, found at its limit "
	       "by the root %lu times (a thread refused %lu, map_phys %lu, others created and mapped %lu), peak %lu, "
	       "all back after %lu of %lu epochs", kmem_limit, kmem_total, khits, n_kq_full_ok, n_lim_thread, n_lim_map,
	       n_probes, kmem_peak, n_kepochs_ok, epochs);
	if (!n_kviol && !n_fkviol)
		printf("; never over, free frames always the pool less the accounts");
	if (n_kviol)
		printf("; %lu containment failures, first near call %lu: %s (0x%lx, expected 0x%lx)", n_kviol, kv_call,
		       kv_what, kv_a, kv_b);
	if (n_fkviol)
		printf("; %lu failed checks in the fuzzer, first: call %lu (%s) got 0x%lx, check 0x%lx", n_fkviol, fkv_call,
		       fkv_kind < FZ_NKINDS && fz_kind_name[fkv_kind] ? fz_kind_name[fkv_kind] : "?", fkv_ret, fkv_arg);
	printf("\n");
	printf("FUZZ-END %d passed, %d failed, %d expected, seed=0x%lx calls=%lu\n", passed, failed, NTESTS, seed, n);
	exit(failed != 0);
	return 0;
}
