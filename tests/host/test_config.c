/* Host tests of Iguana's boot-configuration parser: good lines, every kind of bad one. */
#include <string.h>
#include <stdlib.h>
#include "check.h"
#include "../../iguana/server/config.h"

static struct dom_cfg d[CFG_MAX_DOMAINS];
static char errs[2048];

static int parse(const char *text) { return config_parse(text, strlen(text), d, CFG_MAX_DOMAINS, errs, sizeof errs); }

static void good(void)
{
	int n = parse("# comment\n\ndomain uart uart.elf prio=210 quota=64 io irq=4\n"
		      "  domain rt rt.elf prio=250 -- period_us=1000 x y\n"
		      "domain linux vmlinux quota=20000 ram=16384 eager\n");
	CHECK(n == 3 && errs[0] == 0);
	CHECK(d[2].ram == 16384 && (d[2].flags & CFG_EAGER));
	CHECK(!strcmp(d[0].name, "uart") && !strcmp(d[0].module, "uart.elf"));
	CHECK(d[0].prio == 210 && d[0].quota == 64 && (d[0].flags & CFG_IO) && d[0].irqs == (1u << 4));
	CHECK(d[1].prio == 250 && d[1].quota == 256 && !strcmp(d[1].args, "period_us=1000 x y"));
	CHECK(d[0].args == NULL && !d[2].quota_set == 0);
	free(d[1].args);
}

static void bad_lines_skipped(void)
{
	int n = parse("domain a a.elf prio=999\n"      /* 1: out of range */
		      "domian b b.elf\n"              /* 2: typo */
		      "domain c\n"                    /* 3: no module */
		      "domain d d.elf irq=32\n"       /* 4: irq out of range */
		      "domain e e.elf wat\n"          /* 5: unknown option */
		      "domain f f.elf quota=10\n"     /* 6: quota below heap + stack */
		      "domain g g.elf\n"              /* 7: good */
		      "domain g g2.elf\n");           /* 8: duplicate */
	CHECK(n == 1 && !strcmp(d[0].name, "g"));
	for (int i = 1; i <= 6; i++) {
		char want[32];
		snprintf(want, sizeof want, "line %d:", i);
		CHECK(strstr(errs, want) != NULL);
	}
	CHECK(strstr(errs, "line 8: duplicate") != NULL);
	CHECK(strstr(errs, "line 7") == NULL);
}

static void binary_and_long(void)
{
	char text[2000];
	memset(text, 'x', sizeof text);
	memcpy(text, "domain h h.elf -- ", 18);
	text[sizeof text - 1] = 0;
	CHECK(parse(text) == 0 && strstr(errs, "line 1: line too long"));
	const char bin[] = "domain i i.elf\n\x01\x02\x7f garbage\ndomain j j.elf\n";
	CHECK(config_parse(bin, sizeof bin - 1, d, CFG_MAX_DOMAINS, errs, sizeof errs) == 2);
	CHECK(strstr(errs, "line 2: non-text bytes") != NULL);
	char small[8];
	CHECK(config_parse("bogus\n", 6, d, 4, small, sizeof small) == 0);   /* error text truncated safely */
}

static void device_names(void)
{
	int n = parse("domain uart uart.elf io device=uart irq=31 eager\n"
		      "domain two two.elf device=virtio-blk0 device=net_1 device=a device=b\n");
	CHECK(n == 2 && errs[0] == 0);
	CHECK(d[0].ndev == 1 && !strcmp(d[0].dev[0], "uart") && d[0].irqs == (1u << 31));
	CHECK(d[1].ndev == 4 && !strcmp(d[1].dev[0], "virtio-blk0") && !strcmp(d[1].dev[3], "b"));
	n = parse("domain a a.elf device=\n"                   /* 1: no name */
		  "domain b b.elf device=UART\n"               /* 2: upper case */
		  "domain c c.elf device=abcdefghijkl\n"       /* 3: 12 characters: too long */
		  "domain d d.elf device=a device=b device=c device=d device=e\n"   /* 4: five */
		  "domain e e.elf device=u/art\n"              /* 5: odd character */
		  "domain f f.elf irq=0\n"                     /* 6: line 0 */
		  "domain g g.elf device=abcdefghijk\n");      /* 7: 11 characters: good */
	CHECK(n == 1 && !strcmp(d[0].name, "g"));
	for (int i = 1; i <= 6; i++) {
		char want[48];
		snprintf(want, sizeof want, "line %d: bad option: ", i);
		CHECK(strstr(errs, want) != NULL);
	}
	CHECK(strstr(errs, "line 7") == NULL);
}

