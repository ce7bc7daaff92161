#!/usr/bin/env python3
"""winrm_sim.py - a loopback WinRM (WS-Management) + Entra Connect simulator.

Serves POST /wsman like a Windows WinRM listener running the WinRS cmd shell
(Create, Command, Receive, Signal, Delete, Send), decodes the
``powershell.exe ... -EncodedCommand`` line of each Command, runs the script
against a simulated ADSync server (adsync.py) and streams stdout/stderr back
in base64 rsp:Stream chunks. Built on httpsim.py (HTTP/TLS/auth, control API,
injections, clock). See README.md for the command line, the control API, the
settings, the injections and the output contract.

    winrm_sim.py --ready-file F [--tls-cert C --tls-key K]
                 [--user U --password-env VAR] [--config JSON] [--log FILE]
                 [--max-lifetime S] [--clock manual] [--time-scale X]
"""

import base64
import copy
import os
import re
import sys
import threading

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import adsync  # noqa: E402
import httpsim  # noqa: E402
import pwsh  # noqa: E402
import wsman  # noqa: E402
from httpsim import Response, SimError  # noqa: E402

SOAP_CT = "application/soap+xml;charset=UTF-8"

# WS-Man settings (the ADSync ones are in adsync.DEFAULTS).
WSMAN_DEFAULTS = {
    "max_shells_per_user": 5,
    "max_commands_per_shell": 0,          # 0: no limit
    "chunk_size": 4096,                   # raw bytes per rsp:Stream element
    "streams_per_receive": 0,             # rsp:Stream elements per reply; 0: all
    "running_replies": 0,                 # first N Receives: "Running", no data
    "running_state": "running",           # running | none: CommandState before Done
    "command_delay_s": 0,                 # output ready this long after Command (sim clock)
    "cmdline_limit": 8191,                # through cmd.exe
    "cmdline_limit_no_cmd": 32767,        # WINRS_SKIP_CMD_SHELL=TRUE
    "content_type_reply": "415",          # 415 | fault: answer to a wrong Content-Type
    "create_response": "both",            # both | resource_created | shell
    "shell_idle_timeout_s": 7200,         # shells unused this long vanish (sim clock)
    "default_operation_timeout_s": 60,    # without an OperationTimeout header
    "max_operation_timeout_s": 0,         # 0: no limit (else a fault above it)
    "receive_advances_manual_clock": True,  # a waiting Receive moves a manual clock
    "max_receive_wait_s": 120,            # wall-clock cap on one Receive wait
    "check_resource_uri": True,
    "machine": "ADSYNC01",
}
WSMAN_CHOICES = {"running_state": ("running", "none"), "content_type_reply": ("415", "fault"),
                 "create_response": ("both", "resource_created", "shell")}

APP_INJECTIONS = frozenset({
    "timed_out", "access_denied", "quota", "quota_commands", "shell_not_found", "fault",
    "provider_fault", "malformed_xml", "invalid_base64", "missing_exit_code", "never_done",
    "bad_relates_to", "wrong_action", "command_output",
})
COMMAND_FLAGS = ("invalid_base64", "missing_exit_code", "never_done", "command_output")

OPS_RE = re.compile(r"(?i)\b(Get-ADSyncScheduler|Start-ADSyncSyncCycle|Stop-ADSyncSyncCycle|"
                    r"Get-ADSyncConnectorRunStatus|Invoke-ADSyncSingleObjectSync)\b")
OP_NAMES = {n.lower(): n for n in ("Get-ADSyncScheduler", "Start-ADSyncSyncCycle",
                                    "Stop-ADSyncSyncCycle", "Get-ADSyncConnectorRunStatus",
                                    "Invoke-ADSyncSingleObjectSync")}


