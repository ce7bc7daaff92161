/*
 * parser/json.c - JSON <-> value through cJSON.
 */
#include "parser/json.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <idle/json.h>

#include "core/buf.h"
#include "core/numfmt.h"
#include "core/path.h"
#include "core/utf8.h"

/* ---- reading --------------------------------------------------------------- */

typedef struct jr {
	const char *s;
	size_t len;
	size_t pos;
	idle_arena *arena;
	idle_source *src;
	idle_diags *diags;
	int failed;        /* an error was reported */
	idle_member *mems; /* scratch for duplicate checks */
} jr;

static void jr_ws(jr *r)
{
	while (r->pos < r->len) {
		char c = r->s[r->pos];

		if (c != ' ' && c != '\t' && c != '\n' && c != '\r')
			break;
		r->pos++;
	}
}

/* Skips a string token (cJSON has validated it). */
static void jr_skip_string(jr *r)
{
	r->pos++;
	while (r->pos < r->len && r->s[r->pos] != '"') {
		if (r->s[r->pos] == '\\')
			r->pos++;
		r->pos++;
	}
	r->pos++;
}

/* Does the string token at [start, end) contain the escape \u0000? */
static int has_nul_escape(const char *s, size_t start, size_t end)
{
	size_t i;

	for (i = start; i + 5 < end; i++) {
		if (s[i] == '\\') {
			if (s[i + 1] == 'u' && s[i + 2] == '0' && s[i + 3] == '0' &&
			    s[i + 4] == '0' && s[i + 5] == '0')
				return 1;
			i++;
		}
	}
	return 0;
}

static int jr_string(jr *r, const char *decoded, idle_value *out, const char **key, uint32_t *klen)
{
	size_t start = r->pos;

	jr_skip_string(r);
	if (has_nul_escape(r->s, start, r->pos)) {
		idle_diags_add(r->diags, IDLE_SEV_ERROR, JSON_CODE_UNSUPPORTED, r->src, start,
		               r->pos, "strings containing \\u0000 are not supported");
		r->failed = 1;
	}
	if (key) {
		*key = idle_arena_strndup(r->arena, decoded, strlen(decoded));
		*klen = (uint32_t)strlen(decoded);
		return *key ? 0 : -1;
	}
	if (idle_val_string(r->arena, out, decoded, strlen(decoded)))
		return -1;
	out->start = (uint32_t)start;
	out->end = (uint32_t)r->pos;
	return 0;
}

/* An exact integer from the literal when it is one; the double otherwise. */
static int jr_number(jr *r, const cJSON *node, idle_value *out)
{
	size_t start = r->pos;
	int integral = 1;
	char buf[64];

	while (r->pos < r->len && strchr("+-0123456789.eE", r->s[r->pos]) && r->s[r->pos]) {
		if (strchr(".eE", r->s[r->pos]))
			integral = 0;
		r->pos++;
	}
	if (integral && r->pos - start < sizeof(buf)) {
		long long v;
		char *end;

		memcpy(buf, r->s + start, r->pos - start);
		buf[r->pos - start] = '\0';
		errno = 0;
		v = strtoll(buf, &end, 10);
		if (errno == 0 && *end == '\0') {
			idle_val_int(out, v);
			out->ntype =
			    v >= INT32_MIN && v <= INT32_MAX ? IDLE_NT_INT32 : IDLE_NT_INT64;
		} else {
			idle_val_init(out, IDLE_NUMBER);
			out->ntype = IDLE_NT_BIGINT;
			out->u.d = node->valuedouble;
			out->x = idle_arena_strndup(r->arena, buf, strlen(buf));
			if (!out->x)
				return -1;
		}
	} else if (integral) {
		idle_val_init(out, IDLE_NUMBER);
		out->ntype = IDLE_NT_BIGINT;
		out->u.d = node->valuedouble;
		out->x = idle_arena_strndup(r->arena, r->s + start, r->pos - start);
		if (!out->x)
			return -1;
	} else {
		idle_val_double(out, node->valuedouble);
	}
	out->start = (uint32_t)start;
	out->end = (uint32_t)r->pos;
	return 0;
}

