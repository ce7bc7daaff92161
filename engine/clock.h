/*
 * engine/clock.h - the engine clock. All waiting (retry back-off, polling a
 * directory sync) goes through it, so that tests replace it with a fake one
 * that advances instantly and deterministically.
 */
#ifndef IDLE_ENGINE_CLOCK_H
#define IDLE_ENGINE_CLOCK_H

typedef struct idle_clock {
	double (*now)(void *ud);              /* seconds since an arbitrary start */
	void (*sleep)(void *ud, double secs); /* waits (a fake clock just advances) */
	void *ud;
} idle_clock;

/* The real clock: CLOCK_MONOTONIC and nanosleep. */
extern const idle_clock idle_clock_system;

/* A fake clock starting at 0 that advances only when slept on (ud: a double *). */
void idle_clock_fake(idle_clock *c, double *t);

#endif
