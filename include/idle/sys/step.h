/*
 * idle/sys/step.h - describing a step type: the extension API for step
 * authors (stable within a minor release).
 *
 * A step type is a const descriptor: its name, the With keys it requires and
 * accepts, the provider capabilities it needs, and hooks. The built-in types
 * (steps/) use exactly this interface; a host adds its own with
 * idle_host_add_step_type(), and validation, planning and `idle steps` treat
 * them alike.
 */
#ifndef IDLE_SYS_STEP_H
#define IDLE_SYS_STEP_H

#include "../common.h"
#include "../value.h"

IDLE_BEGIN_DECL

/* Reports problems with literal With values during validation (see check_with). */
typedef struct idle_step_check idle_step_check;

#define IDLE_STEP_TYPE_VERSION 1

typedef struct idle_step_type {
	unsigned int version; /* IDLE_STEP_TYPE_VERSION */
	const char *name;     /* "IdLE.Step.EnsureAttributes" (compared case-insensitively) */
	const char *pack;     /* "IdLE.Steps.Common" */
	const char *summary;  /* one line for `idle steps` */
	const char *const *required_with; /* NULL-terminated list, or NULL */
	const char *const *optional_with; /* NULL-terminated; "*" accepts any key */
	const char *const *capabilities;  /* provider capabilities needed, NULL-terminated */
	/*
	 * MAY be NULL. Checks the values of With (a map) that are literals;
	 * values that still hold {{templates}} are only known at plan time and
	 * are to be skipped (idle_value_has_template). Reports through
	 * idle_step_check_error / idle_step_check_warning. Must not keep pointers.
	 */
	void (*check_with)(idle_step_check *chk, const idle_value *with);
	/*
	 * The provider alias the step uses when With.Provider is absent
	 * ("Identity"), or NULL for a step that calls no provider.
	 */
	const char *provider;
} idle_step_type;

/* The step type being checked (for messages). */
IDLE_EXTERN(const idle_step_type *) idle_step_check_type(const idle_step_check *chk);

/* 1 if v is a string holding "{{" (a template resolved only at plan time). */
IDLE_EXTERN(int) idle_value_has_template(const idle_value *v);

/*
 * Reports an error (or warning) about value `at` (a value inside With, or
 * With itself). `key` is its data path relative to With for the report
 * ("Attributes", "Permissions[1].Right"; NULL for With itself).
 */
IDLE_EXTERN(void)
idle_step_check_error(idle_step_check *chk, const idle_value *at, const char *key, const char *fmt,
                      ...) __attribute__((format(printf, 4, 5)));
IDLE_EXTERN(void)
idle_step_check_warning(idle_step_check *chk, const idle_value *at, const char *key,
                        const char *fmt, ...) __attribute__((format(printf, 4, 5)));

IDLE_END_DECL

#endif
