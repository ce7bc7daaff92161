/*
 * idle/host.h - the host: what a program embedding idle offers the engine.
 *
 * A host starts with idle's built-in step types and provider types;
 * embedders add their own. Validation, planning and running all look
 * step types up here. One host can serve many documents and threads once set
 * up (adding types is not thread-safe).
 */
#ifndef IDLE_HOST_H
#define IDLE_HOST_H

#include "common.h"
#include "sys/provider.h"
#include "sys/step.h"

IDLE_BEGIN_DECL

typedef struct idle_host idle_host;

/** A host with the built-in step and provider types. Free with idle_host_free(). */
IDLE_EXTERN(int) idle_host_new(idle_host **out);
/** A host without them: only the types its embedder adds. Free with idle_host_free(). */
IDLE_EXTERN(int) idle_host_new_empty(idle_host **out);
IDLE_EXTERN(void) idle_host_free(idle_host *host);

/**
 * Adds a step type (the descriptor is borrowed and must outlive the host).
 * IDLE_EARG for a malformed descriptor or an unknown version; IDLE_EINVALID
 * when a type of that name exists (hosts supplement, they never override,
 * as in IdLE).
 */
IDLE_EXTERN(int) idle_host_add_step_type(idle_host *host, const idle_step_type *type);

IDLE_EXTERN(size_t) idle_host_step_type_count(const idle_host *host);
/** Step type i, in registration order (built-ins first); NULL when out of range. */
IDLE_EXTERN(const idle_step_type *) idle_host_step_type_at(const idle_host *host, size_t i);
/** The step type of that name (case-insensitive), or NULL. */
IDLE_EXTERN(const idle_step_type *)
idle_host_find_step_type(const idle_host *host, const char *name);

/**
 * Adds a provider type (the descriptor is borrowed and must outlive the
 * host). IDLE_EARG for a malformed descriptor or an unknown version;
 * IDLE_EINVALID when a type of that name exists.
 */
IDLE_EXTERN(int) idle_host_add_provider_type(idle_host *host, const idle_provider_type *type);
IDLE_EXTERN(size_t) idle_host_provider_type_count(const idle_host *host);
IDLE_EXTERN(const idle_provider_type *)
idle_host_provider_type_at(const idle_host *host, size_t i);
/** The provider type of that name (case-insensitive), or NULL. */
IDLE_EXTERN(const idle_provider_type *)
idle_host_find_provider_type(const idle_host *host, const char *name);

IDLE_END_DECL

#endif
