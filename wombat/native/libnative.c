/*
 * libwombat-native: a native-mode program's side of native mode
 * (docs/native-mode.md; the header is include/wombat/native.h). Each call
 * fills the request block, asks Wombat to wake the agent (agent.c) and
 * sleeps in Linux until the agent has done the IPC.
 */
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>
#include <wombat/native.h>
#include <wombat_native.h>

struct wn_request wn_req;                /* in the image: the agent reads it there */
void wn_agent(void);
static char agent_stack[16384] __attribute__((aligned(16)));

static int fd = -1, lock_word;
static long started;                     /* 1, or the negative errno wn_start failed with */
static unsigned long gen;
static struct wn_init info;

static void lock(void)
{
	while (__atomic_exchange_n(&lock_word, 1, __ATOMIC_ACQUIRE))
		sched_yield();
}

static void unlock(void)
{
	__atomic_store_n(&lock_word, 0, __ATOMIC_RELEASE);
}

long wn_start(void)
{
	struct wn_agent a;

	if (started)
		return started < 0 ? started : 0;
	lock();
	if (started)
		goto out;
	fd = open(WN_DEVICE, O_RDWR | O_CLOEXEC);
	if (fd < 0) {
		started = -errno;
		goto out;
	}
	if (ioctl(fd, WN_IOC_INFO, &info) < 0) {
		started = -errno;
		goto out;
	}
	wn_req.wombat_tid = info.wombat_tid;
	wn_req.wombat_bit = info.wombat_bit;
	a.ip = (unsigned long)wn_agent;
	a.sp = (unsigned long)(agent_stack + sizeof agent_stack) - L4_ENTRY_SP_OFFSET;
	started = ioctl(fd, WN_IOC_AGENT, &a) < 0 ? -errno : 1;
out:
	unlock();
	return started < 0 ? started : 0;
}

const char *wn_strerror(long st)
{
	static const char *const ig[] = { "ok", "malformed request (IG_EINVAL)",
		"capability forged, stale or not ours (IG_ECAP)", "out of memory (IG_ENOMEM)",
		"quota exceeded (IG_EQUOTA)", "no such name (IG_ENOENT)", "not allowed (IG_EPERM)",
		"name already registered (IG_EEXIST)", "busy (IG_EBUSY)", "device error (IG_EIO)" };
	if (st == -EPERM)
		return "not a native-mode process (start it with wombat-native) or native mode is off";
	if (st == -ENOENT)
		return "no /dev/iguana: not running on Wombat";
	if (st == -EACCES)
		return "/dev/iguana is root's";
	if (st < 0)
		return strerror((int)-st);
	if (st < (long)(sizeof ig / sizeof ig[0]))
		return ig[st];
	return "IPC error";
}

long wn_ipc(wn_word to, wn_word from, wn_word timeouts, struct wn_msg *m)
{
	long err = wn_start();
	unsigned long seq, u = WN_WORDS(m->tag);
	struct wn_wait w;

	if (err)
		return err;
	lock();
	wn_req.to = to;
	wn_req.from = from;
	wn_req.timeouts = timeouts;
	wn_req.tag = m->tag;
	for (unsigned long i = 0; i < u && i < WN_MRS; i++)
		wn_req.mr[i] = m->mr[i];
	seq = wn_req.seq + 1;
	__atomic_thread_fence(__ATOMIC_RELEASE);
	wn_req.seq = seq;
	w.gen = gen;
	w.kick = 1;
	while (wn_req.done != seq) {
		if (ioctl(fd, WN_IOC_WAIT, &w) < 0) {
			if (errno == EINTR) {       /* a signal handler ran: the agent goes on */
				w.kick = 0;
				continue;
			}
			unlock();
			return -errno;
		}
		gen = w.gen;
		w.kick = 0;
	}
	__atomic_thread_fence(__ATOMIC_ACQUIRE);
	m->tag = wn_req.tag;
	u = WN_WORDS(m->tag);
	for (unsigned long i = 0; i < u && i < WN_MRS; i++)
		m->mr[i] = wn_req.mr[i];
	m->from = wn_req.rfrom;
	err = (long)wn_req.err;
	unlock();
	return err;
}

#define NEVER L4_TIMEOUTS(L4_TIMEOUT_NEVER, L4_TIMEOUT_NEVER)

long wn_call(wn_word to, struct wn_msg *m)
{
	return wn_ipc(to, to, NEVER, m);
}

long wn_wait(struct wn_msg *m)
{
	return wn_ipc(L4_NILTHREAD, L4_ANYTHREAD, NEVER, m);
}

long wn_reply_wait(wn_word to, struct wn_msg *m)
{
	return wn_ipc(to, L4_ANYTHREAD, L4_TIMEOUTS(0, L4_TIMEOUT_NEVER), m);
}

wn_word wn_iguana_tid(void)
{
	return wn_start() ? 0 : info.iguana_tid;
}

long wn_iguana(wn_word op, const wn_word *args, int nargs, wn_word *out, int nout)
{
	struct wn_msg m = { .tag = WN_TAG(op, nargs) };
	long err;

	if ((err = wn_start()))
		return err;
	for (int i = 0; i < nargs; i++)
		m.mr[i] = args[i];
	if ((err = wn_call(info.iguana_tid, &m)))
		return err < 0 ? err : -EIO;
	for (int i = 0; i < nout; i++)
		out[i] = m.mr[1 + i];
	return (long)m.mr[0];
}

static void pack(wn_word *w, const char *name)
{
	char buf[IG_NAME_WORDS * 8] = { 0 };
	strncpy(buf, name, sizeof buf - 1);
	memcpy(w, buf, sizeof buf);
}

long wn_name_lookup(const char *name, wn_word *tid)
{
	wn_word a[IG_NAME_WORDS];
	pack(a, name);
	return wn_iguana(IG_NAME_LOOKUP, a, IG_NAME_WORDS, tid, 1);
}

long wn_name_register(const char *name)
{
	wn_word a[IG_NAME_WORDS];
	pack(a, name);
	return wn_iguana(IG_NAME_REGISTER, a, IG_NAME_WORDS, 0, 0);
}

long wn_ms_create(wn_word pages, unsigned rights, void **base, wn_word *cap)
{
	wn_word a[2] = { pages, rights }, o[2] = { 0, 0 };
	long st = wn_iguana(IG_MS_CREATE, a, 2, o, 2);
	*base = (void *)o[0];
	*cap = o[1];
	return st;
}

/* arch/<arch>/vfork.S, where the C library's vfork is fork (musl on aarch64 and riscv64). */
long wn_vfork_error(long r);
long wn_vfork_error(long r)
{
	errno = (int)-r;
	return -1;
}

long wn_info(wn_word out[5])
{
	return wn_iguana(IG_INFO, 0, 0, out, 5);
}
