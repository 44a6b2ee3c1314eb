/* Host shim: 4 KiB pages, as Wombat's. */
#define PAGE_SIZE 4096UL
#define PAGE_MASK (~(PAGE_SIZE - 1))
