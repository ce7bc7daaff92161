/*
 * parser/document.c - documents: reading a file, decoding it, choosing the
 * parser (psd1 or JSON), and owning the result.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <idle/document.h>
#include <idle/json.h>

#include "core/arena.h"
#include "core/diag.h"
#include "core/secret.h"
#include "core/source.h"
#include "core/utf8.h"
#include "core/value.h"
#include "parser/document.h"
#include "parser/json.h"
#include "parser/psd1.h"

#define DOC_MAX_BYTES ((size_t)1 << 30) /* spans are 32-bit; 1 GiB is plenty */

int idle_parse_options_init(idle_parse_options *opts, unsigned int version)
{
	if (!opts || version != IDLE_PARSE_OPTIONS_VERSION)
		return IDLE_EARG;
	memset(opts, 0, sizeof(*opts));
	opts->version = version;
	return 0;
}

static int is_json_name(const char *name)
{
	size_t n = name ? strlen(name) : 0;

	return n >= 5 && !strcasecmp(name + n - 5, ".json");
}

/* Bytes that look like UTF-16 without a BOM: ASCII text with every other byte NUL. */
static int looks_like_utf16(const unsigned char *b, size_t len)
{
	return len >= 4 && ((b[0] && !b[1] && b[2] && !b[3]) || (!b[0] && b[1] && !b[2] && b[3]));
}

/* Keys whose values are not secret even inside a secret-named map (a Credential's). */
static int reference_key(const char *k, size_t n)
{
	static const char *const names[] = {"UserName", "TenantId",  "ClientId", "Endpoint",
	                                    "Scope",    "Authority", NULL};
	size_t i;

	if ((n > 3 && idle_utf8_caseeqz(k + n - 3, 3, "Env")) ||
	    (n > 4 && idle_utf8_caseeqz(k + n - 4, 4, "File")))
		return 1;
	for (i = 0; names[i]; i++)
		if (idle_utf8_caseeqz(k, n, names[i]))
			return 1;
	return 0;
}

/*
 * Records the span of every value under a secret key, so that no diagnostic
 * shows it. Inside a map or list under a secret key (Credential = @{...}),
 * every scalar is masked but those of reference keys (UserName, PasswordEnv).
 */
static int mask_secrets(idle_source *src, const idle_value *v, int inside)
{
	uint32_t i;

	if (v->kind == IDLE_ARRAY) {
		for (i = 0; i < v->n; i++)
			if (mask_secrets(src, &v->u.items[i], inside))
				return -1;
	} else if (v->kind == IDLE_MAP) {
		for (i = 0; i < v->n; i++) {
			const idle_member *m = &v->u.members[i];
			int secret = idle_secret_key(m->key, m->klen) ||
			             (inside && !reference_key(m->key, m->klen));

			if (mask_secrets(src, &m->val, secret))
				return -1;
		}
	} else if (inside && v->start != IDLE_NOSPAN &&
	           !(v->kind == IDLE_STRING && !strcmp(v->u.s, "[REDACTED]")) &&
	           idle_source_mask(src, v->start, v->end)) {
		return -1;
	}
	return 0;
}

int idle_doc_parse(idle_doc **out, const char *name, const char *bytes, size_t len,
                   idle_format format, const idle_parse_options *opts, idle_diags *diags)
{
	idle_decoded dec;
	idle_doc *doc;
	size_t ndiags = diags ? diags->n : 0;
	int rc;

	if (!out || (!bytes && len))
		return IDLE_EARG;
	*out = NULL;
	if (opts && opts->version != IDLE_PARSE_OPTIONS_VERSION)
		return IDLE_EARG;
	if (len > DOC_MAX_BYTES) {
		idle_diags_add(diags, IDLE_SEV_ERROR, "too-large", NULL, IDLE_NOLOC, IDLE_NOLOC,
		               "%s: the file is larger than 1 GiB", name ? name : "input");
		return IDLE_ELIMIT;
	}
	if (idle_decode_source(&dec, bytes, len))
		return IDLE_ENOMEM;
	doc = calloc(1, sizeof(*doc));
	if (!doc) {
		free(dec.text);
		return IDLE_ENOMEM;
	}
	idle_arena_init(&doc->arena);
	doc->src = idle_source_new(name ? name : "<input>", dec.text, dec.len);
	if (!doc->src) {
		free(doc);
		return IDLE_ENOMEM;
	}
	if (dec.encoding == IDLE_ENC_UTF8 && looks_like_utf16((const unsigned char *)bytes, len)) {
		idle_diag *d = idle_diags_add(
		    diags, IDLE_SEV_WARNING, PSD1_CODE_ENCODING, doc->src, IDLE_NOLOC, IDLE_NOLOC,
		    "the file looks like UTF-16 without a byte-order mark; "
		    "it is read as UTF-8");

		idle_diag_set_hint(d, "save it as UTF-8, or as UTF-16 with a BOM");
	} else if (dec.replaced) {
		static const char *const names[] = {"UTF-8",    "UTF-8",    "UTF-16LE",
		                                    "UTF-16BE", "UTF-32LE", "UTF-32BE"};

		idle_diags_add(
		    diags, IDLE_SEV_WARNING, PSD1_CODE_ENCODING, doc->src, dec.first_bad,
		    dec.first_bad + 3,
		    "the file is not valid %s: %zu invalid sequence%s replaced by U+FFFD "
		    "(as PowerShell does)",
		    names[dec.encoding], dec.replaced, dec.replaced == 1 ? "" : "s");
	}
	if (format == IDLE_FORMAT_AUTO)
		format = is_json_name(name) ? IDLE_FORMAT_JSON : IDLE_FORMAT_PSD1;
	if (format == IDLE_FORMAT_JSON)
		rc = idle_json_parse(&doc->arena, doc->src, diags, &doc->root);
	else
		rc = idle_psd1_parse(&doc->arena, doc->src, opts, diags, &doc->root);
	if (rc == 0 && mask_secrets(doc->src, &doc->root, 0))
		rc = IDLE_ENOMEM;
	/* what was reported while parsing is masked again with the parsed masks */
	idle_diags__remask(diags, ndiags, doc->src);
	if (rc) {
		idle_doc_free(doc);
		return rc;
	}
	*out = doc;
	return 0;
}

