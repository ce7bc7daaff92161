/*
 * idle/document.h - parsing .psd1 and .json files into documents.
 *
 * A document owns its source text and every value parsed from it (one arena
 * per document). Parsing never stops at the first data problem it can get
 * past: every error goes to the caller's idle_diags list, each with file,
 * line, column and data path.
 */
#ifndef IDLE_DOCUMENT_H
#define IDLE_DOCUMENT_H

#include "common.h"
#include "diag.h"
#include "value.h"

IDLE_BEGIN_DECL

typedef struct idle_doc idle_doc;

typedef enum idle_format {
	IDLE_FORMAT_AUTO = 0, /* by file name: *.json is JSON, anything else is psd1 */
	IDLE_FORMAT_PSD1,
	IDLE_FORMAT_JSON
} idle_format;

/*
 * Lift PowerShell's data-file limits (500 keys per hashtable, fewer than
 * 5000 values in all), like Import-PowerShellDataFile -SkipLimitCheck. The
 * nesting-depth limit stays.
 */
#define IDLE_PARSE_SKIP_LIMIT_CHECK 0x1u

#define IDLE_PARSE_DEFAULT_MAX_DEPTH 256

typedef struct idle_parse_options {
	unsigned int version;   /* IDLE_PARSE_OPTIONS_VERSION */
	unsigned int flags;     /* IDLE_PARSE_* */
	unsigned int max_depth; /* nesting limit; 0 means IDLE_PARSE_DEFAULT_MAX_DEPTH */
} idle_parse_options;

#define IDLE_PARSE_OPTIONS_VERSION 1
#define IDLE_PARSE_OPTIONS_INIT                                                                    \
	{                                                                                          \
		IDLE_PARSE_OPTIONS_VERSION, 0, 0                                                   \
	}

/** Initialises opts to the defaults; returns 0, or IDLE_EARG for an unknown version. */
IDLE_EXTERN(int) idle_parse_options_init(idle_parse_options *opts, unsigned int version);

/**
 * Parses raw file bytes (any BOM honoured, UTF-8 otherwise) into a document.
 *
 * @param out     receives the document on success (free with idle_doc_free), NULL otherwise
 * @param name    file name used in diagnostics (copied)
 * @param opts    options, or NULL for the defaults
 * @param diags   receives every error and warning; may be NULL
 * @return 0; IDLE_EPARSE when the input was rejected (details in diags);
 *         IDLE_ENOMEM; IDLE_EARG
 */
IDLE_EXTERN(int)
idle_doc_parse(idle_doc **out, const char *name, const char *bytes, size_t len, idle_format format,
               const idle_parse_options *opts, idle_diags *diags);

/** Reads and parses a file; "-" reads standard input. IDLE_EIO when it cannot be read. */
IDLE_EXTERN(int)
idle_doc_load(idle_doc **out, const char *path, idle_format format, const idle_parse_options *opts,
              idle_diags *diags);

IDLE_EXTERN(void) idle_doc_free(idle_doc *doc);

/** The root value (borrowed; lives as long as the document). */
IDLE_EXTERN(const idle_value *) idle_doc_root(const idle_doc *doc);
/** The file name given at parse time. */
IDLE_EXTERN(const char *) idle_doc_name(const idle_doc *doc);
/** Line and column (1-based) where a value of this document starts; IDLE_ENOTFOUND if unknown. */
IDLE_EXTERN(int)
idle_doc_locate(const idle_doc *doc, const idle_value *v, unsigned *line, unsigned *column);

IDLE_END_DECL

#endif
