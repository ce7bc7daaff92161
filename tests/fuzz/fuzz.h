/*
 * tests/fuzz/fuzz.h - shared checks of the fuzz targets.
 */
#ifndef IDLE_FUZZ_H
#define IDLE_FUZZ_H

#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#endif
