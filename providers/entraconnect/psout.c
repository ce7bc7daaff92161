/*
 * providers/entraconnect/psout.c - PowerShell's command line, its CLIXML
 * errors and its JSON, read as Windows PowerShell 5.1 writes them.
 */
#include "providers/entraconnect/psout.h"

#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include <idle/sys/provider.h>
#include <libxml/parser.h>
#include <libxml/tree.h>

#include "providers/common/base64.h"

#define PS_PREFIX                                                                                  \
	"powershell.exe -NoProfile -NonInteractive -ExecutionPolicy Bypass -EncodedCommand "

/* ---- the command line ------------------------------------------------------------------ */

/* The next code point of UTF-8 s[*i..n) (U+FFFD for a bad sequence). */
static uint32_t next_cp(const unsigned char *s, size_t n, size_t *i)
{
	uint32_t c = s[(*i)++];
	int more = c >= 0xF0 ? 3 : c >= 0xE0 ? 2 : c >= 0xC0 ? 1 : 0;

	if (c < 0x80)
		return c;
	if (c < 0xC2 || c > 0xF4)
		return 0xFFFD;
	c &= 0x3F >> more;
	while (more--) {
		if (*i >= n || (s[*i] & 0xC0) != 0x80)
			return 0xFFFD;
		c = (c << 6) | (s[(*i)++] & 0x3F);
	}
	return c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF) ? 0xFFFD : c;
}

int ec_ps_command_line(idle_bytes *out, const char *script)
{
	idle_bytes u16 = IDLE_BYTES_INIT;
	size_t i = 0, n = strlen(script), start = out->len;
	int rc = 0;

	while (i < n && !rc) {
		uint32_t cp = next_cp((const unsigned char *)script, n, &i);
		unsigned char b[4];

		if (cp >= 0x10000) { /* a surrogate pair */
			uint32_t v = cp - 0x10000, hi = 0xD800 + (v >> 10),
			         lo = 0xDC00 + (v & 0x3FF);

			b[0] = (unsigned char)hi, b[1] = (unsigned char)(hi >> 8);
			b[2] = (unsigned char)lo, b[3] = (unsigned char)(lo >> 8);
			rc = idle_bytes_add(&u16, b, 4);
		} else {
			b[0] = (unsigned char)cp, b[1] = (unsigned char)(cp >> 8);
			rc = idle_bytes_add(&u16, b, 2);
		}
	}
	if (!rc)
		rc = idle_bytes_adds(out, PS_PREFIX);
	if (!rc)
		rc = idle_base64_encode(out, u16.p, u16.len);
	idle_bytes_wipe(&u16);
	if (!rc && out->len - start > EC_PS_CMDLINE_MAX)
		rc = -2;
	return rc;
}

/* ---- CLIXML ------------------------------------------------------------------------------- */

static int hexval(const char *s, int n)
{
	int v = 0, i;

	for (i = 0; i < n; i++) {
		char c = s[i];

		v <<= 4;
		if (c >= '0' && c <= '9')
			v |= c - '0';
		else if (c >= 'a' && c <= 'f')
			v |= c - 'a' + 10;
		else if (c >= 'A' && c <= 'F')
			v |= c - 'A' + 10;
		else
			return -1;
	}
	return v;
}

static int add_cp(idle_bytes *out, uint32_t cp)
{
	unsigned char b[4];
	size_t n;

	if (cp < 0x80)
		b[0] = (unsigned char)cp, n = 1;
	else if (cp < 0x800)
		b[0] = (unsigned char)(0xC0 | (cp >> 6)),
		b[1] = (unsigned char)(0x80 | (cp & 0x3F)), n = 2;
	else if (cp < 0x10000)
		b[0] = (unsigned char)(0xE0 | (cp >> 12)),
		b[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F)),
		b[2] = (unsigned char)(0x80 | (cp & 0x3F)), n = 3;
	else
		b[0] = (unsigned char)(0xF0 | (cp >> 18)),
		b[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3F)),
		b[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F)),
		b[3] = (unsigned char)(0x80 | (cp & 0x3F)), n = 4;
	return idle_bytes_add(out, b, n);
}

