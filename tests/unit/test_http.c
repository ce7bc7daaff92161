/*
 * tests/unit/test_http.c - the shared HTTP client (providers/common/http.c)
 * against the loopback simulator tests/sim/httpsim.py (echo application):
 * keep-alive, Basic and fake-NTLM auth, Retry-After, TLS with the test CA,
 * broken connections, timeouts, size limits, proxies, cancellation, threads.
 *
 * Usage: test_http [SOURCE_DIR] (default: IDLE_TEST_SOURCE_DIR if compiled
 * in, else "."). Needs python3 and openssl; talks to 127.0.0.1 only. Three
 * simulators are started once (plain HTTP with Basic auth, HTTPS with the
 * test CA's certificate, HTTPS with an untrusted one) and stopped at the end.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cjson/cJSON.h>
#include <curl/curl.h>

#include "providers/common/http.h"

extern char **environ;

#define USER     "svc"
#define PASSWORD "Pa55-w0rd-n3ver-logged"
#define PW_ENV   "IDLE_HTTP_TEST_PW"

typedef struct sim {
	const char *name;
	pid_t pid;
	long port, control_port;
} sim;

static char srcdir[PATH_MAX / 2];
static char tmpdir[] = "/tmp/idle-http-test-XXXXXX";
static char ca_pem[PATH_MAX];
static sim plain = {"plain", 0, 0, 0}, tls = {"tls", 0, 0, 0}, untrusted = {"untrusted", 0, 0, 0};

/* ---- helpers -------------------------------------------------------------------------------- */

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void sleep_ms(long ms)
{
	struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};

	nanosleep(&ts, NULL);
}

/* No error text may ever carry the password. */
static void check_err(const idle_http_error *e)
{
	if (getenv("IDLE_HTTP_TEST_VERBOSE")) /* to read the messages */
		fprintf(stderr, "    kind %d curl %d status %ld: %s%s%s\n", (int)e->kind,
		        e->curl_code, e->status, e->message, e->hint ? " | hint: " : "",
		        e->hint ? e->hint : "");
	assert_null(strstr(e->message, PASSWORD));
	assert_null(strstr(e->message, "ppass-secret"));
	assert_true(e->hint == NULL || strstr(e->hint, PASSWORD) == NULL);
	assert_null(strchr(e->message, '\n'));
}

static idle_http_options opts(const char *url)
{
	idle_http_options o = IDLE_HTTP_OPTIONS_INIT;

	o.base_url = url;
	o.timeout = 10;
	o.connect_timeout = 5;
	return o;
}

static idle_http_client *mk(const idle_http_options *o)
{
	idle_http_client *c = NULL;
	idle_http_error e;

	if (idle_http_new(&c, o, &e))
		fail_msg("idle_http_new: %s", e.message);
	return c;
}

static void url_of(char *buf, size_t n, const char *scheme, const char *host, long port)
{
	snprintf(buf, n, "%s://%s:%ld", scheme, host, port);
}

/* A client for sim's service port; with_auth: Basic with the right password. */
static idle_http_client *service_client(const sim *s, int with_auth)
{
	char url[128];
	idle_http_options o;

	url_of(url, sizeof(url), s == &plain ? "http" : "https",
	       s == &plain ? "127.0.0.1" : "localhost", s->port);
	o = opts(url);
	o.ca_file = ca_pem;
	if (with_auth) {
		o.auth = IDLE_HTTP_AUTH_BASIC;
		o.user = USER;
		o.secret = PASSWORD;
	}
	return mk(&o);
}

/* A call to sim's control API; the parsed JSON answer (cJSON_Delete it), NULL when none. */
static cJSON *ctl(const sim *s, const char *method, const char *path, const char *json)
{
	char url[128];
	idle_http_options o;
	idle_http_client *c;
	idle_http_response r;
	idle_http_error e;
	cJSON *obj = NULL;

	url_of(url, sizeof(url), "http", "127.0.0.1", s->control_port);
	o = opts(url);
	c = mk(&o);
	if (idle_http_request(&r, c, method, path, json ? "application/json" : NULL, json,
	                      json ? strlen(json) : 0, NULL, &e))
		fail_msg("control %s %s: %s", method, path, e.message);
	if (r.status != 200)
		fail_msg("control %s %s: %ld %s", method, path, r.status, r.body);
	obj = cJSON_Parse(r.body);
	idle_http_response_free(&r);
	idle_http_free(c);
	return obj;
}

static void ctl_do(const sim *s, const char *method, const char *path, const char *json)
{
	cJSON_Delete(ctl(s, method, path, json));
}

/* GET /stats: http.<key> */
static long stat_of(const sim *s, const char *key)
{
	cJSON *st = ctl(s, "GET", "/stats", NULL);
	cJSON *v =
	    cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(st, "http"), key);
	long n = cJSON_IsNumber(v) ? (long)v->valuedouble : -1;

	cJSON_Delete(st);
	return n;
}

/* One request that must complete; the response (free it). */
static idle_http_response get_ok(idle_http_client *c, const char *method, const char *path)
{
	idle_http_response r;
	idle_http_error e;

	if (idle_http_request(&r, c, method, path, NULL, NULL, 0, NULL, &e))
		fail_msg("%s %s: %s", method, path, e.message);
	return r;
}

