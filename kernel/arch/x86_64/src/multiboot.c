/* The x86_64 entry from boot.S: the PC set up, then the Multiboot v1
 * information (command line, modules, memory map) into struct boot_params
 * for the generic kmain(). */
#include <kernel.h>
#include <arch.h>

struct mb_info {
	u32 flags, mem_lower, mem_upper, boot_device, cmdline, mods_count, mods_addr;
	u32 syms[4], mmap_length, mmap_addr;
};
struct mb_mod { u32 start, end, string, reserved; };
struct mb_mmap { u32 size; u64 addr, len; u32 type; } __attribute__((packed));

static struct boot_params bp;

static void copy_str(char *dst, u64 src_pa, size_t n)
{
	const char *s = src_pa ? phys_to_virt(src_pa) : "";
	size_t i = 0;
	for (; i + 1 < n && s[i]; i++)
		dst[i] = s[i];
	dst[i] = 0;
}

static void read_multiboot(u32 magic, u64 mbi_pa)
{
	extern char _kernel_end[];
	u64 end = virt_to_phys(_kernel_end);
	if (magic != 0x2BADB002)
		panic("not booted by a Multiboot loader (magic %x)", magic);
	struct mb_info *mb = phys_to_virt(mbi_pa);
	copy_str(bp.cmdline, (mb->flags & 4) ? mb->cmdline : 0, sizeof(bp.cmdline));
	struct mb_mod *mods = phys_to_virt(mb->mods_addr);
	for (u32 i = 0; (mb->flags & 8) && i < mb->mods_count && i < L4_BI_MAXMODS; i++) {
		bp.mods[i].start = mods[i].start;
		bp.mods[i].size = mods[i].end - mods[i].start;
		copy_str(bp.mods[i].cmdline, mods[i].string, sizeof(bp.mods[i].cmdline));
		if (mods[i].end > end)
			end = mods[i].end;
		bp.nmods++;
	}
	if (!(mb->flags & 64))
		panic("no memory map from the boot loader");
	for (u64 off = 0; off < mb->mmap_length && bp.nram < L4_BI_MAXMEM;) {
		struct mb_mmap *m = phys_to_virt(mb->mmap_addr + off);
		u64 s = m->addr, e = m->addr + m->len;
		if (m->type == 1 && s >= 0x100000 && e > s) {
			bp.ram[bp.nram].start = s;
			bp.ram[bp.nram++].end = e;
		}
		off += m->size + 4;
	}
	bp.free_start = end + PAGE_SIZE;        /* a page of slack for the info block */
}

void arch_kmain(u32 magic, u64 mbi_pa)
{
	arch_platform_init();
	arch_cpu_init();
	read_multiboot(magic, mbi_pa);
	kmain(&bp);
}
