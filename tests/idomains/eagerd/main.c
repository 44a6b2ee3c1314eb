/* eagerd: started with `eager ram=`: with its own page faults redirected to itself
 * (vCPU mode), it touches all its memory; any fault means something was not mapped. */
#include <iguana/libiguana.h>
#include <stdio.h>

static volatile unsigned long faults;
static unsigned long upcall_stack[512];

void eager_upcall(struct l4_vcpu_state *v)
{
	faults++;
	printf("eagerd: fault at %lx\n", v->fault_addr);
	ig_exit(2);
}
extern char eager_entry[];           /* arch/<arch>/entry.c: calls eager_upcall(state page) */

int main(struct ig_startinfo *si)
{
	extern char _end[];
	if (si->ram_pages != 512 || si->ram_base != (((l4_word)_end + 4095) & ~4095UL))
		return 3;                 /* RAM must follow the image directly */
	l4_word slot = L4_UTCB_AREA + 64 * 4096;
	if (l4_vcpu_ctrl(slot, (l4_word)eager_entry, (l4_word)&upcall_stack[512], L4_VCPU_F_OWN_PF) != L4_OK)
		return 4;
	volatile char *ram = (volatile char *)si->ram_base;
	unsigned long sum = 0;
	for (l4_word i = 0; i < si->ram_pages; i++) {
		ram[i * 4096] = (char)i;
		sum += ram[i * 4096];
	}
	volatile char *heap = (volatile char *)si->heap_base;
	for (l4_word i = 0; i < si->heap_pages; i++)
		heap[i * 4096] = 1;
	l4_vcpu_ctrl(0, 0, 0, 0);
	printf("eagerd: %lu RAM pages at %lx, no faults (sum %lu)\n", si->ram_pages, si->ram_base, sum);
	return faults ? 2 : 0;
}