/* One request that must fail; returns the code, fills e. */
static int get_fail(idle_http_client *c, const char *path, idle_http_error *e)
{
	idle_http_response r;
	int rc = idle_http_request(&r, c, "GET", path, NULL, NULL, 0, NULL, e);

	if (rc == 0) {
		long st = r.status;

		idle_http_response_free(&r);
		fail_msg("GET %s: expected a failure, got HTTP %ld", path, st);
	}
	assert_null(r.body);
	check_err(e);
	return rc;
}

/* A port on 127.0.0.1 nothing listens on (bound, then closed). */
static long closed_port(void)
{
	struct sockaddr_in a = {0};
	socklen_t n = sizeof(a);
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	long port;

	a.sin_family = AF_INET;
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	assert_true(fd >= 0);
	assert_int_equal(bind(fd, (struct sockaddr *)&a, sizeof(a)), 0);
	assert_int_equal(getsockname(fd, (struct sockaddr *)&a, &n), 0);
	port = ntohs(a.sin_port);
	close(fd);
	return port;
}

/* ---- starting and stopping the simulators --------------------------------------------------- */

static int run_wait(char *const argv[])
{
	pid_t pid;
	int st;

	if (posix_spawnp(&pid, argv[0], NULL, NULL, argv, environ))
		return -1;
	while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
		;
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

static void show_output(const sim *s)
{
	char path[PATH_MAX], line[512];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s.out", tmpdir, s->name);
	if ((f = fopen(path, "r"))) {
		while (fgets(line, sizeof(line), f))
			fprintf(stderr, "  %s: %s", s->name, line);
		fclose(f);
	}
}

static int sim_spawn(sim *s, const char *const *extra)
{
	char script[PATH_MAX], ready[PATH_MAX], out[PATH_MAX];
	const char *argv[24] = {"python3", script, "--ready-file", ready, "--max-lifetime", "60"};
	posix_spawn_file_actions_t fa;
	size_t n = 6;
	int rc;

	snprintf(script, sizeof(script), "%s/tests/sim/httpsim.py", srcdir);
	snprintf(ready, sizeof(ready), "%s/%s.ready", tmpdir, s->name);
	snprintf(out, sizeof(out), "%s/%s.out", tmpdir, s->name);
	while (extra && *extra && n < 23)
		argv[n++] = *extra++;
	argv[n] = NULL;
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 1, out, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	posix_spawn_file_actions_adddup2(&fa, 1, 2);
	rc = posix_spawnp(&s->pid, "python3", &fa, NULL, (char *const *)argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	if (rc) {
		fprintf(stderr, "cannot start python3: %s\n", strerror(rc));
		s->pid = 0;
		return -1;
	}
	return 0;
}

/* Waits (at most 15 s) for the ready file: {"port": N, "control_port": M, ...}. */
static int sim_ready(sim *s)
{
	char ready[PATH_MAX], text[512];
	double limit = now() + 15;

	snprintf(ready, sizeof(ready), "%s/%s.ready", tmpdir, s->name);
	while (now() < limit) {
		FILE *f = fopen(ready, "r");
		int st;

		if (f) {
			size_t n = fread(text, 1, sizeof(text) - 1, f);
			cJSON *j;

			fclose(f);
			text[n] = '\0';
			if ((j = cJSON_Parse(text))) {
				cJSON *port = cJSON_GetObjectItem(j, "port");
				cJSON *control = cJSON_GetObjectItem(j, "control_port");

				s->port = cJSON_IsNumber(port) ? (long)port->valuedouble : 0;
				s->control_port =
				    cJSON_IsNumber(control) ? (long)control->valuedouble : 0;
				cJSON_Delete(j);
				if (s->port > 0 && s->control_port > 0)
					return 0;
			}
		}
		if (waitpid(s->pid, &st, WNOHANG) == s->pid) {
			fprintf(stderr, "simulator '%s' exited before it was ready:\n", s->name);
			show_output(s);
			s->pid = 0;
			return -1;
		}
		sleep_ms(20);
	}
	fprintf(stderr, "simulator '%s' not ready after 15 s:\n", s->name);
	show_output(s);
	return -1;
}

static int reaped(pid_t pid, double seconds)
{
	double limit = now() + seconds;
	int st;

	do {
		if (waitpid(pid, &st, WNOHANG) == pid)
			return 1;
		sleep_ms(20);
	} while (now() < limit);
	return 0;
}

/* POST /shutdown (with our own client), then SIGTERM, then SIGKILL. */
static void sim_stop(sim *s)
{
	if (s->pid <= 0)
		return;
	if (s->control_port) {
		char url[128];
		idle_http_options o;
		idle_http_client *c;
		idle_http_response r;
		idle_http_error e;

		url_of(url, sizeof(url), "http", "127.0.0.1", s->control_port);
		o = opts(url);
		o.timeout = 3;
		if ((c = mk(&o))) {
			if (!idle_http_request(&r, c, "POST", "/shutdown", NULL, NULL, 0, NULL, &e))
				idle_http_response_free(&r);
			idle_http_free(c);
		}
	}
	if (!reaped(s->pid, 3)) {
		kill(s->pid, SIGTERM);
		if (!reaped(s->pid, 2)) {
			kill(s->pid, SIGKILL);
			waitpid(s->pid, NULL, 0);
		}
	}
	s->pid = 0;
}

static int rm_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st, (void)flag, (void)ftw;
	return remove(path);
}

static int stop_all(void **state)
{
	(void)state;
	sim_stop(&plain);
	sim_stop(&tls);
	sim_stop(&untrusted);
	nftw(tmpdir, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
	return 0;
}

/* A crash (a sanitizer's abort) skips the teardown: the simulators go down with us anyway. */
static void on_fatal(int sig)
{
	if (plain.pid > 0)
		kill(plain.pid, SIGTERM);
	if (tls.pid > 0)
		kill(tls.pid, SIGTERM);
	if (untrusted.pid > 0)
		kill(untrusted.pid, SIGTERM);
	signal(sig, SIG_DFL);
	raise(sig);
}

static int start_all(void **state)
{
	char mkcert[PATH_MAX], certs[128], cert[PATH_MAX], key[PATH_MAX];
	char ucert[PATH_MAX], ukey[PATH_MAX];
	const char *plain_args[] = {"--user", USER, "--password-env", PW_ENV, NULL};
	const char *tls_args[] = {"--tls-cert", cert, "--tls-key", key, NULL};
	const char *untrusted_args[] = {"--tls-cert", ucert, "--tls-key", ukey, NULL};
	char *mkcert_argv[] = {"bash", mkcert, certs, NULL};

	(void)state;
	if (!mkdtemp(tmpdir))
		return -1;
	snprintf(mkcert, sizeof(mkcert), "%s/tests/sim/mkcert.sh", srcdir);
	snprintf(certs, sizeof(certs), "%s/certs", tmpdir);
	snprintf(ca_pem, sizeof(ca_pem), "%s/ca.pem", certs);
	snprintf(cert, sizeof(cert), "%s/server.pem", certs);
	snprintf(key, sizeof(key), "%s/server.key", certs);
	snprintf(ucert, sizeof(ucert), "%s/untrusted.pem", certs);
	snprintf(ukey, sizeof(ukey), "%s/untrusted.key", certs);
	if (run_wait(mkcert_argv) != 0) {
		fprintf(stderr, "mkcert.sh failed (is openssl installed?)\n");
		stop_all(NULL);
		return -1;
	}
	setenv(PW_ENV, PASSWORD, 1); /* the simulator reads the password from the environment */
	if (sim_spawn(&plain, plain_args) || sim_spawn(&tls, tls_args) ||
	    sim_spawn(&untrusted, untrusted_args) || sim_ready(&plain) || sim_ready(&tls) ||
	    sim_ready(&untrusted)) {
		stop_all(NULL);
		return -1;
	}
	return 0;
}

/* ---- the cases ------------------------------------------------------------------------------ */

/* (1) Three requests on one client: one TCP connection, for the server and the client. */
static void keep_alive(void **state)
{
	idle_http_client *c;
	idle_http_response r;
	idle_http_error e;
	idle_http_stats st;
	const char *paths[] = {"/a", "b", "/c?x=1"};
	size_t i;

	(void)state;
	ctl_do(&plain, "POST", "/reset", NULL);
	c = service_client(&plain, 1);
	for (i = 0; i < 3; i++) {
		r = get_ok(c, "GET", paths[i]);
		assert_int_equal(r.status, 200);
		assert_non_null(strstr(r.body, i == 1 ? "\"/b\"" : i ? "\"/c\"" : "\"/a\""));
		assert_int_equal(strlen(r.body), r.body_len);
		assert_string_equal(idle_http_response_header(&r, "content-TYPE"),
		                    "application/json");
		assert_string_equal(idle_http_response_header(&r, "Server"), "httpsim/1");
		assert_null(idle_http_response_header(&r, "X-Nothing"));
		assert_true(r.retry_after == 0);
		idle_http_response_free(&r);
	}
	/* a POST with a body, on the same connection */
	assert_int_equal(idle_http_request(&r, c, "POST", "/p", "text/plain", "hello", 5, NULL, &e),
	                 0);
	assert_non_null(strstr(r.body, "\"body_bytes\": 5"));
	idle_http_response_free(&r);
	idle_http_stats_get(c, &st);
	assert_int_equal(st.requests, 4);
	assert_int_equal(st.connections, 1);
	assert_true(st.bytes_sent > 5 && st.bytes_received > 4 * 100);
	assert_int_equal(stat_of(&plain, "connections"), 1);
	assert_int_equal(stat_of(&plain, "requests"), 4);
	idle_http_free(c);
}

/* (2) Basic auth: 401 with a wrong password, 200 with the right one; no password in messages. */
static void basic_auth(void **state)
{
	char url[128];
	idle_http_options o;
	idle_http_client *c;
	idle_http_response r;
	idle_http_error e;

	(void)state;
	ctl_do(&plain, "POST", "/reset", NULL);
	url_of(url, sizeof(url), "http", "127.0.0.1", plain.port);
	o = opts(url);
	o.auth = IDLE_HTTP_AUTH_BASIC;
	o.user = USER;
	o.secret = "wrong-" PASSWORD;
	c = mk(&o);
	r = get_ok(c, "GET", "/x");
	assert_int_equal(r.status, 401);
	assert_int_equal(idle_http_status_failure(r.status), IDLE_FAILURE_AUTH);
	assert_non_null(idle_http_response_header(&r, "www-authenticate"));
	idle_http_response_free(&r);
	idle_http_free(c);

	c = service_client(&plain, 1);
	r = get_ok(c, "GET", "/x");
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "\"user\": \"" USER "\""));
	idle_http_response_free(&r);
	idle_http_free(c);

	c = service_client(&plain, 0);
	r = get_ok(c, "GET", "/x");
	assert_int_equal(r.status, 401);
	idle_http_response_free(&r);
	idle_http_free(c);

	/* a transport failure of a client holding the password */
	url_of(url, sizeof(url), "http", "127.0.0.1", closed_port());
	o = opts(url);
	o.auth = IDLE_HTTP_AUTH_BASIC;
	o.user = USER;
	o.secret = PASSWORD;
	c = mk(&o);
	assert_int_equal(get_fail(c, "/" PASSWORD, &e), IDLE_EPROVIDER);
	assert_int_equal(e.kind, IDLE_FAILURE_TRANSIENT);
	assert_non_null(strstr(e.message, "nothing listens on 127.0.0.1:"));
	assert_non_null(e.hint);
	idle_http_free(c);
}

