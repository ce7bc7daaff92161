/*
 * tests/unit/test_plan.c - the planning engine's parts: data paths,
 * PowerShell's [string] and -like, condition evaluation, template
 * resolution, redaction, the auth-session broker's matching rules, retry
 * profiles, and the export's truncation and x-idle rules.
 */
#include "tests/unit/testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "core/buf.h"
#include "engine/broker.h"
#include "engine/cond_eval.h"
#include "engine/execopts.h"
#include "engine/lookup.h"
#include "engine/provider.h"
#include "engine/redact.h"
#include "engine/request.h"
#include "engine/template.h"
#include "engine/wildcard.h"
#include "parser/document.h"

/* ---- a scope over one document: root "Request" is the document's root ------------------ */

static const idle_value *doc_root(void *ud, const char *name, size_t len)
{
	const idle_doc *d = ud;

	return len == 7 && !strncasecmp(name, "Request", 7) ? idle_doc_root(d) : NULL;
}

static idle_doc *data(const char *text)
{
	idle_diags *d = idle_diags_new();
	idle_doc *doc = parse_text("data.psd1", text, d);

	if (!doc)
		idle_diags_render(d, stderr, 0);
	idle_diags_free(d);
	assert_non_null(doc);
	return doc;
}

static const char *sample =
    "@{ Intent = @{ Name = 'Ann'; Count = 3; On = $true; Off = $false;"
    " Empty = ''; Nothing = $null; Tags = @('a', 'B'); One = @('x');"
    " None = @(); Map = @{ K = 'v' }; Half = 1.5 };"
    " Context = @{ Ents = @( @{ Kind = 'Group'; Id = 'g1'; Extra = 1 }, $null,"
    " @{ Kind = 'Role'; Id = 'r1' } ) } }";

static const idle_value *look(idle_doc *doc, idle_arena *a, const char *path)
{
	idle_scope s = {doc_root, doc, a};
	const idle_value *v = NULL;

	assert_int_equal(idle_lookup(&s, path, strlen(path), &v), 0);
	return v;
}

static char *text_of(const idle_value *v)
{
	idle_buf b = IDLE_BUF_INIT;

	idle_val_text(&b, v);
	idle_buf_addc(&b, 0);
	return b.data;
}

static void lookup_paths(void **state)
{
	idle_doc *doc = data(sample);
	idle_arena a = IDLE_ARENA_INIT;
	idle_scope s = {doc_root, doc, &a};
	const idle_value *v;
	char *t;

	(void)state;
	assert_string_equal(idle_value_string(look(doc, &a, "Request.Intent.Name"), NULL), "Ann");
	assert_string_equal(idle_value_string(look(doc, &a, "request.INTENT.name"), NULL), "Ann");
	assert_null(look(doc, &a, "Request.Intent.Missing"));
	assert_null(look(doc, &a, "Request.Intent.Nothing"));
	assert_null(look(doc, &a, "Request.Intent.Nothing.Deeper"));
	assert_null(look(doc, &a, "Request.Intent.Name.Length")); /* no members of scalars */
	assert_null(look(doc, &a, "Plan.Intent"));                /* unknown root */
	/* lists stay lists (decision 1): empty and one-element lists are lists */
	assert_int_equal(idle_value_kind(look(doc, &a, "Request.Intent.None")), IDLE_ARRAY);
	assert_int_equal(idle_value_count(look(doc, &a, "Request.Intent.One")), 1);
	/* member-access enumeration: null elements skipped, missing members null */
	v = look(doc, &a, "Request.Context.Ents.Id");
	assert_int_equal(idle_value_kind(v), IDLE_ARRAY);
	assert_int_equal(idle_value_count(v), 2);
	t = text_of(v);
	assert_string_equal(t, "g1 r1");
	free(t);
	v = look(doc, &a, "Request.Context.Ents.Extra");
	assert_int_equal(idle_value_count(v), 2);
	assert_int_equal(idle_value_int(idle_value_at(v, 0)), 1);
	assert_int_equal(idle_value_kind(idle_value_at(v, 1)), IDLE_NULL);
	/* the first element decides whether the member exists */
	assert_null(look(doc, &a, "Request.Context.Ents.Nope"));
	/* empty segments are refused, as PowerShell refuses them */
	assert_int_equal(idle_lookup(&s, "Request..Intent", 15, &v), IDLE_LOOKUP_EMPTY_SEGMENT);
	assert_int_equal(idle_lookup(&s, "Request.", 8, &v), IDLE_LOOKUP_EMPTY_SEGMENT);
	/* existence: key presence (null counts), no enumeration */
	assert_true(idle_lookup_exists(&s, IDLE_LIT("Request.Intent.Nothing")));
	assert_false(idle_lookup_exists(&s, IDLE_LIT("Request.Intent.Nope")));
	assert_false(idle_lookup_exists(&s, IDLE_LIT("Request.Context.Ents.Id")));
	assert_true(idle_lookup_exists(&s, IDLE_LIT("Request")));
	assert_int_equal(idle_lookup_exists(&s, IDLE_LIT("Request..Intent")),
	                 0); /* no empty part */
	assert_int_equal(idle_lookup_exists(&s, IDLE_LIT("Request.Intent.")), 0);
	idle_arena_free(&a);
	idle_doc_free(doc);
}

