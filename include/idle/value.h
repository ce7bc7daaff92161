/*
 * idle/value.h - the data model: the tree every parsed document, request,
 * plan and result is made of.
 *
 * Kinds: null, bool, int (int64), number (double; decimals and integers beyond
 * int64 also keep their exact literal), string (UTF-8, length-counted, always
 * NUL-terminated too), array, map (source order, case-insensitive lookup, no
 * two keys equal under case folding) and scriptblock (its source text only).
 *
 * Values are owned by the document (or other container) they belong to and are
 * read-only through this API; every pointer returned here is borrowed.
 */
#ifndef IDLE_VALUE_H
#define IDLE_VALUE_H

#include "common.h"

IDLE_BEGIN_DECL

typedef enum idle_kind {
	IDLE_NULL = 0,
	IDLE_BOOL,
	IDLE_INT,
	IDLE_NUMBER,
	IDLE_STRING,
	IDLE_ARRAY,
	IDLE_MAP,
	IDLE_SCRIPTBLOCK
} idle_kind;

/*
 * The .NET type a PowerShell literal produces (1 is Int32, 1l Int64, 1.0
 * Double, 1d Decimal, ...). IDLE_NT_NONE for values that did not come from a
 * typed literal (JSON numbers, computed values).
 */
typedef enum idle_numtype {
	IDLE_NT_NONE = 0,
	IDLE_NT_INT32,
	IDLE_NT_INT64,
	IDLE_NT_INT16,
	IDLE_NT_SBYTE,
	IDLE_NT_BYTE,
	IDLE_NT_UINT16,
	IDLE_NT_UINT32,
	IDLE_NT_UINT64,
	IDLE_NT_DECIMAL,
	IDLE_NT_DOUBLE,
	IDLE_NT_BIGINT
} idle_numtype;

typedef struct idle_value idle_value;

IDLE_EXTERN(idle_kind) idle_value_kind(const idle_value *v);
/** "null", "bool", "int", "number", "string", "array", "map", "scriptblock". */
IDLE_EXTERN(const char *) idle_kind_name(idle_kind kind);
IDLE_EXTERN(idle_numtype) idle_value_numtype(const idle_value *v);
/** .NET type name of a numtype ("Int32", "Decimal", ...); "" for NONE. */
IDLE_EXTERN(const char *) idle_numtype_name(idle_numtype t);

/** 1 for true, 0 otherwise (and for non-bool values). */
IDLE_EXTERN(int) idle_value_bool(const idle_value *v);
/** The integer of an int value; 0 for other kinds. */
IDLE_EXTERN(int64_t) idle_value_int(const idle_value *v);
/** The value of an int or number as a double; 0 for other kinds. */
IDLE_EXTERN(double) idle_value_number(const idle_value *v);
/** The exact literal of a decimal or big integer ("1.50", "18446744073709551615"), or NULL. */
IDLE_EXTERN(const char *) idle_value_literal(const idle_value *v);
/** String (or scriptblock source) bytes, NUL-terminated; NULL for other kinds. */
IDLE_EXTERN(const char *) idle_value_string(const idle_value *v, size_t *len);

/** Number of elements of an array or entries of a map; 0 otherwise. */
IDLE_EXTERN(size_t) idle_value_count(const idle_value *v);
/** Element i of an array, or the value of entry i of a map; NULL when out of range. */
IDLE_EXTERN(const idle_value *) idle_value_at(const idle_value *v, size_t i);
/** Key of entry i of a map (NUL-terminated); NULL when out of range. */
IDLE_EXTERN(const char *) idle_value_key_at(const idle_value *v, size_t i, size_t *len);
/** The value under key (UTF-8, NUL-terminated) compared case-insensitively; NULL if absent. */
IDLE_EXTERN(const idle_value *) idle_value_get(const idle_value *map, const char *key);

/** "a string", "an integer", "a hashtable" ... for messages ("must be X, not a string"). */
IDLE_EXTERN(const char *) idle_value_describe(const idle_value *v);
/**
 * PowerShell's loose -eq of two values' [string] forms, ignoring case ("1"
 * equals 1, "IT" equals "it"); lists and hashtables compare by their text.
 */
IDLE_EXTERN(int) idle_value_text_equal(const idle_value *a, const idle_value *b);
/** PowerShell's -like: 1 if text matches the wildcard pattern, 0 if not, -1 if it is invalid. */
IDLE_EXTERN(int) idle_text_like(const char *pattern, const char *text);
/** 1 when a and b are equal ignoring case as PowerShell compares them (Unicode simple folding). */
IDLE_EXTERN(int) idle_text_caseeq(const char *a, const char *b);
/**
 * PowerShell's Trim(): *s and *n shrunk past the white space (.NET's
 * Char.IsWhiteSpace: tabs, line breaks, no-break and other Unicode spaces) at both ends.
 */
IDLE_EXTERN(void) idle_text_trim(const char **s, size_t *n);
/** 1 for $null, a missing value or a string of white space only (IsNullOrWhiteSpace); 0 else. */
IDLE_EXTERN(int) idle_value_blank(const idle_value *v);
/**
 * 1 when key names a secret (exact names, any case: Password, ClientSecret,
 * Token, InitialPassword, ... the redaction list of docs/plan.md): its value
 * is never stored, shown or logged in clear.
 */
IDLE_EXTERN(int) idle_secret_key_name(const char *key);

/* ---- building values ------------------------------------------------------------------- */

/*
 * A builder collects the entries of a map or the items of a list; done, it
 * gives the finished value, which lives as long as where the builder was
 * made (a run, a provider call, an idle_store). A key set twice keeps its
 * first place and takes the last value. Appending to a NULL builder does
 * nothing (the out-of-memory case); idle_build_done() then returns NULL.
 */
typedef struct idle_builder idle_builder;

/* Appends an entry (key is ignored for lists); NULL values are null. */
IDLE_EXTERN(void) idle_build_str(idle_builder *b, const char *key, const char *s);
IDLE_EXTERN(void) idle_build_int(idle_builder *b, const char *key, int64_t i);
IDLE_EXTERN(void) idle_build_number(idle_builder *b, const char *key, double d);
IDLE_EXTERN(void) idle_build_bool(idle_builder *b, const char *key, int v);
IDLE_EXTERN(void) idle_build_value(idle_builder *b, const char *key, const idle_value *v);
/* The finished value (the builder is spent; asking again gives the same value). */
IDLE_EXTERN(const idle_value *) idle_build_done(idle_builder *b);

/*
 * A store: memory for values and strings that lives until it is freed (a
 * provider's state across calls). Values built or copied into it may point
 * at each other; they all go with idle_store_free.
 */
typedef struct idle_store idle_store;

/* A new store, or NULL when out of memory. */
IDLE_EXTERN(idle_store *) idle_store_new(void);
IDLE_EXTERN(void) idle_store_free(idle_store *s);
/* A copy of str in the store; NULL when out of memory. */
IDLE_EXTERN(const char *) idle_store_strdup(idle_store *s, const char *str);
/* A deep copy of v in the store; NULL when out of memory. */
IDLE_EXTERN(const idle_value *) idle_store_copy(idle_store *s, const idle_value *v);
/* A map (list = 0) or list (list = 1) builder whose value lives in the store. */
IDLE_EXTERN(idle_builder *) idle_store_builder(idle_store *s, int list);

IDLE_END_DECL

#endif