/* NTLM authenticates the connection: one handshake, then requests without credentials. */
static void ntlm_connection(void **state)
{
	char url[128];
	idle_http_options o;
	idle_http_client *c;
	idle_http_response r;
	idle_http_error e;
	int i;

	(void)state;
	if (!(curl_version_info(CURLVERSION_NOW)->features & CURL_VERSION_NTLM))
		skip();
	ctl_do(&plain, "POST", "/reset", NULL);
	ctl_do(&plain, "POST", "/state", "{\"http\": {\"fake_ntlm\": true}}");
	url_of(url, sizeof(url), "http", "127.0.0.1", plain.port);
	o = opts(url);
	o.auth = IDLE_HTTP_AUTH_NTLM;
	o.user = "CONTOSO\\" USER;
	o.secret = PASSWORD;
	c = mk(&o);
	for (i = 0; i < 3; i++) {
		assert_int_equal(idle_http_request(&r, c, "POST", "/wsman", "application/soap+xml",
		                                   "<x/>", 4, NULL, &e),
		                 0);
		assert_int_equal(r.status, 200);
		assert_non_null(strstr(r.body, "\"body_bytes\": 4"));
		idle_http_response_free(&r);
	}
	assert_int_equal(stat_of(&plain, "connections"), 1);
	assert_int_equal(stat_of(&plain, "auth_challenges"), 1);
	idle_http_free(c);
	ctl_do(&plain, "POST", "/reset", NULL); /* fake_ntlm off again */
}

