/*
 * engine/retry.h - IdLE's retry delays (Invoke-IdleWithRetry): exponential
 * back-off with a deterministic jitter taken from a SHA-256 of the run, the
 * step and the attempt, so that a run's delays can be reproduced
 * (shared/spec/idle-execution.md 5.1).
 */
#ifndef IDLE_ENGINE_RETRY_H
#define IDLE_ENGINE_RETRY_H

#include "engine/execopts.h"

/*
 * The delay in milliseconds after failed attempt `attempt` (1-based):
 * base = min(MaxDelay, round(InitialDelay * Backoff^(attempt-1))), then
 * round(base * (1 + jitter)) with jitter in [-JitterRatio, +JitterRatio]
 * from SHA-256("<seed>|<attempt>"). Rounding is half to even (.NET's).
 */
long idle_retry_delay_ms(const idle_retry *r, const char *seed, int attempt);

#endif
