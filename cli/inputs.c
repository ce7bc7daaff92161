/*
 * cli/inputs.c - loading what plan and run work on: the host, the providers
 * file (whose StepMetadata extends the host), the workflow and the request.
 */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"

/* Exit code for a load result: I/O problems are usage errors, the rest invalid input. */
static int exit_for(int rc)
{
	if (rc == 0)
		return CLI_EXIT_OK;
	return rc == IDLE_EIO || rc == IDLE_EARG ? CLI_EXIT_USAGE : CLI_EXIT_INVALID;
}

int cli_inputs_load_providers(cli_inputs *in, const char *providers, unsigned parse_flags,
                              idle_diags *d)
{
	int rc;

	memset(in, 0, sizeof(*in));
	in->popts.version = IDLE_PARSE_OPTIONS_VERSION;
	in->popts.flags = parse_flags;
	if (idle_host_new(&in->host)) {
		fprintf(stderr, "idle: error: out of memory\n");
		return CLI_EXIT_USAGE;
	}
	if (!providers)
		return CLI_EXIT_OK;
	rc = idle_doc_load(&in->providers_doc, providers, IDLE_FORMAT_AUTO, &in->popts, d);
	if (rc == 0)
		rc = idle_config_load(&in->cfg, in->host, in->providers_doc, d);
	if (rc == 0)
		rc = idle_config_register_steps(in->cfg, in->host);
	return exit_for(rc);
}

int cli_inputs_load_plan(cli_inputs *in, const char *plan_file, const char *providers,
                         unsigned parse_flags, unsigned load_flags, idle_doc **doc,
                         idle_plan **plan, idle_diags *d)
{
	int bad = cli_inputs_load_providers(in, providers, parse_flags, d), rc;

	*doc = NULL;
	*plan = NULL;
	if (bad == CLI_EXIT_USAGE && !in->host)
		return bad;
	rc = idle_doc_load(doc, plan_file, IDLE_FORMAT_JSON, &in->popts, d);
	if (rc == 0 && bad == CLI_EXIT_OK)
		rc = idle_plan_load(plan, in->host, *doc, load_flags, d);
	if (rc && bad != CLI_EXIT_USAGE)
		bad = exit_for(rc);
	return bad;
}

int cli_inputs_load(cli_inputs *in, const char *workflow, const char *request,
                    const char *providers, unsigned parse_flags, idle_diags *d)
{
	int rc, bad = cli_inputs_load_providers(in, providers, parse_flags, d);

	if (!in->host)
		return bad;
	rc = idle_doc_load(&in->workflow, workflow, IDLE_FORMAT_AUTO, &in->popts, d);
	if (rc && bad != CLI_EXIT_USAGE)
		bad = exit_for(rc);
	rc = idle_doc_load(&in->request_doc, request, IDLE_FORMAT_AUTO, &in->popts, d);
	if (rc == 0)
		rc = idle_request_load(&in->request, in->request_doc, d);
	if (rc && bad != CLI_EXIT_USAGE)
		bad = exit_for(rc);
	return bad;
}

int cli_set_correlation_id(cli_inputs *in, const char *id)
{
	int rc = idle_request_set_correlation_id(in->request, id);

	if (rc == IDLE_EINVALID) {
		fprintf(stderr,
		        "idle: error: --correlation-id %s: the request has its own CorrelationId "
		        "'%s'\n",
		        id, idle_request_correlation_id(in->request));
		return CLI_EXIT_INVALID;
	}
	if (rc) {
		fprintf(stderr, "idle: error: --correlation-id needs a non-blank id\n");
		return CLI_EXIT_USAGE;
	}
	return CLI_EXIT_OK;
}

void cli_inputs_free(cli_inputs *in)
{
	idle_request_free(in->request);
	idle_doc_free(in->request_doc);
	idle_doc_free(in->workflow);
	/* the host holds the providers file's step types: free it first */
	idle_host_free(in->host);
	idle_config_free(in->cfg);
	idle_doc_free(in->providers_doc);
	memset(in, 0, sizeof(*in));
}
