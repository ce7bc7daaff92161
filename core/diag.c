/*
 * core/diag.c - the diagnostics list and its text renderer.
 */
#include "core/grow.h"
#include "core/diag.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/secret.h"
#include "core/utf8.h"

idle_diags *idle_diags_new(void)
{
	return calloc(1, sizeof(idle_diags));
}

static void diag_free(idle_diag *d)
{
	free(d->code);
	free(d->message);
	free(d->file);
	free(d->path);
	free(d->hint);
	free(d->note);
	idle_source_unref(d->src);
	free(d);
}

void idle_diags_clear(idle_diags *ds)
{
	size_t i;

	if (!ds)
		return;
	for (i = 0; i < ds->n; i++)
		diag_free(ds->items[i]);
	ds->n = 0;
	ds->errors = 0;
	ds->oom = 0;
}

void idle_diags_free(idle_diags *ds)
{
	if (!ds)
		return;
	idle_diags_clear(ds);
	free(ds->items);
	free(ds);
}

size_t idle_diags_count(const idle_diags *ds)
{
	return ds ? ds->n : 0;
}

size_t idle_diags_error_count(const idle_diags *ds)
{
	return ds ? ds->errors : 0;
}

const idle_diag *idle_diags_at(const idle_diags *ds, size_t i)
{
	return ds && i < ds->n ? ds->items[i] : NULL;
}

idle_severity idle_diag_severity(const idle_diag *d)
{
	return d->sev;
}

const char *idle_diag_code(const idle_diag *d)
{
	return d->code ? d->code : "";
}

const char *idle_diag_message(const idle_diag *d)
{
	return d->message ? d->message : "";
}

const char *idle_diag_file(const idle_diag *d)
{
	return d->file;
}

unsigned idle_diag_line(const idle_diag *d)
{
	return d->line;
}

unsigned idle_diag_column(const idle_diag *d)
{
	return d->col;
}

const char *idle_diag_path(const idle_diag *d)
{
	return d->path;
}

const char *idle_diag_hint(const idle_diag *d)
{
	return d->hint;
}

static char *vformat(const char *fmt, va_list ap)
{
	idle_buf b = IDLE_BUF_INIT;

	idle_buf_vprintf(&b, fmt, ap);
	return idle_buf_detach(&b, NULL);
}

/* Replaces *text by a copy with the secrets of d's source masked (kept as it is when out of memory). */
static void mask(const idle_diag *d, idle_source *src, char **text)
{
	char *m;

	if (!src || !*text || (!src->nmasks && !d->line))
		return;
	m = idle_source_mask_text(src, d->line, *text);
	if (m) {
		free(*text);
		*text = m;
	}
}

void idle_diags__remask(idle_diags *ds, size_t from, idle_source *src)
{
	size_t i;

	for (i = from; ds && i < ds->n; i++) {
		idle_diag *d = ds->items[i];

		if (d->src != src)
			continue;
		mask(d, src, &d->message);
		mask(d, src, &d->hint);
		mask(d, src, &d->note);
	}
}

idle_diag *idle_diags_vadd(idle_diags *ds, idle_severity sev, const char *code, idle_source *src,
                           size_t start, size_t end, const char *fmt, va_list ap)
{
	idle_diag *d;

	if (!ds)
		return NULL;
	if (IDLE_GROW(ds->items, ds->n + 1, ds->cap, 16)) {
		ds->oom = 1;
		return NULL;
	}
	d = calloc(1, sizeof(*d));
	if (!d) {
		ds->oom = 1;
		return NULL;
	}
	d->sev = sev;
	d->message = vformat(fmt, ap);
	d->code = code ? strdup(code) : NULL;
	if (src) {
		d->file = strdup(src->name);
		if (start != IDLE_NOLOC) {
			d->src = idle_source_ref(src);
			d->start = start;
			d->end = end < start ? start : end;
			idle_source_locate(src, start, &d->line, &d->col);
		}
		mask(d, src, &d->message);
	}
	if (!d->message || (code && !d->code) || (src && !d->file)) {
		diag_free(d);
		ds->oom = 1;
		return NULL;
	}
	ds->items[ds->n++] = d;
	if (sev == IDLE_SEV_ERROR)
		ds->errors++;
	return d;
}

idle_diag *idle_diags_add(idle_diags *ds, idle_severity sev, const char *code, idle_source *src,
                          size_t start, size_t end, const char *fmt, ...)
{
	va_list ap;
	idle_diag *d;

	va_start(ap, fmt);
	d = idle_diags_vadd(ds, sev, code, src, start, end, fmt, ap);
	va_end(ap);
	return d;
}

