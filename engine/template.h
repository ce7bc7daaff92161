/*
 * engine/template.h - {{...}} templates in With values (shared/spec/
 * idle-planning.md section 5): syntax, paths and allowed roots. Resolution
 * against a request comes with planning.
 */
#ifndef IDLE_ENGINE_TEMPLATE_H
#define IDLE_ENGINE_TEMPLATE_H

#include <stddef.h>

#include "engine/lookup.h"

typedef enum idle_tmpl_problem {
	IDLE_TMPL_UNBALANCED = 1, /* counts of {{, }} and {{...}} differ */
	IDLE_TMPL_PATH,           /* a placeholder whose path is not dot-separated identifiers */
	IDLE_TMPL_ROOT,           /* a path outside the allowed roots */
	/* found while resolving */
	IDLE_TMPL_NULL,       /* the path resolved to null or does not exist */
	IDLE_TMPL_NONSCALAR,  /* the path resolved to a hashtable or a list */
	IDLE_TMPL_SCRIPTBLOCK /* the path resolved to a script block */
} idle_tmpl_problem;

typedef struct idle_tmpl_issue {
	idle_tmpl_problem problem;
	size_t start, end; /* byte span in the string: the placeholder, or all of it */
	const char *path;  /* the trimmed path (into the string), for PATH and ROOT */
	size_t plen;
	size_t opens, closes;    /* for UNBALANCED */
	int pure;                /* the value is a single placeholder (NONSCALAR) */
	const idle_value *value; /* what the path resolved to (NONSCALAR, SCRIPTBLOCK) */
} idle_tmpl_issue;

/* The allowed roots, NULL-terminated, in IdLE's order. */
extern const char *const idle_tmpl_roots[];

/* 1 if s holds "{{" or "}}" (only such strings are templates). */
int idle_tmpl_candidate(const char *s, size_t len);

/* 1 if path (already valid) starts at an allowed root (equal case-insensitively to
 * a root, or starting case-sensitively with "root."). */
int idle_tmpl_root_allowed(const char *path, size_t len);

/*
 * Checks one string. For each problem calls fn (IdLE stops at the first one;
 * this reports all). Returns the number of problems, or -1 out of memory.
 */
int idle_tmpl_check(const char *s, size_t len, void (*fn)(void *ud, const idle_tmpl_issue *issue),
                    void *ud);

/*
 * Resolves the templates of one string value against scope (whose root
 * "Request" is the request), as Resolve-IdleTemplateString does:
 *  - no "{{" or "}}": *out is *in;
 *  - a single placeholder alone (surrounding white space aside): *out is
 *    the value it names, with its type (a number stays a number);
 *  - otherwise a new string (in arena a) with every placeholder replaced by
 *    its value's [string] form and every escaped "\{{" by "{{".
 * *out keeps in's source span. On the first problem (as IdLE, which stops
 * there) fn is called once and 1 is returned. -1 when out of memory.
 */
int idle_tmpl_resolve(idle_arena *a, const idle_value *in, const idle_scope *scope, idle_value *out,
                      void (*fn)(void *ud, const idle_tmpl_issue *issue), void *ud);

#endif
