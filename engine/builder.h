/*
 * engine/builder.h - value builders (inside the library): where they build.
 *
 * A builder collects entries in storage of its own and, when done, copies
 * exactly what it holds into its home's arena: no half-empty arrays left in
 * the arena. A home is a run (the result's arena; keys kept once per run), a
 * plan, or an idle_store. Builders left unfinished are freed with their home.
 */
#ifndef IDLE_ENGINE_BUILDER_H
#define IDLE_ENGINE_BUILDER_H

#include <idle/sys/step.h>

#include "core/arena.h"

typedef struct idle_bhome {
	idle_arena *arena; /* where finished values and their strings go */
	int *oom;          /* set when out of memory */
	/* MAY be NULL: the one copy of a key (a run keeps each key once); else copied */
	const char *(*intern)(void *ud, const char *key);
	void *intern_ud;
	idle_builder *open; /* unfinished builders */
} idle_bhome;

/* A builder of a map (list = 0) or list (1) in home; NULL (and *home->oom) when out of memory. */
idle_builder *idle_builder__new(idle_bhome *home, int list);
/* Frees what the home's unfinished builders hold. */
void idle_bhome__free(idle_bhome *home);

#endif
