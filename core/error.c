/*
 * core/error.c - error-code descriptions and the version string.
 */
#include <idle/common.h>

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

const char *idle_strerror(int code)
{
	switch (code) {
#define IDLE_X_(name, value, desc)                                                                 \
	case value:                                                                                \
		return desc;
		IDLE_ERROR_LIST(IDLE_X_)
#undef IDLE_X_
	default:
		return "unknown error";
	}
}

const char *idle_version(void)
{
	return IDLE_VERSION;
}

int idle_error_set(idle_error *e, int code, const char *fmt, ...)
{
	va_list ap;

	if (!e)
		return code;
	e->code = code;
	va_start(ap, fmt);
	vsnprintf(e->message, sizeof(e->message), fmt, ap);
	va_end(ap);
	return code;
}

void idle_free(void *p)
{
	free(p);
}
