/* The aarch64 trap frame as entry.S saves it, and small CPU helpers. */
#ifndef ARCH_FRAME_H
#define ARCH_FRAME_H

/* Frame layout (bytes): elr, spsr, sp_el0, esr, far, then x0..x30. */
#define FR_OFF_ELR   0
#define FR_OFF_SPSR  8
#define FR_OFF_SP    16
#define FR_OFF_ESR   24
#define FR_OFF_FAR   32
#define FR_OFF_X     40
#define FRAME_BYTES  288                  /* 5 + 31 words: a multiple of 16 */

#ifndef __ASSEMBLER__
#include <stdint.h>
struct frame {
	uint64_t elr, spsr, sp, esr, far;
	uint64_t x[31];
};
#endif

#define SPSR_EL0t    0x0
#define SPSR_USER    0xf0000000UL      /* NZCV: what user code may set */
#define SPSR_DAIF    (0xfUL << 6)

/* ESR_EL1 exception classes. */
#define EC_UNKNOWN   0x00
#define EC_FPSIMD    0x07
#define EC_SVC64     0x15
#define EC_IABT_LOW  0x20
#define EC_IABT_CUR  0x21
#define EC_PC_ALIGN  0x22
#define EC_DABT_LOW  0x24
#define EC_DABT_CUR  0x25
#define EC_SP_ALIGN  0x26
#define EC_BRK64     0x3c

/* Page faults (translation, access-flag and permission aborts, data or
 * instruction) reach generic code as this trap number: not an EC, so other
 * aborts (alignment, ...) are exceptions with theirs. L4_TRAP_PAGEFAULT. */
#define ARCH_PAGE_FAULT 0x101
#define VEC_SYSCALL  0x100

#ifndef __ASSEMBLER__
#define read_sysreg(r) ({ uint64_t _v; __asm__ volatile("mrs %0, " #r : "=r"(_v)); _v; })
#define write_sysreg(r, v) do { uint64_t _v = (uint64_t)(v); __asm__ volatile("msr " #r ", %0" :: "r"(_v)); } while (0)
static inline void isb(void) { __asm__ volatile("isb" ::: "memory"); }
static inline void dsb_ish(void) { __asm__ volatile("dsb ish" ::: "memory"); }
static inline void dsb_ishst(void) { __asm__ volatile("dsb ishst" ::: "memory"); }
static inline uint32_t mmio_read32(uint64_t a) { uint32_t v = *(volatile uint32_t *)a; __asm__ volatile("" ::: "memory"); return v; }
static inline void mmio_write32(uint64_t a, uint32_t v) { __asm__ volatile("" ::: "memory"); *(volatile uint32_t *)a = v; }
#endif
#endif