static void string_conversion(void **state)
{
	idle_doc *doc = data("@{ a = @(1, 'x', $null, $true, @(2, 3), @{ k = 1 }, 1.5, 1e15, 1e-5,"
	                     " 1.50d, -0.0, 12345678901234567890) }");
	const idle_value *arr = idle_value_get(idle_doc_root(doc), "a");
	static const char *const want[] = {"1",
	                                   "x",
	                                   "",
	                                   "True",
	                                   "System.Object[]",
	                                   "System.Collections.Hashtable",
	                                   "1.5",
	                                   "1E+15",
	                                   "1E-05",
	                                   "1.50",
	                                   "-0",
	                                   "12345678901234567890"};
	size_t i;
	char *t;

	(void)state;
	for (i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		const idle_value *e = idle_value_at(arr, i);

		if (idle_value_kind(e) == IDLE_ARRAY) {
			t = text_of(e); /* an array at the top: its elements joined */
			assert_string_equal(t, "2 3");
		} else {
			t = text_of(e);
			assert_string_equal(t, want[i]);
		}
		free(t);
	}
	/* an array inside an array prints its type name; nulls leave empty slots */
	t = text_of(arr);
	assert_string_equal(t, "1 x  True System.Object[] System.Collections.Hashtable 1.5 1E+15 "
	                       "1E-05 1.50 -0 12345678901234567890");
	free(t);
	assert_true(idle_val_text_equal(idle_value_at(arr, 3),
	                                &(idle_value){.kind = IDLE_STRING, .n = 4, .u.s = "TRUE"}));
	idle_doc_free(doc);
}

static void wildcards(void **state)
{
	static const struct {
		const char *pattern, *text;
		int want;
	} cases[] = {
	    {"*", "", 1},
	    {"*", "anything", 1},
	    {"a*", "ABC", 1}, /* case-insensitive */
	    {"a?c", "abc", 1},
	    {"a?c", "ac", 0},
	    {"a?c", "a\nc", 1}, /* ? matches any character, a line break too */
	    {"[abc]x", "bx", 1},
	    {"[a-c]x", "Bx", 1},
	    {"[a-c]x", "dx", 0},
	    {"[-a]", "-", 1}, /* '-' first is literal */
	    {"[a-]", "-", 1}, /* '-' last is literal */
	    {"[]]", "]", 1},  /* ']' right after '[' is literal */
	    {"[!a]", "!", 1}, /* no negation: '!' is literal */
	    {"[!a]", "b", 0},
	    {"a`*", "a*", 1}, /* escaped star */
	    {"a`*", "ab", 0},
	    {"[`]]", "]", 1},  /* escape inside a set */
	    {"ab`", "ab`", 1}, /* trailing lone backtick is literal */
	    {"`", "", 1},      /* ... except the pattern "`" alone: the empty pattern */
	    {"`", "`", 0},
	    {"CN=LEAVER-*", "cn=leaver-retain", 1},
	    {"café*", "CAFÉ au lait", 1},
	    {"x.y", "xzy", 0}, /* regex characters are literal */
	    {"(a|b)", "(a|b)", 1},
	    {"a", "ab", 0}, /* the whole string */
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		int got = idle_wildcard_match(cases[i].pattern, strlen(cases[i].pattern),
		                              cases[i].text, strlen(cases[i].text));

		if (got != cases[i].want)
			fail_msg("'%s' -like '%s': got %d", cases[i].text, cases[i].pattern, got);
	}
	assert_int_equal(idle_wildcard_match("[z-a]", 5, IDLE_LIT("b")), IDLE_WILDCARD_INVALID);
	assert_int_equal(idle_wildcard_match("[ab", 3, IDLE_LIT("a")), IDLE_WILDCARD_INVALID);
	assert_int_equal(idle_wildcard_match("[]", 2, IDLE_LIT("a")), IDLE_WILDCARD_INVALID);
}

/* Evaluates a condition written as psd1 against sample; returns 1/0, or -2 for an error. */
static int cond(const char *text, char *why, size_t whylen)
{
	idle_doc *d = data(sample), *c = data(text);
	idle_arena a = IDLE_ARENA_INIT;
	idle_scope s = {doc_root, d, &a};
	idle_buf b = IDLE_BUF_INIT;
	idle_cond_eval e;
	int result = -1, rc;

	memset(&e, 0, sizeof(e));
	e.scope = &s;
	e.why = &b;
	rc = idle_cond_evaluate(&e, idle_doc_root(c), &result);
	if (why)
		snprintf(why, whylen, "%s", rc ? e.error : b.data ? b.data : "");
	idle_buf_free(&b);
	idle_arena_free(&a);
	idle_doc_free(c);
	idle_doc_free(d);
	return rc == IDLE_EINVALID ? -2 : result;
}

