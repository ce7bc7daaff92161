/*
 * providers/entraconnect/wsman.h - WS-Management messages of a WinRS (cmd)
 * shell: building the five requests (Create, Command, Receive, Signal,
 * Delete) and reading their replies and faults, on libxml2
 * (shared/spec/winrm-adsync.md sections 1 and 3.4).
 *
 * Replies are read by local name (any prefix), with no network access, no
 * DTD (a reply with <!DOCTYPE is refused before parsing), no entity
 * expansion, and libxml2's depth limit.
 */
#ifndef IDLE_PROVIDERS_ENTRACONNECT_WSMAN_H
#define IDLE_PROVIDERS_ENTRACONNECT_WSMAN_H

#include <stddef.h>

#include "providers/common/bytes.h"

/* The requests. */
typedef enum ec_wsman_action {
	EC_WSMAN_CREATE,
	EC_WSMAN_COMMAND,
	EC_WSMAN_RECEIVE,
	EC_WSMAN_SIGNAL,
	EC_WSMAN_DELETE
} ec_wsman_action;

/* WSManFault codes the client acts on (decimal, as servers send them). */
#define EC_WSMAN_TIMED_OUT        2150858793ULL /* OperationTimeout expired: Receive again */
#define EC_WSMAN_SHELL_NOT_FOUND  2150858843ULL /* the shell is gone */
#define EC_WSMAN_QUOTA_SHELLS     2150859173ULL /* too many shells for the user */
#define EC_WSMAN_QUOTA_OPERATIONS 2150859174ULL /* too many commands in the shell */
#define EC_WSMAN_REGISTRY_READ    2147943418ULL /* "error reading registry key": recreate */
#define EC_WSMAN_ACCESS_DENIED    5ULL

/* What a request carries besides its action. */
typedef struct ec_wsman_request {
	ec_wsman_action action;
	const char *to;           /* the endpoint URL (a:To) */
	const char *message_id;   /* "uuid:..." */
	double operation_timeout; /* seconds (w:OperationTimeout) */
	const char *shell_id;     /* all but Create */
	const char *command_id;   /* Receive, Signal */
	const char *command_line; /* Command: the whole line */
	double idle_timeout;      /* Create: rsp:IdleTimeOut seconds, 0: none */
} ec_wsman_request;

/* Appends the request's envelope to out: 0, or -1 when out of memory. */
int ec_wsman_build(idle_bytes *out, const ec_wsman_request *r);

/* A command's state in a Receive reply. */
typedef enum ec_wsman_state {
	EC_STATE_NONE = 0, /* no CommandState: still running */
	EC_STATE_RUNNING,
	EC_STATE_PENDING,
	EC_STATE_DONE
} ec_wsman_state;

/* What a reply says. */
typedef struct ec_wsman_reply {
	int fault;            /* 1: a SOAP Fault (the fields below the line) */
	char action[160];     /* a:Action */
	char relates_to[80];  /* a:RelatesTo */
	char shell_id[80];    /* Create */
	char command_id[80];  /* Command */
	ec_wsman_state state; /* Receive */
	int has_exit_code;
	long exit_code;
	/* ---- a fault */
	unsigned long long code; /* WSManFault@Code, else MSFT_WmiError/error_Code; 0: none */
	char subcode[80];        /* "w:TimedOut" (as sent, prefix and all) */
	char message[512];       /* the innermost WSManFault Message, else MSFT_WmiError
	                          * Message, else the Reason (whitespace collapsed) */
} ec_wsman_reply;

/*
 * Reads a reply. Stream data of a Receive (base64) is decoded and appended
 * to out_stdout / out_stderr (either may be NULL) for the command
 * command_id (NULL: any). Returns 0; -1 when out of memory; -2 when the
 * body is not a SOAP envelope (not XML, a DOCTYPE, no Envelope/Body,
 * base64 that is not): why in err (errlen bytes).
 */
int ec_wsman_parse(const char *xml, size_t len, const char *command_id, idle_bytes *out_stdout,
                   idle_bytes *out_stderr, ec_wsman_reply *out, char *err, size_t errlen);

/* "uuid:" and a random UUID v4 (lower case) into buf (at least 42 bytes). */
void ec_wsman_message_id(char *buf, size_t size);

#endif
