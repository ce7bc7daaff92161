/*
 * engine/host.h - the host's registry of step types (inside the library).
 */
#ifndef IDLE_ENGINE_HOST_H
#define IDLE_ENGINE_HOST_H

#include <idle/host.h>

struct idle_host {
	const idle_step_type **steps;
	uint32_t *step_hashes; /* idle_utf8_casehash of each name: lookups compare these first */
	size_t nsteps, capsteps;
	const idle_provider_type **providers;
	size_t nproviders, capproviders;
};

#endif