static void conditions(void **state)
{
	char why[512];

	(void)state;
	assert_int_equal(
	    cond("@{ Equals = @{ Path = 'Request.Intent.Name'; Value = 'ANN' } }", NULL, 0), 1);
	assert_int_equal(
	    cond("@{ Equals = @{ Path = 'Request.Intent.Count'; Value = '3' } }", NULL, 0), 1);
	assert_int_equal(
	    cond("@{ Equals = @{ Path = 'Request.Intent.On'; Value = 'true' } }", NULL, 0), 1);
	/* a missing path compares as '' */
	assert_int_equal(
	    cond("@{ Equals = @{ Path = 'Request.Intent.X'; Value = $null } }", NULL, 0), 1);
	assert_int_equal(
	    cond("@{ NotEquals = @{ Path = 'Request.Intent.X'; Value = '' } }", NULL, 0), 0);
	/* lists compare as their space-joined text */
	assert_int_equal(
	    cond("@{ Equals = @{ Path = 'Request.Intent.Tags'; Value = 'A b' } }", NULL, 0), 1);
	assert_int_equal(cond("@{ Exists = 'Request.Intent.Empty' }", NULL, 0), 1);
	assert_int_equal(cond("@{ Exists = 'Request.Intent.Nothing' }", NULL, 0), 0);
	assert_int_equal(cond("@{ Exists = @{ Path = 'Request.Intent.None' } }", NULL, 0),
	                 1); /* decision 10 */
	assert_int_equal(cond("@{ Exists = 'context.Request.Intent.Name' }", NULL, 0), 1);
	assert_int_equal(cond("@{ Exists = 'Context.Request.Intent.Name' }", NULL, 0),
	                 0); /* only lowercase 'context.' is dropped */
	assert_int_equal(
	    cond("@{ In = @{ Path = 'Request.Intent.Name'; Values = @('x', 'ann') } }", NULL, 0),
	    1);
	assert_int_equal(
	    cond("@{ In = @{ Path = 'Request.Intent.Name'; Values = 'Ann' } }", NULL, 0), 1);
	assert_int_equal(cond("@{ Contains = @{ Path = 'Request.Intent.Tags'; Value = 'b' } }", why,
	                      sizeof(why)),
	                 1);
	assert_string_equal(why, "Request.Intent.Tags is @('a', 'B'), which contains 'b'");
	assert_int_equal(
	    cond("@{ Contains = @{ Path = 'Request.Intent.One'; Value = 'x' } }", NULL, 0),
	    1); /* decision 10: a one-element list is a list */
	assert_int_equal(
	    cond("@{ Contains = @{ Path = 'Request.Intent.X'; Value = 'x' } }", NULL, 0), 0);
	assert_int_equal(
	    cond("@{ NotContains = @{ Path = 'Request.Intent.X'; Value = 'x' } }", NULL, 0), 1);
	assert_int_equal(
	    cond("@{ Contains = @{ Path = 'Request.Context.Ents.Id'; Value = 'R1' } }", NULL, 0),
	    1);
	assert_int_equal(cond("@{ Contains = @{ Path = 'Request.Intent.Name'; Value = 'A' } }", why,
	                      sizeof(why)),
	                 -2);
	assert_string_equal(why, "Contains requires Path to resolve to a list, but got 'String'");
	assert_int_equal(cond("@{ NotContains = @{ Path = 'Request.Intent.Map'; Value = 'A' } }",
	                      why, sizeof(why)),
	                 -2);
	assert_string_equal(why, "NotContains requires Path to resolve to a list/array, not a "
	                         "hashtable/dictionary");
	assert_int_equal(
	    cond("@{ Like = @{ Path = 'Request.Intent.Name'; Pattern = 'a*' } }", NULL, 0), 1);
	assert_int_equal(
	    cond("@{ Like = @{ Path = 'Request.Intent.Tags'; Pattern = 'b' } }", NULL, 0),
	    1); /* any element */
	assert_int_equal(
	    cond("@{ NotLike = @{ Path = 'Request.Intent.Tags'; Pattern = 'b' } }", NULL, 0), 0);
	assert_int_equal(cond("@{ Like = @{ Path = 'Request.Intent.X'; Pattern = '*' } }", NULL, 0),
	                 0); /* null never matches */
	assert_int_equal(
	    cond("@{ NotLike = @{ Path = 'Request.Intent.X'; Pattern = '*' } }", NULL, 0), 1);
	assert_int_equal(
	    cond("@{ Like = @{ Path = 'Request.Intent.Half'; Pattern = '1.?' } }", NULL, 0),
	    1); /* numbers match by their text */
	assert_int_equal(cond("@{ Like = @{ Path = 'Request.Intent.Name'; Pattern = '[z-a]' } }",
	                      why, sizeof(why)),
	                 -2);
	assert_string_equal(why, "the specified wildcard character pattern is not valid: [z-a]");
	assert_int_equal(
	    cond("@{ Like = @{ Path = 'Request.Intent.Map'; Pattern = '*' } }", why, sizeof(why)),
	    -2);
	/* groups */
	assert_int_equal(cond("@{ All = @( @{ Exists = 'Request.Intent.Name' },"
	                      " @{ Exists = 'Request.Intent.X' } ) }",
	                      why, sizeof(why)),
	                 0);
	assert_string_equal(why, "Request.Intent.X does not exist");
	assert_int_equal(cond("@{ Any = @( @{ Exists = 'Request.Intent.X' },"
	                      " @{ Exists = 'Request.Intent.Name' } ) }",
	                      NULL, 0),
	                 1);
	assert_int_equal(cond("@{ None = @( @{ Exists = 'Request.Intent.X' },"
	                      " @{ Exists = 'Request.Intent.Name' } ) }",
	                      why, sizeof(why)),
	                 0);
	assert_string_equal(why, "a condition of None holds: Request.Intent.Name exists");
	assert_int_equal(cond("@{ None = @{ Exists = 'Request.Intent.X' } }", NULL, 0),
	                 1); /* one node as the group */
	assert_int_equal(
	    cond("@{ Equals = @{ Path = 'Request..X'; Value = 1 } }", why, sizeof(why)), -2);
	assert_int_equal(cond("@{ Equals = @{ Path = 'Request.Intent.Name'; Value = 'Bob' } }", why,
	                      sizeof(why)),
	                 0);
	assert_string_equal(why, "Request.Intent.Name is 'Ann', not 'Bob'");
}

