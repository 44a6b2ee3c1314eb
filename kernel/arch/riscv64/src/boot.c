/* The riscv64 entry from boot.S: the device tree (memory, /chosen bootargs,
 * seeds and initrd, the 16550, the PLIC and its S-mode context, the
 * timebase), the platform and CPU set up, the boot modules out of the
 * initrd, then the generic kmain().
 *
 * Boot modules (as on aarch64): QEMU gives the kernel one -initrd. It is either a single ELF
 * (the root task, named "root") or a module archive made by
 * tools/pack-modules.py, which the kernel splits the way a Multiboot loader
 * lists its modules:
 *   0: "L4MODS01" (8 bytes), u64 count (little endian)
 *   16: count entries of 128 bytes: u64 offset (from the archive's start,
 *       a multiple of 4096), u64 size, char cmdline[112] (NUL-terminated)
 *   then the modules at their offsets. The first module is the root task.
 * The archive is moved down to the first page after the kernel image, so
 * the RAM between the kernel and QEMU's initrd address is not lost. */
#include <kernel.h>
#include <arch.h>
#include <arch_board.h>

struct board board;
static struct boot_params bp;

static u32 be32(const void *p)
{
	const u8 *b = p;
	return ((u32)b[0] << 24) | ((u32)b[1] << 16) | ((u32)b[2] << 8) | b[3];
}
static u64 be64(const void *p) { return ((u64)be32(p) << 32) | be32((const u8 *)p + 4); }
static u64 cells(const void *p, u32 len) { return len >= 8 ? be64(p) : len >= 4 ? be32(p) : 0; }

static bool streq(const char *a, const char *b)
{
	while (*a && *a == *b)
		a++, b++;
	return *a == *b;
}

static bool prefix(const char *s, const char *p)
{
	while (*p && *s == *p)
		s++, p++;
	return !*p;
}

/* A compatible property (NUL-separated list) names c. */
static bool compat_has(const char *v, u32 len, const char *c)
{
	for (u32 i = 0; i < len;) {
		if (streq(v + i, c))
			return true;
		while (i < len && v[i])
			i++;
		i++;
	}
	return false;
}

/* Entropy for the root task (l4_bootinfo.seed): QEMU fills /chosen
 * rng-seed (32 bytes) and kaslr-seed (8) from the host's random source on
 * every boot; the bytes are folded into the four seed words. */
static void seed_add(const u8 *v, u32 len)
{
	static unsigned pos;
	for (u32 i = 0; i < len; i++, pos++)
		bp.seed[(pos / 8) % 4] ^= (u64)v[i] << (8 * (pos % 8));
}

#define FDT_BEGIN 1
#define FDT_END_NODE 2
#define FDT_PROP 3
#define FDT_NOP 4
#define FDT_END 9

/* One pass over the structure block; properties are matched against the
 * node they are in (address and size cells 2, as on QEMU virt). */
