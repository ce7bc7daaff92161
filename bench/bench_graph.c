/*
 * bench/bench_graph.c - a leaver that prunes 1 000 group memberships through
 * the EntraID provider, against the fake Graph + token server
 * (tests/sim/graph_sim.py on 127.0.0.1, started here).
 *
 * It reports the HTTP requests idle sends (goal <= 55: a token, the user's
 * lookup, the membership list, 50 $batch requests of 20) and idle's wall
 * time against the server's own floor, measured in the same run: the very
 * requests idle sent, read back from the server's log and replayed by a
 * minimal libcurl client (one connection, no parsing, no decisions) on the
 * same directory after a reset (goal <= 1.2x). Each side runs three times;
 * the best of each counts.
 *
 * Usage: bench_graph [MEMBERSHIPS]   (default 1000)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <curl/curl.h>

#include "benchsim.h"

#define SECRET "bench-graph-5ecret"
#define CLIENT "0b000000-0000-4000-8000-00000000b001"
#define ROUNDS 3

static size_t discard(char *p, size_t size, size_t n, void *ud)
{
	(void)p, (void)ud;
	return size * n;
}

static size_t keep(char *p, size_t size, size_t n, void *ud)
{
	char *buf = ud;
	size_t len = strlen(buf), add = size * n;

	if (len + add < 8192) {
		memcpy(buf + len, p, add);
		buf[len + add] = '\0';
	}
	return size * n;
}

/* The fixture: one user in n groups. */
static char *fixture(int n)
{
	cJSON *root = cJSON_CreateObject(), *fx = cJSON_AddObjectToObject(root, "fixture");
	cJSON *tenant = cJSON_CreateObject(), *client = cJSON_CreateObject();
	cJSON *user = cJSON_CreateObject(), *groups = cJSON_AddArrayToObject(fx, "groups");
	const char *domains[] = {"contoso.onmicrosoft.com"};
	const char *perms[] = {"User.ReadWrite.All", "GroupMember.ReadWrite.All"};
	char id[64], name[64];
	char *text;
	int i;

	cJSON_AddStringToObject(fx, "base", "empty");
	cJSON_AddStringToObject(tenant, "id", "11111111-2222-4333-8444-555555555555");
	cJSON_AddItemToObject(tenant, "domains", cJSON_CreateStringArray(domains, 1));
	cJSON_AddItemToObject(cJSON_AddArrayToObject(fx, "tenants"), "", tenant);
	cJSON_AddStringToObject(client, "client_id", CLIENT);
	cJSON_AddStringToObject(client, "secret_env", "BENCH_GRAPH_SECRET");
	cJSON_AddItemToObject(client, "permissions", cJSON_CreateStringArray(perms, 2));
	cJSON_AddItemToObject(cJSON_AddArrayToObject(fx, "clients"), "", client);
	cJSON_AddStringToObject(user, "id", "10000000-0000-4000-8000-000000000001");
	cJSON_AddStringToObject(user, "userPrincipalName", "lee.gu@contoso.onmicrosoft.com");
	cJSON_AddStringToObject(user, "displayName", "Lee Gu");
	cJSON_AddItemToObject(cJSON_AddArrayToObject(fx, "users"), "", user);
	for (i = 0; i < n; i++) {
		cJSON *g = cJSON_CreateObject(), *m = cJSON_AddArrayToObject(g, "members");

		snprintf(id, sizeof(id), "20000000-0000-4000-8000-%012d", i + 1);
		snprintf(name, sizeof(name), "Group %04d", i + 1);
		cJSON_AddStringToObject(g, "id", id);
		cJSON_AddStringToObject(g, "displayName", name);
		cJSON_AddItemToArray(m, cJSON_CreateString("10000000-0000-4000-8000-000000000001"));
		cJSON_AddItemToArray(groups, g);
	}
	text = cJSON_PrintUnformatted(root);
	cJSON_Delete(root);
	return text;
}

