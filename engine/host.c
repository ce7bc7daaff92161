/*
 * engine/host.c - the host: step types available to validation, planning and runs.
 */
#include "engine/host.h"

#include <stdlib.h>
#include <string.h>

#include "core/grow.h"
#include "core/utf8.h"

static int valid_descriptor(const idle_step_type *t)
{
	return t && t->version == IDLE_STEP_TYPE_VERSION && t->name && *t->name;
}

int idle_host_add_step_type(idle_host *host, const idle_step_type *type)
{
	if (!host || !valid_descriptor(type))
		return IDLE_EARG;
	if (idle_host_find_step_type(host, type->name))
		return IDLE_EINVALID;
	if (host->nsteps == host->capsteps) { /* names and their hashes side by side */
		size_t cap = host->capsteps;

		if (IDLE_GROW(host->step_hashes, host->nsteps + 1, cap, 16) ||
		    IDLE_GROW(host->steps, host->nsteps + 1, host->capsteps, 16))
			return IDLE_ENOMEM;
	}
	host->step_hashes[host->nsteps] = idle_utf8_casehash(type->name, strlen(type->name));
	host->steps[host->nsteps++] = type;
	return 0;
}

int idle_host_add_provider_type(idle_host *host, const idle_provider_type *type)
{
	if (!host || !type || type->version != IDLE_PROVIDER_TYPE_VERSION || !type->name ||
	    !*type->name || !type->init)
		return IDLE_EARG;
	if (idle_host_find_provider_type(host, type->name))
		return IDLE_EINVALID;
	if (IDLE_GROW(host->providers, host->nproviders + 1, host->capproviders, 16))
		return IDLE_ENOMEM;
	host->providers[host->nproviders++] = type;
	return 0;
}

size_t idle_host_provider_type_count(const idle_host *host)
{
	return host ? host->nproviders : 0;
}

const idle_provider_type *idle_host_provider_type_at(const idle_host *host, size_t i)
{
	return host && i < host->nproviders ? host->providers[i] : NULL;
}

const idle_provider_type *idle_host_find_provider_type(const idle_host *host, const char *name)
{
	size_t i, n;

	if (!host || !name)
		return NULL;
	n = strlen(name);
	for (i = 0; i < host->nproviders; i++)
		if (idle_utf8_caseeq(host->providers[i]->name, strlen(host->providers[i]->name),
		                     name, n))
			return host->providers[i];
	return NULL;
}

int idle_host_new_empty(idle_host **out)
{
	if (!out)
		return IDLE_EARG;
	*out = calloc(1, sizeof(**out));
	return *out ? 0 : IDLE_ENOMEM;
}

void idle_host_free(idle_host *host)
{
	if (!host)
		return;
	free(host->steps);
	free(host->step_hashes);
	free(host->providers);
	free(host);
}

size_t idle_host_step_type_count(const idle_host *host)
{
	return host ? host->nsteps : 0;
}

const idle_step_type *idle_host_step_type_at(const idle_host *host, size_t i)
{
	return host && i < host->nsteps ? host->steps[i] : NULL;
}

const idle_step_type *idle_host_find_step_type(const idle_host *host, const char *name)
{
	size_t i, n;
	uint32_t h;

	if (!host || !name)
		return NULL;
	n = strlen(name);
	h = idle_utf8_casehash(name, n);
	for (i = 0; i < host->nsteps; i++)
		if (host->step_hashes[i] == h &&
		    idle_utf8_caseeq(host->steps[i]->name, strlen(host->steps[i]->name), name, n))
			return host->steps[i];
	return NULL;
}