def check_wsman_setting(key, value):
    default = WSMAN_DEFAULTS[key]
    if isinstance(default, bool):
        if not isinstance(value, bool):
            raise ValueError("%s must be true or false" % key)
    elif isinstance(default, (int, float)):
        if isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0:
            raise ValueError("%s must be a number >= 0" % key)
        if key == "chunk_size" and value < 1:
            raise ValueError("chunk_size must be >= 1")
    elif not isinstance(value, str) or (key in WSMAN_CHOICES and value not in WSMAN_CHOICES[key]):
        raise ValueError("%s must be one of %s" % (key, ", ".join(WSMAN_CHOICES.get(key, ["a string"]))))
    return value


def main_op(script):
    m = OPS_RE.search(script or "")
    return OP_NAMES[m.group(1).lower()] if m else "other"


class Shell:
    def __init__(self, shell_id, owner, now, options, idle_timeout):
        self.id = shell_id
        self.owner = owner
        self.created = now
        self.last_used = now
        self.options = options
        self.idle_timeout = idle_timeout
        self.env = {}
        self.workdir = None
        self.commands = {}
        self.command_count = 0


class Command:
    def __init__(self, command_id, shell_id, now):
        self.id = command_id
        self.shell_id = shell_id
        self.created = now
        self.ready_at = now
        self.op = "other"
        self.chunks = []
        self.pos = 0
        self.exit_code = 0
        self.running_left = 0
        self.flags = {}
        self.done_sent = False
        self.signal = None
        self.receives = 0