/* ---- templates -------------------------------------------------------------------- */

typedef struct issue_log {
	char text[256];
	int count;
} issue_log;

static void log_issue(void *ud, const idle_tmpl_issue *is)
{
	issue_log *l = ud;
	static const char *const names[] = {"",     "unbalanced", "path",       "root",
	                                    "null", "nonscalar",  "scriptblock"};

	l->count++;
	snprintf(l->text, sizeof(l->text), "%s %.*s", names[is->problem], (int)is->plen,
	         is->path ? is->path : "");
}

/* Resolves one string; returns the resolved value's text and kind, or the issue. */
static const char *tmpl(const char *in, idle_kind *kind, char *buf, size_t len)
{
	idle_doc *d = data(sample);
	idle_arena a = IDLE_ARENA_INIT;
	idle_scope s = {doc_root, d, &a};
	idle_value v, out;
	issue_log l;
	int rc;

	memset(&l, 0, sizeof(l));
	idle_val_string_ref(&v, in, strlen(in));
	rc = idle_tmpl_resolve(&a, &v, &s, &out, log_issue, &l);
	if (rc) {
		assert_int_equal(l.count, 1); /* one problem per value, as IdLE */
		snprintf(buf, len, "! %s", l.text);
		*kind = IDLE_NULL;
	} else {
		char *t = text_of(&out);

		snprintf(buf, len, "%s", t);
		free(t);
		*kind = (idle_kind)out.kind;
	}
	idle_arena_free(&a);
	idle_doc_free(d);
	return buf;
}

static void templates(void **state)
{
	char b[512];
	idle_kind k;

	(void)state;
	assert_string_equal(tmpl("no templates", &k, b, sizeof(b)), "no templates");
	assert_string_equal(tmpl("{{Request.Intent.Name}}", &k, b, sizeof(b)), "Ann");
	assert_int_equal(k, IDLE_STRING);
	assert_string_equal(tmpl("  {{ Request.Intent.Count }}  ", &k, b, sizeof(b)), "3");
	assert_int_equal(k, IDLE_INT); /* pure: the type stays */
	assert_string_equal(tmpl("{{Request.Intent.Off}}", &k, b, sizeof(b)), "False");
	assert_int_equal(k, IDLE_BOOL);
	assert_string_equal(tmpl("{{Request.Intent.Half}}", &k, b, sizeof(b)), "1.5");
	assert_int_equal(k, IDLE_NUMBER);
	assert_string_equal(
	    tmpl("n={{Request.Intent.Count}}, on={{Request.Intent.On}}", &k, b, sizeof(b)),
	    "n=3, on=True");
	assert_int_equal(k, IDLE_STRING);
	assert_string_equal(
	    tmpl("{{Request.Intent.Name}} and {{Request.Intent.Name}}", &k, b, sizeof(b)),
	    "Ann and Ann");
	assert_string_equal(tmpl("Literal \\{{ braces", &k, b, sizeof(b)), "Literal {{ braces");
	assert_string_equal(tmpl("\\{{ and {{Request.Intent.Name}}", &k, b, sizeof(b)),
	                    "{{ and Ann");
	assert_string_equal(tmpl("DOMAIN\\{{Request.Intent.Name}}", &k, b, sizeof(b)),
	                    "DOMAIN\\Ann");
	assert_string_equal(tmpl("{{Request.Intent.Empty}}", &k, b, sizeof(b)), "");
	/* a root alone is allowed in any case (then this one is a hashtable) */
	assert_string_equal(tmpl("{{request.intent}}", &k, b, sizeof(b)),
	                    "! nonscalar request.intent");
	assert_string_equal(tmpl("{{Request.Intent.Name", &k, b, sizeof(b)), "! unbalanced ");
	assert_string_equal(tmpl("Request.Intent.Name}}", &k, b, sizeof(b)), "! unbalanced ");
	assert_string_equal(tmpl("\\{{Request.InvalidRoot}}", &k, b, sizeof(b)), "! unbalanced ");
	assert_string_equal(tmpl("{{Request.Intent.User Name}}", &k, b, sizeof(b)),
	                    "! path Request.Intent.User Name");
	assert_string_equal(tmpl("{{Plan.WorkflowName}}", &k, b, sizeof(b)),
	                    "! root Plan.WorkflowName");
	assert_string_equal(tmpl("{{request.intent.Name}}", &k, b, sizeof(b)),
	                    "! root request.intent.Name");
	assert_string_equal(tmpl("{{Request.Intent.Missing}}", &k, b, sizeof(b)),
	                    "! null Request.Intent.Missing");
	assert_string_equal(tmpl("x{{Request.Intent.Nothing}}", &k, b, sizeof(b)),
	                    "! null Request.Intent.Nothing");
	assert_string_equal(tmpl("{{Request.Intent.Map}}", &k, b, sizeof(b)),
	                    "! nonscalar Request.Intent.Map");
	assert_string_equal(tmpl("{{Request.Intent.One}}", &k, b, sizeof(b)),
	                    "! nonscalar Request.Intent.One"); /* decision 10 */
	assert_string_equal(tmpl("t: {{Request.Intent.Tags}}", &k, b, sizeof(b)),
	                    "! nonscalar Request.Intent.Tags");
	/* a value that looks like a placeholder is not resolved again */
	assert_string_equal(
	    tmpl("{{Request.Intent.Name}}-{{Request.Intent.Count}}", &k, b, sizeof(b)), "Ann-3");
}

