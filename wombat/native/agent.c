/*
 * The agent: the L4 thread of a native-mode process's own protection domain
 * (docs/native-mode.md). The process runs on Wombat's vCPU and cannot block
 * in an IPC; this thread, in the same address space, does each IPC the
 * program asks for in the request block (wn_req, in the image) and reports
 * to Wombat, which wakes the program. It runs only code and data of the
 * image (Iguana maps all of it at once) and its UTCB: no libc, no TLS, no
 * stack protector (its thread pointer is not the program's).
 */
#include <l4/syscalls.h>
#include <wombat_native.h>

extern struct wn_request wn_req;
void wn_agent(void) __attribute__((noreturn));

void wn_agent(void)
{
	l4_word *mr = l4_utcb()->mr;

	for (;;) {
		struct l4_msg m = { 0 };

		l4_receive(L4_NOTIFYONLY, L4_TIMEOUT_NEVER, &m);     /* Wombat's kick */
		while (wn_req.done != wn_req.seq) {
			unsigned long seq = wn_req.seq, u;

			__atomic_thread_fence(__ATOMIC_ACQUIRE);
			u = L4_TAG_U(wn_req.tag);
			for (unsigned long i = L4_MR_REGS; i < u && i < WN_MRS; i++)
				mr[i] = wn_req.mr[i];
			m.tag = wn_req.tag;
			for (int i = 0; i < L4_MR_REGS; i++)
				m.mr[i] = wn_req.mr[i];
			l4_ipc(wn_req.to, wn_req.from, wn_req.timeouts, &m);
			/* A kick that came while waiting for anyone is not a message. */
			while (m.err == L4_OK && wn_req.from == L4_ANYTHREAD && L4_TAG_LABEL(m.tag) == L4_LABEL_NOTIFY)
				l4_receive(L4_ANYTHREAD, wn_req.timeouts >> 32, &m);
			wn_req.tag = m.tag;
			for (int i = 0; i < L4_MR_REGS; i++)
				wn_req.mr[i] = m.mr[i];
			u = L4_TAG_U(m.tag);
			for (unsigned long i = L4_MR_REGS; i < u && i < WN_MRS; i++)
				wn_req.mr[i] = mr[i];
			wn_req.rfrom = m.from;
			wn_req.err = m.err;
			__atomic_thread_fence(__ATOMIC_RELEASE);
			wn_req.done = seq;
			l4_notify(wn_req.wombat_tid, wn_req.wombat_bit);
		}
	}
}
