/*
 * bench/benchsim.h - what the benchmarks that drive a loopback simulator
 * (tests/sim/) share: clocks, files, the simulator's start, stats and stop,
 * and loading a document.
 */
#ifndef IDLE_BENCH_BENCHSIM_H
#define IDLE_BENCH_BENCHSIM_H

#include <cjson/cJSON.h>

#include <idle/idle.h>

double bench_now(void);
double bench_cpu_seconds(void);
/* The output of a shell command (malloc'ed), or NULL when it failed. */
char *bench_capture(const char *cmd);
int bench_write_file(const char *path, const char *text);
idle_doc *bench_load(const char *path, idle_diags *d);

/* A planned job: the three files written to dir, loaded, planned. */
typedef struct bench_job {
	idle_diags *d;
	idle_host *h;
	idle_doc *wf, *rq, *pv;
	idle_request *req;
	idle_config *cfg;
	idle_plan *plan;
} bench_job;

/* 0, or -1 after printing why. */
int bench_job_plan(bench_job *j, const char *dir, const char *providers, const char *workflow,
                   const char *request);
void bench_job_free(bench_job *j);

typedef struct bench_sim {
	int port, control, pid;
} bench_sim;

/* Starts SIM ("winrm", "graph") with ARGS in dir; 0 or -1. */
int bench_sim_start(bench_sim *s, const char *sim, const char *dir, const char *args);
/* GET or POST (body non-NULL) on the control port: the JSON answer, or NULL. */
cJSON *bench_sim_call(const bench_sim *s, const char *method, const char *path, const char *body);
long bench_stat(const cJSON *stats, const char *group, const char *key);
void bench_sim_stop(const bench_sim *s, const char *dir);

#endif
