/*
 * tests/fuzz/fuzz_wsman.c - fuzz target: a WinRM server's reply, as the
 * EntraConnect provider reads it (WS-Man envelope, faults, Receive streams),
 * and what it reads from the remote PowerShell (CLIXML errors, JSON). The
 * outcome is one of the documented ones; a fault always has a message; a
 * reply that is refused says why; texts are NUL-terminated where they end.
 */
#include <stdlib.h>
#include <string.h>

#include "providers/entraconnect/adsync.h"
#include "providers/entraconnect/psout.h"
#include "providers/entraconnect/wsman.h"
#include "tests/fuzz/fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data;
	idle_bytes so = IDLE_BYTES_INIT, se = IDLE_BYTES_INIT, text = IDLE_BYTES_INIT;
	ec_wsman_reply r;
	ec_scheduler sched;
	char why[160], line[300];
	int rc = ec_wsman_parse(s, size, size % 2 ? "C-1" : NULL, &so, &se, &r, why, sizeof(why));
	cJSON *j;

	if (rc != 0 && rc != -1 && rc != -2)
		abort();
	if (rc == 0 && r.fault && !r.message[0])
		abort();
	if (rc == -2 && !why[0])
		abort();
	if ((so.p && so.p[so.len]) || (se.p && se.p[se.len]))
		abort();
	idle_bytes_wipe(&so);
	idle_bytes_wipe(&se);
	if (ec_ps_errors(s, size, &text) == 0) {
		if (text.p && strlen(text.p) > text.len)
			abort();
		ec_ps_summary(text.p ? text.p : "", line, sizeof(line));
		if (strlen(line) > text.len)
			abort();
		ec_adsync_classify(text.p ? text.p : "");
	}
	idle_bytes_wipe(&text);
	j = ec_ps_json(s, size);
	cJSON_Delete(j);
	ec_adsync_scheduler(s, size, &sched);
	return 0;
}
