/* config_parse: the boot configuration file, line by line; bad lines are reported and skipped. */
#include "config.h"
#include <string.h>
#include <stdlib.h>
#include <fmt.h>

struct errbuf { char *p; unsigned long left; };

static void report(struct errbuf *e, int line, const char *what, const char *word)
{
	int n = snprintf(e->p, e->left, "boot config line %d: %s%s%s\n", line, what,
			 word ? ": " : "", word ? word : "");
	if (n > 0 && (unsigned long)n < e->left) {
		e->p += n;
		e->left -= (unsigned long)n;
	}
}

/* Next whitespace-separated word of s into w (at most n-1 chars); returns the rest. */
static const char *word(const char *s, char *w, unsigned n, int *toolong)
{
	while (*s == ' ' || *s == '\t')
		s++;
	unsigned i = 0;
	*toolong = 0;
	for (; *s && *s != ' ' && *s != '\t'; s++) {
		if (i + 1 < n)
			w[i++] = *s;
		else
			*toolong = 1;
	}
	w[i] = 0;
	return s;
}

static int number(const char *s, unsigned max, unsigned *out)
{
	char *end;
	if (*s < '0' || *s > '9')
		return -1;
	unsigned long v = strtoul(s, &end, 0);
	if (*end || v > max)
		return -1;
	*out = (unsigned)v;
	return 0;
}

/* mmio=PA:PAGES (PA page-aligned, in any base strtoul takes; 1..CFG_MMIO_PAGES pages). */
static int mmio(struct dom_cfg *d, const char *s)
{
	char *end;
	if (*s < '0' || *s > '9' || d->nmmio == CFG_MAX_MMIO)
		return -1;
	unsigned long pa = strtoul(s, &end, 0);
	unsigned pages;
	if (*end != ':' || (pa & 4095) || number(end + 1, CFG_MMIO_PAGES, &pages) || !pages ||
	    pa + pages * 4096UL < pa)
		return -1;
	d->mmio[d->nmmio].pa = pa;
	d->mmio[d->nmmio++].pages = pages;
	return 0;
}

/* device=NAME: lower-case letters, digits, '-' and '_', as the board names its devices. */
static int device(struct dom_cfg *d, const char *s)
{
	unsigned n = 0;
	for (; s[n]; n++)
		if (!((s[n] >= 'a' && s[n] <= 'z') || (s[n] >= '0' && s[n] <= '9') || s[n] == '-' || s[n] == '_'))
			return -1;
	if (!n || n >= CFG_DEV_NAME || d->ndev == CFG_MAX_DEV)
		return -1;
	memcpy(d->dev[d->ndev++], s, n + 1);
	return 0;
}

/* native=NAME,NAME,...: names as Iguana keeps them (1-31 bytes), comma-separated. */
static int native_list(struct dom_cfg *d, const char *s)
{
	unsigned n = strlen(s), len = 0;
	if (!n || n >= sizeof d->native || s[0] == ',' || s[n - 1] == ',')
		return -1;
	for (unsigned i = 0; i < n; i++) {
		if (s[i] == ',' && !len)
			return -1;          /* an empty name */
		len = s[i] == ',' ? 0 : len + 1;
		if (len > 31)
			return -1;
	}
	memcpy(d->native, s, n + 1);
	return 0;
}