class WinRMApp(httpsim.App):
    name = "winrm"
    injection_kinds = APP_INJECTIONS
    server_header = "Microsoft-HTTPAPI/2.0"   # what a WinRM listener (HTTP.sys) sends

    def __init__(self, config):
        settings = dict((config or {}).get("settings") or {})
        self.initial_wsman = dict(WSMAN_DEFAULTS)
        self.initial_adsync = {}
        for key, value in settings.items():
            if key in WSMAN_DEFAULTS:
                self.initial_wsman[key] = check_wsman_setting(key, value)
            else:
                self.initial_adsync[key] = adsync.check_setting(key, value)
        self.lock = threading.RLock()

    def attach(self, sim):
        super().attach(sim)
        self.clock = sim.clock
        self.adsync = adsync.ADSync(self.initial_adsync, self.clock)
        self._reset_runtime()

    def _reset_runtime(self):
        self.s = dict(self.initial_wsman)
        self.shells = {}
        self.counters = {"shells_created": 0, "shells_deleted": 0, "shells_expired": 0,
                         "shells_dropped": 0, "shells_max_open": 0, "commands": 0,
                         "receives": 0, "timed_out_faults": 0, "signals": 0, "sends": 0}
        self.per_action = {}
        self.per_shell = {}
        self.faults = {}

    def reset(self):
        with self.lock:
            self._reset_runtime()
            self.adsync.reset()

    # -- requests -----------------------------------------------------------

    def requires_auth(self, req):
        return req.path == "/wsman"

    def _parse(self, req):
        if "wsman" not in req.cache:
            try:
                req.cache["wsman"] = wsman.parse(req.body)
            except wsman.EnvelopeError as e:
                req.cache["wsman"] = e
        return req.cache["wsman"]

    def match_keys(self, req):
        if req.path != "/wsman" or not req.body:
            return []
        w = self._parse(req)
        if isinstance(w, wsman.EnvelopeError) or not w.action:
            return ["Invalid"]
        keys = [w.action]
        op = None
        if w.action == "Command":
            line = self._command_line(w)
            dec = pwsh.decode_command_line(line)
            op = main_op(dec["script"])
        elif w.action in ("Receive", "Signal"):
            cid = self._command_id(w)
            with self.lock:
                shell = self.shells.get(w.shell_id)
                cmd = shell.commands.get(cid) if shell else None
                op = cmd.op if cmd else None
        if op:
            keys.append("%s:%s" % (w.action, op))
        return keys

    @staticmethod
    def _command_line(w):
        cl = w.payload
        if cl is None or wsman.local(cl.tag) != "CommandLine":
            return ""
        parts = [wsman.text(wsman.child(cl, "Command")) or ""]
        parts += [wsman.text(a) or "" for a in wsman.children(cl, "Arguments")]
        return " ".join(p for p in parts if p)

    @staticmethod
    def _command_id(w):
        p = w.payload
        if p is None:
            return None
        if wsman.local(p.tag) == "Receive":
            ds = wsman.child(p, "DesiredStream")
            return wsman.attr(ds, "CommandId") if ds is not None else None
        return wsman.attr(p, "CommandId")

    def _soap(self, status, body):
        return Response(status, body, SOAP_CT)

    def _fault(self, req, body, label, status=500):
        self.faults[label] = self.faults.get(label, 0) + 1
        req.app["fault"] = label
        return self._soap(status, body)

    def handle(self, req, inj):
        machine = self.s["machine"]
        if req.path != "/wsman":
            return Response(404)
        if req.method != "POST":
            return Response(405, headers=[("Allow", "POST")])
        ctype = (req.header("Content-Type") or "").lower()
        if "multipart/encrypted" in ctype or "multipart/x-multi-encrypted" in ctype:
            req.app["error"] = "encrypted body"
            return self._fault(req, wsman.encryption_unsupported(machine), "encryption")
        if not ctype.startswith("application/soap+xml") or (
                "charset" in ctype and not re.search(r"charset\s*=\s*\"?utf-8", ctype)):
            req.app["error"] = "content type %r" % ctype
            if self.s["content_type_reply"] == "fault":
                return self._fault(req, wsman.unsupported_media(machine), "content_type", 400)
            return Response(415)
        w = self._parse(req)
        if isinstance(w, wsman.EnvelopeError):
            req.app["error"] = str(w)
            return self._fault(req, wsman.invalid_envelope(None, str(w), machine), "invalid_xml",
                               400)
        req.app.update(action=w.action or w.action_uri, message_id=w.message_id)
        if w.shell_id:
            req.app["shell_id"] = w.shell_id
        with self.lock:
            key = w.action or "unsupported"
            self.per_action[key] = self.per_action.get(key, 0) + 1
        if w.action is None:
            return self._fault(req, wsman.action_not_supported(w.message_id, w.action_uri,
                                                               machine), "ActionNotSupported")
        if self.s["check_resource_uri"] and w.resource_uri != wsman.SHELL_CMD_URI:
            return self._fault(req, wsman.destination_unreachable(w.message_id, w.resource_uri,
                                                                  machine), "resource_uri")
        timeout = float(self.s["default_operation_timeout_s"])
        if w.operation_timeout is not None:
            req.app["operation_timeout"] = w.operation_timeout
            try:
                timeout = wsman.parse_duration(w.operation_timeout)
            except ValueError:
                return self._fault(req, wsman.invalid_timeout(w.message_id, machine), "2150858767")
            limit = self.s["max_operation_timeout_s"]
            if limit and timeout > limit:
                return self._fault(req, wsman.timeout_too_large(w.message_id, machine,
                                                                int(limit * 1000)), "2150858764")
        if w.max_envelope:
            req.app["max_envelope"] = w.max_envelope
        with self.lock:
            self._expire_shells(self.clock.now())
        if inj is not None:
            resp = self._injected(req, w, inj)
            if resp is not None:
                return resp
        handler = getattr(self, "_do_" + w.action.lower())
        resp = handler(req, w, timeout, inj)
        if inj is not None and inj["kind"] in ("bad_relates_to", "wrong_action"):
            resp.body = self._mangle(resp.body, inj["kind"])
        return resp

    @staticmethod
    def _mangle(body, kind):
        if kind == "bad_relates_to":
            return re.sub(rb"<a:RelatesTo>[^<]*</a:RelatesTo>",
                          ("<a:RelatesTo>uuid:%s</a:RelatesTo>" % wsman.new_guid()).encode(), body)
        return re.sub(rb"<a:Action>[^<]*</a:Action>",
                      b"<a:Action>http://schemas.microsoft.com/wbem/wsman/1/windows/shell/"
                      b"UnexpectedResponse</a:Action>", body, count=1)

    def _injected(self, req, w, inj):
        """The response for an application injection, or None to go on."""
        kind = inj["kind"]
        machine = self.s["machine"]
        rel = w.message_id
        if kind == "timed_out":
            if inj.get("wait"):
                self.sim.stop_event.wait(min(float(inj.get("wait_s", 1.0)), 60))
            with self.lock:
                self.counters["timed_out_faults"] += 1
            return self._fault(req, wsman.timed_out(rel, machine), "2150858793")
        if kind == "access_denied":
            return self._fault(req, wsman.access_denied(rel, machine), "5")
        if kind == "quota":
            return self._fault(req, wsman.quota_shells(rel, self.s["max_shells_per_user"]),
                               "2150859173")
        if kind == "quota_commands":
            return self._fault(req, wsman.quota_commands(
                rel, self.s["max_commands_per_shell"] or 15), "2150859174")
        if kind == "shell_not_found":
            if inj.get("drop", True) and w.shell_id:
                with self.lock:
                    if self.shells.pop(w.shell_id, None) is not None:
                        self.counters["shells_dropped"] += 1
            return self._fault(req, wsman.shell_not_found(rel, w.shell_id, machine), "2150858843")
        if kind == "fault":
            body = wsman.wsman_fault(rel, inj.get("code", "Receiver"), inj.get("subcode"),
                                     inj.get("reason", "The WS-Management service cannot "
                                             "process the request. "),
                                     inj.get("wsman_code", 2150858752), inj.get("message"),
                                     machine)
            return self._fault(req, body, str(inj.get("wsman_code", 2150858752)),
                               int(inj.get("status", 500)))
        if kind == "provider_fault":
            body = wsman.wsman_fault(
                rel, "Receiver", inj.get("subcode", "w:InternalError"),
                inj.get("reason", "The WS-Management service cannot process the request. "),
                inj.get("wsman_code", 2150858755), None, machine,
                provider=(inj.get("provider", "Shell cmd plugin"),
                          inj.get("path", r"%systemroot%\system32\winrscmd.dll"),
                          inj.get("inner_code", 2147943418),
                          inj.get("message", "The system cannot read the registry key. ")))
            return self._fault(req, body, "provider_fault", int(inj.get("status", 500)))
        if kind == "malformed_xml":
            body = ('<s:Envelope xmlns:s="%s"><s:Header><a:Action>oops</s:Header><s:Body>'
                    % wsman.NS_S).encode()
            return self._soap(int(inj.get("status", 200)), body)
        return None

    # -- actions --------------------------------------------------------------

    def _expire_shells(self, now):
        for sid, sh in list(self.shells.items()):
            if sh.idle_timeout and now - sh.last_used > sh.idle_timeout:
                del self.shells[sid]
                self.counters["shells_expired"] += 1

    def _shell(self, w):
        sh = self.shells.get(w.shell_id or "")
        if sh is not None:
            sh.last_used = self.clock.now()
        return sh

    def _do_create(self, req, w, timeout, inj):
        owner = req.auth_user or "anonymous"
        now = self.clock.now()
        with self.lock:
            open_now = sum(1 for sh in self.shells.values() if sh.owner == owner)
            limit = self.s["max_shells_per_user"]
            if limit and open_now >= limit:
                req.app["open_shells"] = open_now
                return self._fault(req, wsman.quota_shells(w.message_id, limit), "2150859173")
            idle = float(self.s["shell_idle_timeout_s"])
            p = w.payload
            requested_idle = wsman.text(wsman.child(p, "IdleTimeOut")) if p is not None else None
            if requested_idle:
                try:
                    idle = wsman.parse_duration(requested_idle)
                except ValueError:
                    pass
            sh = Shell(wsman.new_guid(), owner, now, dict(w.options), idle)
            if p is not None:
                for var in wsman.children(wsman.child(p, "Environment"), "Variable"):
                    sh.env[wsman.attr(var, "Name") or ""] = wsman.text(var) or ""
                sh.workdir = wsman.text(wsman.child(p, "WorkingDirectory"))
            self.shells[sh.id] = sh
            self.counters["shells_created"] += 1
            self.counters["shells_max_open"] = max(self.counters["shells_max_open"],
                                                   len(self.shells))
            self.per_shell[sh.id] = 0
            if len(self.per_shell) > 500:
                self.per_shell.pop(next(iter(self.per_shell)))
        req.app.update(shell_id=sh.id, owner=owner, options=dict(w.options),
                       codepage=w.options.get("WINRS_CODEPAGE"),
                       noprofile=w.options.get("WINRS_NOPROFILE"))
        if sh.env:
            req.app["environment"] = sorted(sh.env)
        host = req.header("Host") or "%s:%d" % (httpsim.LOOPBACK, self.sim.port)
        address = "%s://%s/wsman" % ("https" if req.tls else "http", host)
        return self._soap(200, wsman.create_response(w.message_id, address, sh.id,
                                                     self.s["create_response"], owner,
                                                     req.client, idle))

    def _do_command(self, req, w, timeout, inj):
        machine = self.s["machine"]
        with self.lock:
            sh = self._shell(w)
            if sh is None:
                return self._fault(req, wsman.shell_not_found(w.message_id, w.shell_id, machine),
                                   "2150858843")
            limit = self.s["max_commands_per_shell"]
            if limit and sh.command_count >= limit:
                return self._fault(req, wsman.quota_commands(w.message_id, limit), "2150859174")
            sh.command_count += 1
            self.per_shell[sh.id] = sh.command_count
            self.counters["commands"] += 1
        line = self._command_line(w)
        skip_cmd = (w.options.get("WINRS_SKIP_CMD_SHELL") or "").upper() == "TRUE"
        try:
            codepage = int(sh.options.get("WINRS_CODEPAGE") or 437)
        except ValueError:
            codepage = 437
        req.app.update(command_line_length=len(line), command_line=line[:300],
                       skip_cmd_shell=w.options.get("WINRS_SKIP_CMD_SHELL"),
                       consolemode_stdin=w.options.get("WINRS_CONSOLEMODE_STDIN"))
        limit = self.s["cmdline_limit_no_cmd"] if skip_cmd else self.s["cmdline_limit"]
        details = {}
        script = None
        if limit and len(line) > limit:
            # spec 2.2: the symptom is this line and exit code 1
            stdout, stderr, code = b"The command line is too long.\r\n", b"", 1
            req.app["error"] = "command line too long"
        else:
            dec = pwsh.decode_command_line(line)
            script = dec["script"]
            prog = os.path.basename(dec["program"].replace("\\", "/")).lower()
            if dec["flag"] is None:
                if prog.removesuffix(".exe") in ("powershell", "pwsh"):
                    stderr = ("winrm_sim.py: only 'powershell -EncodedCommand <base64>' is "
                              "emulated\r\n").encode()
                else:
                    stderr = ("'%s' is not recognized as an internal or external command,\r\n"
                              "operable program or batch file.\r\n" % dec["program"]).encode()
                stdout, code = b"", 1
                req.app["error"] = "no -EncodedCommand"
            elif dec["error"]:
                stdout, code = b"", 1
                # GUESS: the console host's exact text
                stderr = (b"Cannot process the command because the value specified with "
                          b"-EncodedCommand is not properly encoded. The value must be Base64 "
                          b"encoded.\r\n")
                req.app["error"] = "bad -EncodedCommand: %s" % dec["error"]
            else:
                with self.lock:
                    stdout, stderr, code, details = self.adsync.run_command(script, codepage)
        cmd = Command(wsman.new_guid(), sh.id, self.clock.now())
        cmd.op = main_op(script)
        if inj is not None and inj["kind"] in COMMAND_FLAGS:
            cmd.flags[inj["kind"]] = inj
            if inj["kind"] == "command_output":
                stdout = inj.get("stdout", "").encode("utf-8")
                stderr = inj.get("stderr", "").encode("utf-8")
                code = int(inj.get("exit_code", 0))
        cmd.exit_code = code
        cmd.ready_at = cmd.created + float(self.s["command_delay_s"])
        cmd.running_left = int(self.s["running_replies"])
        size = int(self.s["chunk_size"])
        for name, data in (("stdout", stdout), ("stderr", stderr)):
            cmd.chunks += [(name, data[i:i + size]) for i in range(0, len(data), size)]
        with self.lock:
            sh.commands[cmd.id] = cmd
        req.app.update(command_id=cmd.id, op=cmd.op, script=script, exit_code=code,
                       stdout=stdout[:2000].decode("utf-8", "replace"),
                       stderr=stderr[:4000].decode("utf-8", "replace"))
        if details:
            req.app["ps"] = details
        return self._soap(200, wsman.command_response(w.message_id, cmd.id))

    def _do_receive(self, req, w, timeout, inj):
        machine = self.s["machine"]
        cid = self._command_id(w)
        req.app["command_id"] = cid
        with self.lock:
            self.counters["receives"] += 1
            sh = self._shell(w)
            if sh is None:
                return self._fault(req, wsman.shell_not_found(w.message_id, w.shell_id, machine),
                                   "2150858843")
            cmd = sh.commands.get(cid or "")
            if cmd is None:
                return self._fault(req, wsman.command_not_found(w.message_id, cid, machine),
                                   "command_not_found")
            cmd.receives += 1
            if inj is not None and inj["kind"] in COMMAND_FLAGS:
                cmd.flags[inj["kind"]] = inj
            ready_at = cmd.ready_at
            never = cmd.flags.get("never_done")
            if never and cmd.pos >= len(cmd.chunks) and never.get("mode") == "timeout":
                ready_at = float("inf")
        now = self.clock.now()
        if now < ready_at:
            if self.clock.mode == "manual" and self.s["receive_advances_manual_clock"]:
                self.clock.advance(min(ready_at - now, timeout))
            else:
                self.clock.wait_until(min(ready_at, now + timeout), stop=self.sim.stop_event,
                                      max_real=float(self.s["max_receive_wait_s"]))
            if self.clock.now() < ready_at:
                with self.lock:
                    self.counters["timed_out_faults"] += 1
                req.app["waited_s"] = round(self.clock.now() - now, 3)
                return self._fault(req, wsman.timed_out(w.message_id, machine), "2150858793")
        with self.lock:
            if self.shells.get(sh.id) is not sh or sh.commands.get(cmd.id) is not cmd:
                return self._fault(req, wsman.shell_not_found(w.message_id, w.shell_id, machine),
                                   "2150858843")
            not_done_state = "Running" if self.s["running_state"] == "running" else None
            if cmd.running_left > 0:
                cmd.running_left -= 1
                req.app["state"] = not_done_state or "(none)"
                return self._soap(200, wsman.receive_response(w.message_id, cmd.id, [],
                                                              not_done_state))
            n = int(self.s["streams_per_receive"]) or len(cmd.chunks)
            batch = cmd.chunks[cmd.pos:cmd.pos + n]
            cmd.pos += len(batch)
            done = cmd.pos >= len(cmd.chunks) and "never_done" not in cmd.flags
            bad = "invalid_base64" in cmd.flags
            streams = []
            for name, data in batch:
                b64 = base64.b64encode(data).decode("ascii")
                if bad:
                    b64 = "%%" + b64[:4] + "*!" + b64[4:]
                streams.append((name, b64, False))
            state = not_done_state
            exit_code = None
            if done:
                streams += [("stdout", "", True), ("stderr", "", True)]
                state = "Done"
                if "missing_exit_code" not in cmd.flags:
                    exit_code = cmd.exit_code
                cmd.done_sent = True
            req.app.update(state=state or "(none)", streams=len(batch), exit_code=exit_code)
            return self._soap(200, wsman.receive_response(w.message_id, cmd.id, streams, state,
                                                          exit_code))

    def _do_signal(self, req, w, timeout, inj):
        machine = self.s["machine"]
        cid = self._command_id(w)
        code = wsman.text(wsman.child(w.payload, "Code")) if w.payload is not None else None
        req.app.update(command_id=cid, signal=code)
        with self.lock:
            self.counters["signals"] += 1
            sh = self._shell(w)
            if sh is None:
                return self._fault(req, wsman.shell_not_found(w.message_id, w.shell_id, machine),
                                   "2150858843")
            cmd = sh.commands.get(cid or "")
            if cmd is None:
                return self._fault(req, wsman.command_not_found(w.message_id, cid, machine),
                                   "command_not_found")
            cmd.signal = code
        return self._soap(200, wsman.signal_response(w.message_id))

    def _do_send(self, req, w, timeout, inj):
        with self.lock:
            self.counters["sends"] += 1
            sh = self._shell(w)
            if sh is None:
                return self._fault(req, wsman.shell_not_found(w.message_id, w.shell_id,
                                                              self.s["machine"]), "2150858843")
        req.app["stdin_bytes"] = sum(len(wsman.text(s) or "")
                                     for s in wsman.children(w.payload, "Stream"))
        return self._soap(200, wsman.send_response(w.message_id))

    def _do_delete(self, req, w, timeout, inj):
        with self.lock:
            sh = self.shells.pop(w.shell_id or "", None)
            if sh is None:
                return self._fault(req, wsman.shell_not_found(w.message_id, w.shell_id,
                                                              self.s["machine"]), "2150858843")
            self.counters["shells_deleted"] += 1
        return self._soap(200, wsman.delete_response(w.message_id))

    # -- control ----------------------------------------------------------------

    def stats(self):
        with self.lock:
            out = dict(self.counters)
            out["shells_open"] = len(self.shells)
            out["shells_open_by_user"] = {}
            for sh in self.shells.values():
                out["shells_open_by_user"][sh.owner] = out["shells_open_by_user"].get(sh.owner,
                                                                                      0) + 1
            out["commands_per_shell"] = dict(self.per_shell)
            out["requests_per_action"] = dict(self.per_action)
            out["faults"] = dict(self.faults)
            ads = self.adsync.stats()
            out.update(ads)
            out["adsync"] = ads
            return out

    def get_state(self):
        with self.lock:
            settings = dict(self.s)
            settings.update(copy.deepcopy(self.adsync.s))
            return {"settings": settings,
                    "shells": [{"id": sh.id, "owner": sh.owner,
                                "created": httpsim.iso(sh.created),
                                "commands": sh.command_count, "options": sh.options}
                               for sh in self.shells.values()],
                    "adsync": {k: v for k, v in self.adsync.describe().items() if k != "settings"}}

    def set_state(self, data):
        data = dict(data)
        if "settings" in data and isinstance(data["settings"], dict):
            data.update(data.pop("settings"))
        with self.lock:
            ws, ad = {}, {}
            try:
                for key, value in data.items():
                    if key in WSMAN_DEFAULTS:
                        ws[key] = check_wsman_setting(key, value)
                    elif key == "action" and isinstance(value, dict) and \
                            value.get("name") == "drop_shells":
                        ws["__drop"] = True
                    else:
                        ad[key] = value
                if ad:
                    self.adsync.set(ad)   # checks all its keys before applying any
            except ValueError as e:
                raise SimError(str(e)) from None
            if ws.pop("__drop", False):
                self.counters["shells_dropped"] += len(self.shells)
                self.shells.clear()
            self.s.update(ws)
        return self.get_state()


def main(argv=None):
    return httpsim.main(WinRMApp, argv, description=__doc__.split("\n")[0])


if __name__ == "__main__":
    sys.exit(main())
