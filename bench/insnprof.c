/*
 * bench/insnprof.c - a QEMU TCG plugin: executed guest instructions per
 * translation-block start address, for "where does the time go" under
 * -icount shift=0 (1 guest instruction = 1 ns of guest time).
 *
 * Build: gcc -shared -fPIC -O2 -o insnprof.so bench/insnprof.c
 * Use:   qemu-system-x86_64 ... -plugin path/insnprof.so,out=FILE
 * At QEMU's exit FILE gets one line per block: "vaddr executions insns code"
 * (hex, decimal, decimal, hex: the first instruction's bytes, see struct ent). bench/prof.py symbolizes two such files and
 * subtracts them (a run with N iterations minus one with few), which leaves
 * the cost of the iterations alone.
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
struct ent { uint64_t vaddr, n, code, execs, insns; struct ent *next; };
#define NB (1u << 20)
static struct ent **tab;
static const char *out = "insnprof.txt";

static void trans(qemu_plugin_id_t id, struct qemu_plugin_tb *tb)
{
	uint64_t va = qemu_plugin_tb_vaddr(tb), n = qemu_plugin_tb_n_insns(tb), code = 0;
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
				fprintf(f, "%" PRIx64 " %" PRIu64 " %" PRIu64 " %016" PRIx64 "\n", e->vaddr, e->execs,
					e->insns, e->code);
	fclose(f);
}

__attribute__((visibility("default")))
int qemu_plugin_install(qemu_plugin_id_t id, const qemu_info_t *info, int argc, char **argv)
{
	(void)info;
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