/* ---- redaction -------------------------------------------------------------------------- */

static void redaction(void **state)
{
	idle_doc *d = data("@{ password = 'p'; Nested = @{ ClientSecret = 's'; ok = 'v';"
	                   " list = @( @{ accessToken = 't' }, 'plain' ) }; myPassword = 'kept';"
	                   " tokenize = 'kept'; Credential = @{ UserName = 'u' };"
	                   " Script = { Get-Process } }");
	idle_arena a = IDLE_ARENA_INIT;
	idle_value out;
	size_t n = 0;
	char *json = NULL;

	(void)state;
	assert_int_equal(idle_redact(&a, idle_doc_root(d), &out, &n), 0);
	assert_int_equal(n, 5);
	assert_int_equal(idle_value_to_json(&json, NULL, &out, IDLE_JSON_COMPACT, NULL), 0);
	assert_string_equal(json,
	                    "{\"password\":\"[REDACTED]\",\"Nested\":{\"ClientSecret\":"
	                    "\"[REDACTED]\",\"ok\":\"v\",\"list\":[{\"accessToken\":"
	                    "\"[REDACTED]\"},\"plain\"]},\"myPassword\":\"kept\",\"tokenize\":"
	                    "\"kept\",\"Credential\":\"[REDACTED]\",\"Script\":\"[REDACTED]\"}");
	idle_free(json);
	/* the source is untouched */
	assert_string_equal(idle_value_string(idle_value_get(idle_doc_root(d), "password"), NULL),
	                    "p");
	assert_true(idle_redact_key(IDLE_LIT("APIKEY")));
	assert_false(idle_redact_key(IDLE_LIT("key")));
	idle_arena_free(&a);
	idle_doc_free(d);
}

/* ---- the broker (shared/spec/idle-execution.md 6.2) ----------------------------------------- */

static idle_broker load_broker(const char *text, idle_doc **keep, idle_arena *a, int *errors)
{
	idle_diags *diags = idle_diags_new();
	idle_doc *d = data(text);
	idle_vctx v;
	idle_broker b;

	idle_vctx_init(&v, d->src, diags);
	idle_broker_load(&b, &v, a, idle_doc_root(d), ".");
	*errors = (int)v.errors;
	if (v.errors)
		idle_diags_render(diags, stderr, IDLE_RENDER_NOSOURCE);
	idle_vctx_free(&v);
	idle_diags_free(diags);
	*keep = d;
	return b;
}

#define CRED(u)                                                                                    \
	"AuthSessionType = 'Credential'; Credential = @{ UserName = '" u "'; PasswordEnv = 'X' }"

static const char *acquire(idle_broker *b, const char *name, const char *opts, idle_error *err)
{
	idle_doc *o = opts ? data(opts) : NULL;
	const idle_auth_session *s = NULL;
	int rc = idle_broker_acquire(b, name, o ? idle_doc_root(o) : NULL, &s, err);
	const char *user = rc ? NULL : idle_session_param(s, "UserName");

	idle_doc_free(o);
	return user;
}

static void broker_matching(void **state)
{
	idle_arena a = IDLE_ARENA_INIT;
	idle_doc *d;
	idle_error err;
	int errors;
	idle_broker b = load_broker(
	    "@{ SessionMap = @("
	    " @{ Match = @{ AuthSessionName = 'AD' }; " CRED(
	        "ad") " };"
	              " @{ Match = @{ AuthSessionName = 'AD'; Role = 'Tier0' }; " CRED(
	                  "ad-t0") " };"
	                           " @{ Match = @{ Role = 'Admin' }; " CRED(
	                               "legacy") " };"
	                                         " @{ Match = @{ AuthSessionName = 'Graph'; Actor = 'ann' }; " CRED(
	                                             "graph-ann") " }"
	                                                          " ) }",
	    &d, &a, &errors);

	(void)state;
	assert_int_equal(errors, 0);
	assert_int_equal(b.n, 4);
	assert_string_equal(acquire(&b, "AD", NULL, &err), "ad");
	assert_string_equal(acquire(&b, "ad", "@{ CorrelationId = 'c'; Actor = 'x' }", &err),
	                    "ad"); /* framework keys do not count as options */
	assert_string_equal(acquire(&b, "AD", "@{ Role = 'tier0' }", &err), "ad-t0");
	/* a name-only pattern does not match a request with options of its own */
	assert_null(acquire(&b, "AD", "@{ Role = 'Other' }", &err));
	assert_string_equal(err.message,
	                    "No matching auth session found for Name='AD', Options={ Role=Other "
	                    "} and no default auth session configured.");
	/* legacy (options-only) match, and the name match winning over it */
	assert_string_equal(acquire(&b, "X", "@{ Role = 'Admin' }", &err), "legacy");
	assert_string_equal(acquire(&b, "Graph", "@{ Actor = 'ann' }", &err), "graph-ann");
	assert_null(acquire(&b, "", NULL, &err));
	assert_string_equal(err.message, "No default auth session configured.");
	idle_doc_free(d);

	b = load_broker("@{ SessionMap = @("
	                " @{ Match = @{ AuthSessionName = 'AD'; Env = 'p' }; " CRED(
	                    "one") " };"
	                           " @{ Match = @{ AuthSessionName = 'AD'; Region = 'eu' }; " CRED(
	                               "two") " } );"
	                                      " DefaultAuthSession = @{ " CRED("default") " } }",
	                &d, &a, &errors);
	assert_int_equal(errors, 0);
	assert_null(acquire(&b, "AD", "@{ Env = 'p'; Region = 'eu' }", &err));
	assert_string_equal(err.message,
	                    "Ambiguous auth session match for Name='AD'. Multiple entries "
	                    "matched: { AuthSessionName=AD, Env=p }; { AuthSessionName=AD, "
	                    "Region=eu }. Provide AuthSessionOptions to disambiguate.");
	assert_string_equal(acquire(&b, "", NULL, &err), "default");
	assert_string_equal(acquire(&b, "Nothing", NULL, &err), "default");
	idle_doc_free(d);

	/* a default session alone is a valid broker; nothing at all is not */
	b = load_broker("@{ DefaultAuthSession = @{ " CRED("only") " } }", &d, &a, &errors);
	assert_int_equal(errors, 0);
	assert_string_equal(acquire(&b, "AD", NULL, &err), "only");
	idle_doc_free(d);
	b = load_broker("@{ SessionMap = @() }", &d, &a, &errors);
	assert_int_equal(errors, 1);
	idle_doc_free(d);
	idle_arena_free(&a);
}

