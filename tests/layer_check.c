/*
 * tests/layer_check.c - the engine (core, parser, engine) links and works
 * without steps/, providers/ and lib/: this program is linked from the
 * engine's objects alone, so any reference from the engine to a built-in
 * step or provider would fail the link. It validates and plans a workflow
 * with a step type of its own on an empty host.
 */
#include <stdio.h>
#include <string.h>

#include <idle/idle.h>

static const char *const required[] = {"Message", NULL};
static const idle_step_type say = {IDLE_STEP_TYPE_VERSION,
                                   "Test.Say",
                                   "Tests",
                                   "says something",
                                   required,
                                   NULL,
                                   NULL,
                                   NULL,
                                   NULL,
                                   NULL};

int main(void)
{
	static const char wf[] = "@{ Name = 'W'; LifecycleEvent = 'Joiner';"
	                         " Steps = @( @{ Name = 'S'; Type = 'Test.Say';"
	                         " With = @{ Message = 'hi {{Request.Intent.Who}}' } } ) }";
	static const char rq[] = "@{ LifecycleEvent = 'Joiner'; Intent = @{ Who = 'you' } }";
	idle_diags *d = idle_diags_new();
	idle_host *h = NULL;
	idle_doc *w = NULL, *r = NULL;
	idle_request *req = NULL;
	idle_plan *p = NULL;
	int ok;

	ok = d && idle_host_new_empty(&h) == 0 && idle_host_add_step_type(h, &say) == 0 &&
	     idle_host_step_type_count(h) == 1 &&
	     idle_doc_parse(&w, "w.psd1", wf, strlen(wf), IDLE_FORMAT_AUTO, NULL, d) == 0 &&
	     idle_doc_parse(&r, "r.psd1", rq, strlen(rq), IDLE_FORMAT_AUTO, NULL, d) == 0 &&
	     idle_validate(h, w, NULL, d) == 0 && idle_request_load(&req, r, d) == 0 &&
	     idle_plan_build(&p, h, w, req, NULL, NULL, d) == 0 &&
	     !strcmp(idle_value_string(
	                 idle_value_get(idle_plan_step_with(idle_plan_step_at(p, 0, 0)), "Message"),
	                 NULL),
	             "hi you");
	if (!ok)
		idle_diags_render(d, stderr, 0);
	idle_plan_free(p);
	idle_request_free(req);
	idle_doc_free(w);
	idle_doc_free(r);
	idle_host_free(h);
	idle_diags_free(d);
	printf("layer check: %s\n", ok ? "the engine stands alone" : "FAILED");
	return ok ? 0 : 1;
}
