/*
 * engine/validate.c - idle_validate: every static rule over one workflow.
 */
#include <idle/validate.h>

#include "engine/config.h"
#include "engine/host.h"
#include "engine/vctx.h"
#include "engine/workflow.h"
#include "parser/document.h"

int idle_validate(const idle_host *host, const idle_doc *doc, const idle_validate_options *opts,
                  idle_diags *diags)
{
	idle_vctx v;
	int rc;

	if (!host || !doc || (opts && opts->version != IDLE_VALIDATE_OPTIONS_VERSION))
		return IDLE_EARG;
	idle_vctx_init(&v, doc->src, diags);
	v.schema_only = opts && (opts->flags & IDLE_VALIDATE_SCHEMA_ONLY);
	if (opts && opts->providers)
		v.exec_options = opts->providers->exec_options;
	if (doc->root.kind != IDLE_MAP) {
		idle_vctx_error(&v, IDLE_CODE_ROOT, &doc->root,
		                "a workflow definition must be a hashtable at the root, not %s",
		                idle_kind_name((idle_kind)doc->root.kind));
	} else {
		idle_wf_check_data_only(&v, &doc->root);
		idle_wf_check(&v, host, &doc->root);
	}
	rc = v.oom ? IDLE_ENOMEM : v.errors ? IDLE_EINVALID : 0;
	idle_vctx_free(&v);
	return rc;
}
