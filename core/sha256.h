/*
 * core/sha256.h - SHA-256 (FIPS 180-4), for IdLE's deterministic retry jitter
 * (the jitter of a retry is a hash of the run, the step and the attempt).
 * Not used for anything that needs to be secret.
 */
#ifndef IDLE_CORE_SHA256_H
#define IDLE_CORE_SHA256_H

#include <stddef.h>
#include <stdint.h>

void idle_sha256(const void *data, size_t len, uint8_t out[32]);

#endif
