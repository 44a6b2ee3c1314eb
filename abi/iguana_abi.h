/* Iguana's protocol, the ABI between the root server and its domains: requests
 * to Iguana, a domain's start info, the console, timer and real-time protocols.
 * Server side: iguana/server/server.h; client library: lib/libiguana (<iguana/libiguana.h>). */
#ifndef IGUANA_ABI_H
#define IGUANA_ABI_H
#include <stdint.h>

/*
 * Every request is an L4 call to the Iguana server thread: the tag's label is
 * the operation, MR0.. its arguments. The reply's MR0 is a status (IG_OK or
 * IG_E*), MR1.. the results. Capabilities are 64-bit tokens Iguana hands out
 * (a table slot, a generation and 32 random bits); Iguana checks on every
 * request that the token is live, names an object of the right kind and
 * belongs to (was given to) the calling domain.
 */
enum ig_op {
	IG_MS_CREATE = 1,     /* (pages, rights) -> (base, cap): a section at a fresh shared address, attached to the caller */
	IG_MS_DELETE,         /* (ms cap) */
	IG_MS_ATTACH,         /* (pd cap, ms cap, rights): attach a section to a domain */
	IG_MS_DETACH,         /* (pd cap, ms cap) */
	IG_MS_GRANT,          /* (ms cap, pd cap) -> (new cap): give another domain a right to the section */
	IG_PD_CREATE,         /* (quota pages, flags) -> (pd cap, space id) */
	IG_PD_DELETE,         /* (pd cap) */
	IG_THREAD_CREATE,     /* (pd cap, ip, sp, prio) -> (tid, thread cap) */
	IG_THREAD_DELETE,     /* (thread cap) */
	IG_NAME_REGISTER,     /* (name words x4) registers the caller thread under a name */
	IG_NAME_LOOKUP,       /* (name words x4) -> (tid): the caller may then send to it, and it may notify the caller */
	IG_EXIT,              /* (code): the calling domain ends (IG_EXIT_RESTART: and starts again) */
	IG_INFO,              /* -> (free frames, live caps, domains, quota used, quota) */
	IG_IRQ_ATTACH,        /* (irq, bit): bind an IRQ the boot config gave this domain */
	IG_DOMAIN_LIST,       /* (index) -> (state, name words x4, restarts, pages used, pages held for its
	                         device: IG_DEV_RESET); admin only */
	IG_DOMAIN_STOP,       /* (name words x4); admin only */
	IG_DOMAIN_START,      /* (name words x4); admin only */
	IG_DOMAIN_RESTART,    /* (name words x4); admin only */
	IG_MS_INFO,           /* (ms cap) -> (base, pages) */
	IG_SHUTDOWN,          /* (code): power the machine off; admin only */
	IG_MS_SHARE,          /* (ms cap, tid, rights) -> (new cap): the owner attaches its section to the
	                         domain of thread tid (a client it serves) and gives that domain a capability */
	IG_MS_PHYS,           /* (ms cap, page) -> (physical address): dma domains only, sections they own */
	IG_PD_WHO,            /* (tid) -> (flags, name words x4): the boot-config domain thread tid belongs to;
	                         flags IG_WHO_CHILD: the thread is in a child domain of it */
	IG_PD_NATIVE,         /* (pd cap, image pages) -> (image base): a private child domain (a Linux process
	                         of Wombat's) becomes a native-mode domain (docs/native-mode.md): its system
	                         calls still go to its owner, but its threads may call Iguana and the servers
	                         its parent's boot-config native= list names, and sections attached to it are
	                         mapped at once. image base: a range of image pages of the shared layout,
	                         reserved for its program (its owner backs it). IG_EPERM: the caller's boot
	                         config has no native= */
	IG_MS_LEND,           /* (ms cap, tid) -> (new cap): the owner lends its section to the dma domain of
	                         thread tid (a driver) for its device to reach by DMA (zero-copy I/O): not
	                         mapped there; that domain names its ig_dma_watch (IG_MS_WATCH), may then ask
	                         IG_MS_PHYS of it, and gives it back with IG_MS_DELETE. One borrower at a
	                         time (IG_EBUSY); IG_EINVAL if tid's domain is not a dma domain */
	IG_MS_WATCH,          /* (ms cap, address, tid): the borrower's ig_dma_watch for a section lent to
	                         it, in a section of its own, and the thread it serves with it, which must
	                         be of the section's owner (IG_EPERM otherwise); once per lend (IG_EBUSY) */
	IG_THREAD_PRIO,       /* (tid, below) -> (prio): a thread of the caller's own domain runs at the domain's
	                         boot-config priority minus `below` (Wombat's vCPU thread one below its disk
	                         agent: blkhost.c); IG_EPERM for another domain's thread, IG_EINVAL if below
	                         exceeds the priority */
	IG_DEV_RESET,         /* () -> (pages freed): the calling dma domain has reset its device, which no
	                         longer reaches memory an earlier instance of the domain gave it; Iguana frees
	                         what it kept of those instances for that reason (docs/iguana.md, "DMA").
	                         IG_EPERM without dma */
};