static int jr_value(jr *r, const cJSON *node, idle_value *out);

static int jr_array(jr *r, const cJSON *node, idle_value *out)
{
	size_t start = r->pos, n = (size_t)cJSON_GetArraySize(node), i = 0;
	idle_value *items = n ? idle_arena_alloc(r->arena, n * sizeof(*items)) : NULL;
	const cJSON *c;

	if (n && !items)
		return -1;
	r->pos++; /* '[' */
	for (c = node->child; c; c = c->next, i++) {
		jr_ws(r);
		if (jr_value(r, c, &items[i]))
			return -1;
		jr_ws(r);
		if (r->s[r->pos] == ',')
			r->pos++;
	}
	jr_ws(r);
	r->pos++; /* ']' */
	idle_val_init(out, IDLE_ARRAY);
	out->u.items = items;
	out->n = (uint32_t)n;
	out->start = (uint32_t)start;
	out->end = (uint32_t)r->pos;
	return 0;
}

static int jr_object(jr *r, const cJSON *node, idle_value *out)
{
	size_t start = r->pos, n = (size_t)cJSON_GetArraySize(node), i = 0, k;
	idle_member *mems = n ? calloc(n, sizeof(*mems)) : NULL;
	const cJSON *c;
	int rc = 0;

	if (n && !mems)
		return -1;
	r->pos++; /* '{' */
	for (c = node->child; c; c = c->next, i++) {
		idle_member *m = &mems[i];

		jr_ws(r);
		m->kstart = (uint32_t)r->pos;
		if (jr_string(r, c->string, NULL, &m->key, &m->klen)) {
			rc = -1;
			break;
		}
		m->kend = (uint32_t)r->pos;
		jr_ws(r);
		r->pos++; /* ':' */
		jr_ws(r);
		if (jr_value(r, c, &m->val)) {
			rc = -1;
			break;
		}
		for (k = 0; k < i; k++) {
			if (idle_utf8_caseeq(mems[k].key, mems[k].klen, m->key, m->klen)) {
				idle_diag *d = idle_diags_add(
				    r->diags, IDLE_SEV_ERROR, JSON_CODE_DUPLICATE, r->src,
				    m->kstart, m->kend,
				    "duplicate key \"%s\" in JSON object (keys are compared "
				    "case-insensitively)",
				    m->key);

				idle_diag_set_note(d, mems[k].kstart, "\"%s\" first defined here",
				                   mems[k].key);
				r->failed = 1;
				break;
			}
		}
		jr_ws(r);
		if (r->s[r->pos] == ',')
			r->pos++;
	}
	if (rc == 0) {
		jr_ws(r);
		r->pos++; /* '}' */
		rc = idle_val_map(r->arena, out, mems, n);
		out->start = (uint32_t)start;
		out->end = (uint32_t)r->pos;
	}
	free(mems);
	return rc;
}

static int jr_value(jr *r, const cJSON *node, idle_value *out)
{
	size_t start = r->pos;

	if (cJSON_IsString(node))
		return jr_string(r, node->valuestring, out, NULL, NULL);
	if (cJSON_IsNumber(node))
		return jr_number(r, node, out);
	if (cJSON_IsArray(node))
		return jr_array(r, node, out);
	if (cJSON_IsObject(node))
		return jr_object(r, node, out);
	if (cJSON_IsBool(node)) {
		idle_val_bool(out, cJSON_IsTrue(node));
		r->pos += cJSON_IsTrue(node) ? 4 : 5;
	} else {
		idle_val_init(out, IDLE_NULL);
		r->pos += 4;
	}
	out->start = (uint32_t)start;
	out->end = (uint32_t)r->pos;
	return 0;
}

