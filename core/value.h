/*
 * core/value.h - the value tree's layout and constructors (inside the library).
 *
 * A value is 32 bytes and lives in an arena together with everything it
 * points to. Arrays and maps hold their children inline. Maps keep source
 * order; maps with more than IDLE_MAP_INDEX_MIN entries also carry a hash
 * index for case-insensitive lookup.
 */
#ifndef IDLE_CORE_VALUE_H
#define IDLE_CORE_VALUE_H

#include <idle/value.h>

#include "core/arena.h"
#include "core/utf8.h"
#include "core/buf.h"

#define IDLE_NOSPAN UINT32_MAX /* start of a value that has no source location */
/* A member's key is ASCII (set by the map constructors; the parser's own flags sit below). */
#define IDLE_KEY_ASCII     0x80000000u
#define IDLE_MAP_INDEX_MIN 8

typedef struct idle_member idle_member;
typedef struct idle_mapindex idle_mapindex;

struct idle_value {
	uint8_t kind;  /* idle_kind */
	uint8_t ntype; /* idle_numtype of numbers from typed literals */
	uint16_t flags;
	uint32_t n;     /* string length in bytes; number of elements or entries */
	uint32_t start; /* byte span in the source text (IDLE_NOSPAN if none) */
	uint32_t end;
	union {
		int64_t i;            /* bool (0/1), int */
		double d;             /* number */
		const char *s;        /* string, scriptblock source (NUL-terminated) */
		idle_value *items;    /* array */
		idle_member *members; /* map */
	} u;
	const void *x; /* number: exact literal or NULL; map: idle_mapindex or NULL */
};

struct idle_member {
	const char *key; /* NUL-terminated */
	uint32_t klen;
	uint32_t kstart; /* span of the key in the source */
	uint32_t kend;
	uint32_t kflags; /* parser's notes on the key (e.g. it was a literal) */
	idle_value val;
};

/**
 * PowerShell's [string]::IsNullOrWhiteSpace for a value: 1 for NULL, a null
 * value or a string of white space; 0 for other strings and other kinds.
 */
int idle_val_blank(const idle_value *v);

/** A string value pointing at s (not copied; NULL gives a null value). */
void idle_val_cstr(idle_value *v, const char *s);
/** A map entry key = v without a location (key is not copied). */
void idle_member_init(idle_member *m, const char *key, const idle_value *v);
/** 1 if the entry's key is k, case-insensitively (a hashtable's lookup). */
static inline int idle_member_is(const idle_member *m, const char *k)
{
	return idle_utf8_caseeqz(m->key, m->klen, k);
}

/** A value of the given kind with no location and all fields zero. */
void idle_val_init(idle_value *v, idle_kind kind);
void idle_val_bool(idle_value *v, int b);
void idle_val_int(idle_value *v, int64_t i);
void idle_val_double(idle_value *v, double d);
/** A string copied into the arena. 0, or -1 when out of memory. */
int idle_val_string(idle_arena *a, idle_value *v, const char *s, size_t len);
/** A string pointing at s (which must outlive v and be NUL-terminated at len). */
void idle_val_string_ref(idle_value *v, const char *s, size_t len);
/** An array of n elements copied into the arena from items. */
int idle_val_array(idle_arena *a, idle_value *v, const idle_value *items, size_t n);
/**
 * A map of n entries copied into the arena (with an index when large).
 * Duplicate keys must have been rejected by the caller. 0, or -1 on OOM.
 */
int idle_val_map(idle_arena *a, idle_value *v, const idle_member *members, size_t n);
/** The same over members in place (they must live as long as v, e.g. in a). */
int idle_val_map_adopt(idle_arena *a, idle_value *v, idle_member *members, size_t n);

/**
 * A copy of map (NULL or a null value: an empty map) in which key maps to
 * val: an existing entry (compared case-insensitively) is replaced where it
 * stands, else the entry is appended. Keys and children are shared, not
 * copied. 0, or -1 when out of memory.
 */
int idle_val_map_set(idle_arena *a, idle_value *out, const idle_value *map, const char *key,
                     size_t klen, const idle_value *val);

/**
 * A deep copy of in whose every string, key, element and entry lives in a
 * (the copy carries no source spans). 0, or -1 when out of memory.
 */
int idle_val_copy(idle_arena *a, idle_value *out, const idle_value *in);

/**
 * PowerShell's [string] conversion, appended to b: null is "", booleans
 * "True"/"False", numbers as .NET prints them, an array its elements joined
 * by single spaces (nested arrays and maps by their type names, as
 * PowerShell does), a map "System.Collections.Hashtable".
 */
void idle_val_text(idle_buf *b, const idle_value *v);

/** 1 if a and b are equal under PowerShell's -eq on their [string] forms (case-insensitive). */
int idle_val_text_equal(const idle_value *a, const idle_value *b);

/** "a hashtable", "an array", "a string", ... (PowerShell's words) for messages. */
const char *idle_val_describe(const idle_value *v);

/** Index of the entry whose key equals key (case-insensitively), or -1. */
long idle_map_find(const idle_value *map, const char *key, size_t klen);
/** The value under key, or NULL (also when map is not a map). */
const idle_value *idle_map_get(const idle_value *map, const char *key, size_t klen);

#endif