/* (3) Retry-After as delta-seconds and as an HTTP-date; the status mapping. */
static void retry_after(void **state)
{
	idle_http_client *c;
	idle_http_response r;

	(void)state;
	ctl_do(&plain, "POST", "/reset", NULL);
	c = service_client(&plain, 1);
	ctl_do(&plain, "POST", "/inject",
	       "{\"kind\": \"retry_after\", \"status\": 429, \"seconds\": 7}");
	r = get_ok(c, "GET", "/t");
	assert_int_equal(r.status, 429);
	assert_true(r.retry_after == 7);
	assert_int_equal(idle_http_status_failure(r.status), IDLE_FAILURE_TRANSIENT);
	idle_http_response_free(&r);

	ctl_do(&plain, "POST", "/inject",
	       "{\"kind\": \"retry_after\", \"status\": 429, \"seconds\": 7, \"date\": true}");
	r = get_ok(c, "GET", "/t");
	assert_int_equal(r.status, 429);
	assert_true(r.retry_after >= 5 && r.retry_after <= 8); /* the date has 1 s resolution */
	idle_http_response_free(&r);

	ctl_do(&plain, "POST", "/inject", "{\"kind\": \"status\", \"status\": 503}");
	r = get_ok(c, "GET", "/t");
	assert_int_equal(r.status, 503);
	assert_int_equal(idle_http_status_failure(r.status), IDLE_FAILURE_TRANSIENT);
	assert_true(r.retry_after == 0);
	idle_http_response_free(&r);

	ctl_do(
	    &plain, "POST", "/inject",
	    "{\"kind\": \"status\", \"status\": 503, \"headers\": {\"Retry-After\": \"99999999999\"}}");
	r = get_ok(c, "GET", "/t");
	assert_true(r.retry_after == IDLE_HTTP_RETRY_AFTER_MAX);
	idle_http_response_free(&r);

	ctl_do(&plain, "POST", "/inject",
	       "{\"kind\": \"status\", \"status\": 503, \"headers\": {\"Retry-After\": \"soon\"}}");
	r = get_ok(c, "GET", "/t");
	assert_true(r.retry_after == 0);
	idle_http_response_free(&r);
	idle_http_free(c);
}

static void status_mapping(void **state)
{
	(void)state;
	assert_int_equal(idle_http_status_failure(401), IDLE_FAILURE_AUTH);
	assert_int_equal(idle_http_status_failure(403), IDLE_FAILURE_PERMISSION);
	assert_int_equal(idle_http_status_failure(404), IDLE_FAILURE_NOT_FOUND);
	assert_int_equal(idle_http_status_failure(410), IDLE_FAILURE_NOT_FOUND);
	assert_int_equal(idle_http_status_failure(409), IDLE_FAILURE_CONFLICT);
	assert_int_equal(idle_http_status_failure(412), IDLE_FAILURE_CONFLICT);
	assert_int_equal(idle_http_status_failure(400), IDLE_FAILURE_INVALID);
	assert_int_equal(idle_http_status_failure(422), IDLE_FAILURE_INVALID);
	assert_int_equal(idle_http_status_failure(408), IDLE_FAILURE_TRANSIENT);
	assert_int_equal(idle_http_status_failure(429), IDLE_FAILURE_TRANSIENT);
	assert_int_equal(idle_http_status_failure(500), IDLE_FAILURE_TRANSIENT);
	assert_int_equal(idle_http_status_failure(599), IDLE_FAILURE_TRANSIENT);
	assert_int_equal(idle_http_status_failure(200), IDLE_FAILURE_INTERNAL);
	assert_int_equal(idle_http_status_failure(302), IDLE_FAILURE_INTERNAL);
	assert_int_equal(idle_http_status_failure(418), IDLE_FAILURE_INTERNAL);
	assert_int_equal(idle_http_status_failure(600), IDLE_FAILURE_INTERNAL);
}

