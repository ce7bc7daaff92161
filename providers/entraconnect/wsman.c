/*
 * providers/entraconnect/wsman.c - WS-Man envelopes (xmlTextWriter) and
 * replies (libxml2's tree, read by local name).
 */
#include "providers/entraconnect/wsman.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/random.h>

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlwriter.h>

#include "providers/common/base64.h"

#define NS_SOAP  "http://www.w3.org/2003/05/soap-envelope"
#define NS_ADDR  "http://schemas.xmlsoap.org/ws/2004/08/addressing"
#define NS_WSMAN "http://schemas.dmtf.org/wbem/wsman/1/wsman.xsd"
#define NS_MSWS  "http://schemas.microsoft.com/wbem/wsman/1/wsman.xsd"
#define NS_SHELL "http://schemas.microsoft.com/wbem/wsman/1/windows/shell"

#define URI_TRANSFER  "http://schemas.xmlsoap.org/ws/2004/09/transfer/"
#define URI_ANONYMOUS "http://schemas.xmlsoap.org/ws/2004/08/addressing/role/anonymous"
#define URI_CMD_SHELL NS_SHELL "/cmd"
#define URI_TERMINATE NS_SHELL "/signal/terminate"

#define MAX_ENVELOPE "153600"

/* One table: each action's URI (X(name, uri)). */
static const char *const action_uris[] = {
    [EC_WSMAN_CREATE] = URI_TRANSFER "Create", [EC_WSMAN_COMMAND] = NS_SHELL "/Command",
    [EC_WSMAN_RECEIVE] = NS_SHELL "/Receive",  [EC_WSMAN_SIGNAL] = NS_SHELL "/Signal",
    [EC_WSMAN_DELETE] = URI_TRANSFER "Delete",
};

/* ---- building ------------------------------------------------------------------------ */

#define W(call)                                                                                    \
	do {                                                                                       \
		if ((call) < 0)                                                                    \
			goto fail;                                                                 \
	} while (0)

static int elem(xmlTextWriterPtr w, const char *name, const char *text)
{
	if (xmlTextWriterStartElement(w, BAD_CAST name) < 0)
		return -1;
	if (text && xmlTextWriterWriteString(w, BAD_CAST text) < 0)
		return -1;
	return xmlTextWriterEndElement(w);
}

static int must(xmlTextWriterPtr w, const char *name, const char *text)
{
	if (xmlTextWriterStartElement(w, BAD_CAST name) < 0 ||
	    xmlTextWriterWriteAttribute(w, BAD_CAST "s:mustUnderstand", BAD_CAST "true") < 0 ||
	    xmlTextWriterWriteString(w, BAD_CAST text) < 0)
		return -1;
	return xmlTextWriterEndElement(w);
}

static int option(xmlTextWriterPtr w, const char *name, const char *value)
{
	if (xmlTextWriterStartElement(w, BAD_CAST "w:Option") < 0 ||
	    xmlTextWriterWriteAttribute(w, BAD_CAST "Name", BAD_CAST name) < 0 ||
	    xmlTextWriterWriteString(w, BAD_CAST value) < 0)
		return -1;
	return xmlTextWriterEndElement(w);
}

/* An xs:duration of seconds: PT20S, PT2.5S. */
static void duration(char *buf, size_t size, double secs)
{
	if (secs == (double)(long)secs)
		snprintf(buf, size, "PT%ldS", (long)secs);
	else
		snprintf(buf, size, "PT%.3fS", secs);
}