static void session_secrets(void **state)
{
	idle_arena a = IDLE_ARENA_INIT;
	idle_doc *d;
	int errors;
	idle_broker b = load_broker("@{ DefaultAuthSession = @{ AuthSessionType = 'OAuth';"
	                            " Credential = @{ TenantId = 't'; ClientId = 'c';"
	                            " ClientSecretEnv = 'IDLE_TEST_SECRET' } } }",
	                            &d, &a, &errors);
	idle_pcall c;
	char *s;

	(void)state;
	assert_int_equal(errors, 0);
	memset(&c, 0, sizeof(c));
	setenv("IDLE_TEST_SECRET", "s3cret", 1);
	s = idle_session_secret(b.fallback, "ClientSecret", &c);
	assert_string_equal(s, "s3cret");
	idle_session_secret_free(s);
	assert_null(idle_session_param(b.fallback, "ClientSecret")); /* never a parameter */
	assert_string_equal(idle_session_param(b.fallback, "ClientId"), "c");
	assert_null(idle_session_param(b.fallback, "UserName")); /* not in the credential */
	/* from a file: one trailing line break (LF or CRLF) is not part of it */
	{
		static const char *const bodies[][2] = {{"f1le-secret\n", "f1le-secret"},
		                                        {"f1le-secret\r\n", "f1le-secret"},
		                                        {"f1le-secret", "f1le-secret"},
		                                        {"f1le-secret\n\n", "f1le-secret\n"},
		                                        {"f1le-secret\r", "f1le-secret"}};
		char path[] = "/tmp/idle-unit-secret-XXXXXX", text[200];
		size_t k;
		int fd = mkstemp(path);

		assert_true(fd >= 0);
		close(fd);
		for (k = 0; k < sizeof(bodies) / sizeof(bodies[0]); k++) {
			idle_arena a2 = IDLE_ARENA_INIT;
			idle_doc *d2;
			idle_broker b2;
			FILE *f = fopen(path, "w");

			assert_non_null(f);
			fputs(bodies[k][0], f);
			fclose(f);
			snprintf(text, sizeof(text),
			         "@{ DefaultAuthSession = @{ AuthSessionType = 'Credential';"
			         " Credential = @{ UserName = 'u'; PasswordFile = '%s' } } }",
			         path);
			b2 = load_broker(text, &d2, &a2, &errors);
			assert_int_equal(errors, 0);
			s = idle_session_secret(b2.fallback, "Password", &c);
			assert_non_null(s);
			assert_string_equal(s, bodies[k][1]);
			idle_session_secret_free(s);
			idle_doc_free(d2);
			idle_arena_free(&a2);
		}
		unlink(path);
	}
	unsetenv("IDLE_TEST_SECRET");
	assert_null(idle_session_secret(b.fallback, "ClientSecret", &c));
	assert_string_equal(c.error, "the environment variable IDLE_TEST_SECRET (the session's "
	                             "ClientSecret) is not set");
	idle_doc_free(d);
	idle_arena_free(&a);
}

/* ---- retry profiles (5.2) ------------------------------------------------------------ */

static void retry_profiles(void **state)
{
	idle_doc *d =
	    data("@{ RetryProfiles = @{ Fast = @{ MaxAttempts = 5; BackoffFactor = 1.5 };"
	         " Slow = @{ InitialDelayMilliseconds = 1000; MaxDelayMilliseconds = 9000;"
	         " JitterRatio = 0 } }; DefaultRetryProfile = 'Slow' }");
	idle_retry r;
	idle_error err;

	(void)state;
	assert_int_equal(idle_execopts_retry(idle_doc_root(d), "S", "fast", &r, &err), 0);
	assert_int_equal(r.max_attempts, 5);
	assert_int_equal(r.initial_delay_ms, 250);
	assert_true(r.backoff == 1.5);
	assert_int_equal(idle_execopts_retry(idle_doc_root(d), "S", NULL, &r, &err), 0);
	assert_int_equal(r.initial_delay_ms, 1000);
	assert_true(r.jitter == 0.0);
	assert_int_equal(idle_execopts_retry(idle_doc_root(d), "S", "Nope", &r, &err),
	                 IDLE_ENOTFOUND);
	assert_string_equal(err.message,
	                    "Step 'S' references unknown RetryProfile 'Nope'. Available "
	                    "profiles: Fast, Slow");
	assert_int_equal(idle_execopts_retry(NULL, "S", NULL, &r, &err), 0);
	assert_int_equal(r.max_attempts, 3);
	assert_int_equal(r.max_delay_ms, 5000);
	idle_doc_free(d);
	d = data("@{ DefaultRetryProfile = 'X' }");
	assert_int_equal(idle_execopts_retry(idle_doc_root(d), "S", "P", &r, &err), IDLE_ENOTFOUND);
	assert_string_equal(err.message, "Step 'S' references RetryProfile 'P' but "
	                                 "ExecutionOptions.RetryProfiles is not configured.");
	idle_doc_free(d);
}

