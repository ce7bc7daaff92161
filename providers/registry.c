/*
 * providers/registry.c - the table of built-in provider types.
 */
#include "engine/host.h"
#include "providers/mock/dirsync.h"
#include "providers/mock/mock.h"

const idle_provider_type *const idle_builtin_provider_types[] = {
    &idle_provider_mock,
    &idle_provider_mock_dirsync,
    NULL,
};
