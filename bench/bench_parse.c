/*
 * bench/bench_parse.c - parse speed of idle's .psd1 parser against cJSON.
 *
 * Generates one workflow-shaped document (steps with conditions, templates,
 * nested maps, arrays, numbers, escapes, comments) as .psd1 text and the same
 * data as JSON text, then parses each repeatedly in this process and prints
 * MB/s for idle's psd1 parser and for cJSON, and their ratio. The goal
 * (issue 2) is a ratio of at least 1.0. Also shown: idle's JSON reader
 * (cJSON plus the span walk), for reference.
 *
 * Usage: bench_parse [STEPS] [ROUNDS] [only]  (defaults: 24000 steps, 7 rounds)
 * With a third argument "psd1", "cjson" or "json" only that parser runs (for profiling).
 */
#include <cjson/cJSON.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <idle/idle.h>

typedef struct text {
	char *s;
	size_t len, cap;
} text;

static void add(text *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void add(text *t, const char *fmt, ...)
{
	va_list ap;
	int n;

	for (;;) {
		va_start(ap, fmt);
		n = vsnprintf(t->s + t->len, t->cap - t->len, fmt, ap);
		va_end(ap);
		if (n >= 0 && (size_t)n < t->cap - t->len)
			break;
		t->cap = t->cap * 2 + (size_t)n + 1;
		t->s = realloc(t->s, t->cap);
		if (!t->s)
			exit(2);
	}
	t->len += (size_t)n;
}

static const char *const types[] = {"IdLE.Step.EnsureAttributes", "IdLE.Step.EnsureEntitlement",
                                    "IdLE.Step.EmitEvent", "IdLE.Step.DisableIdentity"};
static const char *const depts[] = {"IT", "Finance", "Sales", "Research & Development"};

static void gen_psd1(text *t, int steps)
{
	int i;

	add(t,
	    "# Generated benchmark workflow\n@{\n  Name = 'Benchmark - %d steps'\n"
	    "  LifecycleEvent = 'Joiner'\n  Description = \"Generated `t for the parse "
	    "benchmark\"\n  Steps = @(\n",
	    steps);
	for (i = 0; i < steps; i++) {
		add(t,
		    "    @{\n"
		    "      Name = 'Step %d'\n"
		    "      Type = '%s'\n"
		    "      Description = \"Step number %d: ensure `\"%s`\" is right\"\n"
		    "      Condition = @{ All = @(\n"
		    "        @{ Equals = @{ Path = 'Request.Intent.Department'; Value = '%s' } }\n"
		    "        @{ Exists = 'Request.Intent.Manager' }\n"
		    "      ) }\n"
		    "      With = @{\n"
		    "        IdentityKey = '{{Request.IdentityKeys.EmployeeId}}'\n"
		    "        Attributes = @{ Department = '%s'; Title = 'Engineer #%d'; Level = %d; "
		    "Ratio = %d.25; Enabled = $%s; Note = $null }\n"
		    "        Tags = @('a%d', 'b', 'c')\n"
		    "        Provider = 'Identity' # routing\n"
		    "      }\n"
		    "      RetryProfile = 'Default'\n"
		    "    }\n",
		    i, types[i % 4], i, depts[i % 4], depts[i % 4], depts[(i + 1) % 4], i, i % 10,
		    i % 7, i % 2 ? "true" : "false", i);
	}
	add(t, "  )\n}\n");
}

static void gen_json(text *t, int steps)
{
	int i;

	add(t,
	    "{\n  \"Name\": \"Benchmark - %d steps\",\n  \"LifecycleEvent\": \"Joiner\",\n"
	    "  \"Description\": \"Generated \\t for the parse benchmark\",\n  \"Steps\": [\n",
	    steps);
	for (i = 0; i < steps; i++) {
		add(t,
		    "    {\n"
		    "      \"Name\": \"Step %d\",\n"
		    "      \"Type\": \"%s\",\n"
		    "      \"Description\": \"Step number %d: ensure \\\"%s\\\" is right\",\n"
		    "      \"Condition\": { \"All\": [\n"
		    "        { \"Equals\": { \"Path\": \"Request.Intent.Department\", \"Value\": "
		    "\"%s\" } },\n"
		    "        { \"Exists\": \"Request.Intent.Manager\" }\n"
		    "      ] },\n"
		    "      \"With\": {\n"
		    "        \"IdentityKey\": \"{{Request.IdentityKeys.EmployeeId}}\",\n"
		    "        \"Attributes\": { \"Department\": \"%s\", \"Title\": \"Engineer #%d\", "
		    "\"Level\": %d, \"Ratio\": %d.25, \"Enabled\": %s, \"Note\": null },\n"
		    "        \"Tags\": [\"a%d\", \"b\", \"c\"],\n"
		    "        \"Provider\": \"Identity\"\n"
		    "      },\n"
		    "      \"RetryProfile\": \"Default\"\n"
		    "    }%s\n",
		    i, types[i % 4], i, depts[i % 4], depts[i % 4], depts[(i + 1) % 4], i, i % 10,
		    i % 7, i % 2 ? "true" : "false", i, i + 1 < steps ? "," : "");
	}
	add(t, "  ]\n}\n");
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

typedef int (*parse_fn)(const text *t);

static int parse_idle_psd1(const text *t)
{
	idle_parse_options opts = IDLE_PARSE_OPTIONS_INIT;
	idle_doc *doc = NULL;
	int rc;

	opts.flags =
	    IDLE_PARSE_SKIP_LIMIT_CHECK; /* a 10 MB file is far beyond PowerShell's limits */
	rc = idle_doc_parse(&doc, "bench.psd1", t->s, t->len, IDLE_FORMAT_PSD1, &opts, NULL);
	idle_doc_free(doc);
	return rc;
}

static int parse_idle_json(const text *t)
{
	idle_doc *doc = NULL;
	int rc = idle_doc_parse(&doc, "bench.json", t->s, t->len, IDLE_FORMAT_JSON, NULL, NULL);

	idle_doc_free(doc);
	return rc;
}

static int parse_cjson(const text *t)
{
	cJSON *j = cJSON_ParseWithLength(t->s, t->len);

	cJSON_Delete(j);
	return j ? 0 : -1;
}

/* Best time of rounds (parse and free). */
static double best_of(parse_fn fn, const text *t, int rounds)
{
	double best = 1e30;
	int i;

	for (i = 0; i < rounds; i++) {
		double t0 = now(), dt;

		if (fn(t) != 0) {
			fprintf(stderr, "bench_parse: the generated document did not parse\n");
			exit(1);
		}
		dt = now() - t0;
		if (dt < best)
			best = dt;
	}
	return best;
}

int main(int argc, char **argv)
{
	int steps = argc > 1 ? atoi(argv[1]) : 24000, rounds = argc > 2 ? atoi(argv[2]) : 7;
	text psd1 = {NULL, 0, 0}, json = {NULL, 0, 0};
	double tp, tc, tj, mp, mj;

	if (steps < 1 || rounds < 1) {
		fprintf(stderr, "usage: bench_parse [STEPS] [ROUNDS]\n");
		return 2;
	}
	gen_psd1(&psd1, steps);
	gen_json(&json, steps);
	if (argc > 3) { /* profiling one parser */
		parse_fn fn = !strcmp(argv[3], "psd1")    ? parse_idle_psd1
		              : !strcmp(argv[3], "cjson") ? parse_cjson
		                                          : parse_idle_json;
		double t = best_of(fn, fn == parse_idle_psd1 ? &psd1 : &json, rounds);

		printf("%s: %.1f ms\n", argv[3], t * 1e3);
		return 0;
	}
	mp = (double)psd1.len / 1e6;
	mj = (double)json.len / 1e6;
	parse_cjson(&json); /* warm up caches and the allocator */
	parse_idle_psd1(&psd1);
	tp = best_of(parse_idle_psd1, &psd1, rounds);
	tc = best_of(parse_cjson, &json, rounds);
	tj = best_of(parse_idle_json, &json, rounds);
	printf("bench_parse: %d workflow steps; psd1 %.2f MB, the same data as JSON %.2f MB; best "
	       "of %d\n",
	       steps, mp, mj, rounds);
	printf("  idle .psd1 parser          %8.1f MB/s  (%.1f ms)\n", mp / tp, tp * 1e3);
	printf("  cJSON                      %8.1f MB/s  (%.1f ms)\n", mj / tc, tc * 1e3);
	printf("  idle JSON reader (cJSON+)  %8.1f MB/s  (%.1f ms)\n", mj / tj, tj * 1e3);
	printf("  ratio idle psd1 / cJSON:   %.2fx MB/s; %.2fx for the same data (goal >= 1.0x)\n",
	       (mp / tp) / (mj / tc), tc / tp);
	free(psd1.s);
	free(json.s);
	return 0;
}
