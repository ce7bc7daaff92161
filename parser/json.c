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

/*
 * The index of the first of mems[0..i) whose key equals mems[i]'s
 * (case-insensitively), or i after adding mems[i] to the hash set (slots:
 * indexes + 1, 0 free; nslots a power of two above the member count). Without
 * slots (small objects) the members are compared one by one.
 */
static size_t first_with_key(const idle_member *mems, size_t i, uint32_t *slots, size_t nslots)
{
	const idle_member *m = &mems[i];
	size_t k, h;

	if (!slots) {
		for (k = 0; k < i; k++)
			if (idle_utf8_caseeq(mems[k].key, mems[k].klen, m->key, m->klen))
				return k;
		return i;
	}
	for (h = idle_utf8_casehash(m->key, m->klen) & (nslots - 1); slots[h];
	     h = (h + 1) & (nslots - 1)) {
		k = slots[h] - 1;
		if (idle_utf8_caseeq(mems[k].key, mems[k].klen, m->key, m->klen))
			return k;
	}
	slots[h] = (uint32_t)i + 1;
	return i;
}

static int jr_object(jr *r, const cJSON *node, idle_value *out)
{
	size_t start = r->pos, n = (size_t)cJSON_GetArraySize(node), i = 0, k, nslots = 0;
	idle_member *mems = n ? calloc(n, sizeof(*mems)) : NULL;
	uint32_t *slots = NULL;
	const cJSON *c;
	int rc = 0;

	if (n && !mems)
		return -1;
	if (n > 8) { /* a hash set: objects of many keys stay linear */
		for (nslots = 16; nslots < 2 * n; nslots *= 2)
			;
		if (!(slots = calloc(nslots, sizeof(*slots)))) {
			free(mems);
			return -1;
		}
	}
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
		k = first_with_key(mems, i, slots, nslots);
		if (k < i) {
			idle_diag *d =
			    idle_diags_add(r->diags, IDLE_SEV_ERROR, JSON_CODE_DUPLICATE, r->src,
			                   m->kstart, m->kend,
			                   "duplicate key \"%s\" in JSON object (keys are "
			                   "compared case-insensitively)",
			                   m->key);

			idle_diag_set_note(d, mems[k].kstart, "\"%s\" first defined here",
			                   mems[k].key);
			r->failed = 1;
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
	free(slots);
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

/*
 * 1 when a JSON text that cJSON refused at byte `at` is a document cut short
 * (a plan file truncated in transit) rather than wrong there: it ends inside
 * a string, or inside an object or array with nothing after `at` but the rest
 * of the last token.
 */
static int cut_short(const char *s, size_t len, size_t at)
{
	size_t i, last = 0;
	int depth = 0, in_str = 0;

	for (i = 0; i < len; i++) {
		char c = s[i];

		if (in_str) {
			if (c == '\\')
				i++;
			else if (c == '"')
				in_str = 0;
			continue;
		}
		if (c == '"') {
			in_str = 1;
			last = i;
		} else if (c == '{' || c == '[') {
			depth++;
			last = i;
		} else if (c == '}' || c == ']' || c == ',' || c == ':') {
			depth -= c == '}' || c == ']';
			last = i;
		}
	}
	return in_str || (depth > 0 && last <= at);
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
		/* only white space left, or a document cut short: it ended early */
		if ((at < src->len && strspn(src->text + at, " \t\r\n") == src->len - at) ||
		    cut_short(src->text, src->len, at))
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
