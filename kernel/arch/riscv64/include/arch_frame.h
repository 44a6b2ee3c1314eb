/* The riscv64 trap frame as entry.S saves it, and small CPU helpers. */
#ifndef ARCH_FRAME_H
#define ARCH_FRAME_H
/* Frame layout (bytes): r[0] = pc (sepc), r[n] = xn (n = 1..31): Linux's
 * user_regs_struct order; then flags (the user-visible flags word: none on
 * RISC-V, always 0), sstatus, scause, stval. */
#define FR_OFF_PC     0
#define FR_OFF_FLAGS  256
#define FR_OFF_STATUS 264
#define FR_OFF_CAUSE  272
#define FR_OFF_TVAL   280
#define FRAME_BYTES   288                 /* 36 words: a multiple of 16 */

#define SSTATUS_SIE   (1UL << 1)
#define SSTATUS_SPIE  (1UL << 5)
#define SSTATUS_SPP   (1UL << 8)
#define SSTATUS_FS    (3UL << 13)
#define SSTATUS_FS_CLEAN (2UL << 13)
#define SSTATUS_SUM   (1UL << 18)
#define SIE_STIE      (1UL << 5)
#define SIE_SEIE      (1UL << 9)

/* scause exception codes (interrupts have bit 63 set). */
#define CAUSE_INSN_MISALIGNED 0
#define CAUSE_INSN_ACCESS     1
#define CAUSE_ILLEGAL         2
#define CAUSE_BREAKPOINT      3
#define CAUSE_ECALL_U         8
#define CAUSE_INSN_PAGE       12
#define CAUSE_LOAD_PAGE       13
#define CAUSE_STORE_PAGE      15
#define IRQ_S_TIMER           5
#define IRQ_S_EXT             9
/* Page faults reach generic code as this trap number (not a cause);
 * L4_TRAP_PAGEFAULT. */
#define ARCH_PAGE_FAULT 0x101

#ifndef __ASSEMBLER__
#include <stdint.h>
struct frame {
	uint64_t r[32];           /* pc, x1..x31 */
	uint64_t flags, status, cause, tval;
};
#define csr_read(c) ({ uint64_t _v; __asm__ volatile("csrr %0, " #c : "=r"(_v) :: "memory"); _v; })
#define csr_write(c, v) do { uint64_t _v = (uint64_t)(v); __asm__ volatile("csrw " #c ", %0" :: "r"(_v) : "memory"); } while (0)
#define csr_set(c, v) do { uint64_t _v = (uint64_t)(v); __asm__ volatile("csrs " #c ", %0" :: "r"(_v) : "memory"); } while (0)
#define csr_clear(c, v) do { uint64_t _v = (uint64_t)(v); __asm__ volatile("csrc " #c ", %0" :: "r"(_v) : "memory"); } while (0)
static inline uint32_t mmio_read32(uint64_t a) { uint32_t v = *(volatile uint32_t *)a; __asm__ volatile("fence i, r" ::: "memory"); return v; }
static inline void mmio_write32(uint64_t a, uint32_t v) { __asm__ volatile("fence w, o" ::: "memory"); *(volatile uint32_t *)a = v; }
static inline uint8_t mmio_read8(uint64_t a) { uint8_t v = *(volatile uint8_t *)a; __asm__ volatile("fence i, r" ::: "memory"); return v; }
static inline void mmio_write8(uint64_t a, uint8_t v) { __asm__ volatile("fence w, o" ::: "memory"); *(volatile uint8_t *)a = v; }
#endif
#endif