/* The requests of the server's log, replayed on one handle: the wall time, or -1. */
static double replay(const bench_sim *sim, const cJSON *entries)
{
	CURL *h = curl_easy_init();
	char url[4096], auth[4200] = "", token_answer[8192] = "", form[512];
	const cJSON *e;
	double t0 = bench_now();
	int bad = 0;

	if (!h)
		return -1;
	curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, discard);
	cJSON_ArrayForEach(e, entries)
	{
		const cJSON *m = cJSON_GetObjectItem(e, "method"),
		            *p = cJSON_GetObjectItem(e, "path");
		const cJSON *q = cJSON_GetObjectItem(e, "query");
		const cJSON *body = cJSON_GetObjectItem(cJSON_GetObjectItem(e, "app"), "body");
		struct curl_slist *hd = NULL;
		char *text = NULL;
		long status = 0;

		if (!cJSON_IsString(m) || !cJSON_IsString(p))
			continue;
		snprintf(url, sizeof(url), "http://127.0.0.1:%d%s%s%s", sim->port, p->valuestring,
		         cJSON_IsString(q) && *q->valuestring ? "?" : "",
		         cJSON_IsString(q) ? q->valuestring : "");
		curl_easy_setopt(h, CURLOPT_URL, url);
		curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, m->valuestring);
		if (strstr(p->valuestring, "/oauth2/")) { /* the token: its form is not logged */
			snprintf(form, sizeof(form),
			         "grant_type=client_credentials&client_id=%s&client_secret=%s"
			         "&scope=https%%3A%%2F%%2Fgraph.microsoft.com%%2F.default",
			         CLIENT, SECRET);
			token_answer[0] = '\0';
			curl_easy_setopt(h, CURLOPT_POSTFIELDS, form);
			curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, keep);
			curl_easy_setopt(h, CURLOPT_WRITEDATA, (void *)token_answer);
		} else {
			snprintf(auth, sizeof(auth), "Authorization: Bearer ");
			{
				cJSON *t = cJSON_Parse(token_answer);
				const cJSON *at = cJSON_GetObjectItem(t, "access_token");

				if (cJSON_IsString(at))
					strncat(auth, at->valuestring,
					        sizeof(auth) - strlen(auth) - 1);
				cJSON_Delete(t);
			}
			hd = curl_slist_append(hd, auth);
			if (body) {
				text = cJSON_PrintUnformatted(body);
				hd = curl_slist_append(hd, "Content-Type: application/json");
			}
			curl_easy_setopt(h, CURLOPT_POSTFIELDS, text);
			if (!text)
				curl_easy_setopt(h, CURLOPT_HTTPGET, 1L);
			curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, m->valuestring);
			curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, discard);
		}
		curl_easy_setopt(h, CURLOPT_HTTPHEADER, hd);
		if (curl_easy_perform(h) != CURLE_OK)
			bad = 1;
		curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);
		bad |= status >= 400 && status != 404;
		curl_slist_free_all(hd);
		curl_easy_setopt(h, CURLOPT_HTTPHEADER, NULL);
		curl_easy_setopt(h, CURLOPT_POSTFIELDS, NULL);
		free(text);
	}
	t0 = bench_now() - t0;
	curl_easy_cleanup(h);
	return bad ? -1 : t0;
}