/* (4) TLS: the test CA verifies the server; an untrusted certificate is INVALID. */
/* The headers of the last request the simulator logged (*log: free it with cJSON_Delete). */
static cJSON *last_headers(const sim *s, cJSON **log)
{
	cJSON *entries;

	*log = ctl(s, "GET", "/log", NULL);
	entries = cJSON_GetObjectItem(*log, "entries");
	return cJSON_GetObjectItem(cJSON_GetArrayItem(entries, cJSON_GetArraySize(entries) - 1),
	                           "headers");
}

static void tls_verify(void **state)
{
	char url[128];
	idle_http_options o;
	idle_http_client *c;
	idle_http_response r;
	idle_http_error e;
	cJSON *log, *hdrs;
	const char *extra[] = {"X-Test: 1", NULL};

	(void)state;
	ctl_do(&tls, "POST", "/reset", NULL);
	c = service_client(&tls, 0);
	r = get_ok(c, "GET", "/one");
	assert_int_equal(r.status, 200);
	idle_http_response_free(&r);
	r = get_ok(c, "GET", "/two");
	idle_http_response_free(&r);
	assert_int_equal(stat_of(&tls, "tls_handshakes"), 1);
	idle_http_free(c);

	/* a bearer token and extra headers; no Expect: 100-continue on a POST */
	url_of(url, sizeof(url), "https", "127.0.0.1", tls.port);
	o = opts(url);
	o.ca_file = ca_pem;
	o.auth = IDLE_HTTP_AUTH_BEARER;
	o.secret = "tok3n-" PASSWORD;
	c = mk(&o);
	assert_int_equal(
	    idle_http_request(&r, c, "PATCH", "/users/1", "application/json", "{}", 2, extra, &e),
	    0);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "\"method\": \"PATCH\""));
	idle_http_response_free(&r);
	idle_http_free(c);
	hdrs = last_headers(&tls, &log);
	assert_string_equal(cJSON_GetObjectItem(hdrs, "Authorization")->valuestring, "Bearer");
	assert_string_equal(cJSON_GetObjectItem(hdrs, "X-Test")->valuestring, "1");
	assert_string_equal(cJSON_GetObjectItem(hdrs, "Content-Type")->valuestring,
	                    "application/json");
	assert_null(cJSON_GetObjectItem(hdrs, "Expect"));
	cJSON_Delete(log);

	/* a body without a type goes without one: libcurl's form type is not invented */
	c = mk(&o);
	assert_int_equal(idle_http_request(&r, c, "POST", "/raw", NULL, "x=1", 3, NULL, &e), 0);
	idle_http_response_free(&r);
	idle_http_free(c);
	hdrs = last_headers(&tls, &log);
	assert_null(cJSON_GetObjectItem(hdrs, "Content-Type"));
	cJSON_Delete(log);

	/* the untrusted certificate, with the test CA and with the system store */
	url_of(url, sizeof(url), "https", "localhost", untrusted.port);
	o = opts(url);
	o.ca_file = ca_pem;
	c = mk(&o);
	assert_int_equal(get_fail(c, "/", &e), IDLE_EPROVIDER);
	assert_int_equal(e.kind, IDLE_FAILURE_INVALID);
	assert_int_equal(e.curl_code, CURLE_PEER_FAILED_VERIFICATION);
	assert_non_null(strstr(e.message, "'localhost'"));
	assert_non_null(strstr(e.message, ca_pem));
	idle_http_free(c);
	o.ca_file = NULL;
	c = mk(&o);
	assert_int_equal(get_fail(c, "/", &e), IDLE_EPROVIDER);
	assert_int_equal(e.kind, IDLE_FAILURE_INVALID);
	assert_non_null(strstr(e.message, "the system store"));
	idle_http_free(c);

	/* https:// to a plain-HTTP port: a handshake failure */
	url_of(url, sizeof(url), "https", "127.0.0.1", plain.port);
	o = opts(url);
	o.ca_file = ca_pem;
	c = mk(&o);
	assert_int_equal(get_fail(c, "/", &e), IDLE_EPROVIDER);
	assert_int_equal(e.kind, IDLE_FAILURE_INVALID);
	assert_non_null(strstr(e.message, "TLS"));
	idle_http_free(c);
}

/* (5) Broken connections are TRANSIENT; the client recovers on a new connection. */
static void broken_connections(void **state)
{
	const char *kinds[] = {"reset_after_headers", "reset", "close", "truncate"};
	idle_http_client *c;
	idle_http_response r;
	idle_http_error e;
	char json[128];
	size_t i;

	(void)state;
	ctl_do(&plain, "POST", "/reset", NULL);
	for (i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++) {
		c = service_client(&plain, 1); /* a fresh connection: libcurl retries none */
		snprintf(json, sizeof(json), "{\"kind\": \"%s\"}", kinds[i]);
		ctl_do(&plain, "POST", "/inject", json);
		assert_int_equal(get_fail(c, "/broken", &e), IDLE_EPROVIDER);
		assert_int_equal(e.kind, IDLE_FAILURE_TRANSIENT);
		assert_non_null(strstr(e.message, "broke"));
		if (i == 0 || i == 3)
			assert_int_equal(e.status, 200);
		r = get_ok(c, "GET", "/after");
		assert_int_equal(r.status, 200);
		idle_http_response_free(&r);
		idle_http_free(c);
	}
}

