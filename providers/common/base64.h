/*
 * providers/common/base64.h - base64 (RFC 4648, standard alphabet) for the
 * protocols that carry bytes in text: WinRM's streams and -EncodedCommand.
 */
#ifndef IDLE_PROVIDERS_COMMON_BASE64_H
#define IDLE_PROVIDERS_COMMON_BASE64_H

#include "providers/common/bytes.h"

/* Appends the encoding of n bytes (with '=' padding) to out: 0, or -1 when out of memory. */
int idle_base64_encode(idle_bytes *out, const void *p, size_t n);
/*
 * Appends the bytes s[0..n) encodes to out, skipping white space (line
 * breaks inside the text are common). 0; -1 when out of memory; -2 when s is
 * not base64 (another character, a bad length or padding in the middle).
 */
int idle_base64_decode(idle_bytes *out, const char *s, size_t n);

#endif
