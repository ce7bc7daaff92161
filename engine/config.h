/*
 * engine/config.h - the providers file's layout (inside the library).
 */
#ifndef IDLE_ENGINE_CONFIG_H
#define IDLE_ENGINE_CONFIG_H

#include <idle/config.h>

#include "core/arena.h"
#include "core/source.h"
#include "engine/broker.h"
#include "engine/provider.h"

#define IDLE_CODE_PROVIDERS     "providers"
#define IDLE_CODE_STEP_METADATA "step-metadata"
#define IDLE_CODE_CONFIG        "providers-file"

struct idle_config {
	idle_arena arena;
	idle_source *src;
	char *base_dir;                  /* the file's folder */
	const idle_value *providers_map; /* Providers, or NULL */
	idle_provider *providers;        /* in file order */
	size_t nproviders;
	idle_broker broker;
	idle_session_source session_source; /* the host's (idle/session.h), or NULL */
	void *session_ud;
	const idle_value *exec_options; /* ExecutionOptions, or NULL */
	idle_step_type *steps;          /* from StepMetadata */
	size_t nsteps;
};

/* The provider configured under alias (case-insensitive), or NULL. */
idle_provider *idle_config_provider(const idle_config *cfg, const char *alias, size_t len);

#endif
