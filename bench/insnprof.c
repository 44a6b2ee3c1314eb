/*
 * bench/insnprof.c - a QEMU TCG plugin: executed guest instructions per
 * translation-block start address, for "where does the time go" under
 * -icount shift=0 (1 guest instruction = 1 ns of guest time).
 *
 * Build: gcc -shared -fPIC -O2 -o insnprof.so bench/insnprof.c
 * Use:   qemu-system-x86_64 ... -plugin path/insnprof.so,out=FILE
 * At QEMU's exit FILE gets one line per block: "vaddr executions insns code
 * roots" (hex, decimal, decimal, hex: the first instruction's bytes, see
 * struct ent; decimal: how many times the block wrote the page-table root
 * register, i.e. switched address spaces: x86_64 `mov ...,%cr3`, aarch64
 * `msr ttbr0_el1`, riscv64 `csrw satp`).  bench/prof.py symbolizes two such
 * files and subtracts them (a run with N iterations minus one with few),
 * which leaves the cost of the iterations alone.
 *
 * The root writes are what -icount does not price: one instruction each,
 * while a real CPU without tagged TLB entries refills its TLB after it, and
 * QEMU's TCG empties its whole software TLB at each (tlb_flush, QEMU 7.2, on
 * all three targets: it models neither PCIDs nor ASIDs).
 *
 * Only the few declarations of QEMU's plugin API (version 1, QEMU 7.2) this
 * file needs are repeated here: Debian ships no qemu-plugin.h.
 */
#include <inttypes.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef uint64_t qemu_plugin_id_t;
struct qemu_plugin_tb;
typedef struct qemu_info_t {
	const char *target_name;
	struct { int min, cur; } version;
	bool system_emulation;
	union { struct { int smp_vcpus, max_vcpus; } system; };
} qemu_info_t;
enum qemu_plugin_op { QEMU_PLUGIN_INLINE_ADD_U64 };
typedef void (*qemu_plugin_udata_cb_t)(qemu_plugin_id_t id, void *userdata);
typedef void (*qemu_plugin_vcpu_tb_trans_cb_t)(qemu_plugin_id_t id, struct qemu_plugin_tb *tb);
void qemu_plugin_register_vcpu_tb_trans_cb(qemu_plugin_id_t id, qemu_plugin_vcpu_tb_trans_cb_t cb);
void qemu_plugin_register_vcpu_tb_exec_inline(struct qemu_plugin_tb *tb, enum qemu_plugin_op op,
					      void *ptr, uint64_t imm);
size_t qemu_plugin_tb_n_insns(const struct qemu_plugin_tb *tb);
struct qemu_plugin_insn;
struct qemu_plugin_insn *qemu_plugin_tb_get_insn(const struct qemu_plugin_tb *tb, size_t idx);
const void *qemu_plugin_insn_data(const struct qemu_plugin_insn *insn);
size_t qemu_plugin_insn_size(const struct qemu_plugin_insn *insn);
uint64_t qemu_plugin_tb_vaddr(const struct qemu_plugin_tb *tb);
void qemu_plugin_register_atexit_cb(qemu_plugin_id_t id, qemu_plugin_udata_cb_t cb, void *userdata);

__attribute__((visibility("default"))) int qemu_plugin_version = 1;

/* One counter pair per (block start, length, first instruction's bytes): a
 * block retranslated with another length (an interrupt cut it) gets its own
 * entry, and so does other code at the same address in another address space
 * (Iguana and Linux processes are all linked at 0x400000; the bytes let
 * bench/prof.py tell which program it was). Entries never move, so the inline
 * ops can point into them. */
struct ent { uint64_t vaddr, n, code, execs, insns, roots; struct ent *next; };
#define NB (1u << 20)
static struct ent **tab;
static const char *out = "insnprof.txt";
static enum { X86_64, AARCH64, RISCV64, OTHER } target;