/* ---- requests, plans, export ------------------------------------------------------------ */

static void request_files(void **state)
{
	idle_diags *d = idle_diags_new();
	idle_doc *doc = parse_text("r.json", "{\"LifecycleEvent\":\"Joiner\",\"Actor\":\"  \"}", d);
	idle_request *r = NULL;
	const char *id;
	size_t i;

	(void)state;
	assert_int_equal(idle_request_load(&r, doc, d), 0);
	id = idle_request_correlation_id(r);
	/* a generated UUID v4: 8-4-4-4-12 lowercase hex, version 4, variant 10xx */
	assert_int_equal(strlen(id), 36);
	for (i = 0; i < 36; i++) {
		if (i == 8 || i == 13 || i == 18 || i == 23)
			assert_int_equal(id[i], '-');
		else
			assert_non_null(strchr("0123456789abcdef", id[i]));
	}
	assert_int_equal(id[14], '4');
	assert_non_null(strchr("89ab", id[19]));
	assert_null(idle_request_actor(r)); /* blank: none */
	assert_int_equal(idle_value_count(idle_value_get(idle_request_value(r), "Intent")), 0);
	idle_request_free(r);
	idle_doc_free(doc);
	/* two generated ids differ */
	{
		char a[37], b[37];

		idle_request__uuid4(a);
		idle_request__uuid4(b);
		assert_string_not_equal(a, b);
	}
	idle_diags_free(d);
}

/* A sink that keeps what it is given, and stops the writer after `stop` calls (0: never). */
typedef struct sink {
	char *data;
	size_t len, calls, stop;
} sink;

static int collect(void *ud, const char *data, size_t len)
{
	sink *k = ud;

	if (k->stop && ++k->calls >= k->stop)
		return -1;
	k->data = realloc(k->data, k->len + len + 1);
	assert_non_null(k->data);
	memcpy(k->data + k->len, data, len);
	k->len += len;
	k->data[k->len] = '\0';
	return 0;
}

/* Plans workflow text with request text (no providers); returns the export. */
static char *plan_export(const char *wf, const char *req, unsigned flags)
{
	idle_diags *d = idle_diags_new();
	idle_doc *w = parse_text("w.psd1", wf, d), *q = parse_text("r.json", req, d);
	idle_host *h = NULL;
	idle_request *r = NULL;
	idle_plan *p = NULL;
	char *out = NULL;

	assert_int_equal(idle_host_new(&h), 0);
	assert_int_equal(idle_request_load(&r, q, d), 0);
	if (idle_plan_build(&p, h, w, r, NULL, NULL, d) == 0) {
		sink k = {NULL, 0, 0, 0}, stopped = {NULL, 0, 0, 2};

		assert_int_equal(idle_plan_export(p, flags, &out, NULL), 0);
		/* written piece by piece: the same text; a sink that stops ends it */
		assert_int_equal(idle_plan_write_export(p, flags, collect, &k), 0);
		assert_string_equal(k.data, out);
		assert_int_equal(idle_plan_write_export(p, flags, collect, &stopped), IDLE_EIO);
		assert_true(stopped.len < k.len);
		free(k.data);
		free(stopped.data);
	} else
		idle_diags_render(d, stderr, 0);
	idle_plan_free(p);
	idle_request_free(r);
	idle_host_free(h);
	idle_doc_free(w);
	idle_doc_free(q);
	idle_diags_free(d);
	return out;
}

static void export_truncation(void **state)
{
	const char *wf = "@{ Name = 'W'; LifecycleEvent = 'Joiner'; Steps = @( @{ Name = 'E';"
	                 " Type = 'IdLE.Step.EmitEvent' } ) }";
	size_t n = 70000, i;
	char *req = malloc(n + 200), *out, *p;

	(void)state;
	i = (size_t)sprintf(req, "{\"LifecycleEvent\":\"Joiner\",\"CorrelationId\":\"c\","
	                         "\"Intent\":{\"bigField\":\"");
	memset(req + i, 'x', n);
	strcpy(req + i + n, "\"},\"IdentityKeys\":{\"Id\":\"1\"}}");
	out = plan_export(wf, req, 0);
	assert_non_null(out);
	/* {"bigField":"x...x"} is 70015 bytes: over 64 KiB */
	assert_non_null(strstr(out, "\"intent\": \"[TRUNCATED - 70015 bytes]\""));
	assert_non_null(strstr(out, "\"identityKeys\": {\n        \"Id\": \"1\"\n      }"));
	/* the x-idle object keeps the whole request, so that the plan can still run */
	p = strstr(out, "\"x-idle\"");
	assert_non_null(p);
	assert_non_null(strstr(p, "\"bigField\": \"xxxxxxxx"));
	idle_free(out);
	/* exactly at the limit: {"bigField":"..."} of 65536 bytes stays */
	i = (size_t)sprintf(req, "{\"LifecycleEvent\":\"Joiner\",\"CorrelationId\":\"c\","
	                         "\"Intent\":{\"bigField\":\"");
	memset(req + i, 'x', 65536 - 15);
	strcpy(req + i + 65536 - 15, "\"}}");
	out = plan_export(wf, req, IDLE_EXPORT_X_IDLE_NEVER);
	assert_null(strstr(out, "TRUNCATED"));
	assert_null(strstr(out, "x-idle"));
	idle_free(out);
	free(req);
}

