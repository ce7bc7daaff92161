/*
 * parser/json_write.c - values as JSON: cJSON escapes and prints, the
 * writer lays out and streams (see json_write.h).
 */
#include "parser/json_write.h"

#include <cjson/cJSON.h>
#include <stdlib.h>
#include <string.h>

#include <idle/json.h>

#include "core/buf.h"
#include "core/numfmt.h"
#include "parser/json.h"

static void no_form(idle_jwriter *w, const idle_value *v, const char *what)
{
	idle_diag *d = idle_diags_add(w->diags, IDLE_SEV_ERROR, JSON_CODE_NO_JSON_FORM,
	                              v->start != IDLE_NOSPAN ? w->src : NULL,
	                              v->start != IDLE_NOSPAN ? v->start : IDLE_NOLOC, v->end,
	                              "%s has no JSON form", what);
	char *path = idle_path_format(&w->path);

	idle_diag_set_path(d, path);
	free(path);
	w->invalid = 1;
}

/* A string with NUL characters: cJSON works on C strings, so each NUL-free
 * piece is escaped by cJSON and the pieces are joined with \u0000. */
static cJSON *string_with_nul(idle_jwriter *w, const char *s, size_t n)
{
	idle_buf b = IDLE_BUF_INIT;
	size_t i = 0;
	cJSON *item;
	char *text;

	idle_buf_addc(&b, '"');
	while (i <= n) {
		size_t e = i;
		cJSON *piece;
		char *printed;

		while (e < n && s[e])
			e++;
		text = strndup(s + i, e - i);
		piece = text ? cJSON_CreateString(text) : NULL;
		printed = piece ? cJSON_PrintUnformatted(piece) : NULL;
		if (printed)
			idle_buf_add(&b, printed + 1, strlen(printed) - 2);
		else
			w->oom = 1;
		cJSON_free(printed);
		cJSON_Delete(piece);
		free(text);
		if (e < n)
			idle_buf_adds(&b, "\\u0000");
		i = e + 1;
	}
	idle_buf_addc(&b, '"');
	text = idle_buf_detach(&b, NULL);
	item = text ? cJSON_CreateRaw(text) : NULL;
	free(text);
	return item;
}

static cJSON *to_cjson(idle_jwriter *w, const idle_value *v)
{
	char buf[IDLE_NUMFMT_MAX];
	cJSON *item = NULL;
	uint32_t i;

	switch (v->kind) {
	case IDLE_NULL:
		item = cJSON_CreateNull();
		break;
	case IDLE_BOOL:
		item = cJSON_CreateBool(v->u.i != 0);
		break;
	case IDLE_INT:
		snprintf(buf, sizeof(buf), "%lld", (long long)v->u.i);
		item = cJSON_CreateRaw(buf);
		break;
	case IDLE_NUMBER:
		if (v->x) {
			item = cJSON_CreateRaw(v->x);
		} else if (idle_fmt_double_json(buf, sizeof(buf), v->u.d) == 0) {
			item = cJSON_CreateRaw(buf);
		} else {
			no_form(w, v, v->u.d != v->u.d ? "NaN" : "infinity");
			return cJSON_CreateNull();
		}
		break;
	case IDLE_STRING:
		if (memchr(v->u.s, '\0', v->n))
			item = string_with_nul(w, v->u.s, v->n);
		else
			item = cJSON_CreateString(v->u.s);
		break;
	case IDLE_ARRAY:
		item = cJSON_CreateArray();
		for (i = 0; item && i < v->n; i++) {
			cJSON *c;

			if (idle_path_push_index(&w->path, i))
				w->oom = 1;
			c = to_cjson(w, &v->u.items[i]);
			idle_path_pop(&w->path);

			if (!c || !cJSON_AddItemToArray(item, c)) {
				cJSON_Delete(c);
				w->oom = 1;
				break;
			}
		}
		break;
	case IDLE_MAP:
		item = cJSON_CreateObject();
		for (i = 0; item && i < v->n; i++) {
			const idle_member *m = &v->u.members[i];
			cJSON *c;

			if (memchr(m->key, '\0', m->klen)) {
				idle_value at = m->val;

				at.start = m->kstart;
				at.end = m->kend;
				no_form(w, &at, "a key containing a NUL character");
				continue;
			}
			if (idle_path_push_key(&w->path, m->key, m->klen))
				w->oom = 1;
			c = to_cjson(w, &m->val);
			idle_path_pop(&w->path);
			if (!c || !cJSON_AddItemToObject(item, m->key, c)) {
				cJSON_Delete(c);
				w->oom = 1;
				break;
			}
		}
		break;
	default:
		no_form(w, v, "a script block");
		return cJSON_CreateNull();
	}
	if (!item)
		w->oom = 1;
	return item;
}

