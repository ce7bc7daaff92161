/*
 * cli/validate.c - idle validate: check workflow files (for pre-commit hooks and CI).
 */
#include <cjson/cJSON.h>
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "cli/cli.h"

typedef struct file_list {
	char **paths;
	size_t n, cap;
} file_list;

static int add_path(file_list *l, const char *p)
{
	if (l->n == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 64;
		char **q = realloc(l->paths, cap * sizeof(*q));

		if (!q)
			return -1;
		l->paths = q;
		l->cap = cap;
	}
	l->paths[l->n] = strdup(p);
	return l->paths[l->n] ? (int)(l->n++, 0) : -1;
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int is_psd1(const char *name)
{
	size_t n = strlen(name);

	return n > 5 && !strcasecmp(name + n - 5, ".psd1");
}

/* Every *.psd1 below dir (hidden entries skipped), in name order. */
static int walk(file_list *l, const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	size_t first = l->n;
	int rc = 0;

	if (!d)
		return -1;
	while ((e = readdir(d))) {
		char path[4096];
		struct stat st;

		if (e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s%s%s", dir, dir[strlen(dir) - 1] == '/' ? "" : "/",
		         e->d_name);
		if (stat(path, &st) != 0)
			continue;
		if (S_ISDIR(st.st_mode))
			rc |= walk(l, path);
		else if (is_psd1(e->d_name)) /* not a regular file: reading it says so */
			rc |= add_path(l, path);
	}
	closedir(d);
	if (l->n > first)
		qsort(l->paths + first, l->n - first, sizeof(*l->paths), by_name);
	return rc;
}

/* What a file holds: a workflow, a request or a providers file. */
typedef enum file_kind { KIND_AUTO = 0, KIND_WORKFLOW, KIND_REQUEST, KIND_PROVIDERS } file_kind;

static const char *const kind_names[] = {"auto", "workflow", "request", "providers"};

static int has(const idle_value *root, const char *key)
{
	return idle_value_get(root, key) != NULL;
}

/*
 * By its root keys: Providers, AuthSessions, ExecutionOptions or
 * StepMetadata make a providers file; LifecycleEvent without a workflow's
 * Name, Steps, OnFailureSteps or ContextResolvers makes a request; anything
 * else is checked as a workflow.
 */
static file_kind detect(const idle_value *root)
{
	int wf;

	if (idle_value_kind(root) != IDLE_MAP)
		return KIND_WORKFLOW;
	wf = has(root, "Name") || has(root, "Steps") || has(root, "OnFailureSteps") ||
	     has(root, "ContextResolvers");
	if (!wf && (has(root, "Providers") || has(root, "AuthSessions") ||
	            has(root, "ExecutionOptions") || has(root, "StepMetadata")))
		return KIND_PROVIDERS;
	if (!wf && has(root, "LifecycleEvent"))
		return KIND_REQUEST;
	return KIND_WORKFLOW;
}

static cJSON *diag_json(const idle_diag *d)
{
	cJSON *o = cJSON_CreateObject();
	idle_severity sev = idle_diag_severity(d);

	cJSON_AddStringToObject(o, "severity",
	                        sev == IDLE_SEV_ERROR     ? "error"
	                        : sev == IDLE_SEV_WARNING ? "warning"
	                                                  : "note");
	cJSON_AddStringToObject(o, "code", idle_diag_code(d));
	cJSON_AddStringToObject(o, "message", idle_diag_message(d));
	if (idle_diag_path(d))
		cJSON_AddStringToObject(o, "path", idle_diag_path(d));
	else
		cJSON_AddNullToObject(o, "path");
	if (idle_diag_line(d)) {
		cJSON_AddNumberToObject(o, "line", idle_diag_line(d));
		cJSON_AddNumberToObject(o, "column", idle_diag_column(d));
	} else {
		cJSON_AddNullToObject(o, "line");
		cJSON_AddNullToObject(o, "column");
	}
	if (idle_diag_hint(d))
		cJSON_AddStringToObject(o, "hint", idle_diag_hint(d));
	return o;
}

int cli_validate(int argc, char **argv)
{
	idle_parse_options opts = IDLE_PARSE_OPTIONS_INIT;
	idle_validate_options vopts = IDLE_VALIDATE_OPTIONS_INIT;
	const char *opt, *val, *providers = NULL;
	int json = 0, quiet = 0, io_error = 0, any_error = 0;
	size_t nvalid = 0, nerrors = 0, nwarnings = 0, i, kinds[4] = {0, 0, 0, 0};
	file_kind force = KIND_AUTO;
	file_list files = {NULL, 0, 0};
	idle_host *host = NULL;
	idle_doc *pdoc = NULL;
	idle_config *cfg = NULL;
	cJSON *out = NULL, *arr = NULL;
	cli_args a;

	cli_args_init(&a, argc, argv);
	while (cli_next(&a, &opt, &val)) {
		if (!opt) {
			struct stat st;

			if (stat(val, &st) == 0 && S_ISDIR(st.st_mode)) {
				size_t before = files.n;

				if (walk(&files, val) != 0) {
					fprintf(stderr,
					        "idle: error: cannot read the folder '%s': %s\n",
					        val, strerror(errno));
					io_error = 1;
				} else if (files.n == before) {
					fprintf(stderr,
					        "idle: error: the folder '%s' holds no .psd1 files "
					        "(workflows, requests or providers files)\n",
					        val);
					io_error = 1;
				}
			} else if (add_path(&files, val)) {
				fprintf(stderr, "idle: error: out of memory\n");
				return CLI_EXIT_USAGE;
			}
		} else if (!strcmp(opt, "--format")) {
			const char *f = cli_value(&a, opt, val);

			if (!f || (strcmp(f, "json") && strcmp(f, "text")))
				return cli_usage_error("validate",
				                       "--format takes 'text' or 'json'");
			json = !strcmp(f, "json");
		} else if (!strcmp(opt, "--kind")) {
			const char *k = cli_value(&a, opt, val);
			int n;

			for (n = 0; n < 4 && k && strcmp(k, kind_names[n]); n++)
				;
			if (n == 4)
				return cli_usage_error(
				    "validate",
				    "--kind takes 'auto', 'workflow', 'request' or 'providers'");
			force = (file_kind)n;
		} else if (!strcmp(opt, "--providers") || !strcmp(opt, "-p")) {
			if (!(providers = cli_value(&a, opt, val)))
				return cli_usage_error("validate", "--providers needs a file");
		} else if (!strcmp(opt, "--quiet") || !strcmp(opt, "-q")) {
			quiet = 1;
		} else if (!strcmp(opt, "--schema-only")) {
			vopts.flags |= IDLE_VALIDATE_SCHEMA_ONLY;
		} else if (!strcmp(opt, "--skip-limit-check")) {
			opts.flags |= IDLE_PARSE_SKIP_LIMIT_CHECK;
		} else {
			return cli_unknown_option("validate", opt);
		}
	}
	if (!files.n && !io_error)
		return cli_usage_error("validate", "missing PATH (a workflow file or a folder)");
	if (!files.n) /* only folders without .psd1 files, or that could not be read */
		return CLI_EXIT_USAGE;
	if (idle_host_new(&host)) {
		fprintf(stderr, "idle: error: out of memory\n");
		return CLI_EXIT_USAGE;
	}
	if (json) {
		out = cJSON_CreateObject();
		arr = cJSON_AddArrayToObject(out, "files");
	}
	/* the providers file first: its StepMetadata defines step types the workflows use */
	if (providers && add_path(&files, providers) == 0) {
		char *p = files.paths[files.n - 1];

		memmove(files.paths + 1, files.paths, (files.n - 1) * sizeof(*files.paths));
		files.paths[0] = p;
	}
	for (i = 0; i < files.n; i++) {
		idle_diags *d = idle_diags_new();
		idle_doc *doc = NULL;
		int rc = idle_doc_load(&doc, files.paths[i], IDLE_FORMAT_AUTO, &opts, d);
		file_kind kind = force;
		size_t k, errs;

		if (rc == IDLE_EIO || rc == IDLE_ENOMEM)
			io_error = 1;
		if (providers && i == 0)
			kind = KIND_PROVIDERS;
		else if (rc == 0 && kind == KIND_AUTO)
			kind = detect(idle_doc_root(doc));
		if (kind == KIND_AUTO)
			kind = KIND_WORKFLOW;
		kinds[kind]++;
		if (rc == 0 && kind == KIND_WORKFLOW) {
			idle_validate(host, doc, &vopts, d);
		} else if (rc == 0 && kind == KIND_REQUEST) {
			idle_request *req = NULL;

			idle_request_load(&req, doc, d);
			idle_request_free(req);
		} else if (rc == 0 && kind == KIND_PROVIDERS) {
			idle_config *c = NULL;

			if (idle_config_load(&c, host, doc, d) == 0 && providers && i == 0 &&
			    idle_config_register_steps(c, host) == 0) {
				cfg = c; /* the host now refers to its step types */
				vopts.providers =
				    cfg; /* RetryProfile names are checked against it */
				pdoc = doc;
				doc = NULL;
				c = NULL;
			}
			idle_config_free(c);
		}
		errs = idle_diags_error_count(d);
		nerrors += errs;
		nwarnings += idle_diags_count(d) - errs;
		if (errs)
			any_error = 1;
		else
			nvalid++;
		if (json) {
			cJSON *f = cJSON_CreateObject(), *list;

			cJSON_AddStringToObject(f, "path", files.paths[i]);
			cJSON_AddStringToObject(f, "kind", kind_names[kind]);
			cJSON_AddBoolToObject(f, "valid", errs == 0);
			list = cJSON_AddArrayToObject(f, "diagnostics");
			for (k = 0; k < idle_diags_count(d); k++) {
				const idle_diag *x = idle_diags_at(d, k);

				if (quiet && idle_diag_severity(x) != IDLE_SEV_ERROR)
					continue;
				cJSON_AddItemToArray(list, diag_json(x));
			}
			cJSON_AddItemToArray(arr, f);
		} else {
			cli_print_diags(d, IDLE_RENDER_CODES | (quiet ? IDLE_RENDER_ERRORS : 0));
		}
		idle_doc_free(doc);
		idle_diags_free(d);
	}
	if (json) {
		char *s = cJSON_PrintUnformatted(out);
		int w = s ? cli_write_output(NULL, s, strlen(s)) : CLI_EXIT_USAGE;

		if (w == 0)
			w = cli_write_output(NULL, "\n", 1);
		if (w)
			io_error = 1;
		cJSON_free(s);
		cJSON_Delete(out);
	} else if (!quiet) {
		char what[160] = "";

		if (kinds[KIND_REQUEST] || kinds[KIND_PROVIDERS])
			snprintf(what, sizeof(what),
			         " (%zu workflow%s, %zu request%s, %zu providers file%s)",
			         kinds[KIND_WORKFLOW], kinds[KIND_WORKFLOW] == 1 ? "" : "s",
			         kinds[KIND_REQUEST], kinds[KIND_REQUEST] == 1 ? "" : "s",
			         kinds[KIND_PROVIDERS], kinds[KIND_PROVIDERS] == 1 ? "" : "s");
		fprintf(stderr,
		        "idle validate: %zu file%s%s, %zu valid, %zu invalid; %zu error%s, %zu "
		        "warning%s\n",
		        files.n, files.n == 1 ? "" : "s", what, nvalid, files.n - nvalid, nerrors,
		        nerrors == 1 ? "" : "s", nwarnings, nwarnings == 1 ? "" : "s");
	}
	for (i = 0; i < files.n; i++)
		free(files.paths[i]);
	free(files.paths);
	idle_host_free(host);
	idle_config_free(cfg);
	idle_doc_free(pdoc);
	return io_error ? CLI_EXIT_USAGE : any_error ? CLI_EXIT_INVALID : CLI_EXIT_OK;
}
