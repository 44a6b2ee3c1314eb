/* vformat: the one printf engine, used by kernel and user space alike. */
#include <fmt.h>
#include <stdint.h>

struct spec { int width, zero, left, lng; };

static int emit_str(fmt_out out, void *arg, const char *s, struct spec *sp)
{
	int len = 0, n = 0;
	while (s[len])
		len++;
	for (int i = len; !sp->left && i < sp->width; i++, n++)
		out(' ', arg);
	for (int i = 0; i < len; i++, n++)
		out(s[i], arg);
	for (int i = len; sp->left && i < sp->width; i++, n++)
		out(' ', arg);
	return n;
}

static int emit_num(fmt_out out, void *arg, uint64_t v, int base, int neg,
		    int upper, struct spec *sp)
{
	const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
	char buf[24];
	int len = 0, n = 0;
	do {
		buf[len++] = digits[v % base];
		v /= base;
	} while (v);
	int total = len + neg;
	if (!sp->left && !sp->zero)
		for (; total < sp->width; total++, n++)
			out(' ', arg);
	if (neg) {
		out('-', arg);
		n++;
	}
	if (!sp->left && sp->zero)
		for (; total < sp->width; total++, n++)
			out('0', arg);
	while (len)
		out(buf[--len], arg), n++;
	for (; sp->left && total < sp->width; total++, n++)
		out(' ', arg);
	return n;
}

static uint64_t take_unsigned(va_list *ap, int lng)
{
	return lng ? va_arg(*ap, uint64_t) : va_arg(*ap, unsigned int);
}

int vformat(fmt_out out, void *arg, const char *fmt, va_list ap)
{
	int n = 0;
	va_list aq;
	va_copy(aq, ap);
	for (; *fmt; fmt++) {
		if (*fmt != '%') {
			out(*fmt, arg);
			n++;
			continue;
		}
		struct spec sp = { 0, 0, 0, 0 };
		for (fmt++; *fmt == '0' || *fmt == '-'; fmt++)
			*(*fmt == '0' ? &sp.zero : &sp.left) = 1;
		for (; *fmt >= '0' && *fmt <= '9'; fmt++)
			sp.width = sp.width * 10 + (*fmt - '0');
		for (; *fmt == 'l' || *fmt == 'z'; fmt++)
			sp.lng = 1;
		switch (*fmt) {
		case 'd': case 'i': {
			int64_t v = sp.lng ? va_arg(aq, int64_t) : va_arg(aq, int);
			n += emit_num(out, arg, v < 0 ? -(uint64_t)v : (uint64_t)v, 10, v < 0, 0, &sp);
			break;
		}
		case 'u': n += emit_num(out, arg, take_unsigned(&aq, sp.lng), 10, 0, 0, &sp); break;
		case 'x': n += emit_num(out, arg, take_unsigned(&aq, sp.lng), 16, 0, 0, &sp); break;
		case 'X': n += emit_num(out, arg, take_unsigned(&aq, sp.lng), 16, 0, 1, &sp); break;
		case 'p':
			out('0', arg), out('x', arg), n += 2;
			n += emit_num(out, arg, (uintptr_t)va_arg(aq, void *), 16, 0, 0, &sp);
			break;
		case 's': {
			const char *s = va_arg(aq, const char *);
			n += emit_str(out, arg, s ? s : "(null)", &sp);
			break;
		}
		case 'c': out((char)va_arg(aq, int), arg); n++; break;
		case '%': out('%', arg); n++; break;
		case 0: va_end(aq); return n;
		default: out('%', arg); out(*fmt, arg); n += 2; break;
		}
	}
	va_end(aq);
	return n;
}

struct sbuf { char *p; size_t left; };

static void sbuf_out(char c, void *arg)
{
	struct sbuf *b = arg;
	if (b->left > 1) {
		*b->p++ = c;
		b->left--;
	}
}

int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
	struct sbuf b = { buf, size };
	int n = vformat(sbuf_out, &b, fmt, ap);
	if (size)
		*b.p = 0;
	return n;
}

int snprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}