/*
 * PowerShell's ConvertTo-Json layout from cJSON's compact text of a value
 * written at `depth`. Two passes over the text: the first measures, the
 * second writes into one allocation.
 */
static size_t layout(const char *c, char *out, int depth)
{
	size_t o = 0;
	int in_str = 0, k;

#define PUT(ch)                                                                                    \
	do {                                                                                       \
		char put_ = (ch); /* evaluated in both passes: it may advance c */                 \
		if (out)                                                                           \
			out[o] = put_;                                                             \
		o++;                                                                               \
	} while (0)
#define NEWLINE()                                                                                  \
	do {                                                                                       \
		PUT('\n');                                                                         \
		for (k = 0; k < depth; k++) {                                                      \
			PUT(' ');                                                                  \
			PUT(' ');                                                                  \
		}                                                                                  \
	} while (0)
	for (; *c; c++) {
		char ch = *c;

		if (in_str) {
			/* copy the run up to the next quote or backslash at once */
			size_t run = strcspn(c, "\"\\");

			if (run) {
				if (out)
					memcpy(out + o, c, run);
				o += run;
				c += run - 1;
				continue;
			}
			PUT(ch);
			if (ch == '\\' && c[1])
				PUT(*++c);
			else if (ch == '"')
				in_str = 0;
			continue;
		}
		switch (ch) {
		case '"':
			in_str = 1;
			PUT(ch);
			break;
		case '{':
		case '[':
			PUT(ch);
			if (c[1] == (ch == '{' ? '}' : ']')) {
				PUT(*++c);
				break;
			}
			depth++;
			NEWLINE();
			break;
		case '}':
		case ']':
			depth--;
			NEWLINE();
			PUT(ch);
			break;
		case ',':
			PUT(',');
			NEWLINE();
			break;
		case ':':
			PUT(':');
			PUT(' ');
			break;
		default:
			PUT(ch);
		}
	}
#undef NEWLINE
#undef PUT
	return o;
}

/* ---- the writer ---------------------------------------------------------------------- */

void idle_jw_init(idle_jwriter *j, unsigned flags, idle_json_sink sink, void *ud, idle_source *src,
                  idle_diags *diags)
{
	memset(j, 0, sizeof(*j));
	j->sink = sink;
	j->ud = ud;
	j->flags = flags;
	j->src = src;
	j->diags = diags;
}

static void emit(idle_jwriter *j, const char *s, size_t n)
{
	if (!j->io && n && j->sink(j->ud, s, n))
		j->io = 1;
}

static void newline(idle_jwriter *j, int depth)
{
	static const char spaces[] =
	    "\n                                                                ";
	size_t want = 1 + 2 * (size_t)depth;

	if (j->flags & IDLE_JSON_COMPACT)
		return;
	emit(j, spaces, 1);
	for (want--; want > 0;) {
		size_t n = want < sizeof(spaces) - 2 ? want : sizeof(spaces) - 2;

		emit(j, spaces + 1, n);
		want -= n;
	}
}

/* Before the next value: the separator and line of an array element, or nothing after a key. */
static int begin_value(idle_jwriter *j)
{
	if (j->after_key) {
		j->after_key = 0;
		return j->key_pushed;
	}
	if (j->depth == 0)
		return 0;
	if (j->count[j->depth]++)
		emit(j, ",", 1);
	newline(j, j->depth);
	if (idle_path_push_index(&j->path, j->count[j->depth] - 1)) {
		j->oom = 1;
		return 0;
	}
	return 1;
}

static void end_value(idle_jwriter *j, int pushed)
{
	if (pushed)
		idle_path_pop(&j->path);
}

void idle_jw_open(idle_jwriter *j, int map)
{
	int pushed = begin_value(j);

	if (j->depth >= IDLE_JW_MAX_OPEN) {
		j->limit = 1;
		end_value(j, pushed);
		return;
	}
	emit(j, map ? "{" : "[", 1);
	j->depth++;
	j->count[j->depth] = 0;
	j->is_map[j->depth] = (unsigned char)(map != 0);
	j->pushed[j->depth] = (unsigned char)pushed;
}

void idle_jw_close(idle_jwriter *j)
{
	if (j->depth == 0) {
		j->limit = 1;
		return;
	}
	if (j->count[j->depth])
		newline(j, j->depth - 1);
	emit(j, j->is_map[j->depth] ? "}" : "]", 1);
	end_value(j, j->pushed[j->depth]);
	j->depth--;
}

