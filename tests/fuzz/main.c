/* Root task of the kernel-call fuzzer image.
 *
 * Builds an unprivileged fuzz space F (the fuzzer thread, two victim threads,
 * its own pages), a task space T that F owns (vCPU calls), and, once, a victim
 * space O that F may send to (an echo and a worker checksumming its memory).
 * The fuzzer (fuzzer.c) issues seeded random kernel calls; this task serves
 * their page faults, restarts whatever faults or hangs, prints progress with
 * the seed and call number, rebuilds F every epoch and checks that the kernel
 * leaked nothing, and at the end that the kernel is alive and O unharmed.
 * Kernel command line: fuzzseed= fuzzcalls= fuzzepoch= fuzzfrom= fuzztrace=. */
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
#define NTESTS 7

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
	struct l4_exregs r = { .ip = ip, .sp = sp, .flags = 0x202, .fs = 0, .gs = FZ_SLOT(slot),
			       .pager = t_fault, .exh = t_fault };
	return l4_exregs(tid, L4_EX_ABORT | L4_EX_IP | L4_EX_SP | L4_EX_FLAGS | L4_EX_FS | L4_EX_GS |
			 L4_EX_PAGER | L4_EX_EXH | L4_EX_RESUME, &r);
}

/* F may have unmapped or replaced its context, stacks and code: put them back. */
static void repair_f(void)
{
	l4_map_phys(F, FZ_BASE, pa_f, FZ_CRIT_PAGES, L4_RWX);
	l4_map_to(F, text_base, text_base, (text_end - text_base) / 4096, L4_RWX);
}

static void write_cfg(void);
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

/* The kernel must never return to user mode with a non-canonical RIP: on
 * real hardware its iretq would fault in kernel mode. QEMU only faults at the
 * user's first fetch, so we look at runnable threads' frames. (A thread that
 * jumped there itself is blocked in its exception message: QEMU reports the
 * target, the hardware the jump.) */
static void check_rip(l4_word rip)
{
	if (rip >= 0x0000800000000000UL && rip < 0xffff800000000000UL) {
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
		if (label == L4_LABEL_EXCEPTION && who == t_fuzz && mr[L4_FR_RIP] == (l4_word)fz_report) {
			if (!viol++) {                /* the fuzzer reports a wrong answer */
				viol_call = mr[L4_FR_RDI];
				viol_kind = mr[L4_FR_RSI];
				viol_ret = mr[L4_FR_RDX];
				viol_arg = mr[L4_FR_RCX];
			}
			struct l4_exregs r = { .ip = (l4_word)fz_report + 2 };   /* on, after the ud2 */
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
		if (page >= text_base && page < text_end && !(access & (L4_PF_PRESENT | L4_PF_WRITE))) {
			n_mapped++;
			m.tag = L4_TAG(0, 0, 1);
			m.mr[0] = L4_MAPITEM0(page, 0, L4_RWX);      /* intersected: r-x or r-- */
			m.mr[1] = page;
			l4_ipc(who, L4_NILTHREAD, L4_TIMEOUTS(0, 0), &m);
			continue;
		}
		if (in_f && page >= FZ_BASE && page < FZ_BASE + FZ_PAGES * 4096UL &&
		    l4_map_phys(F, page, pa_f + (page - FZ_BASE), 1, L4_RWX) == L4_OK) {
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
static l4_word cur_end, cfg_gen;
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
}

/* F, T and F's threads for calls [start, end). */
static bool build(l4_word start, l4_word end)
{
	F = T = 0;
	l4_word npages = (text_end - text_base) / 4096;
	if (l4_space_create((l4_word *)&F) != L4_OK || l4_space_create((l4_word *)&T) != L4_OK ||
	    l4_space_ctrl(F, L4_SC_ALLOW, O) != L4_OK || l4_space_ctrl(F, L4_SC_OWNER, root_space) != L4_OK ||
	    l4_space_ctrl(T, L4_SC_OWNER, F) != L4_OK ||
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
	n_rogue += ctx->rogue;
	/* Statistics are F's own writing: take only what is plausible. */
	l4_word calls = ctx->next - epoch_start, ticks = (l4_clock() - epoch_t0) / 1000000 * bootinfo->tsc_khz;
#define ADD(sum, v, max) do { l4_word _v = (v); if (_v <= (max)) (sum) += _v; } while (0)
	for (int i = 0; i < FZ_NKINDS; i++) {
		ADD(kinds[i], ctx->kind_count[i], calls);
		ADD(kind_tsc[i], ctx->kind_tsc[i], ticks + bootinfo->tsc_khz);
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
#undef ADD
	l4_space_destroy(F);
	l4_space_destroy(T);
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
	l4_word sid = 0, tid = 0;
	n_churns++;
	cfg_gen++;
	l4_space_destroy(T);
	stale_sid = T;
	T = l4_space_create(&sid) == L4_OK && l4_space_ctrl(sid, L4_SC_OWNER, F) == L4_OK ? sid : 0;
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
		check_rips();
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

static l4_word o_expected;

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
	printf("FUZZ-BEGIN seed=0x%lx calls=%lu from=%lu epoch=%lu fastpath=%s\n", seed, ncalls, from,
	       epoch_len, l4_kinfo(L4_KI_FASTPATH) ? "on" : "off");
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
		printf(" %s=%lu", fz_kind_name[i], kind_tsc[i] / bi->tsc_khz);
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
	printf("FUZZ-END %d passed, %d failed, %d expected, seed=0x%lx calls=%lu\n", passed, failed, NTESTS, seed, n);
	exit(failed != 0);
	return 0;
}
