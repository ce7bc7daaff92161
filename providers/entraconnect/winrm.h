/*
 * providers/entraconnect/winrm.h - a WinRM client that runs PowerShell
 * scripts in one remote shell (WinRS) over the shared HTTP layer.
 *
 * One client is one keep-alive connection and at most one shell: created at
 * the first script, reused by every later one (a script costs a Command and
 * a Receive round trip), recreated once when the server says it is gone or
 * full, deleted by ec_winrm_close. A Receive the server times out
 * (OperationTimeout) is sent again until the script's deadline.
 */
#ifndef IDLE_PROVIDERS_ENTRACONNECT_WINRM_H
#define IDLE_PROVIDERS_ENTRACONNECT_WINRM_H

#include <stdarg.h>

#include "providers/common/bytes.h"
#include "providers/common/http.h"

typedef struct ec_winrm_options {
	const char *url; /* "https://host:5986/wsman" */
	idle_http_auth auth;
	const char *user;
	const char *secret;
	const char *ca_file;        /* NULL: the system store */
	int allow_plain_http;       /* http:// to a non-loopback host */
	double connect_timeout;     /* seconds; 0: the HTTP layer's default */
	double operation_timeout;   /* the server-side wait of a Receive, seconds (20) */
	int (*cancelled)(void *ud); /* MAY be NULL: nonzero stops what runs */
	double (*now)(void *ud);    /* the clock deadlines are measured on */
	void *ud;
} ec_winrm_options;

/* Why something failed: the SDK's kind, one line, a hint for the operator. */
typedef struct ec_error {
	idle_failure kind;
	double retry_after; /* seconds, 0: none */
	int cancelled;      /* stopped by the cancelled callback */
	char message[640];  /* no secret, no request body */
	const char *hint;   /* static, or NULL */
} ec_error;

/* Fills e (kind, hint, message from fmt); returns IDLE_EPROVIDER. */
int ec_error_vset(ec_error *e, idle_failure kind, const char *hint, const char *fmt, va_list ap);

/* What a script printed, and its exit code. */
typedef struct ec_output {
	idle_bytes out; /* stdout (UTF-8: the shell's code page is 65001) */
	idle_bytes err; /* stderr (CLIXML) */
	long exit_code;
} ec_output;

/* Counters (tests, benchmarks, idle doctor). */
typedef struct ec_winrm_stats {
	unsigned long round_trips; /* HTTP requests sent */
	unsigned long connections; /* TCP (+TLS) connections opened */
	unsigned long shells_created;
	unsigned long shells_deleted;
	unsigned long commands;
	unsigned long timed_out_receives; /* Receives the server timed out (sent again) */
} ec_winrm_stats;

typedef struct ec_winrm ec_winrm;

/* Checks the options and makes a client (no I/O). 0, or an IDLE_E* code with e filled. */
int ec_winrm_new(ec_winrm **out, const ec_winrm_options *o, ec_error *e);

/* Flags of ec_winrm_run. */
#define EC_RUN_IDEMPOTENT                                                                          \
	0x1u /* running it twice does no harm: it may be rerun after a lost shell */

/*
 * Runs script (UTF-8) in the shell and waits for it to end, until deadline
 * (the clock's seconds; 0: none). 0 with out filled (whatever the exit
 * code); IDLE_EPROVIDER with e filled when it could not be run or its end
 * not seen; IDLE_EUSER when cancelled. out is reset first; free it with
 * ec_output_free.
 */
int ec_winrm_run(ec_winrm *w, const char *script, unsigned flags, double deadline, ec_output *out,
                 ec_error *e);

/* Deletes the shell, if there is one. 0, or IDLE_EPROVIDER with e filled. */
int ec_winrm_close(ec_winrm *w, ec_error *e);

/* Closes the connection and frees (the shell should have been closed). */
void ec_winrm_free(ec_winrm *w);

void ec_winrm_stats_get(const ec_winrm *w, ec_winrm_stats *out);

void ec_output_free(ec_output *o);

#endif