static int header(xmlTextWriterPtr w, const ec_wsman_request *r)
{
	char t[64];

	W(xmlTextWriterStartElement(w, BAD_CAST "s:Header"));
	W(elem(w, "a:To", r->to));
	W(xmlTextWriterStartElement(w, BAD_CAST "a:ReplyTo"));
	W(must(w, "a:Address", URI_ANONYMOUS));
	W(xmlTextWriterEndElement(w));
	W(must(w, "a:Action", action_uris[r->action]));
	W(elem(w, "a:MessageID", r->message_id));
	W(must(w, "w:ResourceURI", URI_CMD_SHELL));
	W(must(w, "w:MaxEnvelopeSize", MAX_ENVELOPE));
	duration(t, sizeof(t), r->operation_timeout > 0 ? r->operation_timeout : 20);
	W(elem(w, "w:OperationTimeout", t));
	W(xmlTextWriterStartElement(w, BAD_CAST "w:Locale"));
	W(xmlTextWriterWriteAttribute(w, BAD_CAST "s:mustUnderstand", BAD_CAST "false"));
	W(xmlTextWriterWriteAttribute(w, BAD_CAST "xml:lang", BAD_CAST "en-US"));
	W(xmlTextWriterEndElement(w));
	W(xmlTextWriterStartElement(w, BAD_CAST "p:DataLocale"));
	W(xmlTextWriterWriteAttribute(w, BAD_CAST "s:mustUnderstand", BAD_CAST "false"));
	W(xmlTextWriterWriteAttribute(w, BAD_CAST "xml:lang", BAD_CAST "en-US"));
	W(xmlTextWriterEndElement(w));
	if (r->action != EC_WSMAN_CREATE) {
		W(xmlTextWriterStartElement(w, BAD_CAST "w:SelectorSet"));
		W(xmlTextWriterStartElement(w, BAD_CAST "w:Selector"));
		W(xmlTextWriterWriteAttribute(w, BAD_CAST "Name", BAD_CAST "ShellId"));
		W(xmlTextWriterWriteString(w, BAD_CAST(r->shell_id ? r->shell_id : "")));
		W(xmlTextWriterEndElement(w));
		W(xmlTextWriterEndElement(w));
	}
	if (r->action == EC_WSMAN_CREATE) {
		W(xmlTextWriterStartElement(w, BAD_CAST "w:OptionSet"));
		W(option(w, "WINRS_NOPROFILE", "TRUE"));
		W(option(w, "WINRS_CODEPAGE", "65001")); /* UTF-8 output */
		W(xmlTextWriterEndElement(w));
	} else if (r->action == EC_WSMAN_COMMAND) {
		W(xmlTextWriterStartElement(w, BAD_CAST "w:OptionSet"));
		W(option(w, "WINRS_CONSOLEMODE_STDIN", "TRUE"));
		W(option(w, "WINRS_SKIP_CMD_SHELL", "FALSE"));
		W(xmlTextWriterEndElement(w));
	}
	return xmlTextWriterEndElement(w);
fail:
	return -1;
}

static int body(xmlTextWriterPtr w, const ec_wsman_request *r)
{
	char t[64];

	W(xmlTextWriterStartElement(w, BAD_CAST "s:Body"));
	switch (r->action) {
	case EC_WSMAN_CREATE:
		W(xmlTextWriterStartElement(w, BAD_CAST "rsp:Shell"));
		W(elem(w, "rsp:InputStreams", "stdin"));
		W(elem(w, "rsp:OutputStreams", "stdout stderr"));
		if (r->idle_timeout > 0) {
			duration(t, sizeof(t), r->idle_timeout);
			W(elem(w, "rsp:IdleTimeOut", t));
		}
		W(xmlTextWriterEndElement(w));
		break;
	case EC_WSMAN_COMMAND:
		W(xmlTextWriterStartElement(w, BAD_CAST "rsp:CommandLine"));
		W(elem(w, "rsp:Command", r->command_line ? r->command_line : ""));
		W(xmlTextWriterEndElement(w));
		break;
	case EC_WSMAN_RECEIVE:
		W(xmlTextWriterStartElement(w, BAD_CAST "rsp:Receive"));
		W(xmlTextWriterStartElement(w, BAD_CAST "rsp:DesiredStream"));
		W(xmlTextWriterWriteAttribute(w, BAD_CAST "CommandId",
		                              BAD_CAST(r->command_id ? r->command_id : "")));
		W(xmlTextWriterWriteString(w, BAD_CAST "stdout stderr"));
		W(xmlTextWriterEndElement(w));
		W(xmlTextWriterEndElement(w));
		break;
	case EC_WSMAN_SIGNAL:
		W(xmlTextWriterStartElement(w, BAD_CAST "rsp:Signal"));
		W(xmlTextWriterWriteAttribute(w, BAD_CAST "CommandId",
		                              BAD_CAST(r->command_id ? r->command_id : "")));
		W(elem(w, "rsp:Code", URI_TERMINATE));
		W(xmlTextWriterEndElement(w));
		break;
	case EC_WSMAN_DELETE:
		break;
	}
	return xmlTextWriterEndElement(w);
fail:
	return -1;
}

int ec_wsman_build(idle_bytes *out, const ec_wsman_request *r)
{
	static const char *const ns[][2] = {{"xmlns:s", NS_SOAP},
	                                    {"xmlns:a", NS_ADDR},
	                                    {"xmlns:w", NS_WSMAN},
	                                    {"xmlns:p", NS_MSWS},
	                                    {"xmlns:rsp", NS_SHELL}};
	xmlBufferPtr buf = xmlBufferCreate();
	xmlTextWriterPtr w = buf ? xmlNewTextWriterMemory(buf, 0) : NULL;
	size_t i;
	int rc = -1;

	if (!w)
		goto done;
	W(xmlTextWriterStartElement(w, BAD_CAST "s:Envelope"));
	for (i = 0; i < sizeof(ns) / sizeof(ns[0]); i++)
		W(xmlTextWriterWriteAttribute(w, BAD_CAST ns[i][0], BAD_CAST ns[i][1]));
	W(header(w, r));
	W(body(w, r));
	W(xmlTextWriterEndElement(w));
	W(xmlTextWriterFlush(w));
	rc = idle_bytes_add(out, xmlBufferContent(buf), (size_t)xmlBufferLength(buf));
	goto done;
fail:
	rc = -1;
done:
	if (w)
		xmlFreeTextWriter(w);
	if (buf)
		xmlBufferFree(buf);
	return rc;
}