/* The handshake that keeps a lent section's frames alive while its
 * borrower's device may use them (IG_MS_LEND). The borrower increments
 * `inflight` before it checks `revoked` (and gives up if set) for each
 * request it puts on its device, and decrements it when the device is
 * done; when the owner deletes the section, Iguana sets `revoked` before
 * it reads `inflight`: 0 and the frames are freed at once, otherwise they
 * stay (unmapped everywhere) until the borrower, with `revoked` seen and
 * nothing in flight, gives the section back (IG_MS_DELETE), or ends. */
struct ig_dma_watch { volatile uint64_t inflight, revoked; };

enum {
	IG_OK = 0,
	IG_EINVAL,            /* malformed request */
	IG_ECAP,              /* capability forged, stale, of the wrong kind or not the caller's */
	IG_ENOMEM,            /* out of physical memory */
	IG_EQUOTA,            /* the domain's memory quota (pages) or domain quota (domains=) would be exceeded */
	IG_ENOENT,            /* no such name or domain */
	IG_EPERM,             /* operation not allowed to this domain */
	IG_EEXIST,            /* name already registered */
	IG_EBUSY,
	IG_EIO,               /* the device reported an error */
};

#define IG_MS_R 1
#define IG_MS_W 2
#define IG_MS_X 4
#define IG_MS_CONTIG 8        /* IG_MS_CREATE: frames at consecutive physical addresses, allocated at once
                                 (dma domains only: a virtqueue, a DMA buffer) */
#define IG_WHO_CHILD 1
#define IG_PD_PRIVATE 1       /* a private address space (Linux processes): the creator owns it
                                 (maps into it with L4_SYS_MAP_TO, runs it on its vCPU) and pages it */
#define IG_PD_FOREIGN 2       /* with PRIVATE: syscall/int 0x80 in it are redirected (Linux binaries) */
#define IG_NAME_WORDS 4       /* names are up to 31 bytes, packed in 4 words */
#define IG_PRIO_CREATOR 0xffffu   /* IG_THREAD_CREATE: the creating domain's own priority */

/* The shared layout: Iguana places the sections it picks addresses for in
 * [IG_SHARED_BASE, IG_SHARED_TOP). Native-mode Linux processes keep that
 * window free of Linux mappings, so a section is at the same address in
 * them as in every other domain. */
#define IG_SHARED_BASE 0x100000000ULL
#define IG_SHARED_TOP  0x2000000000ULL
/* Pages a native-mode process's domain may own: its image and the sections it creates. */
#define IG_NATIVE_QUOTA 4096

/* Domain states in IG_DOMAIN_LIST. */
enum { IG_DS_NONE, IG_DS_RUNNING, IG_DS_STOPPED, IG_DS_FAILED };

/* The start info page: its address is in rdi when a domain's first thread starts. */
#define IG_START_MAGIC 0x4947554e41ULL
struct ig_startinfo {
	uint64_t magic;
	uint64_t iguana_tid;       /* where requests go */
	uint64_t pd_cap;           /* the domain's own capability */
	uint64_t heap_base, heap_pages;   /* a section for malloc */
	uint64_t stack_base, stack_pages;
	uint64_t utcb_next;        /* first free UTCB slot for threads this domain creates */
	uint64_t flags;            /* IG_SI_* */
	uint64_t seg_caps[4];      /* capabilities to the domain's own ELF segments, in order */
	uint64_t seg_base[4];
	uint64_t ram_base, ram_pages;  /* boot-config ram=: right after the image, 0 if none */
	char name[32];
	char args[1024];           /* the rest of the boot-config line */
	uint64_t mmio[4];          /* where each boot-config mmio= range is mapped (device memory), in order; 0: none */
	uint64_t seed[4];          /* random words for the domain's arch_entropy (libc), fresh every start */
	struct {
		uint64_t regs;         /* where the device's registers are mapped (device memory); 0: none (port I/O) */
		uint64_t irq;          /* its interrupt line (ig_irq_attach), L4_BI_NOIRQ if none */
	} dev[4];                  /* each boot-config device=NAME, in order */
	uint64_t ram_cap;          /* the domain's capability to its ram= section (IG_MS_LEND), 0 if none */
	uint64_t boot_seed[4];     /* 32 more fresh bytes of Iguana's generator, for the domain's own random
	                              generator to start from (Wombat: Linux's boot seed); good when
	                              flags has IG_SI_SEEDED */
};
/* An exit code that asks Iguana to start the domain again, whatever its
 * boot-config onexit= says (Wombat: Linux's reboot). */
