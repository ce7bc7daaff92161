/*
 * providers/entraconnect/ec.h - inside the EntraConnect provider: its
 * options, the servers a run talks to, and what the operations
 * (ops.c) and idle doctor (doctor.c) share with the type (entraconnect.c).
 */
#ifndef IDLE_PROVIDERS_ENTRACONNECT_EC_H
#define IDLE_PROVIDERS_ENTRACONNECT_EC_H

#include <idle/sys/provider.h>

#include "providers/entraconnect/adsync.h"
#include "providers/entraconnect/winrm.h"

#define EC_MAX_TARGETS 8

/* The options. */
typedef struct ec_provider {
	int https;
	int64_t port;
	const char *path;
	int auth; /* index into ec_auth_names */
	char *ca_file;
	int allow_unencrypted;
	double connect_timeout, operation_timeout, command_timeout;
} ec_provider;

/* Authentication: its names (the option's values) and libcurl's methods, in one order. */
extern const char *const ec_auth_names[];
extern const idle_http_auth ec_auth_methods[];

/* A server and account a run talks to: its client and shell. */
typedef struct ec_target {
	char url[512];
	char user[256];
	char host[256];
	ec_winrm *w;
} ec_target;

/* One run's state (run_size bytes, zeroed). */
typedef struct ec_run {
	ec_target t[EC_MAX_TARGETS];
	size_t n;
	idle_pcall *call; /* the operation under way (its clock, its cancellation) */
} ec_run;

/* A host name, an IPv4 address or a bracketed IPv6 address: nothing that bends a URL. */
int ec_host_ok(const char *h);
/*
 * The URL for computer (may be NULL) and endpoint (may be NULL): computer
 * replaces the endpoint's host; its host into host. 0, or -1 with why.
 */
int ec_url_for(const ec_provider *p, const char *computer, const char *endpoint, char *url,
               size_t size, char *host, size_t hsize, const char **why);
/* The client options for url as user (secret may be NULL), the run's clock and cancellation. */
void ec_client_options(const ec_provider *p, ec_run *r, const char *url, const char *user,
                       const char *secret, ec_winrm_options *o);

/* The call's target (made on first use); NULL after failing c. */
ec_target *ec_connect(ec_provider *p, ec_run *r, idle_pcall *c, const char *computer);
/* The run's state; a call outside a run gets tmp (closed by ec_done). */
ec_run *ec_run_of(idle_pcall *c, ec_run *tmp);
/* Ends an operation: closes tmp's targets if r is tmp; returns rc. */
int ec_done(ec_run *r, ec_run *tmp, idle_pcall *c, int rc);
/* Deletes the shells and frees the clients of r (warnings through c, which may be NULL). */
void ec_close_targets(ec_run *r, idle_pcall *c);

/* Fails the call with an error of the WinRM layer (the host first, the hint after). */
int ec_fail(idle_pcall *c, const ec_target *t, const ec_error *e);
/* Fails the call with a formatted message and hint. */
int ec_failf(idle_pcall *c, idle_failure kind, double retry_after, const char *hint,
             const char *fmt, ...) __attribute__((format(printf, 5, 6)));
/* Runs a script on t within the command timeout (and the call's deadline). */
int ec_run_script(const ec_provider *p, ec_target *t, idle_pcall *c, const char *script,
                  unsigned flags, ec_output *out);
/* The failure a script that exited nonzero means (what: "start sync cycle", ...). */
int ec_script_failed(idle_pcall *c, const ec_target *t, const ec_output *out, const char *what);
/* Get-ADSyncScheduler on t. 0, or the call failed. */
int ec_read_scheduler(const ec_provider *p, ec_target *t, idle_pcall *c, ec_scheduler *s,
                      const char *what);

/* The operations (ops.c) and idle doctor (doctor.c). */
extern const idle_dirsync_ops ec_dirsync_ops;
int ec_check_step(void *self, idle_pcall *c, const char *step_type, const idle_value *with);
int ec_doctor(void *self, idle_pcall *c, const char *computer);

#endif