/* Appends s with its _xHHHH_ escapes (UTF-16 code units, surrogates paired) resolved. */
static int unescape(idle_bytes *out, const char *s)
{
	size_t n = strlen(s), i = 0;

	while (i < n) {
		int u = i + 7 <= n && s[i] == '_' && s[i + 1] == 'x' && s[i + 6] == '_'
		            ? hexval(s + i + 2, 4)
		            : -1;
		int rc;

		if (u < 0) {
			rc = idle_bytes_add(out, s + i, 1);
			i++;
		} else if (u >= 0xD800 && u <= 0xDBFF && i + 14 <= n && s[i + 7] == '_' &&
		           s[i + 8] == 'x' && s[i + 13] == '_' && hexval(s + i + 9, 4) >= 0xDC00 &&
		           hexval(s + i + 9, 4) <= 0xDFFF) {
			uint32_t lo = (uint32_t)hexval(s + i + 9, 4);

			rc = add_cp(out, 0x10000 + (((uint32_t)u - 0xD800) << 10) + (lo - 0xDC00));
			i += 14;
		} else {
			rc = add_cp(out, u >= 0xD800 && u <= 0xDFFF ? 0xFFFD : (uint32_t)u);
			i += 7;
		}
		if (rc)
			return -1;
	}
	return 0;
}

/* Appends the Error strings of one <Objs> document. */
static int objs_errors(const xmlNode *n, idle_bytes *out)
{
	for (; n; n = n->next) {
		if (n->type != XML_ELEMENT_NODE)
			continue;
		if (!strcmp((const char *)n->name, "S")) {
			xmlChar *kind = xmlGetProp((xmlNode *)n, BAD_CAST "S");
			int err = kind && !strcmp((const char *)kind, "Error");

			xmlFree(kind);
			if (err) {
				xmlChar *t = xmlNodeGetContent(n);
				int rc = t ? unescape(out, (const char *)t) : 0;

				xmlFree(t);
				if (rc)
					return -1;
			}
		} else if (strcmp((const char *)n->name, "Obj") && objs_errors(n->children, out)) {
			return -1; /* Obj: a progress or other record; not an error */
		}
	}
	return 0;
}

/* The text with CRLF as LF, trimmed, replacing out's content. */
static void normalise(idle_bytes *out)
{
	size_t r, w = 0, b = 0;

	if (!out->p)
		return;
	for (r = 0; r < out->len; r++)
		if (!(out->p[r] == '\r' && r + 1 < out->len && out->p[r + 1] == '\n'))
			out->p[w++] = out->p[r];
	while (w > 0 && (out->p[w - 1] == ' ' || out->p[w - 1] == '\n' || out->p[w - 1] == '\r' ||
	                 out->p[w - 1] == '\t'))
		w--;
	while (b < w && (out->p[b] == ' ' || out->p[b] == '\n' || out->p[b] == '\t'))
		b++;
	memmove(out->p, out->p + b, w - b);
	out->len = w - b;
	out->p[out->len] = '\0';
}