/* Does this instruction write the page-table root (switch address spaces)? */
static bool root_write(const struct qemu_plugin_insn *insn)
{
	const uint8_t *b = qemu_plugin_insn_data(insn);
	size_t n = qemu_plugin_insn_size(insn);
	uint32_t w;

	switch (target) {
	case X86_64:    /* [REX] 0f 22 /r with reg = 3: mov r64, %cr3 */
		if (n >= 1 && (b[0] & 0xf0) == 0x40)
			b++, n--;
		return n >= 3 && b[0] == 0x0f && b[1] == 0x22 && ((b[2] >> 3) & 7) == 3;
	case AARCH64:   /* msr ttbr0_el1, xt (S3_0_C2_C0_0) */
		if (n != 4)
			return false;
		memcpy(&w, b, 4);
		return (w & ~0x1fu) == 0xd5182000u;
	case RISCV64:   /* csrrw/csrrs/csrrc (register or immediate) on satp (0x180) */
		if (n != 4)
			return false;
		memcpy(&w, b, 4);
		return (w & 0x7f) == 0x73 && (w >> 20) == 0x180 && ((w >> 12) & 3) != 0 &&
		       (((w >> 12) & 3) == 1 || ((w >> 15) & 0x1f) != 0);
	default:
		return false;
	}
}

static void trans(qemu_plugin_id_t id, struct qemu_plugin_tb *tb)
{
	uint64_t va = qemu_plugin_tb_vaddr(tb), n = qemu_plugin_tb_n_insns(tb), code = 0, roots = 0;
	unsigned h = (unsigned)((va * 0x9e3779b97f4a7c15ull) >> 44) % NB;
	struct ent *e;

	(void)id;
	if (n) {    /* up to 7 bytes of the first instruction (little-endian), their number in the top byte */
		struct qemu_plugin_insn *i = qemu_plugin_tb_get_insn(tb, 0);
		size_t sz = qemu_plugin_insn_size(i);
		sz = sz < 7 ? sz : 7;
		memcpy(&code, qemu_plugin_insn_data(i), sz);
		code |= (uint64_t)sz << 56;
	}
	for (size_t k = 0; k < n; k++)
		roots += root_write(qemu_plugin_tb_get_insn(tb, k));
	for (e = tab[h]; e; e = e->next)
		if (e->vaddr == va && e->n == n && e->code == code)
			break;
	if (!e) {
		e = calloc(1, sizeof(*e));
		if (!e)
			return;
		e->vaddr = va;
		e->n = n;
		e->code = code;
		e->roots = roots;
		e->next = tab[h];
		tab[h] = e;
	}
	qemu_plugin_register_vcpu_tb_exec_inline(tb, QEMU_PLUGIN_INLINE_ADD_U64, &e->execs, 1);
	qemu_plugin_register_vcpu_tb_exec_inline(tb, QEMU_PLUGIN_INLINE_ADD_U64, &e->insns, n);
}

static void done(qemu_plugin_id_t id, void *p)
{
	FILE *f = fopen(out, "w");

	(void)id;
	(void)p;
	if (!f)
		return;
	for (unsigned i = 0; i < NB; i++)
		for (struct ent *e = tab[i]; e; e = e->next)
			if (e->execs)
				fprintf(f, "%" PRIx64 " %" PRIu64 " %" PRIu64 " %016" PRIx64 " %" PRIu64 "\n", e->vaddr,
					e->execs, e->insns, e->code, e->execs * e->roots);
	fclose(f);
}

__attribute__((visibility("default")))
int qemu_plugin_install(qemu_plugin_id_t id, const qemu_info_t *info, int argc, char **argv)
{
	if (!strcmp(info->target_name, "x86_64"))
		target = X86_64;
	else if (!strcmp(info->target_name, "aarch64"))
		target = AARCH64;
	else if (!strcmp(info->target_name, "riscv64"))
		target = RISCV64;
	else
		target = OTHER;
	for (int i = 0; i < argc; i++)
		if (!strncmp(argv[i], "out=", 4))
			out = argv[i] + 4;
	tab = calloc(NB, sizeof(*tab));
	if (!tab)
		return 1;
	qemu_plugin_register_vcpu_tb_trans_cb(id, trans);
	qemu_plugin_register_atexit_cb(id, done, NULL);
	return 0;
}