static void export_ids_and_x_idle(void **state)
{
	idle_buf wf = IDLE_BUF_INIT;
	char *out;
	int i;

	(void)state;
	idle_buf_adds(&wf, "@{ Name = 'W'; LifecycleEvent = 'Joiner'; Steps = @(");
	for (i = 1; i <= 100; i++)
		idle_buf_printf(&wf, "%s @{ Name = 'S%d'; Type = 'IdLE.Step.EmitEvent' }",
		                i > 1 ? ";" : "", i);
	idle_buf_adds(&wf, " ) }");
	idle_buf_addc(&wf, 0);
	out = plan_export(wf.data, "{\"LifecycleEvent\":\"joiner\",\"CorrelationId\":\"c\"}", 0);
	assert_non_null(out);
	assert_non_null(strstr(out, "\"id\": \"step-01\""));
	assert_non_null(strstr(out, "\"id\": \"step-10\""));
	assert_non_null(strstr(out, "\"id\": \"step-100\""));
	assert_non_null(strstr(out, "\"type\": \"joiner\"")); /* the request's spelling */
	assert_non_null(strstr(out, "\"x-idle\": {\n    \"version\": 1,")); /* always */
	idle_free(out);
	out = plan_export(wf.data, "{\"LifecycleEvent\":\"Joiner\",\"CorrelationId\":\"c\"}",
	                  IDLE_EXPORT_X_IDLE_NEVER);
	assert_null(strstr(out, "x-idle")); /* exactly IdLE's document */
	idle_free(out);
	idle_buf_free(&wf);
	/* a step that is not applicable needs x-idle (its status) */
	out = plan_export(
	    "@{ Name = 'W'; LifecycleEvent = 'Joiner'; Steps = @( @{ Name = 'E';"
	    " Type = 'IdLE.Step.EmitEvent'; Condition = @{ Exists = 'Request.Intent.X' }"
	    " } ) }",
	    "{\"LifecycleEvent\":\"Joiner\",\"CorrelationId\":\"c\"}", 0);
	assert_non_null(strstr(out, "\"status\": \"NotApplicable\""));
	assert_non_null(strstr(out, "\"type\": null,\n          \"expression\": null"));
	idle_free(out);
}

/* The API's edges: each argument of idle_plan_build is checked; a config's list ends. */
static void api_edges(void **state)
{
	idle_diags *d = idle_diags_new();
	idle_doc *w = parse_text("w.psd1",
	                         "@{ Name = 'W'; LifecycleEvent = 'Joiner'; Steps = @() }", d),
	         *q = parse_text("r.psd1", "@{ LifecycleEvent = 'Joiner' }", d),
	         *pv = parse_text("p.psd1", "@{ Providers = @{ A = @{ Type = 'Mock' } } }", d);
	idle_host *h = NULL;
	idle_request *r = NULL;
	idle_config *cfg = NULL;
	idle_plan *p = NULL;
	idle_plan_options o;

	(void)state;
	assert_int_equal(idle_host_new(&h), 0);
	assert_int_equal(idle_request_load(&r, q, d), 0);
	assert_int_equal(idle_config_load(&cfg, h, pv, d), 0);
	assert_int_equal(idle_config_provider_count(cfg), 1);
	assert_string_equal(idle_config_provider_alias(cfg, 0), "A");
	assert_null(idle_config_provider_alias(cfg, 1));
	assert_null(idle_config_provider_alias(NULL, 0));
	assert_int_equal(idle_plan_build(NULL, h, w, r, cfg, NULL, d), IDLE_EARG);
	assert_int_equal(idle_plan_build(&p, NULL, w, r, cfg, NULL, d), IDLE_EARG);
	assert_int_equal(idle_plan_build(&p, h, NULL, r, cfg, NULL, d), IDLE_EARG);
	assert_int_equal(idle_plan_build(&p, h, w, NULL, cfg, NULL, d), IDLE_EARG);
	memset(&o, 0, sizeof(o));
	o.version = IDLE_PLAN_OPTIONS_VERSION + 1;
	assert_int_equal(idle_plan_build(&p, h, w, r, cfg, &o, d), IDLE_EARG);
	assert_null(p);
	assert_int_equal(idle_plan_build(&p, h, w, r, cfg, NULL, d), 0);
	idle_plan_free(p);
	idle_config_free(cfg);
	idle_request_free(r);
	idle_host_free(h);
	idle_doc_free(w);
	idle_doc_free(q);
	idle_doc_free(pv);
	idle_diags_free(d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(lookup_paths),      cmocka_unit_test(string_conversion),
	    cmocka_unit_test(wildcards),         cmocka_unit_test(conditions),
	    cmocka_unit_test(templates),         cmocka_unit_test(redaction),
	    cmocka_unit_test(broker_matching),   cmocka_unit_test(session_secrets),
	    cmocka_unit_test(retry_profiles),    cmocka_unit_test(request_files),
	    cmocka_unit_test(export_truncation), cmocka_unit_test(export_ids_and_x_idle),
	    cmocka_unit_test(api_edges),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
