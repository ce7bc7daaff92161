/*
 * tests/fuzz/fuzz_plan.c - fuzz target: planning any workflow that parses,
 * against a fixed request and providers file (a Mock with identities, host
 * step types), and exporting the plan. Planning must not crash, must agree
 * with its diagnostics, and its export must be JSON that reads back.
 */
#include <stdlib.h>
#include <string.h>

#include "tests/fuzz/fuzz_common.h"

static const char request_text[] =
    "@{ LifecycleEvent = 'Joiner'; CorrelationId = 'c'; Actor = 'a'\n"
    "   IdentityKeys = @{ Id = 'user1'; Upn = 'u@x' }\n"
    "   Intent = @{ Department = 'IT'; Tags = @('a', 'b'); Count = 3; On = $true;"
    " Map = @{ K = 'v' }; Empty = @(); Null = $null; password = 'p' }\n"
    "   Context = @{ Identity = @{ ObjectId = 'o' } } }\n";

static const char providers_text[] =
    "@{ StepMetadata = @{ 'Test.Step' = @{ WithSchema = @{ RequiredKeys = @(); OptionalKeys = "
    "@('*') } } }\n"
    "   Providers = @{ Identity = @{ Type = 'Mock'; Identities = @{ user1 = @{ Attributes = @{ "
    "Department = 'IT' }; Entitlements = @( @{ Kind = 'Group'; Id = 'g1' } ) } } }\n"
    "     Sync = @{ Type = 'MockDirectorySync' } }\n"
    "   AuthSessions = @{ SessionMap = @( @{ Match = @{ AuthSessionName = 'S' }; AuthSessionType "
    "= 'Credential'; Credential = @{ UserName = 'u'; PasswordEnv = 'PW' } } ) } }\n";

static idle_host *host;
static idle_doc *req_doc, *prov_doc;
static idle_request *req;
static idle_config *cfg;

static void setup(void)
{
	idle_diags *d = idle_diags_new();

	if (idle_host_new(&host) ||
	    idle_doc_parse(&req_doc, "r.psd1", request_text, strlen(request_text), IDLE_FORMAT_PSD1,
	                   NULL, d) ||
	    idle_doc_parse(&prov_doc, "p.psd1", providers_text, strlen(providers_text),
	                   IDLE_FORMAT_PSD1, NULL, d) ||
	    idle_request_load(&req, req_doc, d) || idle_config_load(&cfg, host, prov_doc, d) ||
	    idle_config_register_steps(cfg, host))
		abort();
	idle_diags_free(d);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	idle_diags *d = idle_diags_new();
	idle_doc *doc = NULL;

	if (!host)
		setup();
	if (idle_doc_parse(&doc, "fuzz.psd1", (const char *)data, size, IDLE_FORMAT_PSD1, NULL,
	                   d) == 0) {
		size_t parsed = idle_diags_error_count(d);
		idle_plan *plan = NULL;
		int rc = idle_plan_build(&plan, host, doc, req, cfg, NULL, d);

		if (rc != 0 && rc != IDLE_EINVALID)
			abort();
		if ((rc == IDLE_EINVALID) != (idle_diags_error_count(d) > parsed))
			abort(); /* an error is reported exactly when planning fails */
		fuzz_check_diags(rc == IDLE_EINVALID ? IDLE_EPARSE : rc, d);
		if (rc == 0) {
			char *json = NULL;
			size_t len = 0;

			if (idle_plan_export(plan, 0, &json, &len))
				abort();
			fuzz_check_json_fixpoint(json, len);
			idle_free(json);
		}
		idle_plan_free(plan);
	}
	idle_doc_free(doc);
	idle_diags_free(d);
	return 0;
}
