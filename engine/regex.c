/*
 * engine/regex.c - IdLE's patterns through PCRE2.
 */
#define PCRE2_CODE_UNIT_WIDTH 8
#include "engine/regex.h"

#include <pcre2.h>
#include <pthread.h>
#include <stdint.h>

static const char *const patterns[IDLE_RX_COUNT] = {
#define IDLE_RX_STR_(name, pattern) pattern,
    IDLE_RX_LIST(IDLE_RX_STR_)
#undef IDLE_RX_STR_
};

static pcre2_code *compiled[IDLE_RX_COUNT];
static pthread_once_t compiled_once = PTHREAD_ONCE_INIT;

static void compile_all(void)
{
	int i;

	for (i = 0; i < IDLE_RX_COUNT; i++) {
		int err;
		PCRE2_SIZE off;

		compiled[i] = pcre2_compile((PCRE2_SPTR)patterns[i], PCRE2_ZERO_TERMINATED,
		                            PCRE2_UTF | PCRE2_UCP, &err, &off, NULL);
		if (compiled[i])
			pcre2_jit_compile(compiled[i], PCRE2_JIT_COMPLETE); /* optional speed-up */
	}
}

static _Thread_local pcre2_match_data *match_data;

int idle_rx_match(idle_rx rx, const char *s, size_t len, size_t from, size_t m[2], size_t g1[2])
{
	PCRE2_SIZE *ov;
	int rc;

	pthread_once(&compiled_once, compile_all);
	if (rx < 0 || rx >= IDLE_RX_COUNT || !compiled[rx])
		return -1;
	if (!match_data && !(match_data = pcre2_match_data_create(4, NULL)))
		return -1;
	/* the subject's UTF-8 is checked once, at from = 0: checking it again for every
	 * later start would make a scan of n matches quadratic */
	rc = pcre2_match(compiled[rx], (PCRE2_SPTR)s, len, from, from ? PCRE2_NO_UTF_CHECK : 0,
	                 match_data, NULL);
	if (rc == PCRE2_ERROR_NOMATCH)
		return 0;
	if (rc < 0)
		return -1;
	ov = pcre2_get_ovector_pointer(match_data);
	if (m) {
		m[0] = ov[0];
		m[1] = ov[1];
	}
	if (g1) {
		g1[0] = rc > 1 && ov[2] != PCRE2_UNSET ? ov[2] : SIZE_MAX;
		g1[1] = rc > 1 && ov[3] != PCRE2_UNSET ? ov[3] : SIZE_MAX;
	}
	return 1;
}

int idle_rx_test(idle_rx rx, const char *s, size_t len)
{
	return idle_rx_match(rx, s, len, 0, NULL, NULL) == 1;
}

size_t idle_rx_count(idle_rx rx, const char *s, size_t len)
{
	size_t n = 0, from = 0, m[2];

	while (from <= len && idle_rx_match(rx, s, len, from, m, NULL) == 1) {
		n++;
		from = m[1] > m[0] ? m[1] : m[1] + 1;
	}
	return n;
}