/* (6) A server slower than the request timeout: TRANSIENT after about the timeout. */
static void total_timeout(void **state)
{
	char url[128];
	idle_http_options o;
	idle_http_client *c;
	idle_http_error e;
	double t0, took;

	(void)state;
	ctl_do(&plain, "POST", "/reset", NULL);
	url_of(url, sizeof(url), "http", "127.0.0.1", plain.port);
	o = opts(url);
	o.timeout = 1;
	o.auth = IDLE_HTTP_AUTH_BASIC;
	o.user = USER;
	o.secret = PASSWORD;
	c = mk(&o);
	ctl_do(&plain, "POST", "/inject", "{\"kind\": \"delay\", \"seconds\": 4}");
	t0 = now();
	assert_int_equal(get_fail(c, "/slow", &e), IDLE_EPROVIDER);
	took = now() - t0;
	assert_int_equal(e.kind, IDLE_FAILURE_TRANSIENT);
	assert_int_equal(e.curl_code, CURLE_OPERATION_TIMEDOUT);
	assert_non_null(strstr(e.message, "request timeout"));
	assert_true(took >= 0.9 && took < 1.8);
	idle_http_free(c);
}

/* (7) Plain http:// only to loopback unless allowed; other option checks. */
static void option_checks(void **state)
{
	static const struct {
		const char *url;
		int ok;
	} urls[] = {
	    {"http://127.0.0.1:1/x", 1},
	    {"http://127.9.8.7", 1},
	    {"http://localhost:8080", 1},
	    {"http://[::1]:5985/wsman", 1},
	    {"HTTP://LocalHost/", 1},
	    {"https://example.com/", 1},
	    {"http://example.com/wsman", 0},
	    {"http://128.0.0.1", 0},
	    {"http://[::2]", 0},
	    {"ftp://127.0.0.1/", 0},
	    {"no url", 0},
	    {"", 0},
	    {"https://u:" PASSWORD "@example.com/", 0},
	    {"https://example.com/?q=1", 0},
	};
	idle_http_options o;
	idle_http_client *c = NULL;
	idle_http_error e;
	size_t i;
	long f = curl_version_info(CURLVERSION_NOW)->features;

	(void)state;
	for (i = 0; i < sizeof(urls) / sizeof(urls[0]); i++) {
		int rc;

		o = opts(urls[i].url);
		rc = idle_http_new(&c, &o, &e);
		if (urls[i].ok != (rc == 0))
			fail_msg("%s: %s", urls[i].url, rc ? e.message : "accepted");
		if (rc) {
			assert_int_equal(rc, IDLE_EINVALID);
			assert_int_equal(e.kind, IDLE_FAILURE_INVALID);
			assert_null(c);
			check_err(&e);
		}
		idle_http_free(c);
		c = NULL;
	}
	o = opts("http://example.com/wsman");
	assert_int_equal(idle_http_new(&c, &o, &e), IDLE_EINVALID);
	assert_non_null(strstr(e.message, "plain http:// to 'example.com' is refused"));
	assert_non_null(e.hint);
	o.allow_plain_http = 1;
	c = mk(&o);
	idle_http_free(c);

	o = opts("https://example.com");
	o.ca_file = "/nonexistent/ca.pem";
	assert_int_equal(idle_http_new(&c, &o, &e), IDLE_EINVALID);
	assert_non_null(strstr(e.message, "/nonexistent/ca.pem"));
	o.ca_file = tmpdir; /* a folder */
	assert_int_equal(idle_http_new(&c, &o, &e), IDLE_EINVALID);
	o = opts("https://example.com");
	o.timeout = -1;
	assert_int_equal(idle_http_new(&c, &o, &e), IDLE_EINVALID);
	o = opts("https://example.com");
	o.connect_timeout = 0; /* 0: the defaults, accepted */
	o.timeout = 0;
	idle_http_free(mk(&o));
	o.connect_timeout = -0.5;
	assert_int_equal(idle_http_new(&c, &o, &e), IDLE_EINVALID);
	o = opts("https://example.com");
	o.auth = IDLE_HTTP_AUTH_BASIC;
	assert_int_equal(idle_http_new(&c, &o, &e), IDLE_EINVALID); /* no user */
	o.user = "";
	o.secret = PASSWORD;
	assert_int_equal(idle_http_new(&c, &o, &e), IDLE_EINVALID); /* an empty user */
	assert_non_null(strstr(e.message, "needs a user name and a password"));
	o.user = USER;
	o.secret = NULL;
	assert_int_equal(idle_http_new(&c, &o, &e), IDLE_EINVALID); /* no password */
	o.secret = PASSWORD;
	idle_http_free(mk(&o));
	o.auth = IDLE_HTTP_AUTH_BEARER;
	o.secret = "abc\r\nX-Injected: 1";
	assert_int_equal(idle_http_new(&c, &o, &e), IDLE_EINVALID);
	o.version = 99;
	assert_int_equal(idle_http_new(&c, &o, &e), IDLE_EINVALID);

	/* NTLM and Negotiate: available, or refused naming what this libcurl lacks */
	o = opts("https://example.com");
	o.auth = IDLE_HTTP_AUTH_NTLM;
	o.user = USER;
	o.secret = PASSWORD;
	if (f & CURL_VERSION_NTLM) {
		idle_http_free(mk(&o));
	} else {
		assert_int_equal(idle_http_new(&c, &o, &e), IDLE_EUNSUPPORTED);
		assert_non_null(strstr(e.message, "without NTLM"));
	}
	o.auth = IDLE_HTTP_AUTH_NEGOTIATE;
	if ((f & CURL_VERSION_GSSAPI) && (f & CURL_VERSION_SPNEGO)) {
		idle_http_free(mk(&o));
	} else {
		assert_int_equal(idle_http_new(&c, &o, &e), IDLE_EUNSUPPORTED);
		assert_non_null(strstr(e.message, "without"));
	}
	check_err(&e);
}

