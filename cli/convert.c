/*
 * cli/convert.c - idle convert: a .psd1 (or .json) document printed as JSON.
 */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"

int cli_convert(int argc, char **argv)
{
	idle_parse_options opts = IDLE_PARSE_OPTIONS_INIT;
	unsigned flags = 0;
	const char *file = NULL, *opt, *val;
	idle_diags *diags;
	idle_doc *doc = NULL;
	cli_args a;
	char *json = NULL;
	size_t len = 0;
	int rc, exit_code;

	cli_args_init(&a, argc, argv);
	while (cli_next(&a, &opt, &val)) {
		if (!opt) {
			if (file)
				return cli_usage_error("convert", "only one FILE may be given");
			file = val;
		} else if (!strcmp(opt, "--compact")) {
			flags |= IDLE_JSON_COMPACT;
		} else if (!strcmp(opt, "--skip-limit-check")) {
			opts.flags |= IDLE_PARSE_SKIP_LIMIT_CHECK;
		} else {
			return cli_unknown_option("convert", opt);
		}
	}
	if (!file)
		return cli_usage_error("convert", "missing FILE");
	diags = idle_diags_new();
	if (!diags) {
		fprintf(stderr, "idle: error: out of memory\n");
		return CLI_EXIT_USAGE;
	}
	rc = idle_doc_load(&doc, file, IDLE_FORMAT_AUTO, &opts, diags);
	if (rc == 0)
		rc = idle_doc_to_json(&json, &len, doc, flags, diags);
	cli_print_diags(diags, 0);
	if (rc == 0) {
		exit_code = cli_write_output(NULL, json, len);
		if (exit_code == 0)
			exit_code = cli_write_output(NULL, "\n", 1);
	} else if (rc == IDLE_EPARSE || rc == IDLE_EINVALID) {
		exit_code = CLI_EXIT_INVALID;
	} else {
		if (rc == IDLE_ENOMEM)
			fprintf(stderr, "idle: error: %s\n", idle_strerror(rc));
		exit_code = CLI_EXIT_USAGE;
	}
	idle_free(json);
	idle_doc_free(doc);
	idle_diags_free(diags);
	return exit_code;
}
