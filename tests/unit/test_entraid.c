/*
 * tests/unit/test_entraid.c - the EntraID provider's pieces without a
 * network: strict GUID detection (B7), $filter literals (B6), generated
 * passwords (B10), whether two sessions share one Graph client.
 */
#include "tests/unit/testutil.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "providers/entraid/ei.h"

static void guids(void **state)
{
	(void)state;
	assert_true(ei_is_guid("10000000-0000-4000-8000-000000000001"));
	assert_true(ei_is_guid("ABCDEF00-0000-4000-8000-00000000000f"));
	assert_true(ei_is_guid("0123456789abcdef0123456789abcdef")); /* N format */
	/* 32 hex digits inside a longer key are a UPN's, not an id (B7) */
	assert_false(ei_is_guid("contract-0123456789abcdef0123456789abcdef@contoso.com"));
	assert_false(ei_is_guid("0123456789abcdef0123456789abcdef0"));
	assert_false(ei_is_guid("0123456789abcdef0123456789abcdeg"));
	assert_false(ei_is_guid("10000000-0000-4000-8000-00000000000g"));
	assert_false(ei_is_guid("10000000-0000-4000-8000_000000000001"));
	assert_false(ei_is_guid("10000000-0000-4000-8000-0000000000011"));
	assert_false(ei_is_guid(""));
}

static void filters(void **state)
{
	char *f;

	(void)state;
	/* the quote doubled inside the literal, the whole expression URL-encoded (B6) */
	f = eg_filter("mail", "pat.o'brien@contoso.com");
	assert_string_equal(f, "$filter=mail%20eq%20%27pat.o%27%27brien%40contoso.com%27");
	free(f);
	f = eg_filter("displayName", "''");
	assert_string_equal(f, "$filter=displayName%20eq%20%27%27%27%27%27%27");
	free(f);
	f = eg_filter("displayName", "A&B #1+2");
	assert_string_equal(f, "$filter=displayName%20eq%20%27A%26B%20%231%2B2%27");
	free(f);
}

static void passwords(void **state)
{
	char a[EI_PASSWORD_LENGTH + 1], b[EI_PASSWORD_LENGTH + 1], small[EI_PASSWORD_LENGTH];
	int first[4] = {0}, i, round;

	(void)state;
	for (round = 0; round < 200; round++) {
		int upper = 0, lower = 0, digit = 0, other = 0;

		assert_int_equal(ei_new_password(a, sizeof(a)), 0);
		assert_int_equal(strlen(a), EI_PASSWORD_LENGTH);
		for (i = 0; a[i]; i++) {
			unsigned char ch = (unsigned char)a[i];

			upper += isupper(ch) != 0;
			lower += islower(ch) != 0;
			digit += isdigit(ch) != 0;
			other += !isalnum(ch) && isgraph(ch);
			assert_true(isgraph(ch));
		}
		assert_true(upper && lower && digit && other); /* all four classes, always */
		first[isupper((unsigned char)a[0])   ? 0
		      : islower((unsigned char)a[0]) ? 1
		      : isdigit((unsigned char)a[0]) ? 2
		                                     : 3]++;
	}
	/* shuffled: the first character is not always of one class */
	assert_true((first[0] != 0) + (first[1] != 0) + (first[2] != 0) + (first[3] != 0) >= 3);
	assert_int_equal(ei_new_password(b, sizeof(b)), 0);
	assert_string_not_equal(a, b);
	assert_int_equal(ei_new_password(small, sizeof(small)), -1); /* no room for the NUL */
}

static void shared_clients(void **state)
{
	eg_options o = {.graph_base = "https://graph.microsoft.com/v1.0",
	                .authority = "https://login.microsoftonline.com",
	                .tenant = "contoso.onmicrosoft.com",
	                .client_id = "app",
	                .client_secret = "s1",
	                .timeout = 30};
	eg_options other = o;
	eg_graph *g = NULL;
	eg_error e;

	(void)state;
	assert_int_equal(eg_graph_new(&g, &o, &e), 0);
	assert_true(eg_graph_serves(g, &o));
	other.graph_base = "https://graph.microsoft.com/v1.0/"; /* a trailing slash is the same */
	assert_true(eg_graph_serves(g, &other));
	other = o;
	other.client_secret = "s2";
	assert_false(eg_graph_serves(g, &other));
	other = o;
	other.tenant = "fabrikam.onmicrosoft.com";
	assert_false(eg_graph_serves(g, &other));
	other = o;
	other.client_id = "app2";
	assert_false(eg_graph_serves(g, &other));
	other = o;
	other.authority = "https://login.microsoftonline.us";
	assert_false(eg_graph_serves(g, &other));
	other = o;
	other.graph_base = "https://graph.microsoft.us/v1.0";
	assert_false(eg_graph_serves(g, &other));
	other = o;
	other.graph_base = "https://graph.microsoft.com/v1.01";
	assert_false(eg_graph_serves(g, &other));
	other = o;
	other.scope = "https://graph.microsoft.com/.default"; /* what it derives anyway */
	assert_true(eg_graph_serves(g, &other));
	other.scope = "api://other/.default";
	assert_false(eg_graph_serves(g, &other));
	other = o;
	other.token = "t"; /* a bearer token is another credential */
	assert_false(eg_graph_serves(g, &other));
	eg_graph_free(g);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(guids),
	    cmocka_unit_test(filters),
	    cmocka_unit_test(passwords),
	    cmocka_unit_test(shared_clients),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
