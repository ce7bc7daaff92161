/*
 * tests/unit/test_validate.c - the host's step registry, custom step types,
 * validation options, the built-in catalog's consistency, the template
 * checker and the regular expressions behind IdLE's rules.
 */
#include "tests/unit/testutil.h"

#include <stdlib.h>
#include <strings.h>

#include "core/suggest.h"
#include "engine/capability.h"
#include "engine/regex.h"
#include "engine/template.h"

static size_t count_code(const idle_diags *d, const char *code)
{
	size_t i, n = 0;

	for (i = 0; i < idle_diags_count(d); i++)
		if (!strcmp(idle_diag_code(idle_diags_at(d, i)), code))
			n++;
	return n;
}

static int validate_text(const idle_host *h, const char *text, unsigned flags, idle_diags *d)
{
	idle_validate_options o = IDLE_VALIDATE_OPTIONS_INIT;
	idle_doc *doc = parse_text("w.psd1", text, d);
	int rc;

	assert_non_null(doc);
	o.flags = flags;
	rc = idle_validate(h, doc, &o, d);
	idle_doc_free(doc);
	return rc;
}

static void host_builtins(void **state)
{
	idle_host *h;
	size_t i, j;

	(void)state;
	assert_int_equal(idle_host_new(&h), 0);
	assert_int_equal(idle_host_step_type_count(h), 17);
	assert_non_null(idle_host_find_step_type(h, "idle.step.emitevent"));
	assert_null(idle_host_find_step_type(h, "IdLE.Step.Nope"));
	assert_null(idle_host_step_type_at(h, 17));
	/* the catalog is consistent: unique names, valid capabilities, no key twice */
	for (i = 0; i < idle_host_step_type_count(h); i++) {
		const idle_step_type *t = idle_host_step_type_at(h, i);

		assert_int_equal(t->version, IDLE_STEP_TYPE_VERSION);
		assert_ptr_equal(idle_host_find_step_type(h, t->name), t);
		assert_non_null(t->summary);
		for (j = 0; t->capabilities && t->capabilities[j]; j++) {
			const char *c = t->capabilities[j];
			size_t k;
			int known = 0;

			assert_true(idle_cap_valid(c, strlen(c)));
			for (k = 0; idle_cap_known[k]; k++)
				known |= !strcmp(idle_cap_known[k], c);
			assert_true(known);
		}
		for (j = 0; t->required_with && t->required_with[j]; j++)
			for (size_t k = 0; t->optional_with && t->optional_with[k]; k++)
				assert_true(strcasecmp(t->required_with[j], t->optional_with[k]));
	}
	idle_host_free(h);
}

static int checked;

static void check_custom(idle_step_check *c, const idle_value *with)
{
	const idle_value *n = idle_value_get(with, "Count");

	checked++;
	assert_string_equal(idle_step_check_type(c)->name, "Contoso.Step.Provision");
	if (n && idle_value_kind(n) == IDLE_INT && idle_value_int(n) < 0)
		idle_step_check_error(c, n, "Count", "Count must not be negative");
}

static const char *const custom_required[] = {"Target", NULL};
static const char *const custom_optional[] = {"Count", NULL};
static const char *const custom_caps[] = {"Contoso.Thing.Provision", NULL};
static const idle_step_type custom = {IDLE_STEP_TYPE_VERSION,
                                      "Contoso.Step.Provision",
                                      "Contoso",
                                      "provision a thing",
                                      custom_required,
                                      custom_optional,
                                      custom_caps,
                                      check_custom,
                                      "Identity",
                                      NULL};
static const char *const any_key[] = {"*", NULL};
static const idle_step_type permissive = {IDLE_STEP_TYPE_VERSION,
                                          "Contoso.Step.Any",
                                          "Contoso",
                                          "x",
                                          NULL,
                                          any_key,
                                          NULL,
                                          NULL,
                                          NULL,
                                          NULL};