int idle_diags_add_error(idle_diags *ds, const char *file, const char *code, const char *message)
{
	idle_diag *d =
	    idle_diags_add(ds, IDLE_SEV_ERROR, code, NULL, IDLE_NOLOC, IDLE_NOLOC, "%s", message);

	if (!d)
		return IDLE_ENOMEM;
	if (file && !(d->file = strdup(file)))
		return IDLE_ENOMEM;
	return 0;
}

int idle_diags_move(idle_diags *dst, idle_diags *src)
{
	size_t i;

	if (!src)
		return 0;
	if (!dst) {
		idle_diags_clear(src);
		return 0;
	}
	if (IDLE_GROW(dst->items, dst->n + src->n, dst->cap, 16)) {
		idle_diags_clear(src);
		dst->oom = 1;
		return -1;
	}
	for (i = 0; i < src->n; i++) {
		dst->items[dst->n++] = src->items[i];
		if (src->items[i]->sev == IDLE_SEV_ERROR)
			dst->errors++;
	}
	dst->oom |= src->oom;
	src->n = 0;
	src->errors = 0;
	src->oom = 0;
	return 0;
}

void idle_diag_set_path(idle_diag *d, const char *path)
{
	if (!d || !path || !*path)
		return;
	free(d->path);
	d->path = strdup(path);
}

void idle_diag_set_hint(idle_diag *d, const char *fmt, ...)
{
	va_list ap;

	if (!d)
		return;
	va_start(ap, fmt);
	free(d->hint);
	d->hint = vformat(fmt, ap);
	va_end(ap);
	mask(d, d->src, &d->hint);
}

void idle_diag_set_note(idle_diag *d, size_t start, const char *fmt, ...)
{
	va_list ap;

	if (!d || !d->src)
		return;
	va_start(ap, fmt);
	free(d->note);
	d->note = vformat(fmt, ap);
	va_end(ap);
	mask(d, d->src, &d->note);
	d->note_start = start;
	idle_source_locate(d->src, start, &d->note_line, &d->note_col);
}

/* ------------------------------------------------------------------------ */
/* Rendering                                                                */

#define SHOW_MAX 120 /* code points of a source line shown around the caret */

static const char *sev_name(idle_severity s)
{
	return s == IDLE_SEV_ERROR ? "error" : s == IDLE_SEV_WARNING ? "warning" : "note";
}

static const char *sev_color(idle_severity s)
{
	return s == IDLE_SEV_ERROR     ? "\033[1;31m"
	       : s == IDLE_SEV_WARNING ? "\033[1;35m"
	                               : "\033[1;36m";
}

static unsigned digits(unsigned n)
{
	unsigned d = 1;

	while (n >= 10) {
		n /= 10;
		d++;
	}
	return d;
}

/* The caret line under a masked run of columns [n0, n1), shown as the mask. */
static void caret_masked(idle_buf *caret, unsigned n0, unsigned n1, unsigned col, unsigned width)
{
	unsigned end = col + (width ? width : 1), k;

	if (n0 >= end)
		return; /* the caret ended before */
	for (k = 0; k < sizeof(IDLE_SECRET_MASK) - 1; k++)
		idle_buf_addc(caret, n1 <= col ? ' ' : (k == 0 && col >= n0) ? '^' : '~');
}

/*
 * Writes one source line with a caret line under columns [col, col+width).
 * Long lines are shown as a window around the caret; control characters
 * other than tab are shown as '?'; tabs stay tabs in both lines so the caret
 * lines up. A secret is shown as IDLE_SECRET_MASK, the caret kept in line.
 */
