/*
 * engine/regex.h - the regular expressions IdLE's rules are written in,
 * compiled once with PCRE2 (JIT where available) and matched with .NET's
 * semantics for these patterns (Unicode \s, '$' also before a final newline).
 */
#ifndef IDLE_ENGINE_REGEX_H
#define IDLE_ENGINE_REGEX_H

#include <stddef.h>

/* X(name, pattern): one table for every pattern. */
#define IDLE_RX_LIST(X)                                                                            \
	/* Resolve-IdleTemplateString */                                                           \
	X(TMPL_ESCAPE,                                                                             \
	  "\\\\\\{\\{(?!Request\\.(?:(?:Intent|Context|IdentityKeys)(?:\\.[A-Za-z0-9_]+)*"         \
	  "|LifecycleEvent|CorrelationId|Actor)\\}\\})")                                           \
	X(TMPL_PURE, "^\\s*\\{\\{([^}]+)\\}\\}\\s*$")                                              \
	X(TMPL_PLACEHOLDER, "\\{\\{([^}]+)\\}\\}")                                                 \
	X(TMPL_OPEN, "\\{\\{")                                                                     \
	X(TMPL_CLOSE, "\\}\\}")                                                                    \
	X(TMPL_PATH, "^[A-Za-z][A-Za-z0-9_]*(?:\\.[A-Za-z0-9_]+)*$")                               \
	/* Test-IdleWorkflowSchema: RetryProfile */                                                \
	X(RETRY_PROFILE, "^[A-Za-z0-9_.-]{1,64}$")                                                 \
	/* context paths: provider aliases, auth session names */                                  \
	X(PATH_SEGMENT, "^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$")                                        \
	/* Test-IdleCapabilityIdentifier */                                                        \
	X(CAPABILITY, "^[A-Za-z][A-Za-z0-9]*(?:\\.[A-Za-z0-9]+)+$")

typedef enum idle_rx {
#define IDLE_RX_ENUM_(name, pattern) IDLE_RX_##name,
	IDLE_RX_LIST(IDLE_RX_ENUM_)
#undef IDLE_RX_ENUM_
	    IDLE_RX_COUNT
} idle_rx;

/*
 * Matches pattern rx against s[0..len) starting at byte `from`. On a match
 * returns 1 and sets the span of the whole match (m) and of group 1 (g1,
 * both SIZE_MAX when the group did not take part); 0 without a match; -1 on
 * an error (out of memory, a pattern that failed to compile, invalid UTF-8).
 * A scan calls it first with from = 0, which checks s is UTF-8; calls with
 * from > 0 trust that check (so that a scan stays linear).
 */
int idle_rx_match(idle_rx rx, const char *s, size_t len, size_t from, size_t m[2], size_t g1[2]);

/* 1 if the whole pattern matches somewhere in s (shorthand). */
int idle_rx_test(idle_rx rx, const char *s, size_t len);

/* Number of non-overlapping matches in s. */
size_t idle_rx_count(idle_rx rx, const char *s, size_t len);

#endif
