/*
 * engine/capability.c - capability identifiers.
 */
#include "engine/capability.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <idle/sys/capability.h>

#include "engine/regex.h"

const char *const idle_cap_known[] = {
#define IDLE_X_(cap) cap,
    IDLE_CAPABILITY_LIST(IDLE_X_)
#undef IDLE_X_
        NULL};

const char *const idle_cap_resolver[] = {IDLE_CAP_ENTITLEMENT_LIST, IDLE_CAP_IDENTITY_READ, NULL};

static const char *const deprecated[][2] = {{"IdLE.Mailbox.Read", IDLE_CAP_MAILBOX_INFO_READ}};

int idle_cap_valid(const char *s, size_t len)
{
	return idle_rx_test(IDLE_RX_CAPABILITY, s, len);
}

const char *idle_cap_normalize(const char *s)
{
	size_t i;

	for (i = 0; i < sizeof(deprecated) / sizeof(deprecated[0]); i++)
		if (!strcasecmp(s, deprecated[i][0]))
			return deprecated[i][1];
	return s;
}

int idle_cap_resolver_allowed(const char *s, size_t len)
{
	size_t i;

	for (i = 0; idle_cap_resolver[i]; i++)
		if (strlen(idle_cap_resolver[i]) == len &&
		    !strncasecmp(s, idle_cap_resolver[i], len))
			return 1;
	return 0;
}

static int cmp_cap(const void *a, const void *b)
{
	return strcasecmp(*(const char *const *)a, *(const char *const *)b);
}

void idle_cap_sort_unique(const char **caps, size_t *n)
{
	size_t i, k = 0;

	if (*n < 2)
		return;
	qsort(caps, *n, sizeof(*caps), cmp_cap);
	for (i = 0; i < *n; i++)
		if (!k || strcasecmp(caps[k - 1], caps[i]))
			caps[k++] = caps[i];
	*n = k;
}
