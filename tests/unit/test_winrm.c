/*
 * tests/unit/test_winrm.c - the EntraConnect provider's parsers and
 * builders without a network: base64, the -EncodedCommand line, CLIXML
 * errors, PowerShell 5.1 JSON, WS-Man envelopes and replies, the ADSync
 * scripts and error classes.
 */
#include "tests/unit/testutil.h"

#include <stdio.h>
#include <stdlib.h>

#include "providers/common/base64.h"
#include "providers/entraconnect/adsync.h"
#include "providers/entraconnect/psout.h"
#include "providers/entraconnect/wsman.h"

/* ---- base64 ---------------------------------------------------------------------------------- */

static void base64(void **state)
{
	static const char *const plain[] = {"", "f", "fo", "foo", "foob", "fooba", "foobar"};
	static const char *const coded[] = {"",         "Zg==",     "Zm8=",    "Zm9v",
	                                    "Zm9vYg==", "Zm9vYmE=", "Zm9vYmFy"};
	size_t i;

	(void)state;
	for (i = 0; i < 7; i++) { /* RFC 4648's vectors, both ways */
		idle_bytes e = IDLE_BYTES_INIT, d = IDLE_BYTES_INIT;

		assert_int_equal(idle_base64_encode(&e, plain[i], strlen(plain[i])), 0);
		assert_string_equal(e.p ? e.p : "", coded[i]);
		assert_int_equal(idle_base64_decode(&d, coded[i], strlen(coded[i])), 0);
		assert_int_equal(d.len, strlen(plain[i]));
		assert_memory_equal(d.p ? d.p : "", plain[i], d.len);
		idle_bytes_wipe(&e);
		idle_bytes_wipe(&d);
	}
	{
		idle_bytes d = IDLE_BYTES_INIT;

		/* white space inside is skipped (servers break lines) */
		assert_int_equal(idle_base64_decode(&d, "Zm9v\r\nYm Fy\t", 12), 0);
		assert_string_equal(d.p, "foobar");
		idle_bytes_wipe(&d);
		/* anything else is not base64 */
		assert_int_equal(idle_base64_decode(&d, "Zm9v!", 5), -2);
		assert_int_equal(idle_base64_decode(&d, "Zg==Zg==", 8),
		                 -2);                                   /* data after padding */
		assert_int_equal(idle_base64_decode(&d, "Z", 1), -2);   /* a lone sextet */
		assert_int_equal(idle_base64_decode(&d, "Zg=", 3), -2); /* short padding */
		assert_int_equal(idle_base64_decode(&d, "Z===", 4), -2);
		idle_bytes_wipe(&d);
	}
}

/* ---- the command line -------------------------------------------------------------------------- */

static void command_line(void **state)
{
	idle_bytes b = IDLE_BYTES_INIT, d = IDLE_BYTES_INIT;
	const char *enc;
	char *big;

	(void)state;
	/* "Hi é😀" as UTF-16LE: H i space é, then a surrogate pair */
	assert_int_equal(ec_ps_command_line(&b, "Hi \xC3\xA9\xF0\x9F\x98\x80"), 0);
	enc = strstr(b.p, "-EncodedCommand ");
	assert_non_null(enc);
	assert_true(!strncmp(b.p, "powershell.exe -NoProfile -NonInteractive", 41));
	assert_int_equal(idle_base64_decode(&d, enc + 16, strlen(enc + 16)), 0);
	assert_int_equal(d.len, 12);
	assert_memory_equal(d.p, "H\0i\0 \0\xE9\0\x3D\xD8\x00\xDE", 12);
	idle_bytes_wipe(&b);
	idle_bytes_wipe(&d);
	/* cmd.exe's 8191 characters: about 3000 characters of script fit, 3100 do not */
	big = malloc(3101);
	memset(big, 'x', 3000);
	big[3000] = '\0';
	assert_int_equal(ec_ps_command_line(&b, big), 0);
	assert_true(b.len <= EC_PS_CMDLINE_MAX);
	idle_bytes_wipe(&b);
	memset(big, 'x', 3100);
	big[3100] = '\0';
	assert_int_equal(ec_ps_command_line(&b, big), -2);
	idle_bytes_wipe(&b);
	free(big);
}

/* ---- CLIXML ------------------------------------------------------------------------------------------ */

static char *errors_of(const char *s)
{
	idle_bytes out = IDLE_BYTES_INIT;

	assert_int_equal(ec_ps_errors(s, strlen(s), &out), 0);
	return idle_bytes_take(&out, NULL);
}

