/*
 * steps/check.c - helpers shared by the built-in steps' With checks.
 */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "steps/steps.h"

const char *idle_steps__label(const idle_step_check *c)
{
	const char *n = idle_step_check_type(c)->name;

	return strncasecmp(n, "IdLE.Step.", 10) ? n : n + 10;
}

const idle_value *idle_steps__literal(const idle_value *with, const char *key)
{
	const idle_value *v = idle_value_get(with, key);

	if (!v || idle_value_has_template(v))
		return NULL;
	if (idle_value_kind(v) == IDLE_MAP && idle_value_get(v, "ValueFrom"))
		return NULL;
	return v;
}

int idle_steps__one_of(const idle_value *v, const char *const *list)
{
	size_t n, i;
	const char *s = idle_value_kind(v) == IDLE_STRING ? idle_value_string(v, &n) : NULL;

	if (!s)
		return 0;
	idle_text_trim(&s, &n); /* IdLE trims before comparing */
	for (i = 0; list[i]; i++)
		if (strlen(list[i]) == n && !strncasecmp(s, list[i], n))
			return 1;
	return 0;
}

const char *idle_steps__join(const char *const *list, char *buf, size_t size)
{
	size_t i, o = 0;

	buf[0] = '\0';
	for (i = 0; list[i] && o < size; i++)
		o += (size_t)snprintf(buf + o, size - o, "%s%s", i ? ", " : "", list[i]);
	return buf;
}

void idle_steps__want_map(idle_step_check *c, const idle_value *map, const char *key,
                          const char *path)
{
	const idle_value *v = idle_steps__literal(map, key);

	if (v && idle_value_kind(v) != IDLE_MAP)
		idle_step_check_error(c, v, path, "%s requires With.%s to be a hashtable, not %s",
		                      idle_steps__label(c), path, idle_value_describe(v));
}

void idle_steps__want_text(idle_step_check *c, const idle_value *map, const char *key,
                           const char *path)
{
	const idle_value *v = idle_steps__literal(map, key);
	idle_kind k;

	if (!v)
		return;
	k = idle_value_kind(v);
	if (k == IDLE_MAP || k == IDLE_ARRAY || k == IDLE_BOOL)
		idle_step_check_error(c, v, path, "%s requires With.%s to be a string, not %s",
		                      idle_steps__label(c), path, idle_value_describe(v));
	else if (idle_value_blank(v))
		idle_step_check_error(c, v, path, "%s requires With.%s to be non-empty",
		                      idle_steps__label(c), path);
}

void idle_steps__want_one_of(idle_step_check *c, const idle_value *map, const char *key,
                             const char *path, const char *const *list)
{
	const idle_value *v = idle_steps__literal(map, key);
	char buf[256];

	if (v && !idle_steps__one_of(v, list))
		idle_step_check_error(c, v, path, "%s requires With.%s to be one of: %s",
		                      idle_steps__label(c), path,
		                      idle_steps__join(list, buf, sizeof(buf)));
}

const char *idle_steps__text(idle_step_ctx *c, const idle_value *with, const char *key)
{
	const idle_value *v = with ? idle_value_get(with, key) : NULL;

	return v && !idle_value_blank(v) ? idle_step_text(c, v) : NULL;
}

int idle_steps__need(idle_step_ctx *c, const idle_value *with, const char *label, const char *key,
                     const char **out)
{
	*out = idle_steps__text(c, with, key);
	if (!*out)
		return idle_step_fail(c, 0, "%s requires With.%s.", label, key);
	return 0;
}

int idle_steps__same_entitlement(const idle_entitlement *a, const idle_entitlement *b)
{
	return a->kind && b->kind && a->id && b->id && !strcasecmp(a->kind, b->kind) &&
	       idle_text_caseeq(a->id, b->id);
}