static void mmio_ranges(void)
{
	int n = parse("domain uart uart.elf prio=210 quota=64 mmio=0x9000000:1 irq=1 eager\n"
		      "domain two two.elf mmio=0x10000:2 mmio=4096:256 mmio=0x9001000:1 mmio=0xa000000:3\n"
		      "domain none none.elf\n");
	CHECK(n == 3 && errs[0] == 0);
	CHECK(d[0].nmmio == 1 && d[0].mmio[0].pa == 0x9000000 && d[0].mmio[0].pages == 1);
	CHECK(d[0].irqs == (1u << 1) && (d[0].flags & CFG_EAGER) && !(d[0].flags & CFG_IO));
	CHECK(d[1].nmmio == 4 && d[1].mmio[1].pa == 4096 && d[1].mmio[1].pages == 256 &&
	      d[1].mmio[3].pa == 0xa000000 && d[1].mmio[3].pages == 3);
	CHECK(d[2].nmmio == 0);
	n = parse("domain a a.elf mmio=0x9000800:1\n"          /* 1: not page aligned */
		  "domain b b.elf mmio=0x9000000:0\n"          /* 2: no pages */
		  "domain c c.elf mmio=0x9000000:257\n"        /* 3: too many pages */
		  "domain d d.elf mmio=0x9000000\n"            /* 4: no page count */
		  "domain e e.elf mmio=:1\n"                   /* 5: no address */
		  "domain f f.elf mmio=0x9000000:1x\n"         /* 6: junk after the count */
		  "domain g g.elf mmio=0xfffffffffffff000:2\n" /* 7: wraps */
		  "domain h h.elf mmio=1:1 \n"                 /* 8: unaligned, small */
		  "domain i i.elf mmio=4096:1 mmio=8192:1 mmio=12288:1 mmio=16384:1 mmio=20480:1\n"  /* 9: five */
		  "domain j j.elf mmio=0x99999999999999999999:1\n"   /* 10: overflows */
		  "domain k k.elf mmio=0x9000000:1\n");        /* 11: good */
	CHECK(n == 1 && !strcmp(d[0].name, "k") && d[0].nmmio == 1);
	for (int i = 1; i <= 10; i++) {
		char want[48];
		snprintf(want, sizeof want, "line %d: bad option: mmio=", i);
		CHECK(strstr(errs, want) != NULL);
	}
	CHECK(strstr(errs, "line 11") == NULL);
}

/* The block driver's line: dma, I/O, two lines, and its regions as arguments. */
static void dma_flag(void)
{
	int n = parse("domain blk blk.elf eager dma io irq=10 irq=11 -- disk=itest:0:2048\n"
		      "domain c c.elf\n");
	CHECK(n == 2 && errs[0] == 0);
	CHECK((d[0].flags & CFG_DMA) && (d[0].flags & CFG_IO) && d[0].irqs == ((1u << 10) | (1u << 11)));
	CHECK(d[0].args && !strcmp(d[0].args, "disk=itest:0:2048"));
	CHECK(!(d[1].flags & CFG_DMA));
}

/* What ends a domain: onexit= for every end, onfail=restart for failures. */
static void exit_flags(void)
{
	int n = parse("domain w w.elf onexit=poweroff onfail=restart\n"
		      "domain r r.elf onexit=restart\n"
		      "domain x x.elf onfail=poweroff\n");      /* 3: not a word Iguana knows */
	CHECK(n == 2);
	CHECK((d[0].flags & CFG_POWEROFF) && (d[0].flags & CFG_RESTART_FAIL) && !(d[0].flags & CFG_RESTART));
	CHECK((d[1].flags & CFG_RESTART) && !(d[1].flags & CFG_RESTART_FAIL));
	CHECK(strstr(errs, "line 3") != NULL);
}

int main(void)
{
	RUN("config", good);
	RUN("config", exit_flags);
	RUN("config", bad_lines_skipped);
	RUN("config", binary_and_long);
	RUN("config", mmio_ranges);
	RUN("config", device_names);
	RUN("config", dma_flag);
	return check_total_failed;
}