/* Absolute request URLs must stay on the base URL's origin. */
static void absolute_urls(void **state)
{
	char url[128], abs[160];
	idle_http_client *c;
	idle_http_response r;
	idle_http_error e;

	(void)state;
	c = service_client(&plain, 1);
	url_of(url, sizeof(url), "http", "127.0.0.1", plain.port);
	snprintf(abs, sizeof(abs), "%s/next?page=2", url);
	r = get_ok(c, "GET", abs);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "\"/next\""));
	idle_http_response_free(&r);
	r = get_ok(c, "GET", "/q?next=https://elsewhere.example/"); /* a path, not a URL */
	assert_int_equal(r.status, 200);
	idle_http_response_free(&r);
	snprintf(abs, sizeof(abs), "HTTP://127.0.0.1:%ld", plain.port); /* the base URL itself */
	r = get_ok(c, "GET", abs);
	assert_int_equal(r.status, 200);
	idle_http_response_free(&r);
	/* another origin, a longer port, credentials for another host: refused, nothing sent */
	snprintf(abs, sizeof(abs), "http://127.0.0.1:%ld/x", plain.control_port);
	assert_int_equal(idle_http_request(&r, c, "GET", abs, NULL, NULL, 0, NULL, &e),
	                 IDLE_EINVALID);
	assert_int_equal(e.kind, IDLE_FAILURE_INVALID);
	assert_non_null(strstr(e.message, url));
	snprintf(abs, sizeof(abs), "%s0/x", url);
	assert_int_equal(idle_http_request(&r, c, "GET", abs, NULL, NULL, 0, NULL, &e),
	                 IDLE_EINVALID);
	snprintf(abs, sizeof(abs), "%s@evil.example/x", url);
	assert_int_equal(idle_http_request(&r, c, "GET", abs, NULL, NULL, 0, NULL, &e),
	                 IDLE_EINVALID);
	assert_int_equal(idle_http_request(&r, c, "get", "/", NULL, NULL, 0, NULL, &e), IDLE_EARG);
	idle_http_free(c);
}

/* (8) Responses over the caps: INTERNAL, and the client goes on. */
static void size_caps(void **state)
{
	char url[128];
	idle_http_options o;
	idle_http_client *c;
	idle_http_response r;
	idle_http_error e;

	(void)state;
	ctl_do(&plain, "POST", "/reset", NULL);
	url_of(url, sizeof(url), "http", "127.0.0.1", plain.port);
	o = opts(url);
	o.auth = IDLE_HTTP_AUTH_BASIC;
	o.user = USER;
	o.secret = PASSWORD;
	o.max_body = 64;
	c = mk(&o);
	assert_int_equal(get_fail(c, "/big", &e), IDLE_EPROVIDER);
	assert_int_equal(e.kind, IDLE_FAILURE_INTERNAL);
	assert_non_null(strstr(e.message, "too large (body over 64 bytes)"));
	assert_int_equal(e.status, 200);
	/* a body within the cap on the same client */
	ctl_do(&plain, "POST", "/inject",
	       "{\"kind\": \"status\", \"status\": 202, \"body\": \"ok\"}");
	r = get_ok(c, "GET", "/small");
	assert_int_equal(r.status, 202);
	assert_string_equal(r.body, "ok");
	idle_http_response_free(&r);
	idle_http_free(c);

	o.max_body = 0;
	o.max_headers = 40;
	c = mk(&o);
	assert_int_equal(get_fail(c, "/big", &e), IDLE_EPROVIDER);
	assert_int_equal(e.kind, IDLE_FAILURE_INTERNAL);
	assert_non_null(strstr(e.message, "headers over 40 bytes"));
	idle_http_free(c);
}

