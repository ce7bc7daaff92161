/*
 * engine/execopts.h - ExecutionOptions of the providers file: retry profiles
 * (shared/spec/idle-execution.md 5.2-5.3).
 */
#ifndef IDLE_ENGINE_EXECOPTS_H
#define IDLE_ENGINE_EXECOPTS_H

#include "engine/vctx.h"

#define IDLE_CODE_EXECOPTS "execution-options"

/* Retry parameters of one step (IdLE's defaults: 3, 250, 2.0, 5000, 0.2). */
typedef struct idle_retry {
	int max_attempts;
	int initial_delay_ms;
	double backoff;
	int max_delay_ms;
	double jitter;
} idle_retry;

/* Checks ExecutionOptions with IdLE's limits (v's path at it). */
void idle_execopts_check(idle_vctx *v, const idle_value *opts);

/*
 * The retry parameters for a step: its RetryProfile (NULL for none), else
 * DefaultRetryProfile, else the defaults. 0, or IDLE_ENOTFOUND with IdLE's
 * message in err for a profile that is not configured.
 */
int idle_execopts_retry(const idle_value *opts, const char *step, const char *profile,
                        idle_retry *out, idle_error *err);

/*
 * Warns (v's path at RetryProfile, the value rp) when the step's RetryProfile is
 * not one ExecutionOptions defines, with a did-you-mean hint: the step would
 * fail when it runs.
 */
void idle_execopts_check_profile(idle_vctx *v, const idle_value *opts, const char *step,
                                 const idle_value *rp);

#endif
