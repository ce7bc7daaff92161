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

IDLE_END_DECL

#endif