static void clixml(void **state)
{
	static const char objs[] = "<Objs Version=\"1.1.0.1\" "
	                           "xmlns=\"http://schemas.microsoft.com/powershell/2004/04\">";
	static const char progress[] =
	    "<Obj S=\"progress\" RefId=\"0\"><TN RefId=\"0\"><T>System.Management.Automation."
	    "PSCustomObject</T></TN><MS><I64 N=\"SourceId\">1</I64><PR N=\"Record\"><AV>Preparing "
	    "modules for first use.</AV></PR></MS></Obj>";
	char buf[2048], *t;

	(void)state;
	/* progress alone is not an error */
	snprintf(buf, sizeof(buf), "#< CLIXML\r\n%s%s</Objs>", objs, progress);
	t = errors_of(buf);
	assert_string_equal(t, "");
	free(t);
	/* two blocks (a progress record, then the error lines), escapes, a BOM, CRLF */
	snprintf(
	    buf, sizeof(buf),
	    "\xEF\xBB\xBF#< CLIXML\r\n%s%s</Objs>%s<S S=\"Error\">Start-ADSyncSyncCycle : "
	    "System.InvalidOperationException: Connector: a_x005F_b &amp; "
	    "_xD83D__xDE00_ is busy._x000D__x000A_</S><S S=\"Error\">At line:1 char:1_x000D__x000A_"
	    "</S><S S=\"warning\">ignored</S></Objs>",
	    objs, progress, objs);
	t = errors_of(buf);
	assert_string_equal(t, "Start-ADSyncSyncCycle : System.InvalidOperationException: "
	                       "Connector: a_b & \xF0\x9F\x98\x80 is busy.\nAt line:1 char:1");
	ec_ps_summary(t, buf, sizeof(buf));
	assert_string_equal(buf, "Start-ADSyncSyncCycle : System.InvalidOperationException: "
	                         "Connector: a_b & \xF0\x9F\x98\x80 is busy.");
	free(t);
	/* line breaks before the marker; the first code point past the BMP */
	snprintf(buf, sizeof(buf),
	         "\r\n #< CLIXML\r\n%s<S S=\"Error\">_xD800__xDC00_ _xFFFF_</S></Objs>", objs);
	t = errors_of(buf);
	assert_string_equal(t, "\xF0\x90\x80\x80 \xEF\xBF\xBF");
	free(t);
	/* a lone surrogate becomes U+FFFD; an escape that is not one stays */
	snprintf(buf, sizeof(buf), "#< CLIXML\r\n%s<S S=\"Error\">x_xD800_y_xZZZZ_</S></Objs>",
	         objs);
	t = errors_of(buf);
	assert_string_equal(t, "x\xEF\xBF\xBDy_xZZZZ_");
	free(t);
	/* not CLIXML: as it is, trimmed */
	t = errors_of("\r\n'powershell.exe' is not recognized\r\n");
	assert_string_equal(t, "'powershell.exe' is not recognized");
	free(t);
	/* a block that does not parse (an entity it does not declare) is reported as it is */
	t = errors_of("#< CLIXML\r\n<!DOCTYPE x [<!ENTITY a \"b\">]><Objs>&a;</Objs>");
	assert_string_equal(t, "<Objs>&a;</Objs>");
	free(t);
	/* the summary stops at "At line:" even on the first line */
	ec_ps_summary("Get-X : denied At line:1 char:5", buf, sizeof(buf));
	assert_string_equal(buf, "Get-X : denied");
}

/* ---- PowerShell 5.1 JSON ------------------------------------------------------------------------- */

