/*
 * bench/benchsim.c - see benchsim.h.
 */
#include "benchsim.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

double bench_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

double bench_cpu_seconds(void)
{
	struct rusage ru;

	getrusage(RUSAGE_SELF, &ru);
	return (double)ru.ru_utime.tv_sec + (double)ru.ru_utime.tv_usec / 1e6 +
	       (double)ru.ru_stime.tv_sec + (double)ru.ru_stime.tv_usec / 1e6;
}

char *bench_capture(const char *cmd)
{
	FILE *p = popen(cmd, "r");
	size_t n = 0, cap = 65536, r;
	char *buf = malloc(cap), *bigger;

	if (!p || !buf)
		return free(buf), p ? (pclose(p), NULL) : NULL;
	while ((r = fread(buf + n, 1, cap - 1 - n, p)) > 0) {
		n += r;
		if (n == cap - 1) {
			if (!(bigger = realloc(buf, cap * 2)))
				break;
			buf = bigger;
			cap *= 2;
		}
	}
	buf[n] = '\0';
	if (pclose(p) != 0) {
		free(buf);
		return NULL;
	}
	return buf;
}

int bench_write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	if (!f)
		return -1;
	fputs(text, f);
	return fclose(f);
}

idle_doc *bench_load(const char *path, idle_diags *d)
{
	idle_doc *doc = NULL;

	idle_doc_load(&doc, path, IDLE_FORMAT_AUTO, NULL, d);
	return doc;
}

/* Writes text to dir/name and loads it. */
static idle_doc *put(const char *dir, const char *name, const char *text, idle_diags *d)
{
	char path[512];

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	return bench_write_file(path, text) ? NULL : bench_load(path, d);
}

int bench_job_plan(bench_job *j, const char *dir, const char *providers, const char *workflow,
                   const char *request)
{
	memset(j, 0, sizeof(*j));
	if (!(j->d = idle_diags_new()))
		return -1;
	j->pv = put(dir, "providers.psd1", providers, j->d);
	j->wf = put(dir, "workflow.psd1", workflow, j->d);
	j->rq = put(dir, "request.psd1", request, j->d);
	if (!j->pv || !j->wf || !j->rq || idle_host_new(&j->h) ||
	    idle_config_load(&j->cfg, j->h, j->pv, j->d) ||
	    idle_request_load(&j->req, j->rq, j->d) ||
	    idle_plan_build(&j->plan, j->h, j->wf, j->req, j->cfg, NULL, j->d)) {
		idle_diags_render(j->d, stderr, 0);
		return -1;
	}
	return 0;
}

void bench_job_free(bench_job *j)
{
	idle_plan_free(j->plan);
	idle_config_free(j->cfg);
	idle_request_free(j->req);
	idle_host_free(j->h);
	idle_doc_free(j->wf);
	idle_doc_free(j->rq);
	idle_doc_free(j->pv);
	idle_diags_free(j->d);
}

int bench_sim_start(bench_sim *s, const char *sim, const char *dir, const char *args)
{
	size_t n = strlen(args) + strlen(dir) + 512;
	char *cmd = malloc(n), *vars;
	int ok;

	if (!cmd)
		return -1;
	snprintf(cmd, n, "python3 %s/tests/sim/simctl.py start %s %s -- %s", IDLE_SOURCE_DIR, sim,
	         dir, args);
	vars = bench_capture(cmd);
	free(cmd);
	ok = vars && sscanf(vars, "%d %d %d", &s->port, &s->control, &s->pid) == 3;
	free(vars);
	return ok ? 0 : -1;
}

cJSON *bench_sim_call(const bench_sim *s, const char *method, const char *path, const char *body)
{
	size_t n = (body ? strlen(body) : 0) + 512;
	char *cmd = malloc(n), *out;
	cJSON *j;

	if (!cmd)
		return NULL;
	/* the body goes through the shell in single quotes: it must not hold one */
	snprintf(cmd, n, "python3 %s/tests/sim/simctl.py call %d %s %s%s%s", IDLE_SOURCE_DIR,
	         s->control, method, path, body ? " '" : "", body ? body : "");
	if (body)
		strcat(cmd, "'");
	out = bench_capture(cmd);
	free(cmd);
	j = out ? cJSON_Parse(out) : NULL;
	free(out);
	return j;
}

long bench_stat(const cJSON *stats, const char *group, const char *key)
{
	const cJSON *v = cJSON_GetObjectItem(cJSON_GetObjectItem(stats, group), key);

	return cJSON_IsNumber(v) ? (long)v->valuedouble : -1;
}

void bench_sim_stop(const bench_sim *s, const char *dir)
{
	char cmd[1024];

	snprintf(cmd, sizeof(cmd), "python3 %s/tests/sim/simctl.py stop %d %d >/dev/null 2>&1",
	         IDLE_SOURCE_DIR, s->control, s->pid);
	if (system(cmd)) {
		/* the simulator ends by itself at --max-lifetime */
	}
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	if (system(cmd)) {
		/* a temporary folder left behind */
	}
}
