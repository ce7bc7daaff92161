/*
 * engine/request.h - the request's layout (inside the library).
 */
#ifndef IDLE_ENGINE_REQUEST_H
#define IDLE_ENGINE_REQUEST_H

#include <idle/request.h>

#include "core/arena.h"
#include "core/source.h"
#include "core/value.h"

#define IDLE_CODE_REQUEST "request"

struct idle_request {
	idle_arena arena;
	idle_source *src;                  /* the request file (referenced), for locations */
	const idle_value *lifecycle_event; /* a non-blank string value */
	const char *correlation_id;
	const char *actor; /* NULL when none */
	int generated_id;  /* the CorrelationId was generated */
	idle_value value;  /* the map templates and conditions see */
};

/* Writes a random (version 4) UUID in lowercase 8-4-4-4-12 form; buf holds 37 bytes. */
void idle_request__uuid4(char buf[37]);

/* Index of the Context entry in req->value (it is replaced when resolvers write to it). */
#define IDLE_REQUEST_CONTEXT 3

#endif
