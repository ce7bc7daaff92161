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
		else if (S_ISREG(st.st_mode) && is_psd1(e->d_name))
			rc |= add_path(l, path);
	}
	closedir(d);
	qsort(l->paths + first, l->n - first, sizeof(*l->paths), by_name);
	return rc;
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
	const char *opt, *val;
	int json = 0, quiet = 0, io_error = 0, any_error = 0;
	size_t nvalid = 0, nerrors = 0, nwarnings = 0, i;
	file_list files = {NULL, 0, 0};
	idle_host *host = NULL;
	cJSON *out = NULL, *arr = NULL;
	cli_args a;

	cli_args_init(&a, argc, argv);
	while (cli_next(&a, &opt, &val)) {
		if (!opt) {
			struct stat st;

			if (stat(val, &st) == 0 && S_ISDIR(st.st_mode)) {
				if (walk(&files, val) != 0) {
					fprintf(stderr,
					        "idle: error: cannot read the folder '%s': %s\n",
					        val, strerror(errno));
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
		} else if (!strcmp(opt, "--quiet") || !strcmp(opt, "-q")) {
			quiet = 1;
		} else if (!strcmp(opt, "--schema-only")) {
			vopts.flags |= IDLE_VALIDATE_SCHEMA_ONLY;
		} else if (!strcmp(opt, "--skip-limit-check")) {
			opts.flags |= IDLE_PARSE_SKIP_LIMIT_CHECK;
		} else {
			return cli_usage_error("validate", "unknown option '%s'", opt);
		}
	}
	if (!files.n && !io_error)
		return cli_usage_error("validate", "missing PATH (a workflow file or a folder)");
	if (idle_host_new(&host)) {
		fprintf(stderr, "idle: error: out of memory\n");
		return CLI_EXIT_USAGE;
	}
	if (json) {
		out = cJSON_CreateObject();
		arr = cJSON_AddArrayToObject(out, "files");
	}
	for (i = 0; i < files.n; i++) {
		idle_diags *d = idle_diags_new();
		idle_doc *doc = NULL;
		int rc = idle_doc_load(&doc, files.paths[i], IDLE_FORMAT_AUTO, &opts, d);
		size_t k, errs;

		if (rc == IDLE_EIO || rc == IDLE_ENOMEM)
			io_error = 1;
		if (rc == 0)
			idle_validate(host, doc, &vopts, d);
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
		fprintf(stderr,
		        "idle validate: %zu file%s, %zu valid, %zu invalid; %zu error%s, %zu "
		        "warning%s\n",
		        files.n, files.n == 1 ? "" : "s", nvalid, files.n - nvalid, nerrors,
		        nerrors == 1 ? "" : "s", nwarnings, nwarnings == 1 ? "" : "s");
	}
	for (i = 0; i < files.n; i++)
		free(files.paths[i]);
	free(files.paths);
	idle_host_free(host);
	return io_error ? CLI_EXIT_USAGE : any_error ? CLI_EXIT_INVALID : CLI_EXIT_OK;
}
