/*
 * bench/bench_validate.c - how fast `idle validate` checks a repository of workflows.
 *
 * Generates 1000 realistic workflow files (5-30 steps each: identity,
 * entitlement, directory sync and event steps with conditions and templates)
 * in a temporary folder, then measures
 *   - in this process: files per second for load + validate, against load only
 *     (the parser) as the baseline in the same run;
 *   - whole processes: `idle validate` over 100 of the files, best of several runs,
 *     against `idle --version` (process start) as the baseline. Goal: <= 20 ms.
 *
 * Usage: bench_validate [PATH-TO-idle]
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <idle/idle.h>

#ifndef IDLE_BIN
#define IDLE_BIN "idle"
#endif

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static unsigned rnd_state = 12345;

static unsigned rnd(unsigned n)
{
	rnd_state = rnd_state * 1103515245u + 12345u;
	return (rnd_state >> 16) % n;
}

static void write_step(FILE *f, int i)
{
	switch (rnd(6)) {
	case 0:
		fprintf(
		    f,
		    "    @{\n      Name = 'Attributes %d'\n      Type = 'IdLE.Step.EnsureAttributes'\n"
		    "      Condition = @{ Exists = 'Request.Intent.Department' }\n"
		    "      With = @{\n        IdentityKey = '{{Request.IdentityKeys.UserPrincipalName}}'\n"
		    "        Attributes  = @{ Department = '{{Request.Intent.Department}}'; Title = 'T%d' }\n"
		    "        Provider    = 'Identity'\n      }\n    }\n",
		    i, i);
		break;
	case 1:
		fprintf(
		    f,
		    "    @{\n      Name = 'Group %d'\n      Type = 'IdLE.Step.EnsureEntitlement'\n"
		    "      Condition = @{ All = @( @{ Equals = @{ Path = 'Request.LifecycleEvent'; "
		    "Value = 'Joiner' } }, @{ In = @{ Path = 'Request.Intent.Department'; Values = "
		    "@('IT', 'Sales') } } ) }\n"
		    "      With = @{\n        IdentityKey = '{{Request.IdentityKeys.UserPrincipalName}}'\n"
		    "        Entitlement = @{ Kind = 'Group'; Id = 'grp-%d' }\n        State = 'Present'\n"
		    "      }\n    }\n",
		    i, i);
		break;
	case 2:
		fprintf(
		    f,
		    "    @{\n      Name = 'Sync %d'\n      Type = 'IdLE.Step.TriggerDirectorySync'\n"
		    "      RetryProfile = 'Default'\n"
		    "      With = @{ Provider = 'DirectorySync'; AuthSessionName = 'EntraConnect'; "
		    "PolicyType = 'Delta'; Wait = $true; TimeoutSeconds = 600 }\n    }\n",
		    i);
		break;
	case 3:
		fprintf(
		    f,
		    "    @{\n      Name = 'Disable %d'\n      Type = 'IdLE.Step.DisableIdentity'\n"
		    "      Precondition = @{ Exists = 'Request.Context.Views.Identity.Profile' }\n"
		    "      OnPreconditionFalse = 'Continue'\n"
		    "      With = @{ IdentityKey = '{{Request.IdentityKeys.UserPrincipalName}}' }\n"
		    "    }\n",
		    i);
		break;
	case 4:
		fprintf(
		    f,
		    "    @{\n      Name = 'Prune %d'\n      Type = 'IdLE.Step.PruneEntitlements'\n"
		    "      With = @{ IdentityKey = 'u%d'; Kind = 'Group'; Keep = @( @{ Id = 'keep' } ); "
		    "KeepPattern = @('ret-*') }\n    }\n",
		    i, i);
		break;
	default:
		fprintf(
		    f,
		    "    @{\n      Name = 'Event %d'\n      Type = 'IdLE.Step.EmitEvent'\n"
		    "      With = @{ Message = \"Step %d for {{Request.IdentityKeys.UserPrincipalName}} "
		    "`t done\" }\n    }\n",
		    i, i);
	}
}

static void generate(const char *dir, int files)
{
	int i, s;

	for (i = 0; i < files; i++) {
		char path[4096];
		FILE *f;
		int steps = 5 + (int)rnd(26);

		snprintf(path, sizeof(path), "%s/%s/wf%04d.psd1", dir,
		         i < 100 ? "first100" : "rest", i);
		f = fopen(path, "w");
		if (!f) {
			perror(path);
			exit(2);
		}
		fprintf(f,
		        "# Generated workflow %d\n@{\n  Name = 'Workflow %d'\n  LifecycleEvent = "
		        "'Joiner'\n  Description = 'Benchmark workflow'\n  Steps = @(\n",
		        i, i);
		for (s = 0; s < steps; s++)
			write_step(f, s);
		fprintf(
		    f,
		    "  )\n  OnFailureSteps = @( @{ Name = 'Report'; Type = 'IdLE.Step.EmitEvent'; "
		    "With = @{ Message = 'failed' } } )\n}\n");
		fclose(f);
	}
}

/* Loads (and validates, when host is given) every file in dir; returns the errors seen. */
static size_t run_dir(const char *dir, const idle_host *host)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	size_t errors = 0;

	while (d && (e = readdir(d))) {
		char path[4096];
		idle_diags *diags;
		idle_doc *doc = NULL;

		if (e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		diags = idle_diags_new();
		if (idle_doc_load(&doc, path, IDLE_FORMAT_PSD1, NULL, diags) == 0 && host)
			idle_validate(host, doc, NULL, diags);
		errors += idle_diags_error_count(diags);
		idle_doc_free(doc);
		idle_diags_free(diags);
	}
	if (d)
		closedir(d);
	return errors;
}