int idle_json_parse(idle_arena *a, idle_source *src, idle_diags *diags, idle_value *out)
{
	const char *end = NULL;
	cJSON *root;
	jr r;
	size_t at;

	idle_val_init(out, IDLE_NULL);
	root = cJSON_ParseWithLengthOpts(src->text, src->len, &end, 0);
	if (!root) {
		at = end ? (size_t)(end - src->text) : 0;
		if (at > src->len)
			at = src->len;
		/* only white space left: the document ended early */
		if (at < src->len && strspn(src->text + at, " \t\r\n") == src->len - at)
			at = src->len;
		if (at >= src->len)
			idle_diags_add(diags, IDLE_SEV_ERROR, JSON_CODE_SYNTAX, src, src->len,
			               src->len, "invalid JSON: unexpected end of input");
		else
			idle_diags_add(diags, IDLE_SEV_ERROR, JSON_CODE_SYNTAX, src, at, at + 1,
			               "invalid JSON: unexpected character '%c'",
			               (unsigned char)src->text[at] >= 0x20 ? src->text[at] : '?');
		return IDLE_EPARSE;
	}
	memset(&r, 0, sizeof(r));
	r.s = src->text;
	r.len = src->len;
	r.arena = a;
	r.src = src;
	r.diags = diags;
	jr_ws(&r);
	if (jr_value(&r, root, out)) {
		cJSON_Delete(root);
		return IDLE_ENOMEM;
	}
	cJSON_Delete(root);
	jr_ws(&r);
	if (r.pos < r.len) {
		idle_diags_add(diags, IDLE_SEV_ERROR, JSON_CODE_SYNTAX, src, r.pos, r.pos + 1,
		               "invalid JSON: unexpected content after the value");
		return IDLE_EPARSE;
	}
	return r.failed ? IDLE_EPARSE : 0;
}

/* ---- writing --------------------------------------------------------------- */

typedef struct jw {
	idle_source *src;
	idle_diags *diags;
	idle_path path;
	int invalid; /* a value had no JSON form */
	int oom;
} jw;

static void no_form(jw *w, const idle_value *v, const char *what)
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
static cJSON *string_with_nul(jw *w, const char *s, size_t n)
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

static cJSON *to_cjson(jw *w, const idle_value *v)
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
 * PowerShell's ConvertTo-Json layout from cJSON's compact text. Two passes
 * over the text: the first measures, the second writes into one allocation
 * (plans of thousands of steps are megabytes; growing a buffer byte by byte
 * would copy and fault them in again and again).
 */
static size_t layout(const char *c, char *out)
{
	size_t o = 0;
	int in_str = 0, depth = 0, k;

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

static char *reindent(const char *c, size_t *len)
{
	size_t n = layout(c, NULL);
	char *out = malloc(n + 1);

	if (!out)
		return NULL;
	layout(c, out);
	out[n] = '\0';
	if (len)
		*len = n;
	return out;
}

int idle_json_write(char **out, size_t *len, const idle_value *v, unsigned flags, idle_source *src,
                    idle_diags *diags)
{
	jw w = {src, diags, IDLE_PATH_INIT, 0, 0};
	cJSON *tree = to_cjson(&w, v);
	char *compact;

	idle_path_free(&w.path);
	*out = NULL;
	if (w.oom || !tree) {
		cJSON_Delete(tree);
		return IDLE_ENOMEM;
	}
	if (w.invalid) {
		cJSON_Delete(tree);
		return IDLE_EINVALID;
	}
	compact = cJSON_PrintUnformatted(tree);
	cJSON_Delete(tree);
	if (!compact)
		return IDLE_ENOMEM;
	if (flags & IDLE_JSON_COMPACT) {
		*out = strdup(compact);
		if (len && *out)
			*len = strlen(*out);
	} else {
		*out = reindent(compact, len);
	}
	cJSON_free(compact);
	return *out ? 0 : IDLE_ENOMEM;
}

int idle_value_to_json(char **out, size_t *len, const idle_value *v, unsigned flags,
                       idle_diags *diags)
{
	return idle_json_write(out, len, v, flags, NULL, diags);
}

void idle_free(void *p)
{
	free(p);
}
