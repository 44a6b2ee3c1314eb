/* The hooks generic kernel code calls; every arch/<isa>/ implements this set. */
#ifndef ARCH_H
#define ARCH_H
#include <types.h>
#include <arch_frame.h>
#include <arch_config.h>       /* ARCH_NR_IRQS, ARCH_TIMER_MIN_NS, ARCH_DIRECT_MAX, ARCH_NAME,
                                  ARCH_HAS_FASTPATH, ARCH_SERVER_SAVE_WORDS */

struct tcb;
struct space;

/* Boot and CPU. The architecture's entry sets up the platform and the CPU,
 * fills struct boot_params (kernel.h) and calls kmain(). */
void arch_platform_init(void);                /* debug console, interrupt controller, clock */
void arch_cpu_init(void);
void arch_mmu_init(void);                     /* called by kmain: the kernel's final mappings */
void arch_debug_putc(char c);
void arch_halt_forever(void) __attribute__((noreturn));
void arch_poweroff(uint64_t code) __attribute__((noreturn));
void arch_idle(void);                        /* wait for an interrupt, interrupts on */
void arch_zero_bytes(void *p, uint64_t bytes, bool irqs_on);  /* bytes: a multiple of 8; irqs_on: only for memory no one else sees */
void arch_fastpath_enable(bool on);          /* IPC fast path on or off (default off); never
                                                on without ARCH_HAS_FASTPATH */

/* Threads: kernel stack, first entry, switch, user frame. */
void arch_thread_init(struct tcb *t, uint64_t entry_ret);  /* prepare kernel stack */
void arch_switch_to(struct tcb *prev, struct tcb *next);
struct frame *arch_user_frame(struct tcb *t);
void arch_frame_init_user(struct frame *f, uint64_t ip, uint64_t sp);
void arch_frame_to_words(struct tcb *t, const struct frame *f, uint64_t *w);   /* L4_FR_* order */
void arch_words_to_frame(struct tcb *t, struct frame *f, const uint64_t *w);
uint64_t arch_sanitize_flags(struct space *s, uint64_t rflags);
void arch_set_tls_bases(struct tcb *t, uint64_t tls0, uint64_t tls1);
bool arch_user_addr_ok(uint64_t va);           /* an address user code may run at or use as a base */

/* FPU state. */
uint32_t arch_fpu_size(void);
void arch_fpu_init_state(struct tcb *t);
void arch_fpu_sync(struct tcb *t);           /* write live registers back to t's area */
void arch_fpu_forget(struct tcb *t);         /* t's area changed or t died */
void arch_fpu_take(struct tcb *t);           /* current t's area into the FPU now, as its first use would */
int arch_fpu_sanitize(void *area);

/* Page tables: one root per space; rights are L4_R/W/X, plus L4_DEVICE for
 * device memory (aarch64 Device-nGnRE, x86_64 uncached) on every map and protect
 * of a page mapped so. */
int arch_pt_create(struct space *s);
bool arch_pt_destroy(struct space *s);        /* false: preempted, call again */
bool arch_pt_trim(struct space *s);           /* free the tables of a space without mappings; false: preempted */
int arch_pt_map(struct space *s, uint64_t va, uint64_t pa, unsigned rights);
void arch_pt_unmap(struct space *s, uint64_t va);
void arch_pt_protect(struct space *s, uint64_t va, unsigned rights);
int arch_pt_lookup(struct space *s, uint64_t va, uint64_t *pa);
uint64_t *arch_pt_child(uint64_t entry);        /* the table a valid upper entry points to (a leaf's:
                                                   its page); NULL: not valid (pt_next, pt_free_below) */
int arch_tlb_tagged(void);
void arch_space_activate(struct space *s);
void arch_frame_save_server(uint64_t *save, const struct frame *f);   /* ARCH_SERVER_SAVE_WORDS words */
void arch_frame_restore_server(struct frame *f, const uint64_t *save);
bool arch_frame_is_user(const struct frame *f);

/* Time and interrupts. */
uint64_t arch_clock_ns(void);
uint64_t arch_clock_khz(void);
/* The clock's counter (readable in user mode) at its zero, and the ns per
 * tick in 32.32 fixed point: arch_clock_ns() = (counter - base) * mult >> 32
 * (L4_KI_CLOCK_BASE/MULT, for user-mode clocks such as Wombat's vDSO). */
uint64_t arch_clock_base(void);
uint64_t arch_clock_mult(void);
/* The board's real-time clock now, ns since 1970-01-01 UTC (read once at
 * boot, for L4_KI_WALLCLOCK); 0 if the board has none. */
uint64_t arch_rtc_ns(void);
/* Set the one-shot for deadline_ns, never early; returns when it will
 * fire (at least ARCH_TIMER_MIN_NS from now). */
uint64_t arch_timer_program(uint64_t deadline_ns);
void arch_irq_mask(unsigned irq);
void arch_irq_unmask(unsigned irq);
bool arch_irq_bindable(uint64_t irq);          /* a device line user space may bind */
/* The board's devices user-mode drivers may have: up to max into d (each a
 * page-aligned MMIO range or none, an interrupt line, a name); returns how
 * many. The root task maps the ranges with MAP_PHYS and L4_DEVICE and binds
 * the lines (l4_bootinfo.dev). */
struct boot_dev;
int arch_devices(struct boot_dev *d, int max);
#endif