int main(int argc, char **argv)
{
	int n = argc > 1 ? atoi(argv[1]) : 1000, round;
	char dir[] = "/tmp/idle-bench-graph-XXXXXX", path[512], text[4096], *fx;
	bench_job job;
	idle_run_options o = IDLE_RUN_OPTIONS_INIT;
	double best_idle = 1e9, best_floor = 1e9, t;
	long requests = 0, tokens = 0, batches = 0, pages = 0;
	cJSON *log = NULL, *stats, *x;
	int sent = 0;
	const char *status = "?";
	bench_sim sim;

	if (n < 1 || n > 20000 || !mkdtemp(dir))
		return fprintf(stderr, "usage: bench_graph [MEMBERSHIPS (1..20000)]\n"), 2;
	setenv("BENCH_GRAPH_SECRET", SECRET, 1);
	setenv("NO_PROXY", "*", 1);
	snprintf(path, sizeof(path), "%s/sim.json", dir);
	if (!(fx = fixture(n)) || bench_write_file(path, fx))
		return fprintf(stderr, "bench_graph: cannot write the fixture\n"), 2;
	free(fx);
	snprintf(text, sizeof(text), "--config %s/sim.json --max-lifetime 600", dir);
	if (bench_sim_start(&sim, "graph", dir, text))
		return fprintf(stderr, "bench_graph: the fake Graph server did not start\n"), 2;

	snprintf(
	    text, sizeof(text),
	    "@{ Providers = @{ Identity = @{ Type = 'EntraID'\n"
	    "     GraphBaseUrl = 'http://127.0.0.1:%d/v1.0'; AuthorityUrl = 'http://127.0.0.1:%d' } }\n"
	    "   AuthSessions = @{ DefaultAuthSession = @{ AuthSessionType = 'OAuth'\n"
	    "     Credential = @{ TenantId = 'contoso.onmicrosoft.com'; ClientId = '%s'\n"
	    "       ClientSecretEnv = 'BENCH_GRAPH_SECRET'\n"
	    "       Scope = 'https://graph.microsoft.com/.default' } } } }\n",
	    sim.port, sim.port, CLIENT);
	if (bench_job_plan(&job, dir, text,
	                   "@{ Name = 'Bench leaver'; LifecycleEvent = 'Leaver'; Steps = @(\n"
	                   "   @{ Name = 'Prune'; Type = 'IdLE.Step.PruneEntitlements'\n"
	                   "      With = @{ IdentityKey = 'lee.gu@contoso.onmicrosoft.com'\n"
	                   "                Kind = 'Group'; Keep = @() } } ) }\n",
	                   "@{ LifecycleEvent = 'Leaver' }\n"))
		return 2;
	curl_global_init(CURL_GLOBAL_DEFAULT);

	for (round = 0; round < ROUNDS; round++) {
		idle_result *res = NULL;

		cJSON_Delete(bench_sim_call(&sim, "POST", "/reset", NULL));
		t = bench_now();
		if (idle_run(&res, job.plan, job.cfg, &o, job.d)) {
			idle_diags_render(job.d, stderr, 0);
			return 2;
		}
		t = bench_now() - t;
		best_idle = t < best_idle ? t : best_idle;
		status =
		    strcmp(idle_result_status(res), "Completed") ? "not Completed" : "Completed";
		idle_result_free(res);
		if (round == 0) {
			if (!(stats = bench_sim_call(&sim, "GET", "/stats", NULL)) ||
			    !(log = bench_sim_call(&sim, "GET", "/log", NULL)))
				return fprintf(stderr,
				               "bench_graph: no stats or log from the server\n"),
				       2;
			requests = bench_stat(stats, "http", "requests");
			tokens = bench_stat(stats, "app", "token_requests");
			batches = bench_stat(stats, "app", "batches");
			pages = bench_stat(stats, "app", "pages_followed");
			cJSON_Delete(stats);
		}
		cJSON_Delete(bench_sim_call(&sim, "POST", "/reset", NULL));
		if ((t = replay(&sim, cJSON_GetObjectItem(log, "entries"))) < 0)
			return fprintf(stderr, "bench_graph: the replay failed\n"), 2;
		best_floor = t < best_floor ? t : best_floor;
	}
	cJSON_ArrayForEach(x, cJSON_GetObjectItem(log, "entries")) sent +=
	    cJSON_IsString(cJSON_GetObjectItem(x, "method"));
	printf("leaver: %s, pruned %d group memberships\n", status, n);
	printf("HTTP requests: %ld (goal <= %d): %ld token, %ld $batch of <= 20, %ld list pages "
	       "followed, %ld lookups and lists\n",
	       requests, n / 20 + 5, tokens, batches, pages, requests - tokens - batches - pages);
	printf("wall time: idle %.3f s, the same %d requests replayed by a minimal client %.3f s: "
	       "%.2fx (goal <= 1.2x; best of %d)\n",
	       best_idle, sent, best_floor, best_idle / best_floor, ROUNDS);
	cJSON_Delete(log);
	bench_sim_stop(&sim, dir);
	curl_global_cleanup();
	bench_job_free(&job);
	return 0;
}