static void parse_dtb(u64 dtb_pa)
{
	const u8 *fdt = phys_to_virt(dtb_pa);
	if (be32(fdt) != 0xd00dfeed)
		return;
	board.dtb_end = dtb_pa + be32(fdt + 4);
	const u8 *st = fdt + be32(fdt + 8);
	const char *strs = (const char *)fdt + be32(fdt + 12);
	int depth = 0;
	const char *name = "";
	const u8 *reg = NULL, *intr = NULL;
	u32 reg_len = 0, intr_len = 0;
	const char *compat = NULL;
	u32 compat_len = 0;
	for (u64 off = 0;;) {
		u32 tok = be32(st + off);
		off += 4;
		if (tok == FDT_BEGIN) {
			name = (const char *)st + off;
			u32 n = 0;
			while (name[n])
				n++;
			off += ALIGN_UP(n + 1, 4);
			depth++;
			reg = intr = NULL;
			compat = NULL;
			reg_len = intr_len = compat_len = 0;
		} else if (tok == FDT_PROP) {
			u32 len = be32(st + off), nameoff = be32(st + off + 4);
			const u8 *v = st + off + 8;
			const char *pn = strs + nameoff;
			off += 8 + ALIGN_UP(len, 4);
			if (streq(pn, "reg")) {
				reg = v; reg_len = len;
			} else if (streq(pn, "interrupts") || streq(pn, "interrupts-extended")) {
				intr = v; intr_len = len;
			} else if (streq(pn, "compatible")) {
				compat = (const char *)v; compat_len = len;
			} else if (depth == 2 && prefix(name, "chosen")) {
				if (streq(pn, "bootargs")) {
					for (u32 i = 0; i < len && i + 1 < sizeof(bp.cmdline); i++)
						bp.cmdline[i] = (char)v[i];
				} else if (streq(pn, "linux,initrd-start")) {
					board.initrd_start = cells(v, len);
				} else if (streq(pn, "linux,initrd-end")) {
					board.initrd_end = cells(v, len);
				} else if (streq(pn, "rng-seed") || streq(pn, "kaslr-seed")) {
					seed_add(v, len);
				}
			} else if (depth == 2 && prefix(name, "cpus") && streq(pn, "timebase-frequency")) {
				board.timebase = cells(v, len);
			}
			/* Act on a node's properties once its reg and compatible are both known. */
			if (depth == 2 && prefix(name, "memory") && reg && reg_len >= 16 && bp.nram < L4_BI_MAXMEM &&
			    (bp.nram == 0 || bp.ram[bp.nram - 1].start != be64(reg))) {
				bp.ram[bp.nram].start = be64(reg);
				bp.ram[bp.nram++].end = be64(reg) + be64(reg + 8);
			}
			if (compat && reg && reg_len >= 16) {
				if (!board.rtc && compat_has(compat, compat_len, "google,goldfish-rtc"))
					board.rtc = be64(reg);
				if (compat_has(compat, compat_len, "ns16550a") && (!board.uart || board.uart == be64(reg))) {
					board.uart = be64(reg);
					if (intr && intr_len >= 4)
						board.uart_irq = be32(intr);     /* its PLIC source: the line */
				}
				if (compat_has(compat, compat_len, "sifive,test0"))
					board.finisher = be64(reg);
				if (compat_has(compat, compat_len, "virtio,mmio"))
					virtio_mmio_add(board.virtio, &board.nvirtio, 32, be64(reg),
							intr && intr_len >= 4 ? be32(intr) : 0);   /* its PLIC source */
				if ((compat_has(compat, compat_len, "riscv,plic0") ||
				     compat_has(compat, compat_len, "sifive,plic-1.0.0")) && (!board.plic || board.plic == be64(reg))) {
					board.plic = be64(reg);
					/* interrupts-extended: <hart intc, cause> per context; S-mode external is 9 */
					for (u32 i = 0; intr && i + 8 <= intr_len; i += 8)
						if (be32(intr + i + 4) == 9) {
							board.plic_ctx = i / 8;
							break;
						}
				}
			}
		} else if (tok == FDT_END_NODE) {
			depth--;
		} else if (tok == FDT_NOP) {
			continue;
		} else {
			break;
		}
	}
}

static void copy_name(char *d, const char *s, int n)
{
	int i = 0;
	for (; i + 1 < n && s[i]; i++)
		d[i] = s[i];
	d[i] = 0;
}

/* Move the initrd down to just after the kernel and split it into modules. */
static void read_initrd(void)
{
	extern char _kernel_end[];
	u64 end = ALIGN_UP(virt_to_phys(_kernel_end), PAGE_SIZE);
	bp.free_start = end;
	if (!board.initrd_start || board.initrd_end <= board.initrd_start)
		return;
	u64 size = board.initrd_end - board.initrd_start;
	if (board.initrd_start > end)
		memmove(phys_to_virt(end), phys_to_virt(board.initrd_start), size);
	else
		end = board.initrd_start;
	if (end & (PAGE_SIZE - 1))
		panic("initrd at %lx is not page aligned", end);
	const u8 *img = phys_to_virt(end);
	bp.free_start = end + size;
	if (size >= 16 && img[0] == 'L' && img[1] == '4' && img[2] == 'M' && img[3] == 'O' &&
	    img[4] == 'D' && img[5] == 'S' && img[6] == '0' && img[7] == '1') {
		u64 n = *(const u64 *)(img + 8);
		for (u64 i = 0; i < n && i < L4_BI_MAXMODS && 16 + (i + 1) * 128 <= size; i++) {
			const u8 *e = img + 16 + i * 128;
			u64 off = *(const u64 *)e, sz = *(const u64 *)(e + 8);
			if (off > size || sz > size - off)
				panic("initrd: module %lu out of bounds", i);
			bp.mods[bp.nmods].start = end + off;
			bp.mods[bp.nmods].size = sz;
			copy_name(bp.mods[bp.nmods].cmdline, (const char *)e + 16, 112);
			bp.nmods++;
		}
	} else {
		bp.mods[0].start = end;
		bp.mods[0].size = size;
		copy_name(bp.mods[0].cmdline, "root", 112);
		bp.nmods = 1;
	}
	bp.free_start = ALIGN_UP(bp.free_start, PAGE_SIZE) + PAGE_SIZE;
}

void arch_kmain(u64 dtb_pa)
{
	board.dtb = dtb_pa;
	parse_dtb(dtb_pa);
	arch_platform_init();
	arch_cpu_init();
	if (!board.uart || !board.plic || !board.timebase)
		panic("device tree: uart %lx plic %lx timebase %lu", board.uart, board.plic, board.timebase);
	read_initrd();
	kmain(&bp);
}