static void render_snippet(idle_buf *b, idle_source *src, unsigned line, unsigned col,
                           unsigned width, unsigned gutter, int color)
{
	size_t len, i = 0, ms[16], me[16], nm, m = 0;
	const char *text = idle_source_line(src, line, &len);
	unsigned n = 0, first, last, total;
	idle_buf caret = IDLE_BUF_INIT;

	if (!text)
		return;
	nm = idle_source_line_masks(src, line, ms, me, 16);
	total = (unsigned)idle_utf8_count(text, len);
	first = 1;
	if (total > SHOW_MAX && col > SHOW_MAX / 2)
		first = col - SHOW_MAX / 2;
	last = first + SHOW_MAX - 1;
	idle_buf_printf(b, " %*u | %s", (int)gutter, line, first > 1 ? "..." : "");
	if (first > 1)
		idle_buf_adds(&caret, "   ");
	while (i < len) {
		size_t s = i;
		int32_t cp;

		if (m < nm && i == ms[m]) { /* a secret: the mask instead, whatever its length */
			unsigned n0 = n + 1, cps = (unsigned)idle_utf8_count(text + i, me[m] - i);

			n += cps;
			i = me[m++];
			if (n < first || n0 > last)
				continue;
			idle_buf_adds(b, IDLE_SECRET_MASK);
			caret_masked(&caret, n0, n + 1, col, width);
			continue;
		}
		n++;
		cp = (unsigned char)text[i] < 0x80 ? (unsigned char)text[i++]
		                                   : idle_utf8_next(text, len, &i);
		if (n < first || n > last)
			continue;
		if (cp == '\t')
			idle_buf_addc(b, '\t');
		else if (cp >= 0 && cp < 0x20)
			idle_buf_addc(b, '?');
		else
			idle_buf_add(b, text + s, i - s);
		if (n < col)
			idle_buf_addc(&caret, cp == '\t' ? '\t' : ' ');
		else if (n < col + (width ? width : 1))
			idle_buf_addc(&caret, n == col ? '^' : '~');
	}
	if (total > last)
		idle_buf_adds(b, "...");
	if (col > total) /* the caret points just past the end of the line */
		idle_buf_addc(&caret, '^');
	idle_buf_printf(b, "\n %*s | %s%s%s\n", (int)gutter, "", color ? "\033[1;32m" : "",
	                caret.data ? caret.data : "^", color ? "\033[0m" : "");
	idle_buf_free(&caret);
}

/* Width in code points of [start, end) on the start line (at least 1). */
static unsigned span_width(const idle_diag *d)
{
	size_t i = d->start, n = 0;
	const char *t = d->src->text;

	while (i < d->end && i < d->src->len && t[i] != '\n' && t[i] != '\r') {
		if ((unsigned char)t[i] < 0x80)
			i++;
		else
			idle_utf8_next(t, d->src->len, &i);
		n++;
	}
	return n ? (unsigned)n : 1;
}

static void render_one(idle_buf *b, const idle_diag *d, unsigned flags)
{
	int color = (flags & IDLE_RENDER_COLOR) != 0;
	unsigned gutter = digits(d->line > d->note_line ? d->line : d->note_line);

	if (color)
		idle_buf_adds(b, "\033[1m");
	if (d->file && d->line)
		idle_buf_printf(b, "%s:%u:%u: ", d->file, d->line, d->col);
	else
		idle_buf_printf(b, "%s: ", d->file ? d->file : "idle");
	if (color)
		idle_buf_printf(b, "\033[0m%s", sev_color(d->sev));
	idle_buf_adds(b, sev_name(d->sev));
	if ((flags & IDLE_RENDER_CODES) && d->code && *d->code)
		idle_buf_printf(b, "[%s]", d->code);
	idle_buf_printf(b, ":%s %s\n", color ? "\033[0m" : "", d->message ? d->message : "");
	if (d->src && d->line && !(flags & IDLE_RENDER_NOSOURCE))
		render_snippet(b, d->src, d->line, d->col, span_width(d), gutter, color);
	if (d->path)
		idle_buf_printf(b, " %*s = at: %s\n", (int)gutter, "", d->path);
	if (d->hint)
		idle_buf_printf(b, " %*s = hint: %s\n", (int)gutter, "", d->hint);
	if (d->note && d->src) {
		idle_buf_printf(b, "%s%s:%u:%u: %s%snote:%s %s\n", color ? "\033[1m" : "", d->file,
		                d->note_line, d->note_col, color ? "\033[0m" : "",
		                color ? sev_color(IDLE_SEV_NOTE) : "", color ? "\033[0m" : "",
		                d->note);
		if (!(flags & IDLE_RENDER_NOSOURCE))
			render_snippet(b, d->src, d->note_line, d->note_col, 1, gutter, color);
	}
}

int idle_diags_render(const idle_diags *ds, FILE *out, unsigned flags)
{
	idle_buf b = IDLE_BUF_INIT;
	size_t i;
	int r = 0;

	if (!ds)
		return 0;
	for (i = 0; i < ds->n; i++) {
		if ((flags & IDLE_RENDER_ERRORS) && ds->items[i]->sev != IDLE_SEV_ERROR)
			continue;
		idle_buf_reset(&b);
		render_one(&b, ds->items[i], flags);
		if (b.failed)
			return IDLE_ENOMEM;
		if (fwrite(b.data, 1, b.len, out) != b.len)
			r = IDLE_EIO;
	}
	if (ds->oom && fputs("idle: error: out of memory while recording diagnostics\n", out) < 0)
		r = IDLE_EIO;
	idle_buf_free(&b);
	return r;
}
