/* The boot configuration: which domains to start, and how. */
#ifndef IG_CONFIG_H
#define IG_CONFIG_H
#include <stdint.h>

#define CFG_MAX_DOMAINS 24
#define CFG_CHILD_DOMAINS 16
#define CFG_IO     1
#define CFG_ADMIN  2
#define CFG_EAGER  4      /* map every page of the domain before it starts */
#define CFG_POWEROFF 8    /* onexit=poweroff: when it exits or fails, power the machine off */
#define CFG_RESTART 16    /* onexit=restart: when it exits or fails, start it again */
#define CFG_KMEM_REST 32  /* kmem=rest: the kernel frames no other domain was promised */
#define CFG_DMA    64     /* dma: may learn the physical addresses of sections it owns (a driver that programs DMA) */
#define CFG_RESTART_FAIL 128 /* onfail=restart: when it fails (non-zero exit, fault, exception), start it again; a clean exit follows onexit= */
#define IG_ARGS_MAX 1024
#define CFG_MAX_MMIO 4    /* mmio= ranges per domain (ig_startinfo.mmio) */
#define CFG_MMIO_PAGES 256
#define CFG_MAX_DEV 4     /* device= per domain (ig_startinfo.dev) */
#define CFG_DEV_NAME 12   /* l4_bootinfo.dev[].name */
#define CFG_MAX_IRQ 31    /* irq=N: lines 1..31 (the kernel refuses what the board cannot bind) */

struct dom_cfg {
	char name[32], module[64];
	char *args;           /* the rest of the line (malloc'ed; NULL: none), under IG_ARGS_MAX bytes */
	unsigned prio, quota, heap, flags;
	unsigned domains;     /* child domains it may have at once (default CFG_CHILD_DOMAINS) */
	unsigned ram;         /* pages of RAM placed right after the image (the Linux server's) */
	unsigned kmem;        /* kernel frames it may cause (kmem=; 0: derived, see loader.c) */
	unsigned quota_set;   /* quota= was given (else derived from what is loaded) */
	uint32_t irqs;        /* bit n: may attach IRQ n */
	unsigned nmmio;       /* mmio=PA:PAGES: device pages mapped into it at start */
	struct { uint64_t pa; unsigned pages; } mmio[CFG_MAX_MMIO];
	unsigned ndev;        /* device=NAME: the board's device (boot info), its registers and line */
	char dev[CFG_MAX_DEV][CFG_DEV_NAME];
	char native[96];      /* native=NAME,...: its native-mode child domains may look up or register
	                         these names (and call Iguana); empty: it may make none native */
};

/* Parses text[0..len): lines "domain NAME MODULE [prio=N] [quota=PAGES]
 * [heap=PAGES] [ram=PAGES] [domains=N] [io] [mmio=PA:PAGES] [device=NAME]
 * [admin] [eager] [dma] [irq=N] [native=NAME,...] [onexit=poweroff|restart] [-- ARGS]", '#' comments. A bad line is
 * skipped with a message in errs (one line per error, naming the line);
 * returns the number of good domains. */
int config_parse(const char *text, unsigned long len, struct dom_cfg *out, int max,
		 char *errs, unsigned long errlen);
#endif
