/*
 * idle/validate.h - static validation of workflow files: every rule IdLE
 * applies without providers or a request, and more.
 */
#ifndef IDLE_VALIDATE_H
#define IDLE_VALIDATE_H

#include "common.h"
#include "diag.h"
#include "document.h"
#include "host.h"

IDLE_BEGIN_DECL

/*
 * Check only what IdLE's Test-IdleWorkflow checks (root and step schema,
 * conditions and preconditions, the resolvers' schema, script blocks): no
 * step catalog, no templates, no value checks, no warnings. IdLE's own test
 * suite holds its template workflows to this level.
 */
#define IDLE_VALIDATE_SCHEMA_ONLY 0x1u

typedef struct idle_validate_options {
	unsigned int version; /* IDLE_VALIDATE_OPTIONS_VERSION */
	unsigned int flags;   /* IDLE_VALIDATE_* */
	/* MAY be NULL: a providers file; RetryProfile names are then checked against it */
	const struct idle_config *providers;
} idle_validate_options;

#define IDLE_VALIDATE_OPTIONS_VERSION 1
#define IDLE_VALIDATE_OPTIONS_INIT                                                                 \
	{                                                                                          \
		IDLE_VALIDATE_OPTIONS_VERSION, 0, NULL                                             \
	}

/**
 * Validates a parsed workflow: root and step schema, conditions and
 * preconditions, context resolvers, templates in With values, script blocks,
 * the step catalog (known types, required and accepted With keys, literal
 * values), and warnings for what is legal but suspicious. Every problem is
 * reported to diags (each with location, data path and, where it helps, a
 * hint); validation never stops at the first.
 *
 * Unlike planning, validation checks every step whatever its Condition,
 * since it has no request to evaluate conditions against.
 *
 * @param opts  NULL for the defaults (every rule)
 * @return 0 when there is no error (warnings may have been reported);
 *         IDLE_EINVALID when there is one; IDLE_ENOMEM; IDLE_EARG
 */
IDLE_EXTERN(int)
idle_validate(const idle_host *host, const idle_doc *doc, const idle_validate_options *opts,
              idle_diags *diags);

IDLE_END_DECL

#endif
