/*
 * idle/request.h - lifecycle requests: what a joiner, mover or leaver is
 * about (IdLE's New-IdleRequest, as a .psd1 or .json file).
 *
 *   @{
 *     LifecycleEvent = 'Joiner'                  # required; must match the workflow's
 *     CorrelationId  = '...'                     # optional; a UUID v4 is generated
 *     Actor          = 'hr-sync'                 # optional
 *     IdentityKeys   = @{ EmployeeId = '12345' } # optional hashtables
 *     Intent         = @{ Department = 'IT' }    # alias: DesiredState
 *     Context        = @{ }
 *   }
 */
#ifndef IDLE_REQUEST_H
#define IDLE_REQUEST_H

#include "common.h"
#include "diag.h"
#include "document.h"
#include "value.h"

IDLE_BEGIN_DECL

typedef struct idle_request idle_request;

/**
 * Checks a parsed request file and builds the request: allowed keys, types,
 * no script blocks, a generated CorrelationId when there is none. Every
 * problem is reported to diags with its location and data path.
 *
 * @param out  receives the request (free with idle_request_free); it borrows
 *             from doc, which must outlive it
 * @return 0; IDLE_EINVALID (details in diags); IDLE_ENOMEM; IDLE_EARG
 */
IDLE_EXTERN(int) idle_request_load(idle_request **out, const idle_doc *doc, idle_diags *diags);
IDLE_EXTERN(void) idle_request_free(idle_request *req);

/**
 * Gives a request without a CorrelationId of its own this one (copied)
 * instead of the generated UUID, e.g. a ticket number from the caller.
 * IDLE_EINVALID when the request names a different one; IDLE_EARG when id
 * is blank.
 */
IDLE_EXTERN(int) idle_request_set_correlation_id(idle_request *req, const char *id);

IDLE_EXTERN(const char *) idle_request_lifecycle_event(const idle_request *req);
IDLE_EXTERN(const char *) idle_request_correlation_id(const idle_request *req);
/** The actor, or NULL when the request has none. */
IDLE_EXTERN(const char *) idle_request_actor(const idle_request *req);
/**
 * The request as a map (LifecycleEvent, IdentityKeys, Intent, Context,
 * CorrelationId, Actor), as templates and conditions see it. Borrowed.
 */
IDLE_EXTERN(const idle_value *) idle_request_value(const idle_request *req);

IDLE_END_DECL

#endif