static void ps_json(void **state)
{
	static const char out[] =
	    "\xEF\xBB\xBFWARNING: a module said something\r\n"
	    "{\"AllowedSyncCycleInterval\":{\"Ticks\":18000000000,\"TotalSeconds\":1800},"
	    "\"PurgeRunHistoryInterval\":\"7.00:00:00\",\"CustomizedSyncCycleInterval\":null,"
	    "\"NextSyncCyclePolicyType\":1,\"NextSyncCycleStartTimeInUTC\":\"\\/Date(1772439600000)\\/\","
	    "\"SyncCycleEnabled\":true,\"StagingModeEnabled\":\"False\",\"Iso\":\"2026-03-02T08:20:00Z\","
	    "\"Half\":\"00:00:30.5000000\"}\r\nnoise after\r\n";
	static const char multi[] = "{\r\n    \"a\":  [\r\n        1\r\n    ]\r\n}\r\n";
	cJSON *j = ec_ps_json(out, strlen(out));
	char date[40];

	(void)state;
	assert_non_null(j);
	assert_true(ec_ps_timespan(j, "AllowedSyncCycleInterval") == 1800);
	assert_true(ec_ps_timespan(j, "PurgeRunHistoryInterval") == 604800);
	assert_true(ec_ps_timespan(j, "Half") == 30.5);
	assert_true(ec_ps_timespan(j, "CustomizedSyncCycleInterval") == -1);
	assert_true(ec_ps_timespan(j, "Missing") == -1);
	assert_string_equal(ec_ps_policy(j, "NextSyncCyclePolicyType"), "Delta");
	assert_null(ec_ps_policy(j, "Missing"));
	assert_int_equal(ec_ps_date(j, "NextSyncCycleStartTimeInUTC", date, sizeof(date)), 0);
	assert_string_equal(date, "2026-03-02T08:20:00Z");
	assert_int_equal(ec_ps_date(j, "Iso", date, sizeof(date)), 0);
	assert_string_equal(date, "2026-03-02T08:20:00Z");
	assert_int_equal(ec_ps_date(j, "SyncCycleEnabled", date, sizeof(date)), -1);
	assert_int_equal(ec_ps_bool(j, "SyncCycleEnabled"), 1);
	assert_int_equal(ec_ps_bool(j, "StagingModeEnabled"), 0);
	assert_int_equal(ec_ps_bool(j, "Missing"), -1);
	cJSON_Delete(j);
	/* a report over several lines (5.1 indents without -Compress) */
	j = ec_ps_json(multi, strlen(multi));
	assert_non_null(j);
	cJSON_Delete(j);
	/* nothing that parses */
	assert_null(ec_ps_json("Result\r\n------\r\nSuccess\r\n", 25));
	assert_null(ec_ps_json("{ broken\r\n", 10));
	/* the policy's names, any case */
	j = cJSON_Parse("{\"p\":\"initial\",\"q\":2,\"r\":7}");
	assert_string_equal(ec_ps_policy(j, "p"), "Initial");
	assert_string_equal(ec_ps_policy(j, "q"), "Initial");
	assert_null(ec_ps_policy(j, "r"));
	cJSON_Delete(j);
}

/* ---- WS-Man ---------------------------------------------------------------------------------------- */

static int parse(const char *xml, const char *cid, idle_bytes *so, idle_bytes *se,
                 ec_wsman_reply *r, char *why)
{
	return ec_wsman_parse(xml, strlen(xml), cid, so, se, r, why, 160);
}

#define ENV(body)                                                                                  \
	"<?xml version=\"1.0\"?><s:Envelope xmlns:s=\"http://www.w3.org/2003/05/soap-envelope\" "  \
	"xmlns:a=\"http://schemas.xmlsoap.org/ws/2004/08/addressing\" "                            \
	"xmlns:w=\"http://schemas.dmtf.org/wbem/wsman/1/wsman.xsd\" "                              \
	"xmlns:rsp='http://schemas.microsoft.com/wbem/wsman/1/windows/shell'><s:Header>"           \
	"<a:Action>urn:x</a:Action><a:RelatesTo>uuid:1</a:RelatesTo></s:Header><s:Body>" body      \
	"</s:Body></s:Envelope>"

