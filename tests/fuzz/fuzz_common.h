/*
 * tests/fuzz/fuzz_common.h - checks shared by the fuzz targets.
 */
#ifndef IDLE_FUZZ_COMMON_H
#define IDLE_FUZZ_COMMON_H

#include <idle/idle.h>

#include "tests/fuzz/fuzz.h"

/* Aborts unless the diagnostics agree with rc; renders them. */
void fuzz_check_diags(int rc, const idle_diags *d);
/* Aborts unless json reads back and reaches a fixpoint after one more cycle. */
void fuzz_check_json_fixpoint(const char *json, size_t len);

#endif
