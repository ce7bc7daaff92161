/*
 * engine/template.h - {{...}} templates in With values (shared/spec/
 * idle-planning.md section 5): syntax, paths and allowed roots. Resolution
 * against a request comes with planning.
 */
#ifndef IDLE_ENGINE_TEMPLATE_H
#define IDLE_ENGINE_TEMPLATE_H

#include <stddef.h>

typedef enum idle_tmpl_problem {
	IDLE_TMPL_UNBALANCED = 1, /* counts of {{, }} and {{...}} differ */
	IDLE_TMPL_PATH,           /* a placeholder whose path is not dot-separated identifiers */
	IDLE_TMPL_ROOT            /* a path outside the allowed roots */
} idle_tmpl_problem;

typedef struct idle_tmpl_issue {
	idle_tmpl_problem problem;
	size_t start, end; /* byte span in the string: the placeholder, or all of it */
	const char *path;  /* the trimmed path (into the string), for PATH and ROOT */
	size_t plen;
	size_t opens, closes; /* for UNBALANCED */
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

#endif