static void wsman_build(void **state)
{
	ec_wsman_request rq = {.action = EC_WSMAN_COMMAND,
	                       .to = "https://h:5986/wsman?a=<&>",
	                       .message_id = "uuid:m",
	                       .operation_timeout = 2.5,
	                       .shell_id = "S1",
	                       .command_line = "powershell.exe -EncodedCommand <abc&>"};
	idle_bytes b = IDLE_BYTES_INIT;
	ec_wsman_reply r;
	char why[160];

	(void)state;
	assert_int_equal(ec_wsman_build(&b, &rq), 0);
	/* what goes into the XML is escaped; the header says what the request is */
	assert_non_null(strstr(b.p, "<a:To>https://h:5986/wsman?a=&lt;&amp;&gt;</a:To>"));
	assert_non_null(strstr(b.p, "windows/shell/Command</a:Action>"));
	assert_non_null(strstr(b.p, "<w:OperationTimeout>PT2.500S</w:OperationTimeout>"));
	assert_non_null(strstr(b.p, "<w:Selector Name=\"ShellId\">S1</w:Selector>"));
	assert_non_null(strstr(b.p, "-EncodedCommand &lt;abc&amp;&gt;</rsp:Command>"));
	assert_non_null(strstr(b.p, "WINRS_SKIP_CMD_SHELL"));
	/* it is well-formed: it parses back (no Body element we read: a plain reply) */
	assert_int_equal(ec_wsman_parse(b.p, b.len, NULL, NULL, NULL, &r, why, sizeof(why)), 0);
	idle_bytes_wipe(&b);
	rq.action = EC_WSMAN_CREATE;
	rq.operation_timeout = 20;
	rq.idle_timeout = 1800;
	assert_int_equal(ec_wsman_build(&b, &rq), 0);
	assert_non_null(strstr(b.p, "<w:Option Name=\"WINRS_CODEPAGE\">65001</w:Option>"));
	assert_non_null(strstr(b.p, "<rsp:IdleTimeOut>PT1800S</rsp:IdleTimeOut>"));
	assert_null(strstr(b.p, "SelectorSet"));
	assert_non_null(strstr(b.p, "PT20S"));
	idle_bytes_wipe(&b);
}

static void wsman_replies(void **state)
{
	idle_bytes so = IDLE_BYTES_INIT, se = IDLE_BYTES_INIT;
	ec_wsman_reply r;
	char why[160];

	(void)state;
	/* the ShellId selector (any prefix, single quotes), else rsp:Shell/rsp:ShellId */
	assert_int_equal(parse(ENV("<x:ResourceCreated xmlns:x='urn:t'><a:ReferenceParameters>"
	                           "<w:SelectorSet><w:Selector Name='Other'>no</w:Selector>"
	                           "<w:Selector Name='ShellId'> ABC-1 </w:Selector></w:SelectorSet>"
	                           "</a:ReferenceParameters></x:ResourceCreated>"),
	                       NULL, NULL, NULL, &r, why),
	                 0);
	assert_string_equal(r.shell_id, "ABC-1");
	assert_string_equal(r.relates_to, "uuid:1");
	assert_int_equal(r.fault, 0);
	assert_int_equal(parse(ENV("<rsp:Shell><rsp:ShellId>S-2</rsp:ShellId></rsp:Shell>"), NULL,
	                       NULL, NULL, &r, why),
	                 0);
	assert_string_equal(r.shell_id, "S-2");
	/* Command */
	assert_int_equal(parse(ENV("<rsp:CommandResponse><rsp:CommandId>C-1</rsp:CommandId>"
	                           "</rsp:CommandResponse>"),
	                       NULL, NULL, NULL, &r, why),
	                 0);
	assert_string_equal(r.command_id, "C-1");
	/* Receive: chunks of both streams, another command's ignored, then Done */
	assert_int_equal(parse(ENV("<rsp:ReceiveResponse>"
	                           "<rsp:Stream Name='stdout' CommandId='c-1'>aGVs</rsp:Stream>"
	                           "<rsp:Stream Name='stdout' CommandId='C-2'>eHg=</rsp:Stream>"
	                           "<rsp:Stream Name='stderr' CommandId='C-1'>ZXJy</rsp:Stream>"
	                           "<rsp:Stream Name='stdout' CommandId='C-1'>bG8=\n</rsp:Stream>"
	                           "<rsp:Stream Name='stdout' CommandId='C-1' End='true'/>"
	                           "<rsp:CommandState CommandId='C-1' State='http://schemas."
	                           "microsoft.com/wbem/wsman/1/windows/shell/CommandState/Done'>"
	                           "<rsp:ExitCode>3</rsp:ExitCode></rsp:CommandState>"
	                           "</rsp:ReceiveResponse>"),
	                       "C-1", &so, &se, &r, why),
	                 0);
	assert_string_equal(so.p, "hello");
	assert_string_equal(se.p, "err");
	assert_int_equal(r.state, EC_STATE_DONE);
	assert_int_equal(r.has_exit_code, 1);
	assert_int_equal(r.exit_code, 3);
	idle_bytes_wipe(&so);
	idle_bytes_wipe(&se);
	/* still running: no CommandState, or Running; Done without an ExitCode */
	assert_int_equal(parse(ENV("<rsp:ReceiveResponse/>"), "C-1", &so, &se, &r, why), 0);
	assert_int_equal(r.state, EC_STATE_NONE);
	assert_int_equal(parse(ENV("<rsp:ReceiveResponse><rsp:CommandState State='x/CommandState/"
	                           "Running'/></rsp:ReceiveResponse>"),
	                       "C-1", &so, &se, &r, why),
	                 0);
	assert_int_equal(r.state, EC_STATE_RUNNING);
	assert_int_equal(parse(ENV("<rsp:ReceiveResponse><rsp:CommandState State='x/CommandState/"
	                           "Done'/></rsp:ReceiveResponse>"),
	                       "C-1", &so, &se, &r, why),
	                 0);
	assert_int_equal(r.state, EC_STATE_DONE);
	assert_int_equal(r.has_exit_code, 0);
	/* a stream that is not base64 */
	assert_int_equal(parse(ENV("<rsp:ReceiveResponse><rsp:Stream Name='stdout'>%%%</rsp:Stream>"
	                           "</rsp:ReceiveResponse>"),
	                       NULL, &so, &se, &r, why),
	                 -2);
	assert_non_null(strstr(why, "stdout stream"));
	idle_bytes_wipe(&so);
	idle_bytes_wipe(&se);
}

