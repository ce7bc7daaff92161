/*
 * bench/bench_winrm.c - what waiting for an Entra Connect sync cycle costs:
 * HTTP round trips, connections, TLS handshakes and CPU time of a run that
 * triggers a cycle and waits for it on the real clock, against the WinRM
 * simulator (tests/sim/winrm_sim.py over HTTPS on 127.0.0.1, started here).
 *
 * The baseline, in the same run, is what a client that opens a shell per
 * command needs (IdLE's PSSession per call, pywinrm's run_ps: Create,
 * Command, Receive, Signal, Delete, and a new logon each time) for the same
 * commands. Goals: <= 2 round trips per poll (Command + Receive on the kept
 * shell), one TCP+TLS handshake per run, <= 1 % of one core while waiting.
 *
 * Usage: bench_winrm [CYCLE_SECONDS] [POLL_SECONDS]   (default 60 10: about 70 s)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include <idle/idle.h>

#define PASSWORD "bench-Pa55"

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static double cpu_seconds(void)
{
	struct rusage ru;

	getrusage(RUSAGE_SELF, &ru);
	return (double)ru.ru_utime.tv_sec + (double)ru.ru_utime.tv_usec / 1e6 +
	       (double)ru.ru_stime.tv_sec + (double)ru.ru_stime.tv_usec / 1e6;
}

/* The output of a shell command (malloc'ed), or NULL. */
static char *capture(const char *cmd)
{
	FILE *p = popen(cmd, "r");
	char *buf = calloc(1, 65536);
	size_t n = 0, r;

	if (!p || !buf)
		return free(buf), p ? (pclose(p), NULL) : NULL;
	while ((r = fread(buf + n, 1, 65535 - n, p)) > 0)
		n += r;
	if (pclose(p) != 0) {
		free(buf);
		return NULL;
	}
	return buf;
}

static int write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	if (!f)
		return -1;
	fputs(text, f);
	return fclose(f);
}

static idle_doc *load(const char *path, idle_diags *d)
{
	idle_doc *doc = NULL;

	idle_doc_load(&doc, path, IDLE_FORMAT_AUTO, NULL, d);
	return doc;
}

static long stat_of(const cJSON *s, const char *group, const char *key)
{
	const cJSON *v = cJSON_GetObjectItem(cJSON_GetObjectItem(s, group), key);

	return cJSON_IsNumber(v) ? (long)v->valuedouble : -1;
}