#define IG_EXIT_RESTART 0x5245
#define IG_SI_ADMIN 1
#define IG_SI_SEEDED 2   /* Iguana's generator had a hardware source (RDRAND, the board's rng-seed): the
                            seeds are as unpredictable as it; without, they follow the boot's timing */

/* Console server (registered as "console"): calls with these labels. */
enum {
	CONS_OPEN = 1,        /* (name words x4) -> (session): one stream per client; the session is an
	                         unguessable token only the opening domain's threads may use */
	CONS_WRITE,           /* (session, len) bytes in MR2.. (up to 400 bytes) */
	CONS_READ,            /* (session, max) -> (len, bytes in MR2..): blocks until input for this session */
	CONS_FOCUS,           /* (session): make this session the foreground, which gets input */
	CONS_STATS,           /* -> (sessions, bytes out, bytes in, irqs) */
	CONS_POLL,            /* (session, max, bit) -> (len, bytes in MR2..): never blocks; when it returns
	                         nothing, the caller's notification bit `bit` is raised once input arrives */
};

/* Timer service (registered as "timer"). */
enum {
	TIMER_SLEEP_UNTIL = 1,    /* (ns since boot) -> (now): replied at that time */
	TIMER_NOW,                /* -> (ns) */
	TIMER_PERIODIC,           /* (first ns, period ns, bit): notify the caller each period; period 0 stops */
};

/* Block service (registered as "blk"; iguana/drivers/blk, docs/virtio.md): the one
 * driver of a virtio-blk disk. Each client domain gets a region of the disk
 * (the driver's boot config: disk=DOMAIN:START:SECTORS) and, per session, a
 * buffer section the driver owns and shares with it: data travels there,
 * never in message registers, and the device reaches it by DMA the driver
 * programs. Sectors are relative to the region; requests outside it, or
 * outside the buffer, are refused. */
#define BLK_SECTOR 512
#define BLK_MAX_SEGS 256          /* segments of a BLK_READV/BLK_WRITEV request */
#define BLK_OPEN_ZEROCOPY 1       /* BLK_OPEN's flags: the lent memory was taken (BLK_READV, BLK_WRITEV) */
struct blk_seg { uint64_t off, len; };   /* bytes of the lent section, within one page */
enum {
	BLK_OPEN = 1,             /* (lent memory cap or none) -> (session, buffer base, buffer pages, region
	                             sectors, buffer cap, flags): IG_EPERM if the caller's domain has no region
	                             (or is a child domain). The cap: a section of the caller's lent to the
	                             driver (IG_MS_LEND) for zero-copy requests; flags say if it was taken */
	BLK_READ,                 /* (session, sector, count, offset): count sectors from the region's sector
	                             into the buffer at byte offset; replied when the device has done it */
	BLK_WRITE,                /* (session, sector, count, offset): from the buffer to the disk */
	BLK_CLOSE,                /* (session) */
	BLK_STATS,                /* -> (sessions, requests done, irqs, refused, disk sectors) */
	BLK_FLUSH,                /* (session): replied when every write the driver has replied to is
	                             stable (the device's write cache flushed; at once without one) */
	BLK_READV,                /* (session, sector, count, nseg): count sectors into the lent memory at
	                             the nseg struct blk_seg at the start of the buffer (zero-copy) */
	BLK_WRITEV,               /* (session, sector, count, nseg): from the lent memory to the disk */
};

