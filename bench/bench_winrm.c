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

#include "benchsim.h"

#define PASSWORD "bench-Pa55"

int main(int argc, char **argv)
{
	double cycle = argc > 1 ? atof(argv[1]) : 60, poll = argc > 2 ? atof(argv[2]) : 10;
	char dir[] = "/tmp/idle-bench-winrm-XXXXXX", cmd[2048], path[512], text[4096], wtext[1024];
	bench_sim sim;
	bench_job job;
	int polls = 0;
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
	bench_write_file(path, text);
	snprintf(cmd, sizeof(cmd),
	         "--user 'CORP\\svc' --password-env WINRM_PW --tls-cert %s/certs/server.pem "
	         "--tls-key %s/certs/server.key --config %s/sim.json --max-lifetime %d",
	         dir, dir, dir, (int)(cycle * 3 + 120));
	if (bench_sim_start(&sim, "winrm", dir, cmd))
		return fprintf(stderr, "bench_winrm: the simulator did not start\n"), 2;

	snprintf(
	    text, sizeof(text),
	    "@{ Providers = @{ DirectorySync = @{ Type = 'EntraConnect'; Authentication = "
	    "'Basic'; CaFile = '%s/certs/ca.pem' } }\n"
	    "   AuthSessions = @{ SessionMap = @( @{ Match = @{ AuthSessionName = 'EC' }\n"
	    "     AuthSessionType = 'PSRemoting'; Credential = @{ UserName = 'CORP\\svc'\n"
	    "     PasswordEnv = 'BENCH_PW'; Endpoint = 'https://localhost:%d/wsman' } } ) } }\n",
	    dir, sim.port);
	snprintf(
	    wtext, sizeof(wtext),
	    "@{ Name = 'Bench'; LifecycleEvent = 'Operational'; Steps = @( @{ Name = 'Sync'\n"
	    "   Type = 'IdLE.Step.TriggerDirectorySync'; With = @{ AuthSessionName = 'EC'\n"
	    "   PolicyType = 'Delta'; Wait = $true; PollIntervalSeconds = %g; TimeoutSeconds = %g "
	    "} } ) }\n",
	    poll, cycle * 3 + 60);
	if (bench_job_plan(&job, dir, text, wtext, "@{ LifecycleEvent = 'Operational' }\n"))
		return 2;

	t0 = bench_now();
	c0 = bench_cpu_seconds();
	if (idle_run(&res, job.plan, job.cfg, &o, job.d)) {
		idle_diags_render(job.d, stderr, 0);
		return 2;
	}
	wall = bench_now() - t0;
	cpu = bench_cpu_seconds() - c0;
	for (i = 0; i < idle_result_event_count(res); i++)
		polls +=
		    idle_event_type_id_of(idle_result_event_at(res, i)) == IDLE_EVENT_DIRSYNC_POLL;

	if (!(stats = bench_sim_call(&sim, "GET", "/stats", NULL)))
		return fprintf(stderr, "bench_winrm: no stats from the simulator\n"), 2;
	{
		long requests = bench_stat(stats, "http", "requests");
		long conns = bench_stat(stats, "http", "connections");
		long tls = bench_stat(stats, "http", "tls_handshakes");
		long commands = bench_stat(stats, "app", "commands");
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
	bench_sim_stop(&sim, dir);
	idle_result_free(res);
	bench_job_free(&job);
	return 0;
}
