/*
 * idle/doctor.h - can every provider be reached and used? (`idle doctor`)
 *
 * Each provider checks, without changing anything, what a run would need:
 * EntraConnect the server's DNS name, TCP, TLS, authentication, a remote
 * shell, the ADSync module and Get-ADSyncScheduler; the Mock its state file.
 * Without a plan, each provider is checked with each auth session the
 * providers file configures; with a plan, with exactly the providers,
 * sessions and servers its applicable steps are bound to.
 */
#ifndef IDLE_DOCTOR_H
#define IDLE_DOCTOR_H

#include "common.h"
#include "config.h"
#include "diag.h"
#include "plan.h"

IDLE_BEGIN_DECL

/* (idle_check_status: idle/sys/provider.h, where providers report their checks) */

/* One line of the report. The strings live until the callback returns. */
typedef struct idle_check {
	const char *provider; /* the alias */
	const char *type;     /* the provider type */
	const char *target;   /* what the checks are about ("session 'X', https://h:5986/wsman") */
	const char *name;     /* "DNS", "TLS", "state file", ... */
	idle_check_status status;
	const char *detail; /* what was found (never a secret) */
	const char *fix;    /* for a failure: what to do; or NULL */
} idle_check;

typedef void (*idle_check_fn)(void *ud, const idle_check *check);

/**
 * Checks the providers of cfg (with plan: the bindings of its applicable
 * steps), calling fn for every check in order.
 *
 * @return the number of failed checks (0: all passed); IDLE_ENOMEM; IDLE_EARG
 */
IDLE_EXTERN(int)
idle_doctor(idle_config *cfg, const idle_plan *plan, idle_check_fn fn, void *ud, idle_diags *diags);

IDLE_END_DECL

#endif