/* An I/O error about a file: "path: error[io]: message". */
static void io_error(idle_diags *diags, const char *path, const char *fmt, const char *arg)
{
	idle_diag *d =
	    idle_diags_add(diags, IDLE_SEV_ERROR, "io", NULL, IDLE_NOLOC, IDLE_NOLOC, fmt, arg);

	if (d && path)
		d->file = strdup(path);
}

static int read_stream(FILE *f, char **data, size_t *len)
{
	size_t cap = 65536, n = 0;
	char *buf = malloc(cap);

	if (!buf)
		return IDLE_ENOMEM;
	for (;;) {
		size_t got;

		if (n == cap) {
			char *p;

			if (cap > DOC_MAX_BYTES) { /* one byte more than allowed was read */
				free(buf);
				return IDLE_ELIMIT;
			}
			cap = cap * 2 > DOC_MAX_BYTES ? DOC_MAX_BYTES + 1 : cap * 2;
			p = realloc(buf, cap);
			if (!p) {
				free(buf);
				return IDLE_ENOMEM;
			}
			buf = p;
		}
		got = fread(buf + n, 1, cap - n, f);
		n += got;
		if (got == 0)
			break;
	}
	if (ferror(f)) {
		free(buf);
		return IDLE_EIO;
	}
	*data = buf;
	*len = n;
	return 0;
}

/* What a file that is not a regular file is, for the message. */
static const char *file_type(mode_t m)
{
	return S_ISDIR(m)    ? "it is a directory"
	       : S_ISFIFO(m) ? "it is a FIFO (named pipe), not a regular file"
	       : S_ISCHR(m)  ? "it is a character device, not a regular file"
	       : S_ISBLK(m)  ? "it is a block device, not a regular file"
	       : S_ISSOCK(m) ? "it is a socket, not a regular file"
	                     : "it is not a regular file";
}

int idle_doc_load(idle_doc **out, const char *path, idle_format format,
                  const idle_parse_options *opts, idle_diags *diags)
{
	int is_stdin = path && !strcmp(path, "-");
	const char *name = is_stdin ? "<stdin>" : path;
	struct stat st;
	char *data = NULL;
	size_t len = 0;
	FILE *f = stdin;
	int rc, fd;

	if (!out || !path)
		return IDLE_EARG;
	*out = NULL;
	if (!is_stdin) {
		/* never blocks: a FIFO is refused before anything is read from it */
		fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
		if (fd < 0) {
			io_error(diags, path, "cannot read the file: %s", strerror(errno));
			return IDLE_EIO;
		}
		if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) ||
		    (uint64_t)st.st_size > DOC_MAX_BYTES) {
			io_error(diags, path, "cannot read the file: %s",
			         !S_ISREG(st.st_mode) ? file_type(st.st_mode)
			                              : "it is larger than 1 GiB");
			close(fd);
			return IDLE_EIO;
		}
		f = fdopen(fd, "rb");
		if (!f) {
			io_error(diags, path, "cannot read the file: %s", strerror(errno));
			close(fd);
			return IDLE_EIO;
		}
	}
	rc = read_stream(f, &data, &len);
	if (!is_stdin)
		fclose(f);
	if (rc) {
		io_error(diags, name, "cannot read the file: %s",
		         rc == IDLE_ELIMIT ? "it is larger than 1 GiB" : idle_strerror(rc));
		return rc == IDLE_ENOMEM ? rc : IDLE_EIO;
	}
	rc = idle_doc_parse(out, name, data, len, format, opts, diags);
	free(data);
	return rc;
}

void idle_doc_free(idle_doc *doc)
{
	if (!doc)
		return;
	idle_arena_free(&doc->arena);
	idle_source_unref(doc->src);
	free(doc);
}

const idle_value *idle_doc_root(const idle_doc *doc)
{
	return doc ? &doc->root : NULL;
}

const char *idle_doc_name(const idle_doc *doc)
{
	return doc ? doc->src->name : NULL;
}

int idle_doc_locate(const idle_doc *doc, const idle_value *v, unsigned *line, unsigned *column)
{
	if (!doc || !v || v->start == IDLE_NOSPAN)
		return IDLE_ENOTFOUND;
	idle_source_locate(doc->src, v->start, line, column);
	return 0;
}

int idle_doc_to_json(char **out, size_t *len, const idle_doc *doc, unsigned flags,
                     idle_diags *diags)
{
	if (!out || !doc)
		return IDLE_EARG;
	return idle_json_write(out, len, &doc->root, flags, doc->src, diags);
}
