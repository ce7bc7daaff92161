/*
 * bench/bench_scale.c - does the work grow linearly with the input?
 *
 * For inputs that were once quadratic, measures the time at size n and at
 * size 8n in the same run and prints the ratio t(8n) / (8 t(n)): about 1 when
 * the work is linear, about 8 when it is quadratic.
 *   - a workflow whose With value holds n {{placeholders}} (validate: the
 *     template checks; plan: resolving them) — PCRE2 once re-checked the
 *     whole subject's UTF-8 at every match;
 *   - a JSON request whose Intent has n keys (duplicate keys were compared
 *     pairwise);
 *   - a .psd1 hashtable of n keys (the psd1 parser's hash set, for comparison).
 *
 * Usage: bench_scale [N]   (default 20000)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <idle/idle.h>

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

typedef enum input { PLACEHOLDERS, JSON_KEYS, PSD1_KEYS } input;

/* The text of input kind k at size n (malloc'ed). */
static char *make(input k, size_t n, size_t *len)
{
	size_t cap = n * 32 + 256, i;
	char *s = malloc(cap), *p = s;

	if (!s)
		exit(2);
	if (k == PLACEHOLDERS) {
		p += sprintf(p,
		             "@{ Name = 'W'; LifecycleEvent = 'Joiner'; Steps = @( @{ Name = 'E'; "
		             "Type = 'IdLE.Step.EmitEvent'; With = @{ Message = '");
		for (i = 0; i < n; i++)
			p += sprintf(p, "{{Request.Intent.K1}} ");
		p += sprintf(p, "' } } ) }");
	} else if (k == JSON_KEYS) {
		p += sprintf(p, "{\"LifecycleEvent\": \"Joiner\", \"Intent\": {\"K1\": \"x\"");
		for (i = 2; i <= n; i++)
			p += sprintf(p, ", \"K%zu\": %zu", i, i);
		p += sprintf(p, "}}");
	} else {
		p += sprintf(p, "@{ LifecycleEvent = 'Joiner'; Intent = @{ K1 = 'x'");
		for (i = 2; i <= n; i++)
			p += sprintf(p, "; K%zu = %zu", i, i);
		p += sprintf(p, " } }");
	}
	*len = (size_t)(p - s);
	return s;
}

static idle_doc *parse(const char *name, const char *text, size_t len)
{
	idle_parse_options o;
	idle_doc *doc = NULL;
	idle_diags *d = idle_diags_new();

	idle_parse_options_init(&o, IDLE_PARSE_OPTIONS_VERSION);
	o.flags = IDLE_PARSE_SKIP_LIMIT_CHECK;
	if (idle_doc_parse(&doc, name, text, len, IDLE_FORMAT_AUTO, &o, d)) {
		idle_diags_render(d, stderr, 0);
		exit(2);
	}
	idle_diags_free(d);
	return doc;
}

/* Seconds for one pass over input k at size n: parse, and validate or plan what applies. */
static double once(input k, size_t n, int plan)
{
	size_t len, rlen;
	char *text = make(k, n, &len), *req = make(JSON_KEYS, 2, &rlen);
	idle_diags *d = idle_diags_new();
	idle_host *h = NULL;
	idle_doc *doc, *rdoc = NULL;
	idle_request *r = NULL;
	idle_plan *p = NULL;
	double t0 = now(), t;

	idle_host_new(&h);
	doc = parse(k == JSON_KEYS ? "r.json" : "w.psd1", text, len);
	if (k == PLACEHOLDERS && !plan) {
		idle_validate(h, doc, NULL, d);
	} else if (k == PLACEHOLDERS) {
		rdoc = parse("r.json", req, rlen);
		if (idle_request_load(&r, rdoc, d) ||
		    idle_plan_build(&p, h, doc, r, NULL, NULL, d)) {
			idle_diags_render(d, stderr, 0);
			exit(2);
		}
	}
	t = now() - t0;
	idle_plan_free(p);
	idle_request_free(r);
	idle_doc_free(rdoc);
	idle_doc_free(doc);
	idle_host_free(h);
	idle_diags_free(d);
	free(text);
	free(req);
	return t;
}

static double best(input k, size_t n, int plan)
{
	double b = 1e9;
	int i;

	for (i = 0; i < 3; i++) {
		double t = once(k, n, plan);

		if (t < b)
			b = t;
	}
	return b;
}

int main(int argc, char **argv)
{
	static const struct {
		const char *what;
		input k;
		int plan;
	} cases[] = {{"template checks (validate), placeholders", PLACEHOLDERS, 0},
	             {"template resolution (plan), placeholders", PLACEHOLDERS, 1},
	             {"JSON object keys (request)", JSON_KEYS, 0},
	             {"psd1 hashtable keys (request)", PSD1_KEYS, 0}};
	size_t n = argc > 1 ? (size_t)atol(argv[1]) : 20000, i;

	printf("bench_scale: t(8n) / (8 t(n)) — about 1 when linear, about 8 when quadratic\n");
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		double a = best(cases[i].k, n, cases[i].plan);
		double b = best(cases[i].k, 8 * n, cases[i].plan);

		printf("  %-45s n=%zu: %8.2f ms, 8n: %8.2f ms, ratio %.2f\n", cases[i].what, n,
		       a * 1000, b * 1000, b / (8 * a));
	}
	idle_release_memory();
	return 0;
}