static void host_custom_types(void **state)
{
	idle_step_type bad = custom;
	idle_diags *d = idle_diags_new();
	idle_host *h;

	(void)state;
	assert_int_equal(idle_host_new(&h), 0);
	assert_int_equal(idle_host_add_step_type(h, &custom), 0);
	assert_int_equal(idle_host_add_step_type(h, &permissive), 0);
	assert_int_equal(idle_host_add_step_type(h, &custom), IDLE_EINVALID); /* no overriding */
	bad.version = 99;
	assert_int_equal(idle_host_add_step_type(h, &bad), IDLE_EARG);
	bad = *idle_host_find_step_type(h, "IdLE.Step.EmitEvent");
	assert_int_equal(idle_host_add_step_type(h, &bad), IDLE_EINVALID); /* built-ins too */
	checked = 0;
	assert_int_equal(
	    validate_text(
	        h,
	        "@{ Name = 'c'; LifecycleEvent = 'Joiner'; Steps = @(\n"
	        "  @{ Name = 'A'; Type = 'contoso.step.provision'; With = @{ Target = 't'; Count = -1 } }\n"
	        "  @{ Name = 'B'; Type = 'Contoso.Step.Provision'; With = @{ Count = 1; Extra = 1 } }\n"
	        "  @{ Name = 'C'; Type = 'Contoso.Step.Any'; With = @{ Whatever = 1 } } ) }",
	        0, d),
	    IDLE_EINVALID);
	assert_int_equal(checked, 2);
	assert_int_equal(count_code(d, "with-value"), 1);
	assert_int_equal(count_code(d, "with-required"), 1);
	assert_int_equal(count_code(d, "with-unknown"), 1);
	assert_int_equal(idle_diags_error_count(d), 3);
	assert_string_equal(idle_diag_path(idle_diags_at(d, 0)), "Steps[0].With.Count");
	idle_host_free(h);
	idle_diags_free(d);
}

static void options_and_arguments(void **state)
{
	idle_validate_options o = IDLE_VALIDATE_OPTIONS_INIT;
	idle_diags *d = idle_diags_new();
	idle_host *h;
	idle_doc *doc =
	    parse_text("w.psd1", "@{ Name = 'x'; LifecycleEvent = 'Joiner'; Steps = @() }", d);
	const char *bad_catalog =
	    "@{ Name = 'x'; LifecycleEvent = 'Joiner'; Steps = @(\n"
	    "  @{ Name = 'A'; Type = 'Nope'; With = @{ M = '{{Plan.X}}' } } ) }";

	(void)state;
	assert_int_equal(idle_host_new(&h), 0);
	assert_int_equal(idle_validate(NULL, doc, NULL, d), IDLE_EARG);
	assert_int_equal(idle_validate(h, NULL, NULL, d), IDLE_EARG);
	o.version = 7;
	assert_int_equal(idle_validate(h, doc, &o, d), IDLE_EARG);
	assert_int_equal(idle_validate(h, doc, NULL, d), 0);
	assert_int_equal(idle_diags_count(d), 0);
	/* the catalog and templates are checked by default, not with SCHEMA_ONLY */
	assert_int_equal(validate_text(h, bad_catalog, 0, d), IDLE_EINVALID);
	assert_int_equal(count_code(d, "step-type"), 1);
	assert_int_equal(count_code(d, "template"), 1);
	idle_diags_clear(d);
	assert_int_equal(validate_text(h, bad_catalog, IDLE_VALIDATE_SCHEMA_ONLY, d), 0);
	assert_int_equal(idle_diags_count(d), 0);
	idle_doc_free(doc);
	idle_host_free(h);
	idle_diags_free(d);
}

typedef struct tmpl_case {
	const char *text;
	int problems;
	idle_tmpl_problem first;
} tmpl_case;

static idle_tmpl_problem seen_first;

static void on_issue(void *ud, const idle_tmpl_issue *is)
{
	(void)ud;
	if (!seen_first)
		seen_first = is->problem;
}

