/* Iguana server internals: frames, sections, capabilities, domains, names, requests.
 * The protocol is abi/iguana_abi.h. */
#ifndef IGUANA_SERVER_H
#define IGUANA_SERVER_H
#include <l4/syscalls.h>
#include <iguana_abi.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include "config.h"

#define PAGE 4096UL
#define VA_TOP (L4_UTCB_AREA - 0x20000000UL)   /* the shared layout ends below the root stack and the UTCBs (l4_arch.h) */
#define MAX_MS    512
#define MAX_PDS   4096      /* Wombat: one per Linux process */
#define MAX_CAPS  (2 * MAX_PDS)
#define MAX_NAMES 32
#define MAX_THREADS_PER_PD 16
#define MAX_ATTACH 32

/* A request (serve.c): an L4 call from a domain's thread whose label is the
 * operation (IG_*), MR0.. its arguments. Its handler, beside the object it
 * concerns, fills out[] (nout words) and returns the IG_* status of the
 * reply, or REQ_NO_REPLY when there is none (the caller is gone). */
struct pd;
struct request {
	struct pd *pd;            /* the calling domain */
	l4_word from;             /* the calling thread */
	l4_word op;               /* the label, IG_* */
	l4_word arg[8];
	l4_word out[8];           /* the results after the status */
	int nout;
};
#define REQ_NO_REPLY (-1)
typedef int request_fn(struct request *rq);

/* frames.c: physical memory Iguana received from the kernel. */
void frames_init(struct l4_bootinfo *bi);
l4_word frame_alloc(void);            /* physical address, or 0 */
void frame_free(l4_word pa);
l4_word frames_free_count(void);
l4_word frames_total(void);
l4_word frames_reserve(l4_word n);
l4_word frames_alloc_contig(l4_word n);  /* n frames at consecutive addresses: the first's, or 0 */    /* n contiguous frames for Iguana itself: the first's address, or 0 */

/* memsection.c */
struct ms {
	bool used;
	l4_word base, pages;
	l4_word *frames;          /* physical address of each page (0 = not yet) */
	struct pd *owner;
	unsigned rights;
	struct pd *dma;           /* the dma domain it is lent to (IG_MS_LEND), or NULL */
	l4_word watch;            /* that domain's struct ig_dma_watch (IG_MS_WATCH), 0: none yet */
	bool dying;               /* deleted while lent: unmapped everywhere, frames kept for the device */
	bool dev_known;           /* its owner (a dma domain) learned its frames: its device may use them */
	struct pd *held_for;      /* dying, kept until this dma domain's next instance resets its device */
};
struct ms *ms_create(struct pd *owner, l4_word base, l4_word pages, unsigned rights, int *err);
void ms_delete(struct ms *m);
struct ms *ms_find(l4_word addr);
l4_word ms_page(struct ms *m, l4_word addr);    /* Iguana's address of the page, allocating it */
l4_word va_alloc(l4_word pages);
void ms_delete_owned(struct pd *p);
void ms_release_lent(struct pd *p);             /* p's borrowed sections given back (p ends) */
l4_word ms_count(void);
l4_word ms_held_pages(struct pd *p);           /* pages kept for p's device (IG_DEV_RESET) */
request_fn req_dev_reset, req_ms_create, req_ms_delete, req_ms_info, req_ms_attach, req_ms_detach, req_ms_grant,
	req_ms_share, req_ms_phys, req_ms_lend, req_ms_watch;

/* cap.c */
enum cap_kind { CAP_NONE, CAP_MS, CAP_PD, CAP_THREAD };
l4_word cap_new(enum cap_kind kind, void *obj, struct pd *holder);
void *cap_check(l4_word token, enum cap_kind kind, struct pd *caller);
void cap_drop_holder(struct pd *holder);
void cap_drop_object(void *obj);
void cap_drop_object_but(void *obj, struct pd *keep);   /* every capability to obj but keep's */
void cap_drop_held(void *obj, struct pd *holder);       /* holder's capabilities to obj */
l4_word cap_count(void);

/* pd.c */
struct attach { struct ms *ms; unsigned rights; };
struct pd {
	bool used;
	int state;                /* IG_DS_* */
	struct dom_cfg cfg;       /* boot-config domains; name only for child domains */
	l4_word space, cap, pages_used, restarts;
	struct pd *parent;
	unsigned nchildren;        /* child domains in use (pd_new, pd_release) */
	struct attach att[MAX_ATTACH];
	l4_word threads[MAX_THREADS_PER_PD];
	unsigned utcb_next;
	bool private_space;
	bool native;              /* a native-mode Linux process (IG_PD_NATIVE): its sections mapped at once */
	struct ms *startinfo;
	l4_word kmem;             /* kernel frames its account may hold (0: pays into its parent's) */
};
extern struct pd pds[MAX_PDS];
extern l4_word iguana_tid, iguana_space;
struct pd *pd_new(const char *name, unsigned quota, struct pd *parent, bool private_space);
void pd_reclaim(struct pd *p);                  /* threads, sections, caps, names: all gone */
unsigned pd_children(struct pd *parent);
int pd_attach(struct pd *p, struct ms *m, unsigned rights);
void pd_detach(struct pd *p, struct ms *m);
struct attach *pd_attached(struct pd *p, l4_word addr);
struct pd *pd_of_thread(l4_word tid);
struct pd *pd_by_name(const char *name);
int pd_thread_new(struct pd *p, l4_word ip, l4_word sp, unsigned prio, l4_word arg, l4_word *tid);
void pd_stop(struct pd *p, const char *why, int state);
void pd_thread_delete(struct pd *p, l4_word tid);
request_fn req_pd_create, req_pd_delete, req_thread_create, req_thread_delete, req_thread_prio, req_pd_who,
	req_pd_native;
bool pd_native_may_use(struct pd *p, const char *name);   /* a name its parent's native= list has */

/* loader.c */
struct module { l4_word va, size; char name[64]; };
extern struct module modules[L4_BI_MAXMODS];
extern int nmodules;
struct device_range { l4_word start, size, irq; char name[12]; };
extern struct device_range devices[L4_BI_MAXDEV];   /* the board's, from the boot info (main.c) */
bool pd_device_irq(struct pd *p, l4_word irq);      /* irq is the line of one of its device= */
extern int ndevices;
int domain_start(struct pd *p);       /* load cfg.module, start it; IG_* status */
void kmem_budget_init(void);
l4_word kmem_budget_share(l4_word fixed, l4_word n);
l4_word kmem_budget_take(l4_word frames);
l4_word domain_plan(struct dom_cfg *c);  /* derive its quota; kernel frames it will take (0: kmem=rest) */

/* naming.c */
int name_register(const char *name, l4_word tid, struct pd *p);
l4_word name_lookup(const char *name);
void names_drop(struct pd *p);
void name_from_words(const l4_word *w, char *out);   /* out: IG_NAME_WORDS * 8 bytes */
request_fn req_name_register, req_name_lookup;

/* domain.c */
void boot_domains(void);              /* those of the boot configuration */
int domain_restart(struct pd *q);     /* a stopped or failed one again, in a fresh space; IG_* status */
void domain_ended(struct pd *p, l4_word code);   /* it ended by itself: its onexit= */
request_fn req_exit, req_info, req_irq_attach, req_domain_list, req_domain_control, req_shutdown;

/* serve.c */
void serve(void) __attribute__((noreturn));
#endif