static void wsman_faults(void **state)
{
	ec_wsman_reply r;
	char why[160];

	(void)state;
	/* the innermost WSManFault Message; the outer Code; the subcode as sent */
	assert_int_equal(
	    parse(
	        ENV("<s:Fault><s:Code><s:Value>s:Receiver</s:Value><s:Subcode><s:Value>"
	            "w:InternalError</s:Value></s:Subcode></s:Code><s:Reason><s:Text>reason"
	            "</s:Text></s:Reason><s:Detail><f:WSManFault xmlns:f='urn:f' Code='2150858770'>"
	            "<f:Message>outer <f:ProviderFault provider='p'><f:WSManFault Code='1'>"
	            "<f:Message>  the   inner\n message </f:Message></f:WSManFault>"
	            "</f:ProviderFault></f:Message></f:WSManFault></s:Detail></s:Fault>"),
	        NULL, NULL, NULL, &r, why),
	    0);
	assert_int_equal(r.fault, 1);
	assert_true(r.code == 2150858770ULL);
	assert_string_equal(r.subcode, "w:InternalError");
	assert_string_equal(r.message, "the inner message");
	/* a quota fault: MSFT_WmiError's code and message */
	assert_int_equal(
	    parse(ENV("<s:Fault><s:Code><s:Value>s:Receiver</s:Value></s:Code><s:Detail>"
	              "<p:MSFT_WmiError xmlns:p='urn:p'><p:Message>too many shells</p:Message>"
	              "<p:error_Code>2150859173</p:error_Code></p:MSFT_WmiError></s:Detail>"
	              "</s:Fault>"),
	          NULL, NULL, NULL, &r, why),
	    0);
	assert_true(r.code == EC_WSMAN_QUOTA_SHELLS);
	assert_string_equal(r.message, "too many shells");
	/* only a Reason; nothing at all */
	assert_int_equal(parse(ENV("<s:Fault><s:Reason><s:Text>just this</s:Text></s:Reason>"
	                           "</s:Fault>"),
	                       NULL, NULL, NULL, &r, why),
	                 0);
	assert_true(r.code == 0);
	assert_string_equal(r.message, "just this");
	assert_int_equal(parse(ENV("<s:Fault/>"), NULL, NULL, NULL, &r, why), 0);
	assert_string_equal(r.message, "(no error message in the fault)");
	/* not a SOAP envelope: refused with a reason */
	assert_int_equal(parse("<html>500</html>", NULL, NULL, NULL, &r, why), -2);
	assert_non_null(strstr(why, "not a SOAP envelope"));
	assert_int_equal(parse("<s:Envelope", NULL, NULL, NULL, &r, why), -2);
	assert_non_null(strstr(why, "not well-formed"));
	assert_int_equal(
	    parse("<!DOCTYPE s [<!ENTITY x 'y'>]><s:Envelope/>", NULL, NULL, NULL, &r, why), -2);
	assert_non_null(strstr(why, "DTD"));
	assert_int_equal(parse("", NULL, NULL, NULL, &r, why), -2);
}

/* ---- ADSync ---------------------------------------------------------------------------------------- */