static void template_rules(void **state)
{
	static const tmpl_case t[] = {
	    {"no template", 0, 0},
	    {"{{Request.Intent.Name}}", 0, 0},
	    {"  {{ Request.Intent.Name }}  ", 0, 0},
	    {"a {{Request.Intent.A}} b {{Request.Context.B}}", 0, 0},
	    {"{{request.intent}}", 0, 0}, /* the bare root compares case-insensitively */
	    {"{{request.intent.x}}", 1, IDLE_TMPL_ROOT}, /* sub-paths do not */
	    {"{{Request.Identity.X}}", 1, IDLE_TMPL_ROOT},
	    {"{{Request.Intent.Name", 1, IDLE_TMPL_UNBALANCED},
	    {"Request.Intent.Name}}", 1, IDLE_TMPL_UNBALANCED},
	    {"\\{{Request.InvalidRoot}}", 1, IDLE_TMPL_UNBALANCED}, /* docs vs code */
	    {"Literal \\{{ braces", 0, 0},
	    {"DOMAIN\\{{Request.IdentityKeys.sam}}", 0, 0},
	    {"{{Request.Intent.A B}}", 1, IDLE_TMPL_PATH},
	    {"{{ }}", 1, IDLE_TMPL_PATH},
	    {"{{Plan.A}} {{Workflow.B}}", 2, IDLE_TMPL_ROOT},
	    {"{{a}}}}", 1, IDLE_TMPL_UNBALANCED},
	    {"{{Request.LifecycleEvent}}{{Request.CorrelationId}}{{Request.Actor}}", 0, 0},
	    {"{{Request.Actor.X}}", 0, 0}, /* IdLE: StartsWith("Request.Actor.") */
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		int n;

		seen_first = 0;
		n = idle_tmpl_check(t[i].text, strlen(t[i].text), on_issue, NULL);
		if (n != t[i].problems || seen_first != t[i].first)
			fail_msg("%s: %d problems (first %d), expected %d (first %d)", t[i].text, n,
			         seen_first, t[i].problems, t[i].first);
	}
}

static void regex_semantics(void **state)
{
	size_t m[2], g[2];

	(void)state;
	/* '$' also matches before a final newline, as in .NET */
	assert_true(idle_rx_test(IDLE_RX_RETRY_PROFILE, "Default\n", 8));
	assert_false(idle_rx_test(IDLE_RX_RETRY_PROFILE, IDLE_LIT("De fault")));
	/* \s is Unicode white space */
	assert_true(
	    idle_rx_test(IDLE_RX_TMPL_PURE, "\xC2\xA0{{Request.Intent.X}}\xE3\x80\x80", 25));
	assert_int_equal(idle_rx_match(IDLE_RX_TMPL_PLACEHOLDER, "x {{a}} {{b}}", 13, 3, m, g), 1);
	assert_int_equal(m[0], 8);
	assert_int_equal(g[0], 10);
	assert_int_equal(idle_rx_count(IDLE_RX_TMPL_CLOSE, IDLE_LIT("}}}}}")), 2);
	assert_true(idle_rx_test(IDLE_RX_PATH_SEGMENT, IDLE_LIT("Entra-1_x")));
	assert_false(idle_rx_test(IDLE_RX_PATH_SEGMENT, IDLE_LIT("-Entra")));
	assert_true(idle_cap_valid(IDLE_LIT("Custom.Capability.Test")));
	assert_false(idle_cap_valid(IDLE_LIT("Invalid Capability With Spaces")));
	assert_false(idle_cap_valid(IDLE_LIT("IdLE")));
	assert_string_equal(idle_cap_normalize("idle.mailbox.read"), "IdLE.Mailbox.Info.Read");
	assert_true(idle_cap_resolver_allowed(IDLE_LIT("idle.identity.read")));
	assert_false(idle_cap_resolver_allowed(IDLE_LIT("IdLE.Entitlement.Grant")));
}

static void suggestions(void **state)
{
	static const char *const keys[] = {"Name", "LifecycleEvent", "Steps", "Condition", NULL};

	(void)state;
	assert_string_equal(idle_suggest("Nmae", 4, keys), "Name");
	assert_string_equal(idle_suggest("stpes", 5, keys), "Steps");
	assert_string_equal(idle_suggest("Conditon", 8, keys), "Condition");
	assert_null(idle_suggest("Version", 7, keys));
	assert_int_equal(idle_edit_distance("abc", 3, IDLE_LIT("ABC")), 0);
	assert_int_equal(idle_edit_distance("ab", 2, IDLE_LIT("ba")), 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(host_builtins),         cmocka_unit_test(host_custom_types),
	    cmocka_unit_test(options_and_arguments), cmocka_unit_test(template_rules),
	    cmocka_unit_test(regex_semantics),       cmocka_unit_test(suggestions),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
