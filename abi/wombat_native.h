/* Native mode, the interface between a native-mode Linux program's library
 * (wombat/native/libnative.c) and Wombat (wombat/os-L4/um/native.c): the
 * ioctls of /dev/iguana. docs/native-mode.md has the model. Plain C types
 * only (64-bit words on every architecture): the Linux side includes it
 * among kernel headers, the library among libc's. */
#ifndef WOMBAT_NATIVE_H
#define WOMBAT_NATIVE_H

#define WN_DEVICE "/dev/iguana"

/* WN_INIT: the calling process (its address space) becomes native. In:
 * image_pages. Out: the image section's base (an address of Iguana's
 * shared layout), Iguana's thread, Wombat's thread and the notification
 * bit the agent raises there. Also maps the shared window [IG_SHARED_BASE,
 * IG_SHARED_TOP) as a reserved mapping of /dev/iguana (Linux keeps out).
 * Errors: EPERM native mode is off (no native= in Wombat's boot config),
 * EBUSY already native, EEXIST something is mapped in the window, EINVAL a
 * bad size, ENOMEM Iguana has no room. */
struct wn_init {
	unsigned long image_pages;
	unsigned long image_base, iguana_tid, wombat_tid, wombat_bit;
};
/* WN_AGENT: start the process's agent, the L4 thread (in its own space, at
 * Wombat's priority, paged by Iguana) that makes its Iguana calls. In: ip,
 * sp (inside the image: only sections are mapped for it). Out: its tid. */
struct wn_agent {
	unsigned long ip, sp, tid;
};
/* WN_WAIT: if kick, wake the agent (a notification, bit 0); then sleep until
 * an agent has finished something since the caller saw gen (every agent's
 * completion counts: the caller checks its own request). Out: gen now.
 * Interrupted by a signal: EINTR, or restarted (SA_RESTART). */
struct wn_wait {
	unsigned long gen, kick;
};

/* WN_INFO: for a native process, what WN_INIT said (image_pages and
 * image_base 0); EPERM for any other. */

#define WN_IOC_INIT  0x574e0001UL
#define WN_IOC_AGENT 0x574e0002UL
#define WN_IOC_WAIT  0x574e0003UL
#define WN_IOC_INFO  0x574e0004UL

/* The request block the program and its agent share (in the image): one
 * L4 IPC at a time, the agent's registers and UTCB filled from it. */
#define WN_MRS 64
struct wn_request {
	volatile unsigned long seq, done;          /* program: seq++ to ask; agent: done = seq when answered */
	unsigned long to, from, timeouts;          /* l4_ipc()'s arguments */
	unsigned long tag, mr[WN_MRS];             /* in: the message; out: the reply */
	unsigned long rfrom, err;                  /* out: the sender, the IPC's error code */
	unsigned long wombat_tid, wombat_bit;      /* where the agent reports */
};
#endif