void idle_jw_key(idle_jwriter *j, const char *key, size_t len)
{
	cJSON *s;
	char *printed;

	if (j->depth == 0 || !j->is_map[j->depth]) {
		j->limit = 1;
		return;
	}
	if (memchr(key, '\0', len)) {
		idle_value at;

		/* reported; the output is discarded (idle_jw_finish fails) */
		idle_val_init(&at, IDLE_NULL);
		at.start = at.end = IDLE_NOSPAN;
		no_form(j, &at, "a key containing a NUL character");
	}
	if (j->count[j->depth]++)
		emit(j, ",", 1);
	newline(j, j->depth);
	s = cJSON_CreateString(key);
	printed = s ? cJSON_PrintUnformatted(s) : NULL;
	if (printed) {
		emit(j, printed, strlen(printed));
		emit(j, ":", 1);
		if (!(j->flags & IDLE_JSON_COMPACT))
			emit(j, " ", 1);
	} else {
		j->oom = 1;
	}
	cJSON_free(printed);
	cJSON_Delete(s);
	j->after_key = 1;
	j->key_pushed = idle_path_push_key(&j->path, key, len) == 0;
	if (!j->key_pushed)
		j->oom = 1;
}

void idle_jw_value(idle_jwriter *j, const idle_value *v)
{
	cJSON *tree;
	char *compact, *laid;
	int pushed;
	size_t n;
	uint32_t i;

	if ((v->kind == IDLE_MAP || v->kind == IDLE_ARRAY) && v->n &&
	    (j->depth < IDLE_JW_STREAM_DEPTH ||
	     (v->kind == IDLE_ARRAY && v->n >= IDLE_JW_STREAM_ITEMS &&
	      j->depth < IDLE_JW_MAX_OPEN))) {
		idle_jw_open(j, v->kind == IDLE_MAP);
		for (i = 0; i < v->n; i++) {
			if (v->kind == IDLE_MAP) {
				const idle_member *m = &v->u.members[i];

				if (memchr(m->key, '\0', m->klen)) {
					idle_value at = m->val;

					at.start = m->kstart;
					at.end = m->kend;
					no_form(j, &at, "a key containing a NUL character");
					continue;
				}
				idle_jw_key(j, m->key, m->klen);
				idle_jw_value(j, &m->val);
			} else {
				idle_jw_value(j, &v->u.items[i]);
			}
		}
		idle_jw_close(j);
		return;
	}
	pushed = begin_value(j);
	tree = to_cjson(j, v);
	compact = tree ? cJSON_PrintUnformatted(tree) : NULL;
	cJSON_Delete(tree);
	if (!compact) {
		j->oom = 1;
	} else if (j->flags & IDLE_JSON_COMPACT) {
		emit(j, compact, strlen(compact));
	} else {
		n = layout(compact, NULL, j->depth);
		laid = malloc(n + 1);
		if (laid) {
			layout(compact, laid, j->depth);
			emit(j, laid, n);
			free(laid);
		} else {
			j->oom = 1;
		}
	}
	cJSON_free(compact);
	end_value(j, pushed);
}

int idle_jw_finish(idle_jwriter *j)
{
	int rc = j->oom                   ? IDLE_ENOMEM
	         : j->invalid             ? IDLE_EINVALID
	         : j->io                  ? IDLE_EIO
	         : (j->limit || j->depth) ? IDLE_ELIMIT
	                                  : 0;

	idle_path_free(&j->path);
	return rc;
}

int idle_json_buf_sink(void *ud, const char *data, size_t len)
{
	return idle_buf_add(ud, data, len);
}

int idle_json_buf_take(idle_buf *b, int rc, char **out, size_t *len)
{
	*out = NULL;
	if (rc == IDLE_EIO || (rc == 0 && b->failed))
		rc = IDLE_ENOMEM; /* the buffer could not grow */
	if (rc == 0)
		*out = idle_buf_detach(b, len);
	idle_buf_free(b);
	return rc ? rc : *out ? 0 : IDLE_ENOMEM;
}

/* ---- whole values ------------------------------------------------------------------------ */

int idle_json_write(char **out, size_t *len, const idle_value *v, unsigned flags, idle_source *src,
                    idle_diags *diags)
{
	idle_buf b = IDLE_BUF_INIT;
	idle_jwriter j;

	idle_jw_init(&j, flags, idle_json_buf_sink, &b, src, diags);
	idle_jw_value(&j, v);
	return idle_json_buf_take(&b, idle_jw_finish(&j), out, len);
}

int idle_value_to_json(char **out, size_t *len, const idle_value *v, unsigned flags,
                       idle_diags *diags)
{
	return idle_json_write(out, len, v, flags, NULL, diags);
}
