/* virt's virtio-mmio transport (iguana/drivers/virtio/mmio/virtio_mmio.c) on riscv64. */
#include "../../virtio_dev.h"
/* Stores to memory complete before the store to the device's register. */
static inline void io_barrier(void) { __asm__ volatile("fence w, o" ::: "memory"); }
#include "../../mmio/virtio_mmio.c"