static double best_process(const char *cmd, int rounds)
{
	double best = 1e30;
	int i;

	for (i = 0; i < rounds; i++) {
		double t0 = now(), dt;
		int st = system(cmd);

		dt = now() - t0;
		if (st == -1 || !WIFEXITED(st) || WEXITSTATUS(st) != 0) {
			fprintf(stderr, "bench_validate: '%s' failed\n", cmd);
			exit(1);
		}
		if (dt < best)
			best = dt;
	}
	return best;
}

int main(int argc, char **argv)
{
	const char *idle = argc > 1 ? argv[1] : IDLE_BIN;
	char dir[] = "/tmp/idle-bench-XXXXXX", sub[4200], cmd[9000];
	double t_parse = 1e30, t_valid = 1e30, t_proc, t_start;
	idle_host *host;
	int r;

	if (!mkdtemp(dir)) {
		perror("mkdtemp");
		return 2;
	}
	snprintf(sub, sizeof(sub), "%s/first100", dir);
	mkdir(sub, 0700);
	snprintf(sub, sizeof(sub), "%s/rest", dir);
	mkdir(sub, 0700);
	generate(dir, 1000);
	if (idle_host_new(&host))
		return 2;
	for (r = 0; r < 5; r++) {
		double t0 = now(), t1;
		size_t errs;

		snprintf(sub, sizeof(sub), "%s/first100", dir);
		run_dir(sub, NULL);
		snprintf(sub, sizeof(sub), "%s/rest", dir);
		run_dir(sub, NULL);
		t1 = now();
		snprintf(sub, sizeof(sub), "%s/first100", dir);
		errs = run_dir(sub, host);
		snprintf(sub, sizeof(sub), "%s/rest", dir);
		errs += run_dir(sub, host);
		if (errs) {
			fprintf(stderr, "bench_validate: the generated workflows have %zu errors\n",
			        errs);
			return 1;
		}
		if (t1 - t0 < t_parse)
			t_parse = t1 - t0;
		if (now() - t1 < t_valid)
			t_valid = now() - t1;
	}
	snprintf(cmd, sizeof(cmd), "'%s' --version >/dev/null", idle);
	t_start = best_process(cmd, 15);
	snprintf(cmd, sizeof(cmd), "'%s' validate --quiet '%s/first100' >/dev/null 2>&1", idle,
	         dir);
	t_proc = best_process(cmd, 15);
	printf("bench_validate: 1000 generated workflows (5-30 steps each)\n");
	printf("  in process: load + validate %8.0f files/s (%.1f ms); load only %.0f files/s; "
	       "validation adds %.0f%%\n",
	       1000 / t_valid, t_valid * 1e3, 1000 / t_parse, (t_valid / t_parse - 1) * 100);
	printf("  whole process, 100 files: %.1f ms (goal <= 20 ms); process start alone "
	       "(idle --version): %.1f ms; ratio %.1fx\n",
	       t_proc * 1e3, t_start * 1e3, t_proc / t_start);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		fprintf(stderr, "bench_validate: could not remove %s\n", dir);
	idle_host_free(host);
	return 0;
}
