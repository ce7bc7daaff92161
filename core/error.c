/*
 * core/error.c - error-code descriptions and the version string.
 */
#include <idle/common.h>

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