static int option(struct dom_cfg *d, const char *w)
{
	unsigned v;
	if (!strcmp(w, "io"))
		d->flags |= CFG_IO;
	else if (!strcmp(w, "admin"))
		d->flags |= CFG_ADMIN;
	else if (!strcmp(w, "eager"))
		d->flags |= CFG_EAGER;
	else if (!strcmp(w, "dma"))
		d->flags |= CFG_DMA;
	else if (!strcmp(w, "onexit=poweroff"))
		d->flags |= CFG_POWEROFF;
	else if (!strcmp(w, "onexit=restart"))
		d->flags |= CFG_RESTART;
	else if (!strcmp(w, "onfail=restart"))
		d->flags |= CFG_RESTART_FAIL;
	else if (!strncmp(w, "ram=", 4))
		return number(w + 4, 1 << 22, &d->ram);
	else if (!strncmp(w, "prio=", 5))
		return number(w + 5, 255, &d->prio);
	else if (!strncmp(w, "quota=", 6)) {
		d->quota_set = 1;
		return number(w + 6, 1 << 20, &d->quota);
	} else if (!strcmp(w, "kmem=rest"))
		d->flags |= CFG_KMEM_REST;
	else if (!strncmp(w, "kmem=", 5))
		return number(w + 5, 1 << 24, &d->kmem);
	else if (!strncmp(w, "domains=", 8))
		return number(w + 8, 65536, &d->domains);
	else if (!strncmp(w, "heap=", 5))
		return number(w + 5, 1 << 20, &d->heap);
	else if (!strncmp(w, "mmio=", 5))
		return mmio(d, w + 5);
	else if (!strncmp(w, "device=", 7))
		return device(d, w + 7);
	else if (!strncmp(w, "native=", 7))
		return native_list(d, w + 7);
	else if (!strncmp(w, "irq=", 4)) {
		if (number(w + 4, CFG_MAX_IRQ, &v) || v == 0)
			return -1;
		d->irqs |= 1u << v;
	} else
		return -1;
	return 0;
}

static int parse_line(const char *s, struct dom_cfg *d, struct errbuf *e, int lineno)
{
	char w[200];
	int toolong;
	memset(d, 0, sizeof(*d));
	d->prio = 100;
	d->quota = 256;
	d->heap = 32;
	d->domains = CFG_CHILD_DOMAINS;
	s = word(s, w, sizeof w, &toolong);
	if (strcmp(w, "domain"))
		return report(e, lineno, "expected 'domain'", w), -1;
	s = word(s, d->name, sizeof d->name, &toolong);
	if (!d->name[0] || toolong)
		return report(e, lineno, "missing or too long domain name", 0), -1;
	s = word(s, d->module, sizeof d->module, &toolong);
	if (!d->module[0] || toolong)
		return report(e, lineno, "missing or too long module name", d->name), -1;
	for (;;) {
		s = word(s, w, sizeof w, &toolong);
		if (!w[0])
			break;
		if (!strcmp(w, "--")) {
			while (*s == ' ')
				s++;
			size_t n = strlen(s);
			if (n >= IG_ARGS_MAX)
				return report(e, lineno, "arguments too long", d->name), -1;
			if (!(d->args = malloc(n + 1)))
				return report(e, lineno, "no memory for the arguments", d->name), -1;
			memcpy(d->args, s, n + 1);
			break;
		}
		if (toolong || option(d, w))
			return report(e, lineno, "bad option", w), -1;
	}
	if (d->quota_set && d->heap + d->ram + 16 + 1 > d->quota) {
		free(d->args);
		d->args = NULL;
		return report(e, lineno, "quota smaller than heap + RAM + stack", d->name), -1;
	}
	return 0;
}

int config_parse(const char *text, unsigned long len, struct dom_cfg *out, int max,
		 char *errs, unsigned long errlen)
{
	struct errbuf e = { errs, errlen };
	char line[1200];
	int n = 0, lineno = 0;
	if (errlen)
		errs[0] = 0;
	for (unsigned long i = 0; i < len;) {
		unsigned long k = 0;
		lineno++;
		int toolong = 0;
		for (; i < len && text[i] != '\n'; i++) {
			if (text[i] == 0 || (unsigned char)text[i] > 126 ||
			    ((unsigned char)text[i] < 32 && text[i] != '\t')) {
				toolong = 2;
				continue;
			}
			if (k + 1 < sizeof line)
				line[k++] = text[i];
			else
				toolong = 1;
		}
		i++;
		line[k] = 0;
		char *p = line;
		while (*p == ' ' || *p == '\t')
			p++;
		if (!*p || *p == '#')
			continue;
		if (toolong) {
			report(&e, lineno, toolong == 2 ? "non-text bytes" : "line too long", 0);
			continue;
		}
		if (n == max) {
			report(&e, lineno, "too many domains", 0);
			continue;
		}
		if (parse_line(p, &out[n], &e, lineno) == 0) {
			int dup = 0;
			for (int j = 0; j < n; j++)
				dup |= !strcmp(out[j].name, out[n].name);
			if (dup) {
				report(&e, lineno, "duplicate domain name", out[n].name);
				free(out[n].args);
			}
			else
				n++;
		}
	}
	return n;
}