int main(int argc, char **argv)
{
	double cycle = argc > 1 ? atof(argv[1]) : 60, poll = argc > 2 ? atof(argv[2]) : 10;
	char dir[] = "/tmp/idle-bench-winrm-XXXXXX", cmd[2048], path[512], text[4096];
	char *vars, *stats_text;
	int port = 0, control = 0, pid = 0, polls = 0;
	idle_diags *d = idle_diags_new();
	idle_host *h = NULL;
	idle_doc *wf, *rq, *pv;
	idle_request *req = NULL;
	idle_config *cfg = NULL;
	idle_plan *plan = NULL;
	idle_result *res = NULL;
	idle_run_options o = IDLE_RUN_OPTIONS_INIT;
	double t0, c0, wall, cpu;
	cJSON *stats;
	size_t i;

	if (!mkdtemp(dir))
		return perror("mkdtemp"), 2;
	setenv("WINRM_PW", PASSWORD, 1);
	setenv("BENCH_PW", PASSWORD, 1);
	setenv("NO_PROXY", "*", 1);
	snprintf(cmd, sizeof(cmd), "bash %s/tests/sim/mkcert.sh %s/certs >/dev/null 2>&1",
	         IDLE_SOURCE_DIR, dir);
	if (system(cmd))
		return fprintf(stderr, "bench_winrm: mkcert.sh failed (openssl?)\n"), 2;
	snprintf(path, sizeof(path), "%s/sim.json", dir);
	snprintf(text, sizeof(text), "{\"settings\": {\"delta_seconds\": %g}}", cycle);
	write_file(path, text);
	snprintf(cmd, sizeof(cmd),
	         "python3 %s/tests/sim/simctl.py start winrm %s -- --user 'CORP\\svc' "
	         "--password-env WINRM_PW --tls-cert %s/certs/server.pem --tls-key "
	         "%s/certs/server.key --config %s/sim.json --max-lifetime %d",
	         IDLE_SOURCE_DIR, dir, dir, dir, dir, (int)(cycle * 3 + 120));
	if (!(vars = capture(cmd)) || sscanf(vars, "%d %d %d", &port, &control, &pid) != 3)
		return fprintf(stderr, "bench_winrm: the simulator did not start\n"), 2;
	free(vars);

	snprintf(path, sizeof(path), "%s/providers.psd1", dir);
	snprintf(
	    text, sizeof(text),
	    "@{ Providers = @{ DirectorySync = @{ Type = 'EntraConnect'; Authentication = "
	    "'Basic'; CaFile = '%s/certs/ca.pem' } }\n"
	    "   AuthSessions = @{ SessionMap = @( @{ Match = @{ AuthSessionName = 'EC' }\n"
	    "     AuthSessionType = 'PSRemoting'; Credential = @{ UserName = 'CORP\\svc'\n"
	    "     PasswordEnv = 'BENCH_PW'; Endpoint = 'https://localhost:%d/wsman' } } ) } }\n",
	    dir, port);
	write_file(path, text);
	pv = load(path, d);
	snprintf(path, sizeof(path), "%s/workflow.psd1", dir);
	snprintf(
	    text, sizeof(text),
	    "@{ Name = 'Bench'; LifecycleEvent = 'Operational'; Steps = @( @{ Name = 'Sync'\n"
	    "   Type = 'IdLE.Step.TriggerDirectorySync'; With = @{ AuthSessionName = 'EC'\n"
	    "   PolicyType = 'Delta'; Wait = $true; PollIntervalSeconds = %g; TimeoutSeconds = %g } } ) }\n",
	    poll, cycle * 3 + 60);
	write_file(path, text);
	wf = load(path, d);
	snprintf(path, sizeof(path), "%s/request.psd1", dir);
	write_file(path, "@{ LifecycleEvent = 'Operational' }\n");
	rq = load(path, d);
	if (!pv || !wf || !rq || idle_host_new(&h) || idle_config_load(&cfg, h, pv, d) ||
	    idle_request_load(&req, rq, d) || idle_plan_build(&plan, h, wf, req, cfg, NULL, d)) {
		idle_diags_render(d, stderr, 0);
		return 2;
	}

	t0 = now();
	c0 = cpu_seconds();
	if (idle_run(&res, plan, cfg, &o, d)) {
		idle_diags_render(d, stderr, 0);
		return 2;
	}
	wall = now() - t0;
	cpu = cpu_seconds() - c0;
	for (i = 0; i < idle_result_event_count(res); i++)
		polls +=
		    idle_event_type_id_of(idle_result_event_at(res, i)) == IDLE_EVENT_DIRSYNC_POLL;

	snprintf(cmd, sizeof(cmd), "python3 %s/tests/sim/simctl.py call %d GET /stats",
	         IDLE_SOURCE_DIR, control);
	stats_text = capture(cmd);
	stats = stats_text ? cJSON_Parse(stats_text) : NULL;
	if (!stats)
		return fprintf(stderr, "bench_winrm: no stats from the simulator\n"), 2;
	{
		long requests = stat_of(stats, "http", "requests");
		long conns = stat_of(stats, "http", "connections");
		long tls = stat_of(stats, "http", "tls_handshakes");
		long commands = stat_of(stats, "app", "commands");
		long base = commands *
		            5; /* a shell per command: Create, Command, Receive, Signal, Delete */

		printf("run: %s, waited %.1f s for a %g s cycle polled every %g s (%d polls)\n",
		       idle_result_status(res), wall, cycle, poll, polls);
		printf("round trips: %ld for %ld commands (each poll is one): %.2f per command "
		       "besides the shell's Create and Delete (goal <= 2); a shell per command "
		       "needs %ld (ours / theirs = %.2f)\n",
		       requests, commands, (double)(requests - 2) / (double)commands, base,
		       (double)requests / (double)base);
		printf("connections: %ld, TLS handshakes: %ld (goal 1; a shell per command with a "
		       "logon each: %ld)\n",
		       conns, tls, commands);
		printf("CPU: %.3f s of %.1f s = %.3f %% of one core (goal <= 1 %%)\n", cpu, wall,
		       100 * cpu / wall);
	}
	cJSON_Delete(stats);
	free(stats_text);
	snprintf(cmd, sizeof(cmd), "python3 %s/tests/sim/simctl.py stop %d %d >/dev/null 2>&1",
	         IDLE_SOURCE_DIR, control, pid);
	if (system(cmd)) {
		/* the simulator ends by itself at --max-lifetime */
	}
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	if (system(cmd)) {
		/* a temporary folder left behind */
	}
	idle_result_free(res);
	idle_plan_free(plan);
	idle_config_free(cfg);
	idle_request_free(req);
	idle_host_free(h);
	idle_doc_free(wf);
	idle_doc_free(rq);
	idle_doc_free(pv);
	idle_diags_free(d);
	return 0;
}
