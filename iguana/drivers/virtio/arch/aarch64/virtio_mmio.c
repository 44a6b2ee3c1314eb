/* virt's virtio-mmio transport (iguana/drivers/virtio/mmio/virtio_mmio.c) on aarch64. */
#include "../../virtio_dev.h"
/* Stores to normal memory complete before a store to device memory. */
static inline void io_barrier(void) { __asm__ volatile("dsb sy" ::: "memory"); }
#include "../../mmio/virtio_mmio.c"
