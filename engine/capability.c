/*
 * engine/capability.c - capability identifiers.
 */
#include "engine/capability.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "engine/regex.h"

const char *const idle_cap_known[] = {"IdLE.Identity.Read",
                                      "IdLE.Identity.List",
                                      "IdLE.Identity.Create",
                                      "IdLE.Identity.Enable",
                                      "IdLE.Identity.Disable",
                                      "IdLE.Identity.Move",
                                      "IdLE.Identity.Delete",
                                      "IdLE.Identity.Attribute.Ensure",
                                      "IdLE.Identity.RevokeSessions",
                                      "IdLE.Entitlement.List",
                                      "IdLE.Entitlement.Grant",
                                      "IdLE.Entitlement.Revoke",
                                      "IdLE.Entitlement.Prune",
                                      "IdLE.Mailbox.Info.Read",
                                      "IdLE.Mailbox.Type.Ensure",
                                      "IdLE.Mailbox.OutOfOffice.Ensure",
                                      "IdLE.Mailbox.Permissions.Ensure",
                                      "IdLE.DirectorySync.Status",
                                      "IdLE.DirectorySync.Trigger",
                                      NULL};

const char *const idle_cap_resolver[] = {"IdLE.Entitlement.List", "IdLE.Identity.Read", NULL};

static const char *const deprecated[][2] = {{"IdLE.Mailbox.Read", "IdLE.Mailbox.Info.Read"}};

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