/* ---- reading ---------------------------------------------------------------------------- */

static int is(const xmlNode *n, const char *local)
{
	return n && n->type == XML_ELEMENT_NODE && !strcmp((const char *)n->name, local);
}

static xmlNode *child(const xmlNode *n, const char *local)
{
	for (n = n ? n->children : NULL; n; n = n->next)
		if (is(n, local))
			return (xmlNode *)n;
	return NULL;
}

/* The first descendant (depth first) named local, or NULL. */
static xmlNode *find(const xmlNode *n, const char *local)
{
	for (n = n ? n->children : NULL; n; n = n->next) {
		xmlNode *f;

		if (is(n, local))
			return (xmlNode *)n;
		if ((f = find(n, local)))
			return f;
	}
	return NULL;
}

static int attr_is(xmlNode *n, const char *name, const char *value)
{
	xmlChar *v = xmlGetProp(n, BAD_CAST name);
	int eq = v && !strcmp((const char *)v, value);

	xmlFree(v);
	return eq;
}

/* n's text, white space collapsed and trimmed, into buf. */
static void text(const xmlNode *n, char *buf, size_t size)
{
	xmlChar *c = n ? xmlNodeGetContent(n) : NULL;
	const char *s = c ? (const char *)c : "";
	size_t o = 0;
	int space = 0;

	for (; *s && o + 1 < size; s++) {
		if (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n') {
			space = o > 0;
			continue;
		}
		if (space && o + 2 < size)
			buf[o++] = ' ';
		space = 0;
		buf[o++] = *s;
	}
	buf[o] = '\0';
	xmlFree(c);
}

/* The deepest WSManFault's Message under n (its depth in *best). */
static const xmlNode *innermost_message(const xmlNode *n, int depth, int *best)
{
	const xmlNode *found = NULL, *c;

	for (c = n ? n->children : NULL; c; c = c->next) {
		const xmlNode *f;
		int d = *best;

		if (c->type != XML_ELEMENT_NODE)
			continue;
		if (is(c, "Message") && is(n, "WSManFault") && depth > *best) {
			*best = depth;
			found = c;
		}
		if ((f = innermost_message(c, depth + 1, best)) && *best > d)
			found = f;
	}
	return found;
}

static void parse_fault(const xmlNode *fault, ec_wsman_reply *out)
{
	const xmlNode *detail = child(fault, "Detail"), *wf = child(detail, "WSManFault"),
	              *wmi = child(detail, "MSFT_WmiError"), *m;
	char code[32];
	int best = -1;

	out->fault = 1;
	text(child(child(child(fault, "Code"), "Subcode"), "Value"), out->subcode,
	     sizeof(out->subcode));
	code[0] = '\0';
	if (wf) {
		xmlChar *c = xmlGetProp((xmlNode *)wf, BAD_CAST "Code");

		snprintf(code, sizeof(code), "%s", c ? (const char *)c : "");
		xmlFree(c);
	}
	if (!code[0] && wmi)
		text(child(wmi, "error_Code"), code, sizeof(code));
	out->code = strtoull(code, NULL, 10);
	if ((m = innermost_message(detail, 0, &best)))
		text(m, out->message, sizeof(out->message));
	if (!out->message[0] && wmi)
		text(child(wmi, "Message"), out->message, sizeof(out->message));
	if (!out->message[0])
		text(child(child(fault, "Reason"), "Text"), out->message, sizeof(out->message));
	if (!out->message[0])
		snprintf(out->message, sizeof(out->message), "(no error message in the fault)");
}

