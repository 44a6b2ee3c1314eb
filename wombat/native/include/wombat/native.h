/*
 * Native-mode programs on Wombat: the Linux API and Iguana's in one program
 * (docs/native-mode.md). Link libwombat-native.a into an ordinary static
 * position-independent Linux program (gcc -static-pie) and start it with
 * `wombat-native PROGRAM ARGS`: it is then a Linux process (pid, signals,
 * files, exit status) whose image lies in an Iguana section of the shared
 * layout, and these calls reach Iguana and the servers Wombat's boot
 * configuration allows (native=...). Every call blocks only the calling
 * process: Linux runs others meanwhile.
 *
 * Results: 0 (IG_OK, L4_OK) or a positive IG_* status (Iguana's answer) or
 * L4_E* code (an IPC's), or a negative errno when Wombat refused (-EPERM:
 * not a native process; -ENOENT: not on Wombat).
 */
#ifndef WOMBAT_NATIVE_LIB_H
#define WOMBAT_NATIVE_LIB_H
#include <stdint.h>
#include <l4.h>
#include <iguana_abi.h>

typedef uint64_t wn_word;

/* A message: tag = WN_TAG(label, words); MR0.. in mr; from: the sender (received). */
struct wn_msg {
	wn_word tag;
	wn_word mr[L4_MR_COUNT];
	wn_word from;
};
#define WN_TAG(label, n) L4_TAG((label), (n), 0)
#define WN_LABEL(tag)    L4_TAG_LABEL(tag)
#define WN_WORDS(tag)    L4_TAG_U(tag)

long wn_start(void);                       /* explicit start (each call below does it once) */
const char *wn_strerror(long status);      /* text for any result above */

/* L4 IPC from the process's own protection domain. */
long wn_ipc(wn_word to, wn_word from, wn_word timeouts, struct wn_msg *m);
long wn_call(wn_word to, struct wn_msg *m);              /* send, then wait for to's reply */
long wn_wait(struct wn_msg *m);                          /* a message from anyone */
long wn_reply_wait(wn_word to, struct wn_msg *m);        /* answer to, then wait for the next */

/* Iguana (abi/iguana_abi.h: IG_* operations and statuses). */
long wn_iguana(wn_word op, const wn_word *args, int nargs, wn_word *out, int nout);
long wn_name_lookup(const char *name, wn_word *tid);
long wn_name_register(const char *name);                  /* the process serves under name */
long wn_ms_create(wn_word pages, unsigned rights, void **base, wn_word *cap);
long wn_info(wn_word out[5]);              /* free frames, capabilities, sections, own pages, own quota */
wn_word wn_iguana_tid(void);
#endif