/* (9) http_proxy & co. in the environment change nothing; an explicit proxy is used. */
static void env_proxy_ignored(void **state)
{
	static const char *vars[] = {"http_proxy",  "HTTP_PROXY", "https_proxy",
	                             "HTTPS_PROXY", "all_proxy",  "ALL_PROXY"};
	char bogus[64], url[128];
	idle_http_options o;
	idle_http_client *c;
	idle_http_response r;
	idle_http_error e;
	size_t i;

	(void)state;
	snprintf(bogus, sizeof(bogus), "http://127.0.0.1:%ld", closed_port());
	for (i = 0; i < sizeof(vars) / sizeof(vars[0]); i++)
		setenv(vars[i], bogus, 1);
	unsetenv("no_proxy");
	unsetenv("NO_PROXY");
	c = service_client(&plain, 1);
	r = get_ok(c, "GET", "/via-env");
	assert_int_equal(r.status, 200);
	idle_http_response_free(&r);
	idle_http_free(c);
	c = service_client(&tls, 0);
	r = get_ok(c, "GET", "/via-env");
	assert_int_equal(r.status, 200);
	idle_http_response_free(&r);
	idle_http_free(c);
	for (i = 0; i < sizeof(vars) / sizeof(vars[0]); i++)
		unsetenv(vars[i]);

	url_of(url, sizeof(url), "http", "127.0.0.1", plain.port);
	o = opts(url);
	snprintf(bogus, sizeof(bogus), "http://puser:ppass-secret@127.0.0.1:%ld", closed_port());
	o.proxy = bogus;
	c = mk(&o);
	assert_int_equal(get_fail(c, "/via-proxy", &e), IDLE_EPROVIDER);
	assert_int_equal(e.kind, IDLE_FAILURE_TRANSIENT);
	assert_non_null(strstr(e.message, "nothing listens on the proxy 127.0.0.1:"));
	idle_http_free(c);
	o.no_proxy = "127.0.0.1";
	c = mk(&o);
	r = get_ok(c, "GET", "/no-proxy");
	assert_int_equal(r.status, 401); /* reached the server directly (no credentials given) */
	idle_http_response_free(&r);
	idle_http_free(c);
}

static int cancel_after(void *ud)
{
	const double *deadline = ud;

	return now() >= *deadline;
}

/* (10) The cancelled callback aborts a slow transfer promptly. */
static void cancellation(void **state)
{
	char url[128];
	idle_http_options o;
	idle_http_client *c;
	idle_http_response r;
	idle_http_error e;
	double deadline = 0, t0, took;

	(void)state;
	ctl_do(&plain, "POST", "/reset", NULL);
	url_of(url, sizeof(url), "http", "127.0.0.1", plain.port);
	o = opts(url);
	o.auth = IDLE_HTTP_AUTH_BASIC;
	o.user = USER;
	o.secret = PASSWORD;
	o.cancelled = cancel_after;
	o.cancel_ud = &deadline;
	c = mk(&o);
	deadline = now() + 1000;
	r = get_ok(c, "GET", "/warm"); /* the callback is asked, says no */
	idle_http_response_free(&r);
	ctl_do(&plain, "POST", "/inject", "{\"kind\": \"delay\", \"seconds\": 5}");
	t0 = now();
	deadline = t0 + 0.3;
	assert_int_equal(get_fail(c, "/slow", &e), IDLE_EUSER);
	took = now() - t0;
	assert_true(e.cancelled);
	assert_int_equal(e.curl_code, CURLE_ABORTED_BY_CALLBACK);
	assert_non_null(strstr(e.message, "cancelled"));
	assert_true(took >= 0.29 && took < 1.0);
	deadline = now() + 1000;
	r = get_ok(c, "GET", "/again");
	assert_int_equal(r.status, 200);
	idle_http_response_free(&r);
	idle_http_free(c);
}

/* No cmocka assertion in here: those are for the main thread. */
static void *worker(void *ud)
{
	char url[128];
	idle_http_options o;
	idle_http_client *c = NULL;
	idle_http_error e0;
	int i, *ok = ud;

	url_of(url, sizeof(url), "https", "localhost", tls.port);
	o = opts(url);
	o.ca_file = ca_pem;
	*ok = idle_http_new(&c, &o, &e0) == 0;
	for (i = 0; c && i < 5; i++) {
		idle_http_response r;
		idle_http_error e;

		if (idle_http_request(&r, c, "GET", "/thread", NULL, NULL, 0, NULL, &e) ||
		    r.status != 200)
			*ok = 0;
		idle_http_response_free(&r);
	}
	idle_http_free(c);
	return NULL;
}

/* One client per thread, four threads at once. */
static void threads(void **state)
{
	pthread_t t[4];
	int ok[4], i;

	(void)state;
	for (i = 0; i < 4; i++)
		assert_int_equal(pthread_create(&t[i], NULL, worker, &ok[i]), 0);
	for (i = 0; i < 4; i++) {
		pthread_join(t[i], NULL);
		assert_true(ok[i]);
	}
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(keep_alive),         cmocka_unit_test(basic_auth),
	    cmocka_unit_test(ntlm_connection),    cmocka_unit_test(retry_after),
	    cmocka_unit_test(status_mapping),     cmocka_unit_test(tls_verify),
	    cmocka_unit_test(broken_connections), cmocka_unit_test(total_timeout),
	    cmocka_unit_test(option_checks),      cmocka_unit_test(absolute_urls),
	    cmocka_unit_test(size_caps),          cmocka_unit_test(env_proxy_ignored),
	    cmocka_unit_test(cancellation),       cmocka_unit_test(threads),
	};
	const char *dir = argc > 1 ? argv[1] : NULL;
	char probe[PATH_MAX];

#ifdef IDLE_TEST_SOURCE_DIR
	if (!dir)
		dir = IDLE_TEST_SOURCE_DIR;
#endif
	snprintf(srcdir, sizeof(srcdir), "%s", dir ? dir : ".");
	snprintf(probe, sizeof(probe), "%s/tests/sim/httpsim.py", srcdir);
	if (access(probe, R_OK)) {
		fprintf(stderr, "usage: %s SOURCE_DIR (%s not found)\n", argv[0], probe);
		return 2;
	}
	signal(SIGPIPE, SIG_IGN);
	signal(SIGABRT, on_fatal);
	signal(SIGSEGV, on_fatal);
	signal(SIGBUS, on_fatal);
	return cmocka_run_group_tests(tests, start_all, stop_all);
}