static void adsync_scripts(void **state)
{
	idle_bytes b = IDLE_BYTES_INIT;
	ec_scheduler s;
	static const char legacy[] = "{\"NextSyncCyclePolicyType\":\"Delta\",\"SyncCycleEnabled\":"
	                             "true,\"StagingModeEnabled\":true}";

	(void)state;
	assert_int_equal(ec_adsync_start_script(&b, "Initial"), 0);
	assert_non_null(strstr(b.p, "Start-ADSyncSyncCycle -PolicyType Initial;"));
	assert_true(!strncmp(b.p, "$ErrorActionPreference='Stop'", 29));
	idle_bytes_wipe(&b);
	assert_int_equal(ec_adsync_start_script(&b, NULL), 0);
	assert_null(strstr(b.p, "-PolicyType"));
	idle_bytes_wipe(&b);
	/* every kind of single quote is doubled; the switches follow the flags */
	assert_int_equal(ec_adsync_single_object_script(&b, "CN=Pat O'Brien \xE2\x80\x99x,DC=c",
	                                                IDLE_SYNC_OBJECT_STAGING),
	                 0);
	assert_non_null(strstr(b.p, "-DistinguishedName 'CN=Pat O''Brien \xE2\x80\x99\xE2\x80\x99x,"
	                            "DC=c' -StagingMode -NoHtmlReport"));
	idle_bytes_wipe(&b);
	assert_int_equal(ec_adsync_single_object_script(&b, "CN=x", IDLE_SYNC_OBJECT_HTML_REPORT),
	                 0);
	assert_null(strstr(b.p, "-NoHtmlReport"));
	assert_null(strstr(b.p, "-StagingMode"));
	idle_bytes_wipe(&b);
	assert_int_equal(ec_adsync_single_object_script(&b, "CN=x\n", 0), -2);
	idle_bytes_wipe(&b);
	/* an old build: no SyncCycleInProgress or SchedulerSuspended */
	assert_int_equal(ec_adsync_scheduler(legacy, strlen(legacy), &s), 0);
	assert_int_equal(s.in_progress, -1);
	assert_int_equal(s.suspended, 0);
	assert_int_equal(s.staging, 1);
	assert_int_equal(s.enabled, 1);
	assert_string_equal(s.next_policy, "Delta");
	assert_string_equal(s.next_start, "");
	assert_int_equal(ec_adsync_scheduler("Result\r\n", 8, &s), -1);
}

static void adsync_errors(void **state)
{
	(void)state;
	assert_int_equal(
	    ec_adsync_classify("Start-ADSyncSyncCycle : System.InvalidOperationException: "
	                       "Connector: c - AAD is busy."),
	    EC_ADSYNC_BUSY);
	assert_int_equal(ec_adsync_classify("x: The sync scheduler is suspended. A sync cycle"),
	                 EC_ADSYNC_SUSPENDED);
	assert_int_equal(ec_adsync_classify("Get-ADSyncScheduler : Access is denied."),
	                 EC_ADSYNC_PRIVILEGE);
	assert_int_equal(ec_adsync_classify("requires elevation"), EC_ADSYNC_PRIVILEGE);
	assert_int_equal(ec_adsync_classify("Import-Module : The specified module 'ADSync' was not "
	                                    "loaded because no valid module file was found"),
	                 EC_ADSYNC_MODULE_MISSING);
	assert_int_equal(
	    ec_adsync_classify("The term 'Get-ADSyncScheduler' is not recognized as the "
	                       "name of a cmdlet"),
	    EC_ADSYNC_MODULE_MISSING);
	assert_int_equal(ec_adsync_classify("The term 'Invoke-ADSyncSingleObjectSync' is not "
	                                    "recognized as the name of a cmdlet"),
	                 EC_ADSYNC_UNSUPPORTED);
	assert_int_equal(
	    ec_adsync_classify("Single object sync is throttled for this tenant. Please "
	                       "retry after 5 minutes."),
	    EC_ADSYNC_THROTTLED);
	assert_int_equal(ec_adsync_classify("something else entirely"), EC_ADSYNC_OTHER);
	/* "access" without "denied" after it is not a privilege problem */
	assert_int_equal(ec_adsync_classify("denied access"), EC_ADSYNC_OTHER);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(base64),        cmocka_unit_test(command_line),
	    cmocka_unit_test(clixml),        cmocka_unit_test(ps_json),
	    cmocka_unit_test(wsman_build),   cmocka_unit_test(wsman_replies),
	    cmocka_unit_test(wsman_faults),  cmocka_unit_test(adsync_scripts),
	    cmocka_unit_test(adsync_errors),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
