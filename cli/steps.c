/*
 * cli/steps.c - idle steps: the step catalog (the same table validation and planning use).
 */
#include <cjson/cJSON.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"

static void print_list(const char *label, const char *const *list)
{
	size_t i;

	printf("    %-14s", label);
	if (!list || !list[0])
		printf("-");
	for (i = 0; list && list[i]; i++)
		printf("%s%s", i ? ", " : "", list[i]);
	printf("\n");
}

static cJSON *json_list(const char *const *list)
{
	cJSON *a = cJSON_CreateArray();
	size_t i;

	for (i = 0; list && list[i]; i++)
		cJSON_AddItemToArray(a, cJSON_CreateString(list[i]));
	return a;
}

static void md_list(const char *const *list)
{
	size_t i;

	if (!list || !list[0])
		printf("—");
	for (i = 0; list && list[i]; i++)
		printf("%s`%s`", i ? ", " : "", list[i]);
}

int cli_steps(int argc, char **argv)
{
	const char *opt, *val, *format = "text";
	idle_host *host;
	cli_args a;
	size_t i, n;

	cli_args_init(&a, argc, argv);
	while (cli_next(&a, &opt, &val)) {
		if (opt && !strcmp(opt, "--format")) {
			format = cli_value(&a, opt, val);
			if (!format || (strcmp(format, "text") && strcmp(format, "json") &&
			                strcmp(format, "markdown")))
				return cli_usage_error(
				    "steps", "--format takes 'text', 'json' or 'markdown'");
		} else {
			return cli_usage_error("steps", "unexpected argument '%s'",
			                       opt ? opt : val);
		}
	}
	if (idle_host_new(&host)) {
		fprintf(stderr, "idle: error: out of memory\n");
		return CLI_EXIT_USAGE;
	}
	n = idle_host_step_type_count(host);
	if (!strcmp(format, "json")) {
		cJSON *arr = cJSON_CreateArray();
		char *s;

		for (i = 0; i < n; i++) {
			const idle_step_type *t = idle_host_step_type_at(host, i);
			cJSON *o = cJSON_CreateObject();

			cJSON_AddStringToObject(o, "type", t->name);
			cJSON_AddStringToObject(o, "pack", t->pack ? t->pack : "");
			cJSON_AddStringToObject(o, "summary", t->summary ? t->summary : "");
			cJSON_AddItemToObject(o, "requiredWith", json_list(t->required_with));
			cJSON_AddItemToObject(o, "optionalWith", json_list(t->optional_with));
			cJSON_AddItemToObject(o, "capabilities", json_list(t->capabilities));
			cJSON_AddItemToArray(arr, o);
		}
		s = cJSON_PrintUnformatted(arr);
		printf("%s\n", s ? s : "[]");
		cJSON_free(s);
		cJSON_Delete(arr);
	} else if (!strcmp(format, "markdown")) {
		printf(
		    "| Step type | Pack | Required With | Optional With | Capabilities | What it "
		    "does |\n| --- | --- | --- | --- | --- | --- |\n");
		for (i = 0; i < n; i++) {
			const idle_step_type *t = idle_host_step_type_at(host, i);

			printf("| `%s` | %s | ", t->name, t->pack ? t->pack : "");
			md_list(t->required_with);
			printf(" | ");
			md_list(t->optional_with);
			printf(" | ");
			md_list(t->capabilities);
			printf(" | %s |\n", t->summary ? t->summary : "");
		}
	} else {
		for (i = 0; i < n; i++) {
			const idle_step_type *t = idle_host_step_type_at(host, i);

			printf("%s%s  (%s)\n    %s\n", i ? "\n" : "", t->name,
			       t->pack ? t->pack : "", t->summary ? t->summary : "");
			print_list("required With", t->required_with);
			print_list("optional With", t->optional_with);
			print_list("capabilities", t->capabilities);
		}
	}
	idle_host_free(host);
	return fflush(stdout) == 0 ? CLI_EXIT_OK : CLI_EXIT_USAGE;
}