/* Network service (registered as "net"; iguana/drivers/net, docs/virtio.md): the one
 * driver of a virtio-net card, shared by several clients. A session's buffer
 * is a section the driver owns and shares with the client: a header page
 * (struct net_ring), then NET_RX_SLOTS receive slots, then NET_TX_SLOTS send
 * slots, NET_SLOT bytes each. Frames are Ethernet frames without the FCS,
 * 14 to NET_FRAME_MAX bytes. Received frames go to the session that claimed
 * their IPv4 UDP/TCP destination port (NET_CLAIM), all others to the
 * session of the default client (the driver's boot config: default=DOMAIN).
 * The driver copies each into the next free receive slot, then notifies the
 * client's bit (given at NET_OPEN) if the ring was empty before: the client
 * takes frames from rx_tail to rx_head, then stores rx_tail. A frame that
 * finds the ring full is dropped (and counted). */
#define NET_SLOT      2048
#define NET_FRAME_MAX 1514
#define NET_RX_SLOTS  128
#define NET_TX_SLOTS  8
#define NET_RX_OFF    4096
#define NET_TX_OFF    (NET_RX_OFF + NET_RX_SLOTS * NET_SLOT)
#define NET_BUF_PAGES ((NET_TX_OFF + NET_TX_SLOTS * NET_SLOT) / 4096)
struct net_ring {
	volatile uint32_t rx_head;                 /* driver: frames put in slots so far (slot: index % NET_RX_SLOTS) */
	volatile uint32_t rx_tail;                 /* client: frames taken so far */
	volatile uint32_t rx_drops;                /* driver: frames dropped because the ring was full */
	volatile uint32_t reserved;
	volatile uint32_t rx_len[NET_RX_SLOTS];    /* driver: each slot's frame length */
	volatile uint32_t tx_len[NET_TX_SLOTS];    /* client: each send slot's frame length (NET_SENDV) */
};
enum {
	NET_OPEN = 1,             /* (bit) -> (session, buffer base, buffer pages, buffer cap, MAC in the low 6 bytes,
	                             first byte lowest): IG_EPERM if the caller's domain is not a client (boot config
	                             client=DOMAIN or default=DOMAIN; child domains never are) */
	NET_SEND,                 /* (session, slot, len): the frame in send slot `slot` onto the wire; replied once the
	                             driver has copied it (the slot is free again). Its source MAC must be the card's;
	                             a client other than the default may send only IPv4 UDP/TCP from ports it claimed */
	NET_CLAIM,                /* (session, proto, port): IPv4 frames to UDP (17) or TCP (6) port `port` go to this
	                             session; IG_EEXIST if another session has it */
	NET_CLOSE,                /* (session) */
	NET_STATS,                /* -> (sessions, frames received, frames sent, irqs, refused requests, frames dropped) */
	NET_SENDV,                /* (session, n): the frames in send slots 0..n-1 (lengths in tx_len[]) onto the wire,
	                             in order, the device told once -> (frames taken): those after the first refused
	                             are not sent; the status is that refusal's (IG_EBUSY: the device's buffers all in
	                             flight), IG_OK if all were taken. Checks as NET_SEND's, frame by frame */
};

/* Real-time task (registered as "rt"). */
enum {
	RT_STATS = 1,             /* -> (periods, misses, min ns, mean ns, max ns, p99 ns) */
	RT_HIST,                  /* -> (bucket counts in MR1.., 16 buckets of 10 us) */
	RT_RESET,
	RT_SHARE,                 /* -> (base, pages): its statistics page (struct rt_shared) lent, read-only,
	                             to the caller's domain: read in place, no copy, no call per read */
};
#define RT_BUCKETS 16
struct rt_shared {
	volatile uint64_t seq;     /* odd while the periodic thread writes: read until even and unchanged */
	volatile uint64_t period_ns, periods, misses, min_ns, max_ns, sum_ns;
	volatile uint64_t hist[RT_BUCKETS];   /* 10 us buckets, the last one open */
};

/* Echo service (registered as "iecho"; apps/iecho): an ordinary Iguana
 * domain for native-mode Linux programs to talk to (docs/native-mode.md). */
#define ECHO_PAGE_BYTES 4096
enum {
	ECHO_PING = 1,            /* (x) -> (x + 1) */
	ECHO_SHARE,               /* -> (base, pages, cap): its page, lent read-write to the caller's domain */
	ECHO_DEREF,               /* (pointer into that page) -> (length): the string there, read in place;
	                             it writes "iecho saw: STRING" at pointer + 2048 */
	ECHO_CALL,                /* (n): its client thread looks "nsvc" up and calls it n times
	                             (label 1, MR0 = x; the answer must be 2x + 1) */
	ECHO_RESULT,              /* -> (calls made, right answers, worst round trip ns, finished) */
	ECHO_LOOKUP,              /* (name words x4) -> (tid): a name looked up for iecho itself */
};
#endif
