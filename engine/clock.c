/*
 * engine/clock.c - the real and the fake engine clock.
 */
#include "engine/clock.h"

#include <errno.h>
#include <time.h>

static double sys_now(void *ud)
{
	struct timespec ts;

	(void)ud;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void sys_sleep(void *ud, double secs)
{
	struct timespec ts;

	(void)ud;
	if (secs <= 0)
		return;
	ts.tv_sec = (time_t)secs;
	ts.tv_nsec = (long)((secs - (double)ts.tv_sec) * 1e9);
	while (nanosleep(&ts, &ts) == -1 && errno == EINTR)
		;
}

const idle_clock idle_clock_system = {sys_now, sys_sleep, 0};

static double fake_now(void *ud)
{
	return *(double *)ud;
}

static void fake_sleep(void *ud, double secs)
{
	if (secs > 0)
		*(double *)ud += secs;
}

void idle_clock_fake(idle_clock *c, double *t)
{
	c->now = fake_now;
	c->sleep = fake_sleep;
	c->ud = t;
}