int ec_ps_errors(const char *err, size_t len, idle_bytes *out)
{
	static const char marker[] = "#< CLIXML";
	const char *p = err, *end = err + len;

	if (len >= 3 && !memcmp(p, "\xEF\xBB\xBF", 3))
		p += 3;
	while (p < end && (*p == '\r' || *p == '\n' || *p == ' '))
		p++;
	if ((size_t)(end - p) < sizeof(marker) - 1 || memcmp(p, marker, sizeof(marker) - 1)) {
		if (idle_bytes_add(out, p, (size_t)(end - p)))
			return -1;
		normalise(out);
		return 0;
	}
	p += sizeof(marker) - 1;
	for (;;) { /* one or more <Objs> documents, back to back */
		const char *b = memmem(p, (size_t)(end - p), "<Objs", 5), *e;
		xmlDoc *doc;
		int rc;

		if (!b)
			break;
		e = memmem(b, (size_t)(end - b), "</Objs>", 7);
		e = e ? e + 7 : end;
		if (e - b > INT_MAX || memmem(b, (size_t)(e - b), "<!", 2))
			break; /* no DTDs, no CDATA tricks: the raw text is all we report */
		doc = xmlReadMemory(b, (int)(e - b), "clixml.xml", NULL,
		                    XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
		if (!doc) {
			if (idle_bytes_add(out, b, (size_t)(e - b)))
				return -1;
		} else {
			rc = objs_errors(xmlDocGetRootElement(doc)->children, out);
			xmlFreeDoc(doc);
			if (rc)
				return -1;
		}
		p = e;
	}
	if (out->failed)
		return -1;
	normalise(out);
	return 0;
}

void ec_ps_summary(const char *text, char *buf, size_t size)
{
	const char *end = strchr(text, '\n'), *at = strstr(text, "At line:");

	if (!end || (at && at < end))
		end = at ? at : text + strlen(text);
	while (end > text && (end[-1] == ' ' || end[-1] == '\n' || end[-1] == '\r'))
		end--;
	snprintf(buf, size, "%.*s", (int)(end - text), text);
}

/* ---- JSON ------------------------------------------------------------------------------------ */

cJSON *ec_ps_json(const char *out, size_t len)
{
	size_t i = len >= 3 && !memcmp(out, "\xEF\xBB\xBF", 3) ? 3 : 0;

	while (i < len) {
		size_t j = i;

		while (j < len && (out[j] == ' ' || out[j] == '\t'))
			j++;
		if (j < len && (out[j] == '{' || out[j] == '[')) {
			cJSON *v = cJSON_ParseWithLengthOpts(out + j, len - j, NULL, 0);

			if (v)
				return v; /* stray lines after it are ignored too */
		}
		while (i < len && out[i] != '\n')
			i++;
		i++;
	}
	return NULL;
}

int ec_ps_bool(const cJSON *obj, const char *key)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);

	if (cJSON_IsBool(v))
		return cJSON_IsTrue(v);
	if (cJSON_IsString(v) && !strcasecmp(v->valuestring, "True"))
		return 1;
	if (cJSON_IsString(v) && !strcasecmp(v->valuestring, "False"))
		return 0;
	return -1;
}

double ec_ps_timespan(const cJSON *obj, const char *key)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key), *t;
	double d = 0, h, m, s;
	const char *str;

	if (cJSON_IsObject(v) &&
	    cJSON_IsNumber(t = cJSON_GetObjectItemCaseSensitive(v, "TotalSeconds")))
		return t->valuedouble;
	if (!cJSON_IsString(v))
		return -1;
	str = v->valuestring;
	if (strchr(str, '.') && strchr(str, '.') < strchr(str, ':')) { /* "7.00:00:00" */
		d = strtod(str, NULL);
		str = strchr(str, '.') + 1;
	}
	if (sscanf(str, "%lf:%lf:%lf", &h, &m, &s) != 3)
		return -1;
	return ((d * 24 + h) * 60 + m) * 60 + s;
}

int ec_ps_date(const cJSON *obj, const char *key, char *buf, size_t size)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
	long long ms;
	struct tm tm;
	time_t t;

	if (!cJSON_IsString(v))
		return -1;
	if (sscanf(v->valuestring, "/Date(%lld", &ms) == 1) {
		t = (time_t)(ms / 1000);
		if (!gmtime_r(&t, &tm))
			return -1;
		strftime(buf, size, "%Y-%m-%dT%H:%M:%SZ", &tm);
		return 0;
	}
	if (strlen(v->valuestring) >= 19 && v->valuestring[4] == '-' && v->valuestring[10] == 'T') {
		snprintf(buf, size, "%s", v->valuestring);
		return 0;
	}
	return -1;
}

/* SynchronizationPolicyType: 0 is Unspecified, then idle's policies in their order (1 Delta, 2 Initial). */
static const char *policy_name(int i)
{
	return i == 0 ? "Unspecified" : idle_sync_policy_name((idle_sync_policy)(i - 1));
}

const char *ec_ps_policy(const cJSON *obj, const char *key)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
	int i;

	if (cJSON_IsNumber(v) && v->valueint >= 0 && v->valueint <= IDLE_SYNC_POLICY_COUNT)
		return policy_name(v->valueint);
	for (i = 0; cJSON_IsString(v) && i <= IDLE_SYNC_POLICY_COUNT; i++)
		if (!strcasecmp(v->valuestring, policy_name(i)))
			return policy_name(i);
	return NULL;
}