static int parse_receive(const xmlNode *rr, const char *command_id, idle_bytes *so, idle_bytes *se,
                         ec_wsman_reply *out, char *err, size_t errlen)
{
	const xmlNode *n, *cs;

	for (n = rr->children; n; n = n->next) {
		xmlChar *name, *cid, *data = NULL;
		idle_bytes *to = NULL;
		int rc = 0;

		if (!is(n, "Stream"))
			continue;
		name = xmlGetProp((xmlNode *)n, BAD_CAST "Name");
		cid = xmlGetProp((xmlNode *)n, BAD_CAST "CommandId");
		if (name && (!command_id || !cid || !strcasecmp((const char *)cid, command_id)))
			to = !strcmp((const char *)name, "stdout")   ? so
			     : !strcmp((const char *)name, "stderr") ? se
			                                             : NULL;
		if (to && (data = xmlNodeGetContent(n)) && *data)
			rc = idle_base64_decode(to, (const char *)data, strlen((char *)data));
		if (rc == -2)
			snprintf(err, errlen, "the %s stream of the reply is not base64",
			         (const char *)name);
		xmlFree(data);
		xmlFree(name);
		xmlFree(cid);
		if (rc)
			return rc;
	}
	if ((cs = child(rr, "CommandState"))) {
		xmlChar *st = xmlGetProp((xmlNode *)cs, BAD_CAST "State");
		const char *s = st ? strrchr((const char *)st, '/') : NULL;
		const xmlNode *ec = child(cs, "ExitCode");

		out->state = !s                       ? EC_STATE_RUNNING
		             : !strcmp(s, "/Done")    ? EC_STATE_DONE
		             : !strcmp(s, "/Pending") ? EC_STATE_PENDING
		                                      : EC_STATE_RUNNING;
		xmlFree(st);
		if (ec) {
			char t[32];
			char *end;

			text(ec, t, sizeof(t));
			out->exit_code = strtol(t, &end, 10);
			out->has_exit_code = t[0] && !*end;
		}
	}
	return 0;
}

int ec_wsman_parse(const char *xml, size_t len, const char *command_id, idle_bytes *out_stdout,
                   idle_bytes *out_stderr, ec_wsman_reply *out, char *err, size_t errlen)
{
	xmlDoc *doc;
	const xmlNode *root, *hdr, *body, *n;
	int rc = 0;

	memset(out, 0, sizeof(*out));
	err[0] = '\0';
	if (len > INT_MAX || memmem(xml, len, "<!DOCTYPE", 9) || memmem(xml, len, "<!ENTITY", 8)) {
		snprintf(err, errlen, "the reply is not a plain SOAP envelope (it declares a DTD)");
		return -2;
	}
	doc = xmlReadMemory(xml, (int)len, "reply.xml", NULL,
	                    XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
	root = doc ? xmlDocGetRootElement(doc) : NULL;
	if (!is(root, "Envelope") || !(body = child(root, "Body"))) {
		snprintf(err, errlen, "the reply is not a SOAP envelope%s",
		         doc ? "" : " (not well-formed XML)");
		xmlFreeDoc(doc);
		return -2;
	}
	if ((hdr = child(root, "Header"))) {
		text(child(hdr, "Action"), out->action, sizeof(out->action));
		text(child(hdr, "RelatesTo"), out->relates_to, sizeof(out->relates_to));
	}
	if ((n = child(body, "Fault"))) {
		parse_fault(n, out);
	} else if ((n = child(body, "ReceiveResponse"))) {
		rc = parse_receive(n, command_id, out_stdout, out_stderr, out, err, errlen);
	} else if ((n = child(body, "CommandResponse"))) {
		text(child(n, "CommandId"), out->command_id, sizeof(out->command_id));
	} else {
		const xmlNode *rc_node = child(body, "ResourceCreated"), *sel;

		/* the ShellId selector (pywinrm's way), else rsp:Shell/rsp:ShellId */
		for (sel = find(rc_node, "Selector"); sel; sel = sel->next)
			if (is(sel, "Selector") && attr_is((xmlNode *)sel, "Name", "ShellId")) {
				text(sel, out->shell_id, sizeof(out->shell_id));
				break;
			}
		if (!out->shell_id[0])
			text(child(child(body, "Shell"), "ShellId"), out->shell_id,
			     sizeof(out->shell_id));
	}
	xmlFreeDoc(doc);
	return rc;
}

void ec_wsman_message_id(char *buf, size_t size)
{
	unsigned char r[16];
	size_t got = 0;

	while (got < sizeof(r)) {
		ssize_t n = getrandom(r + got, sizeof(r) - got, 0);

		if (n <= 0) /* no entropy source: still unique enough for RelatesTo */
			for (; got < sizeof(r); got++)
				r[got] = (unsigned char)(rand() ^ (got * 131));
		else
			got += (size_t)n;
	}
	r[6] = (unsigned char)((r[6] & 0x0F) | 0x40);
	r[8] = (unsigned char)((r[8] & 0x3F) | 0x80);
	snprintf(buf, size,
	         "uuid:%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x", r[0],
	         r[1], r[2], r[3], r[4], r[5], r[6], r[7], r[8], r[9], r[10], r[11], r[12], r[13],
	         r[14], r[15]);
}
