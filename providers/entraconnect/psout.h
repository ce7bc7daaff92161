/*
 * providers/entraconnect/psout.h - Windows PowerShell 5.1 through WinRS: the
 * command line (-EncodedCommand), the CLIXML error stream, and the JSON
 * ConvertTo-Json prints (shared/spec/winrm-adsync.md sections 2.1-2.5).
 */
#ifndef IDLE_PROVIDERS_ENTRACONNECT_PSOUT_H
#define IDLE_PROVIDERS_ENTRACONNECT_PSOUT_H

#include <stddef.h>

#include <cjson/cJSON.h>

#include "providers/common/bytes.h"

/* cmd.exe's limit of a command line, in characters (WinRS runs the line through cmd /c). */
#define EC_PS_CMDLINE_MAX 8191

/*
 * The command line running script (UTF-8) in Windows PowerShell:
 * "powershell.exe -NoProfile -NonInteractive -ExecutionPolicy Bypass
 * -EncodedCommand <base64 of UTF-16LE>". 0; -1 when out of memory; -2 when
 * the line would be longer than EC_PS_CMDLINE_MAX.
 */
int ec_ps_command_line(idle_bytes *out, const char *script);

/*
 * The error records of a stderr stream, decoded to text: the "#< CLIXML"
 * blocks' <S S="Error"> strings with _xHHHH_ escapes resolved (progress,
 * warning and verbose records are left out); a stderr that is not CLIXML as
 * it is. A UTF-8 BOM is skipped; CRLF becomes LF; the result is trimmed.
 * 0, or -1 when out of memory. An empty result means there was no error.
 */
int ec_ps_errors(const char *err, size_t len, idle_bytes *out);

/*
 * The first line of an error text, up to "At line:" (the message PowerShell
 * puts before the position), into buf; "" for none.
 */
void ec_ps_summary(const char *text, char *buf, size_t size);

/*
 * The JSON value ConvertTo-Json printed on stdout: a BOM and lines that are
 * not JSON (module warnings, Write-Host) are skipped; the first line that
 * parses as a JSON object or array wins. NULL when there is none.
 */
cJSON *ec_ps_json(const char *out, size_t len);

/* PowerShell 5.1's forms of a value ConvertTo-Json wrote: */
/* a bool (true/false, or "True"/"False"): 1, 0; -1 when absent or another type */
int ec_ps_bool(const cJSON *obj, const char *key);
/* a TimeSpan (an object with TotalSeconds, or "d.hh:mm:ss[.fff]"): seconds; -1 when absent */
double ec_ps_timespan(const cJSON *obj, const char *key);
/* a DateTime ("\/Date(ms)\/", or an ISO 8601 UTC string): as ISO "2026-03-02T08:20:00Z"
 * into buf; 0, or -1 when absent or not a date */
int ec_ps_date(const cJSON *obj, const char *key, char *buf, size_t size);
/* SynchronizationPolicyType (0/1/2 or its name): "Unspecified", "Delta", "Initial"; NULL */
const char *ec_ps_policy(const cJSON *obj, const char *key);

#endif
