#!/usr/bin/env python3
"""test_sims.py - self-test of the loopback simulators (standard library only).

Starts winrm_sim.py over HTTP and over HTTPS (certificates from mkcert.sh in a
temporary directory) and drives it with a small WS-Man client: the full
Create -> Command -> Receive (one injected TimedOut) -> Signal -> Delete
exchange on one keep-alive connection with Basic auth, both output formats,
the busy error after a Start, 401s, quotas, shell-not-found, the shell count,
injections, the control API, and that the password never reaches the log.
Starts graph_sim.py (built-in fixture, client secret from the environment)
and checks client-credential tokens, lookups and $filter, Graph errors,
members/$ref, $batch, throttling (also of one $batch item), paging, token
expiry, the control state, and that no secret or password reaches the log.

    python3 tests/sim/test_sims.py [-v]

Every socket has a timeout; the simulators exit on their own after 120 s.
"""

import base64
import http.client
import importlib.util
import json
import os
import re
import shutil
import socket
import ssl
import struct
import subprocess
import sys
import tempfile
import time
import unittest
import urllib.parse
import uuid
import xml.etree.ElementTree as ET

HERE = os.path.dirname(os.path.abspath(__file__))
sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, HERE)

import simctl  # noqa: E402

USER = "svc-idle"
PASSWORD = "Pa55-w0rd:with colon & {braces}"
PW_ENV = "IDLE_SIM_TEST_PASSWORD"
TIMEOUT = 10

NS_RSP = "http://schemas.microsoft.com/wbem/wsman/1/windows/shell"
SHELL_URI = NS_RSP + "/cmd"
A_CREATE = "http://schemas.xmlsoap.org/ws/2004/09/transfer/Create"
A_DELETE = "http://schemas.xmlsoap.org/ws/2004/09/transfer/Delete"
A_COMMAND = NS_RSP + "/Command"
A_RECEIVE = NS_RSP + "/Receive"
A_SIGNAL = NS_RSP + "/Signal"

SCHEDULER_SCRIPT = ("$ProgressPreference='SilentlyContinue'; Import-Module ADSync; "
                    "Get-ADSyncScheduler | ConvertTo-Json -Compress")
START_SCRIPT = ("$ProgressPreference='SilentlyContinue'; Import-Module ADSync; "
                "$r = Start-ADSyncSyncCycle -PolicyType %s; "
                "ConvertTo-Json -Compress @{ Result = \"$($r.Result)\" }")


def local(tag):
    return tag.rsplit("}", 1)[-1]


def find(root, *path):
    """The first element under root following local names (any depth for the first)."""
    for el in root.iter():
        if local(el.tag) == path[0]:
            cur = el
            for name in path[1:]:
                cur = next((c for c in cur if local(c.tag) == name), None)
                if cur is None:
                    break
            if cur is not None:
                return cur
    return None


def fault_info(root):
    out = {}
    v = find(root, "Fault", "Code", "Value")
    out["code"] = v.text if v is not None else None
    v = find(root, "Fault", "Code", "Subcode", "Value")
    out["subcode"] = v.text if v is not None else None
    v = find(root, "Fault", "Reason", "Text")
    out["reason"] = v.text if v is not None else None
    wf = find(root, "WSManFault")
    out["wsman_code"] = wf.get("Code") if wf is not None else None
    wm = find(root, "MSFT_WmiError", "error_Code")
    out["wmi_code"] = wm.text if wm is not None else None
    msgs = [el for el in root.iter() if local(el.tag) == "Message"]
    out["message"] = "".join(msgs[-1].itertext()).strip() if msgs else None
    return out


def decode_clixml_errors(stderr):
    """Error lines from CLIXML (several <Objs> blocks, _xHHHH_ escapes)."""
    text = stderr.decode("utf-8")
    assert text.startswith("#< CLIXML\r\n"), text[:40]
    out = []
    for block in re.findall(r"<Objs.*?</Objs>", text, re.S):
        root = ET.fromstring(block)
        for el in root.iter():
            if local(el.tag) == "S" and el.get("S") == "Error":
                raw = el.text or ""
                units = re.sub(r"_x([0-9A-Fa-f]{4})_",
                               lambda m: chr(int(m.group(1), 16)), raw)
                out.append(units.encode("utf-16-le", "surrogatepass").decode("utf-16-le"))
    return "".join(out).replace("\r\n", "\n")


def encode(script):
    return base64.b64encode(script.encode("utf-16-le")).decode("ascii")


class Client:
    """A minimal WS-Man client on one keep-alive http.client connection."""

    def __init__(self, port, tls_context=None, host="127.0.0.1", auth=(USER, PASSWORD)):
        if tls_context is not None:
            self.conn = http.client.HTTPSConnection(host, port, timeout=TIMEOUT,
                                                    context=tls_context)
        else:
            self.conn = http.client.HTTPConnection(host, port, timeout=TIMEOUT)
        self.auth = auth
        self.last_message_id = None

    def close(self):
        self.conn.close()

    def post(self, body, content_type="application/soap+xml;charset=UTF-8", auth=True,
             extra=None):
        headers = {"Content-Type": content_type, "User-Agent": "idle-sim-selftest"}
        if auth and self.auth:
            token = base64.b64encode(("%s:%s" % self.auth).encode()).decode()
            headers["Authorization"] = "Basic " + token
        headers.update(extra or {})
        self.conn.request("POST", "/wsman", body=body, headers=headers)
        resp = self.conn.getresponse()
        data = resp.read()
        return resp.status, resp, data

    def envelope(self, action, shell_id=None, options=None, body="", timeout="PT20S"):
        self.last_message_id = "uuid:" + str(uuid.uuid4()).upper()
        sel = ""
        if shell_id:
            sel = ('<w:SelectorSet><w:Selector Name="ShellId">%s</w:Selector></w:SelectorSet>'
                   % shell_id)
        opts = ""
        if options:
            opts = "<w:OptionSet>%s</w:OptionSet>" % "".join(
                '<w:Option Name="%s">%s</w:Option>' % kv for kv in options.items())
        tmo = "<w:OperationTimeout>%s</w:OperationTimeout>" % timeout if timeout else ""
        return (
            '<env:Envelope xmlns:env="http://www.w3.org/2003/05/soap-envelope" '
            'xmlns:a="http://schemas.xmlsoap.org/ws/2004/08/addressing" '
            'xmlns:w="http://schemas.dmtf.org/wbem/wsman/1/wsman.xsd" xmlns:rsp="%s">'
            "<env:Header><a:To>http://windows-host:5985/wsman</a:To>"
            '<a:ReplyTo><a:Address mustUnderstand="true">http://schemas.xmlsoap.org/ws/2004/'
            "08/addressing/role/anonymous</a:Address></a:ReplyTo>"
            '<a:Action mustUnderstand="true">%s</a:Action><a:MessageID>%s</a:MessageID>'
            '<w:ResourceURI mustUnderstand="true">%s</w:ResourceURI>'
            '<w:MaxEnvelopeSize mustUnderstand="true">153600</w:MaxEnvelopeSize>%s'
            '<w:Locale mustUnderstand="false" xml:lang="en-US"/>%s%s</env:Header>'
            "<env:Body>%s</env:Body></env:Envelope>"
            % (NS_RSP, action, self.last_message_id, SHELL_URI, tmo, sel, opts, body)
        ).encode("utf-8")

    def call(self, action, **kw):
        status, resp, data = self.post(self.envelope(action, **kw))
        root = ET.fromstring(data) if data.strip() else None
        return status, root, resp

    def create(self, codepage="65001"):
        status, root, _ = self.call(
            A_CREATE, options={"WINRS_NOPROFILE": "FALSE", "WINRS_CODEPAGE": codepage},
            body="<rsp:Shell><rsp:InputStreams>stdin</rsp:InputStreams>"
                 "<rsp:OutputStreams>stdout stderr</rsp:OutputStreams></rsp:Shell>")
        if status != 200:
            return status, root
        sel = next(el for el in root.iter() if el.get("Name") == "ShellId")
        return status, sel.text

    def command(self, shell_id, script=None, line=None):
        if line is None:
            line = ("powershell.exe -NoProfile -NonInteractive -ExecutionPolicy Bypass "
                    "-EncodedCommand " + encode(script))
        status, root, _ = self.call(
            A_COMMAND, shell_id=shell_id,
            options={"WINRS_CONSOLEMODE_STDIN": "TRUE", "WINRS_SKIP_CMD_SHELL": "FALSE"},
            body="<rsp:CommandLine><rsp:Command>%s</rsp:Command></rsp:CommandLine>" % line)
        if status != 200:
            return status, root
        return status, find(root, "CommandId").text

    def receive(self, shell_id, command_id, timeout="PT20S"):
        return self.call(A_RECEIVE, shell_id=shell_id, timeout=timeout,
                         body='<rsp:Receive><rsp:DesiredStream CommandId="%s">stdout stderr'
                              "</rsp:DesiredStream></rsp:Receive>" % command_id)

    def receive_all(self, shell_id, command_id, max_rounds=20):
        """Receives until Done; returns (stdout, stderr, exit_code, statuses)."""
        out = {"stdout": b"", "stderr": b""}
        statuses = []
        for _ in range(max_rounds):
            status, root, _ = self.receive(shell_id, command_id)
            statuses.append(status)
            if status != 200:
                info = fault_info(root)
                if info["wsman_code"] == "2150858793":
                    continue
                raise AssertionError("Receive failed: %d %s" % (status, info))
            for el in root.iter():
                if local(el.tag) == "Stream" and el.text:
                    out[el.get("Name")] += base64.b64decode(el.text)
            state = find(root, "CommandState")
            if state is not None and state.get("State").endswith("/Done"):
                code = find(root, "CommandState", "ExitCode")
                return out["stdout"], out["stderr"], int(code.text), statuses
        raise AssertionError("no Done after %d Receives" % max_rounds)

    def signal(self, shell_id, command_id):
        return self.call(A_SIGNAL, shell_id=shell_id,
                         body='<rsp:Signal CommandId="%s"><rsp:Code>http://schemas.microsoft.com/'
                              "wbem/wsman/1/windows/shell/signal/terminate</rsp:Code></rsp:Signal>"
                              % command_id)

    def delete(self, shell_id):
        return self.call(A_DELETE, shell_id=shell_id)

    def run(self, script=None, line=None):
        """One command in its own shell: (stdout, stderr, exit code)."""
        status, shell = self.create()
        assert status == 200, (status, shell)
        try:
            status, cid = self.command(shell, script, line)
            assert status == 200, (status, fault_info(cid))
            out, err, code, _ = self.receive_all(shell, cid)
            self.signal(shell, cid)
        finally:
            self.delete(shell)
        return out, err, code


class SimTestBase(unittest.TestCase):
    sims = {}
    tmp = None

    @classmethod
    def setUpClass(cls):
        cls.t0 = time.monotonic()
        cls.tmp = tempfile.mkdtemp(prefix="idle-sim-test-")
        certs = os.path.join(cls.tmp, "certs")
        subprocess.run(["bash", os.path.join(HERE, "mkcert.sh"), certs], check=True,
                       timeout=30, stdout=subprocess.DEVNULL)
        cls.certs = certs
        env = dict(os.environ, **{PW_ENV: PASSWORD})
        cfg = os.path.join(cls.tmp, "winrm.json")
        with open(cfg, "w") as f:
            json.dump({"clock": {"mode": "manual", "start": "2026-03-02T08:00:00Z"},
                       "settings": {"start_latency_s": 5, "delta_seconds": 60}}, f)
        common = ["--user", USER, "--password-env", PW_ENV, "--config", cfg,
                  "--max-lifetime", "120"]
        cls.sims["http"] = simctl.start(
            "winrm", cls.tmp, common + ["--log", os.path.join(cls.tmp, "http.jsonl")],
            env=env, name="winrm-http")
        cls.sims["https"] = simctl.start(
            "winrm", cls.tmp, common + ["--log", os.path.join(cls.tmp, "https.jsonl"),
                                        "--tls-cert", os.path.join(certs, "server.pem"),
                                        "--tls-key", os.path.join(certs, "server.key")],
            env=env, name="winrm-https")

    @classmethod
    def tearDownClass(cls):
        for info in cls.sims.values():
            simctl.stop(info["control_port"], info["pid"], proc=info["process"])
        cls.sims = {}
        shutil.rmtree(cls.tmp, ignore_errors=True)

    def setUp(self):
        for info in self.sims.values():
            self.control(info, "POST", "/reset", {})

    def control(self, info, method, path, body=None, expect=200):
        status, obj = simctl.call(info["control_port"], method, path, body, timeout=TIMEOUT)
        self.assertEqual(status, expect, obj)
        return obj

    def http(self):
        return self.sims["http"]

    def client(self, which="http", **kw):
        info = self.sims[which]
        ctx = None
        if which == "https":
            ctx = ssl.create_default_context(cafile=os.path.join(self.certs, "ca.pem"))
            kw.setdefault("host", "localhost")
        c = Client(info["port"], ctx, **kw)
        self.addCleanup(c.close)
        return c

    def stats(self, info=None):
        return self.control(info or self.http(), "GET", "/stats")


class WinRMTests(SimTestBase):

    def check_scheduler_ps51(self, obj):
        self.assertEqual(list(obj), [
            "AllowedSyncCycleInterval", "CurrentlyEffectiveSyncCycleInterval",
            "CustomizedSyncCycleInterval", "NextSyncCyclePolicyType", "NextSyncCycleStartTimeInUTC",
            "PurgeRunHistoryInterval", "SyncCycleEnabled", "MaintenanceEnabled",
            "StagingModeEnabled", "SchedulerSuspended", "SyncCycleInProgress"])
        ts = obj["AllowedSyncCycleInterval"]
        self.assertEqual(list(ts), ["Ticks", "Days", "Hours", "Milliseconds", "Minutes",
                                    "Seconds", "TotalDays", "TotalHours", "TotalMilliseconds",
                                    "TotalMinutes", "TotalSeconds"])
        self.assertEqual(ts["Ticks"], 18000000000)
        self.assertEqual(ts["TotalSeconds"], 1800)
        self.assertEqual(obj["PurgeRunHistoryInterval"]["Days"], 7)
        self.assertIsNone(obj["CustomizedSyncCycleInterval"])
        self.assertEqual(obj["NextSyncCyclePolicyType"], 1)
        self.assertRegex(obj["NextSyncCycleStartTimeInUTC"], r"^/Date\(\d+\)/$")
        self.assertIs(obj["SyncCycleInProgress"], False)

    def test_full_exchange_keepalive_basic_http(self):
        before = self.stats()["http"]
        c = self.client()
        status, shell = c.create()
        self.assertEqual(status, 200)
        self.assertRegex(shell, r"^[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}$")
        self.assertEqual(self.stats()["app"]["shells_open"], 1)
        status, cid = c.command(shell, SCHEDULER_SCRIPT)
        self.assertEqual(status, 200)
        self.control(self.http(), "POST", "/inject", {"kind": "timed_out", "match": "Receive"})
        status, root, resp = c.receive(shell, cid)
        self.assertEqual(status, 500)
        info = fault_info(root)
        self.assertEqual(info["code"], "s:Receiver")
        self.assertEqual(info["subcode"], "w:TimedOut")
        self.assertEqual(info["wsman_code"], "2150858793")
        self.assertIn("OperationTimeout", info["reason"])
        self.assertEqual(find(root, "Header", "RelatesTo").text, c.last_message_id)
        self.assertTrue(resp.getheader("Content-Type").startswith("application/soap+xml"))
        status, root, _ = c.receive(shell, cid)
        self.assertEqual(status, 200)
        streams = [el for el in root.iter() if local(el.tag) == "Stream"]
        self.assertTrue(any(s.get("End") == "true" for s in streams))
        state = find(root, "CommandState")
        self.assertTrue(state.get("State").endswith("/CommandState/Done"))
        self.assertEqual(find(root, "CommandState", "ExitCode").text, "0")
        stdout = b"".join(base64.b64decode(s.text) for s in streams
                          if s.get("Name") == "stdout" and s.text)
        self.assertTrue(stdout.endswith(b"\r\n"))
        self.check_scheduler_ps51(json.loads(stdout.decode("utf-8")))
        status, root, _ = c.signal(shell, cid)
        self.assertEqual(status, 200)
        self.assertEqual(find(root, "RelatesTo").text, c.last_message_id)
        status, root, _ = c.delete(shell)
        self.assertEqual(status, 200)
        after = self.stats()
        self.assertEqual(after["http"]["connections"] - before["connections"], 1,
                         "all requests on one keep-alive connection")
        app = after["app"]
        self.assertEqual(app["shells_open"], 0)
        self.assertEqual(app["shells_created"], 1)
        self.assertEqual(app["shells_deleted"], 1)
        self.assertEqual(app["commands_per_shell"][shell], 1)
        self.assertEqual(app["requests_per_action"],
                         {"Create": 1, "Command": 1, "Receive": 2, "Signal": 1, "Delete": 1})
        self.assertEqual(app["scheduler_calls"], 1)
        log = self.control(self.http(), "GET", "/log")["entries"]
        cmd = [e for e in log if e.get("app", {}).get("action") == "Command"][0]
        self.assertEqual(cmd["app"]["script"], SCHEDULER_SCRIPT)
        self.assertEqual(cmd["headers"]["Authorization"], "Basic")
        self.assertEqual(cmd["auth"]["user"], USER)

    def test_full_exchange_https_strings_format(self):
        info = self.sims["https"]
        self.control(info, "POST", "/state", {"format": "strings"})
        c = self.client("https")
        out, err, code = c.run(SCHEDULER_SCRIPT)
        self.assertEqual((code, err), (0, b""))
        obj = json.loads(out)
        self.assertEqual(obj["AllowedSyncCycleInterval"], "00:30:00")
        self.assertEqual(obj["PurgeRunHistoryInterval"], "7.00:00:00")
        self.assertEqual(obj["NextSyncCyclePolicyType"], "Delta")
        self.assertEqual(obj["NextSyncCycleStartTimeInUTC"], "2026-03-02T08:20:00Z")
        stats = self.stats(info)
        self.assertEqual(stats["http"]["tls_handshakes"], 1)
        self.assertEqual(stats["http"]["connections"], 1)
        self.assertEqual(stats["app"]["shells_open"], 0)

    def test_untrusted_and_wrong_host_certificates(self):
        ctx = ssl.create_default_context(cafile=os.path.join(self.certs, "ca.pem"))
        port = self.sims["https"]["port"]
        with socket.create_connection(("127.0.0.1", port), timeout=TIMEOUT) as raw:
            with self.assertRaises(ssl.SSLCertVerificationError):
                ctx.wrap_socket(raw, server_hostname="not-localhost.example")
        bad = subprocess.run(["openssl", "verify", "-CAfile", os.path.join(self.certs, "ca.pem"),
                              os.path.join(self.certs, "untrusted.pem")],
                             capture_output=True, timeout=10)
        self.assertNotEqual(bad.returncode, 0)
        self.assertGreaterEqual(self.stats(self.sims["https"])["http"]["tls_handshake_failures"], 1)

    def test_start_then_busy_clixml(self):
        c = self.client()
        out, err, code = c.run(START_SCRIPT % "Delta")
        self.assertEqual((out, err, code), (b'{"Result":"Success"}\r\n', b"", 0))
        # start latency: not yet in progress
        out, _, _ = c.run(SCHEDULER_SCRIPT)
        self.assertIs(json.loads(out)["SyncCycleInProgress"], False)
        self.control(self.http(), "POST", "/advance", {"seconds": 6})
        out, _, _ = c.run(SCHEDULER_SCRIPT)
        self.assertIs(json.loads(out)["SyncCycleInProgress"], True)
        # busy
        for _ in range(3):  # busy_style "cycle": single, progress, split
            out, err, code = c.run(START_SCRIPT % "Initial")
            self.assertEqual(code, 1)
            self.assertEqual(out, b"")
            self.assertTrue(err.startswith(b"#< CLIXML\r\n"))
            self.assertIn(b"_x000D__x000A_", err)
            text = decode_clixml_errors(err)
            self.assertTrue(text.startswith(
                "Start-ADSyncSyncCycle : System.InvalidOperationException: Connector: "
                "contoso.onmicrosoft.com - AAD is busy.\n"), text)
            self.assertIn("\nAt line:1 char:", text)
            self.assertIn("+ CategoryInfo          : WriteError:", text)
            self.assertIn("+ FullyQualifiedErrorId : System.InvalidOperationException", text)
        self.assertEqual(err.count(b"<Objs "), 2)  # the third one: split
        self.assertIn(b'S="progress"', err)
        # completion: next start = end + 30 min, policy back to Delta
        self.control(self.http(), "POST", "/advance", {"seconds": 60})
        self.control(self.http(), "POST", "/state", {"format": "strings"})
        obj = json.loads(c.run(SCHEDULER_SCRIPT)[0])
        self.assertIs(obj["SyncCycleInProgress"], False)
        self.assertEqual(obj["NextSyncCycleStartTimeInUTC"], "2026-03-02T08:31:05Z")
        st = self.stats()["app"]
        self.assertEqual((st["start_calls"], st["start_success"], st["start_busy"]), (4, 1, 3))

    def test_401_without_or_with_wrong_credentials(self):
        c = self.client(auth=None)
        status, resp, body = c.post(c.envelope(A_CREATE))
        self.assertEqual((status, body), (401, b""))
        self.assertEqual(resp.msg.get_all("WWW-Authenticate"), ['Basic realm="WSMAN"', "Negotiate"])
        c2 = self.client(auth=(USER, "wrong"))
        self.assertEqual(c2.post(c2.envelope(A_CREATE))[0], 401)
        c3 = self.client()
        self.assertEqual(c3.post(b"")[0], 401, "empty POST: first leg of NTLM/Negotiate")
        self.assertEqual(c3.create()[0], 200, "same connection still usable")
        self.control(self.http(), "POST", "/state", {"http": {"basic_enabled": False}})
        status, resp, _ = c3.post(c3.envelope(A_CREATE))
        self.assertEqual(status, 401)
        self.assertEqual(resp.msg.get_all("WWW-Authenticate"), ["Negotiate"])
        self.control(self.http(), "POST", "/state", {"http": {"basic_enabled": True}})

    def test_fake_ntlm_authenticates_the_connection(self):
        self.control(self.http(), "POST", "/state", {"http": {"fake_ntlm": True}})
        try:
            c = self.client(auth=None)
            t1 = base64.b64encode(b"NTLMSSP\x00" + struct.pack("<I", 1) + b"\x00" * 24).decode()
            status, resp, _ = c.post(b"", extra={"Authorization": "NTLM " + t1})
            self.assertEqual(status, 401)
            chal = [v for v in resp.msg.get_all("WWW-Authenticate") if v.startswith("NTLM ")]
            raw = base64.b64decode(chal[0].split()[1])
            self.assertEqual(raw[:12], b"NTLMSSP\x00\x02\x00\x00\x00")
            t3 = base64.b64encode(b"NTLMSSP\x00" + struct.pack("<I", 3) + b"\x00" * 56).decode()
            status, _, _ = c.post(c.envelope(A_CREATE, body="<rsp:Shell/>"),
                                  extra={"Authorization": "NTLM " + t3})
            self.assertEqual(status, 200)
            status, _, _ = c.post(c.envelope(A_CREATE, body="<rsp:Shell/>"))
            self.assertEqual(status, 200, "NTLM authenticates the connection")
        finally:
            self.control(self.http(), "POST", "/state", {"http": {"fake_ntlm": False}})

    def test_shell_quota(self):
        self.control(self.http(), "POST", "/state", {"max_shells_per_user": 2})
        c = self.client()
        shells = [c.create()[1] for _ in range(2)]
        status, root = c.create()
        self.assertEqual(status, 500)
        info = fault_info(root)
        self.assertEqual((info["code"], info["subcode"], info["wmi_code"]),
                         ("s:Sender", "w:QuotaLimit", "2150859173"))
        self.assertIn("maximum number of 2 concurrent shells", info["message"])
        self.assertEqual(self.stats()["app"]["shells_open"], 2)
        for s in shells:
            self.assertEqual(c.delete(s)[0], 200)
        self.assertEqual(self.stats()["app"]["shells_open"], 0)
        self.assertEqual(c.create()[0], 200)

    def test_shell_not_found(self):
        c = self.client()
        bogus = str(uuid.uuid4()).upper()
        status, root = c.command(bogus, SCHEDULER_SCRIPT)
        self.assertEqual(status, 500)
        info = fault_info(root)
        self.assertEqual((info["subcode"], info["wsman_code"]), ("w:InvalidSelectors", "2150858843"))
        self.assertIn(bogus, info["message"])
        self.assertEqual(fault_info(c.delete(bogus)[1])["wsman_code"], "2150858843")
        # a shell that vanishes mid-run
        _, shell = c.create()
        _, cid = c.command(shell, SCHEDULER_SCRIPT)
        self.control(self.http(), "POST", "/inject", {"kind": "shell_not_found",
                                                      "match": "Receive:Get-ADSyncScheduler"})
        status, root, _ = c.receive(shell, cid)
        self.assertEqual((status, fault_info(root)["wsman_code"]), (500, "2150858843"))
        self.assertEqual(fault_info(c.delete(shell)[1])["wsman_code"], "2150858843")
        self.assertEqual(self.stats()["app"]["shells_open"], 0)

    def test_command_delay_times_out_receive_on_manual_clock(self):
        self.control(self.http(), "POST", "/state", {"command_delay_s": 30})
        c = self.client()
        _, shell = c.create()
        _, cid = c.command(shell, SCHEDULER_SCRIPT)
        out, err, code, statuses = c.receive_all(shell, cid)
        self.assertEqual(statuses, [500, 200])  # PT20S waited, then 10 s more
        self.assertEqual(code, 0)
        c.delete(shell)
        clock = self.stats()["clock"]
        self.assertEqual(clock["advanced_s"], 30)

    def test_chunked_output_over_several_receives(self):
        self.control(self.http(), "POST", "/state", {"chunk_size": 100, "streams_per_receive": 2,
                                                     "running_replies": 1})
        c = self.client()
        _, shell = c.create()
        _, cid = c.command(shell, SCHEDULER_SCRIPT)
        out, _, code, statuses = c.receive_all(shell, cid)
        self.assertGreaterEqual(len(statuses), 4)
        self.check_scheduler_ps51(json.loads(out))

    def test_module_missing(self):
        self.control(self.http(), "POST", "/state", {"module_missing": True})
        out, err, code = self.client().run(SCHEDULER_SCRIPT)
        self.assertEqual((out, code), (b"", 1))
        text = decode_clixml_errors(err)
        self.assertIn("Import-Module : The specified module 'ADSync' was not loaded because no "
                      "valid module file was found in any module directory.", text)
        self.assertIn("Get-ADSyncScheduler : The term 'Get-ADSyncScheduler' is not recognized",
                      text)
        self.assertIn("FullyQualifiedErrorId : CommandNotFoundException", text)

    def test_flags_bom_noise_legacy_progress(self):
        self.control(self.http(), "POST", "/state", {"bom": True, "noise": True,
                                                     "legacy_build": True,
                                                     "progress_stderr": True})
        out, err, code = self.client().run(SCHEDULER_SCRIPT)
        self.assertEqual(code, 0)
        self.assertTrue(out.startswith(b"\xef\xbb\xbfWARNING: "))
        obj = json.loads(out.decode("utf-8-sig").splitlines()[-1])
        self.assertNotIn("SyncCycleInProgress", obj)
        self.assertNotIn("SchedulerSuspended", obj)
        self.assertIn(b'<Obj S="progress"', err)
        self.assertEqual(decode_clixml_errors(err), "")

    def test_suspended_access_denied_staging(self):
        c = self.client()
        self.control(self.http(), "POST", "/state", {"scheduler_suspended": True})
        out, err, code = c.run(START_SCRIPT % "Delta")
        self.assertEqual(code, 1)
        self.assertIn("suspended", decode_clixml_errors(err))
        self.control(self.http(), "POST", "/state", {"scheduler_suspended": False,
                                                     "adsync_access_denied": True})
        out, err, code = c.run(SCHEDULER_SCRIPT)
        self.assertEqual(code, 1)
        self.assertIn("UnauthorizedAccessException", decode_clixml_errors(err))
        self.control(self.http(), "POST", "/state", {"adsync_access_denied": False,
                                                     "staging_mode": True})
        self.assertEqual(c.run(START_SCRIPT % "Delta")[0], b'{"Result":"Success"}\r\n')
        self.assertIs(json.loads(c.run(SCHEDULER_SCRIPT)[0])["StagingModeEnabled"], True)

    def test_stop_and_connector_run_status(self):
        c = self.client()
        rs = "Import-Module ADSync; Get-ADSyncConnectorRunStatus | ConvertTo-Json -Compress"
        self.assertEqual(c.run(rs)[0], b"")
        self.control(self.http(), "POST", "/state",
                     {"action": {"name": "start_cycle", "duration_s": 100}})
        row = json.loads(c.run(rs)[0])
        self.assertEqual(row["RunState"], "Busy")
        out, _, code = c.run("Import-Module ADSync; Stop-ADSyncSyncCycle | Out-Null")
        self.assertEqual(code, 0)
        self.assertEqual(c.run(rs)[0], b"")
        self.assertEqual(self.stats()["app"]["stop_calls"], 1)

    def test_cycle_running_at_start_and_follow_up(self):
        self.control(self.http(), "POST", "/state", {
            "cycle_running_at_start": 40, "delta_seconds": 20, "follow_up_cycles": 1,
            "follow_up_gap_s": 10, "clock": {"auto_advance_s": 15}})
        c = self.client()
        self.control(self.http(), "POST", "/state", {"format": "strings"})
        objs = [json.loads(c.run(SCHEDULER_SCRIPT)[0]) for _ in range(7)]
        seen = [o["SyncCycleInProgress"] for o in objs]
        # calls at t=15,30: running (0..40); 45: idle (gap); 60: follow-up (50..70); then idle
        self.assertEqual(seen, [True, True, False, True, False, False, False])
        # while running, NextSyncCycleStartTimeInUTC is in the past; after: end + 30 min
        self.assertEqual(objs[0]["NextSyncCycleStartTimeInUTC"], "2026-03-02T07:59:55Z")
        self.assertEqual(objs[2]["NextSyncCycleStartTimeInUTC"], "2026-03-02T08:30:40Z")
        self.assertEqual(objs[4]["NextSyncCycleStartTimeInUTC"], "2026-03-02T08:31:10Z")
        st = self.stats()
        self.assertEqual(st["app"]["cycles_completed"], 2)
        self.assertEqual(st["clock"]["ticks"], 7)

    def test_single_object_sync_quote_escaping(self):
        c = self.client()
        diag = ("Import-Module 'C:\\Program Files\\Microsoft Azure AD Sync\\Bin\\"
                "ADSyncDiagnostics\\ADSyncDiagnostics.psm1'; ")
        dn = "CN=Pat O'Brien,OU=Users,DC=contoso,DC=com"
        script = diag + ("Invoke-ADSyncSingleObjectSync -DistinguishedName '%s' -NoHtmlReport"
                         % dn.replace("'", "''"))
        out, err, code = c.run(script)
        self.assertEqual((code, err), (0, b""))
        self.assertIn(b"O\\u0027Brien", out)  # PS 5.1 escapes ' in JSON strings
        rep = json.loads(out)
        self.assertEqual(rep["provisioningAction"], "create")
        self.assertEqual(rep["provisioningStatusInfo"]["status"], "success")
        self.assertEqual(rep["sourceIdentity"]["identityType"], "user")
        self.assertEqual(rep["sourceIdentity"]["details"]["distinguishedName"], dn)
        self.assertEqual(json.loads(c.run(script)[0])["provisioningAction"], "update")
        log = self.control(self.http(), "GET", "/log")["entries"]
        ops = [op for e in log for op in e.get("app", {}).get("ps", {}).get("ops", [])
               if op.get("dn")]
        self.assertEqual(ops[0]["dn"], dn)
        # unescaped quote: a parse error, nothing runs
        out, err, code = c.run(diag + "Invoke-ADSyncSingleObjectSync -DistinguishedName '%s'" % dn)
        self.assertEqual(code, 1)
        self.assertIn("The string is missing the terminator: '.", decode_clixml_errors(err))
        # unknown DN, throttled, unsupported
        rep = json.loads(c.run(diag + "Invoke-ADSyncSingleObjectSync -DistinguishedName "
                                      "'CN=Nobody,DC=contoso,DC=com'")[0])
        self.assertEqual(rep["provisioningStatusInfo"]["status"], "failure")
        self.assertEqual(rep["provisioningStatusInfo"]["errorInformation"]["errorCode"],
                         "SourceObjectNotFound")
        self.control(self.http(), "POST", "/state", {"single_object_throttled": True})
        out, err, code = c.run(script)
        self.assertEqual(code, 1)
        self.assertIn("retry after 5 minutes", decode_clixml_errors(err))
        self.control(self.http(), "POST", "/state", {"single_object_throttled": False,
                                                     "single_object_unsupported": True})
        out, err, code = c.run(script)
        self.assertEqual(code, 1)
        self.assertIn("'Invoke-ADSyncSingleObjectSync' is not recognized",
                      decode_clixml_errors(err))

    def test_command_line_checks(self):
        c = self.client()
        long_script = "Get-ADSyncScheduler | ConvertTo-Json -Compress; #" + "x" * 3100
        out, err, code = c.run(long_script)
        self.assertEqual((out, code), (b"The command line is too long.\r\n", 1))
        out, err, code = c.run(line="ipconfig /all")
        self.assertEqual(code, 1)
        self.assertIn(b"'ipconfig' is not recognized", err)
        short = "powershell /ENC " + encode(SCHEDULER_SCRIPT)
        self.assertEqual(c.run(line=short)[2], 0)
        out, err, code = c.run("Get-Process | ConvertTo-Json")
        self.assertEqual(code, 1)
        self.assertIn("'Get-Process' is not recognized", decode_clixml_errors(err))
        log = self.control(self.http(), "GET", "/log")["entries"]
        lengths = [e["app"].get("command_line_length") for e in log
                   if e.get("app", {}).get("action") == "Command"]
        self.assertGreater(lengths[0], 8191)

    def test_wsman_request_errors(self):
        c = self.client()
        status, _, _ = c.post(c.envelope(A_CREATE), content_type="text/xml")
        self.assertEqual(status, 415)
        status, _, body = c.post(b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "b">]><x/>')
        self.assertEqual(status, 400)
        status, root, _ = c.call("http://schemas.xmlsoap.org/ws/2004/09/transfer/Get")
        self.assertEqual((status, fault_info(root)["subcode"]), (500, "a:ActionNotSupported"))
        status, root, _ = c.call(A_CREATE, timeout="P")
        self.assertEqual((status, fault_info(root)["wsman_code"]), (500, "2150858767"))
        status, root, _ = c.call(A_CREATE, timeout="PT1.500S")
        self.assertEqual(status, 200)
        self.conn_get = http.client.HTTPConnection("127.0.0.1", self.http()["port"],
                                                   timeout=TIMEOUT)
        self.conn_get.request("POST", "/other", body=b"x")
        self.assertEqual(self.conn_get.getresponse().status, 404)
        self.conn_get.close()

    def test_receive_injections(self):
        c = self.client()
        for kind, check in (("missing_exit_code", "noexit"), ("invalid_base64", "b64"),
                            ("never_done", "running")):
            _, shell = c.create()
            self.control(self.http(), "POST", "/inject", {"kind": kind, "match": "Command"})
            _, cid = c.command(shell, SCHEDULER_SCRIPT)
            status, root, _ = c.receive(shell, cid)
            self.assertEqual(status, 200)
            state = find(root, "CommandState")
            if check == "noexit":
                self.assertTrue(state.get("State").endswith("/Done"))
                self.assertIsNone(find(root, "CommandState", "ExitCode"))
            elif check == "b64":
                data = [el.text for el in root.iter() if local(el.tag) == "Stream" and el.text]
                with self.assertRaises(Exception):
                    base64.b64decode(data[0], validate=True)
            else:
                self.assertTrue(state.get("State").endswith("/Running"))
                self.assertTrue(c.receive(shell, cid)[1] is not None)
            c.delete(shell)
        self.control(self.http(), "POST", "/inject",
                     {"kind": "command_output", "match": "Command",
                      "stdout": "\r\nResult\r\n------\r\nSuccess\r\n\r\n\r\n", "exit_code": 0})
        self.assertEqual(c.run(START_SCRIPT % "Delta")[0],
                         b"\r\nResult\r\n------\r\nSuccess\r\n\r\n\r\n")

    def test_http_level_injections(self):
        info = self.http()
        # status + Retry-After as an HTTP-date, then a normal answer on the same connection
        self.control(info, "POST", "/inject", {"kind": "retry_after", "status": 503,
                                               "seconds": 7, "date": True, "match": "Create"})
        c = self.client()
        status, resp, _ = c.post(c.envelope(A_CREATE))
        self.assertEqual(status, 503)
        self.assertRegex(resp.getheader("Retry-After"), r"GMT$")
        # 500 with an HTML body, 400 empty
        self.control(info, "POST", "/inject", {"injections": [
            {"kind": "status", "status": 500, "body": "<html><body>oops</body></html>",
             "content_type": "text/html"},
            {"kind": "status", "status": 400}]})
        self.assertEqual(c.post(c.envelope(A_CREATE))[2], b"<html><body>oops</body></html>")
        self.assertEqual(c.post(c.envelope(A_CREATE))[:3:2], (400, b""))
        # reset before the response
        self.control(info, "POST", "/inject", {"kind": "reset"})
        c2 = self.client()
        with self.assertRaises((ConnectionError, http.client.HTTPException)):
            c2.create()
        # truncated body
        self.control(info, "POST", "/inject", {"kind": "truncate", "match": "Create"})
        c3 = self.client()
        with self.assertRaises(http.client.IncompleteRead):
            c3.create()
        # reset after the headers
        self.control(info, "POST", "/inject", {"kind": "reset_after_headers"})
        c4 = self.client()
        with self.assertRaises((ConnectionError, http.client.HTTPException)):
            c4.create()
        # delay and trickle still deliver
        self.control(info, "POST", "/inject", {"injections": [
            {"kind": "delay", "seconds": 0.2}, {"kind": "trickle", "bytes": 512,
                                                "interval_s": 0.01}]})
        c5 = self.client()
        t0 = time.monotonic()
        self.assertEqual(c5.create()[0], 200)
        self.assertGreaterEqual(time.monotonic() - t0, 0.2)
        self.assertEqual(c5.create()[0], 200)
        # unauthorized + close, consulted before authentication
        self.control(info, "POST", "/inject", {"kind": "unauthorized", "close": True,
                                               "pre_auth": True})
        c6 = self.client()
        status, resp, _ = c6.post(c6.envelope(A_CREATE))
        self.assertEqual((status, resp.getheader("Connection")), (401, "close"))
        applied = self.stats()["http"]["injections_applied"]
        self.assertEqual(applied.get("reset"), 1)
        self.assertEqual(applied.get("truncate"), 1)

    def test_fault_injections_signal_delete_provider(self):
        c = self.client()
        _, shell = c.create()
        _, cid = c.command(shell, SCHEDULER_SCRIPT)
        self.control(self.http(), "POST", "/inject", {"injections": [
            {"kind": "fault", "match": "Signal", "wsman_code": 995, "reason": "aborted"},
            {"kind": "provider_fault", "match": "Delete"}]})
        c.receive_all(shell, cid)
        status, root, _ = c.signal(shell, cid)
        self.assertEqual((status, fault_info(root)["wsman_code"]), (500, "995"))
        status, root, _ = c.delete(shell)
        self.assertEqual(status, 500)
        inner = [el for el in root.iter() if local(el.tag) == "WSManFault"]
        self.assertEqual(len(inner), 2)
        self.assertEqual(fault_info(root)["message"], "The system cannot read the registry key.")
        self.assertEqual(c.delete(shell)[0], 200)
        self.control(self.http(), "POST", "/inject", {"kind": "access_denied", "match": "Create"})
        status, root = c.create()
        self.assertEqual((status, fault_info(root)["wsman_code"]), (500, "5"))
        self.control(self.http(), "POST", "/inject", {"kind": "malformed_xml", "match": "Create"})
        with self.assertRaises(ET.ParseError):
            c.create()

    def test_expect_100_continue_and_chunked_request(self):
        c = Client(self.http()["port"])
        env = c.envelope(A_CREATE, body="<rsp:Shell/>")
        auth = base64.b64encode(("%s:%s" % (USER, PASSWORD)).encode()).decode()
        with socket.create_connection(("127.0.0.1", self.http()["port"]), timeout=TIMEOUT) as s:
            s.sendall(("POST /wsman HTTP/1.1\r\nHost: x\r\nAuthorization: Basic %s\r\n"
                       "Content-Type: application/soap+xml;charset=UTF-8\r\n"
                       "Content-Length: %d\r\nExpect: 100-continue\r\n\r\n"
                       % (auth, len(env))).encode())
            self.assertTrue(s.recv(100).startswith(b"HTTP/1.1 100 Continue"))
            s.sendall(env)
            f = s.makefile("rb")
            self.assertEqual(f.readline(), b"HTTP/1.1 200 OK\r\n")
            f.close()
        with socket.create_connection(("127.0.0.1", self.http()["port"]), timeout=TIMEOUT) as s:
            body = b"%x\r\n%s\r\n0\r\n\r\n" % (len(env), env)
            s.sendall(("POST /wsman HTTP/1.1\r\nHost: x\r\nAuthorization: Basic %s\r\n"
                       "Content-Type: application/soap+xml;charset=UTF-8\r\n"
                       "Transfer-Encoding: chunked\r\n\r\n" % auth).encode() + body)
            f = s.makefile("rb")
            self.assertEqual(f.readline(), b"HTTP/1.1 200 OK\r\n")
            f.close()
        self.assertEqual(self.stats()["http"]["expect_100"], 1)

    def test_concurrent_connections(self):
        c1 = self.client()
        self.assertEqual(c1.create()[0], 200)  # c1 keeps its connection open
        c2 = self.client()
        self.assertEqual(c2.create()[0], 200)
        self.assertEqual(c1.create()[0], 200)
        self.assertGreaterEqual(self.stats()["http"]["connections_open"], 2)
        conns = [e["conn"] for e in self.control(self.http(), "GET", "/log")["entries"]
                 if "conn" in e]
        self.assertEqual(len(set(conns)), 2)
        self.assertEqual(conns[0], conns[2])

    def test_control_api(self):
        info = self.http()
        status, obj = simctl.call(info["control_port"], "POST", "/inject", {"kind": "nope"})
        self.assertEqual(status, 400)
        self.assertIn("unknown injection kind", obj["error"])
        status, obj = simctl.call(info["control_port"], "POST", "/state", {"no_such": 1})
        self.assertEqual(status, 400)
        # all or nothing
        for bad in ({"format": "strings", "max_shells_per_user": -1},
                    {"format": "strings", "clock": {"mode": "sideways"}},
                    {"format": "strings", "http": {"basic_enabled": "yes"}},
                    {"format": "strings", "action": {"name": "explode"}}):
            status, obj = simctl.call(info["control_port"], "POST", "/state", bad)
            self.assertEqual(status, 400, bad)
        st = self.control(info, "GET", "/state")
        self.assertEqual(st["app"]["settings"]["format"], "ps51")
        self.assertEqual(st["clock"]["mode"], "manual")
        q = self.control(info, "POST", "/inject", {"kind": "timed_out", "match": "Receive",
                                                   "times": -1})
        self.assertEqual(len(q["pending"]), 1)
        self.assertEqual(self.control(info, "POST", "/inject", {"clear": True})["cleared"], 1)
        t0 = self.control(info, "GET", "/stats")["clock"]["now_epoch"]
        t1 = self.control(info, "POST", "/advance", {"seconds": 90})["clock"]["now_epoch"]
        self.assertAlmostEqual(t1 - t0, 90, places=3)
        self.client().create()
        log = self.control(info, "GET", "/log?since=0")
        self.assertGreaterEqual(len(log["entries"]), 1)
        again = self.control(info, "GET", "/log?since=%d" % log["last_seq"])
        self.assertEqual(again["entries"], [])
        st = self.control(info, "GET", "/state")
        self.assertEqual(st["http"]["user"], USER)
        self.assertNotIn(PASSWORD, json.dumps(st))

    def test_error_mode_continue_is_powershell_semantics(self):
        c = self.client()
        self.control(self.http(), "POST", "/state", {"error_mode": "continue",
                                                     "action": {"name": "start_cycle"}})
        out, err, code = c.run(START_SCRIPT % "Delta")
        self.assertEqual((out, code), (b'{"Result":""}\r\n', 0))
        self.assertIn("is busy.", decode_clixml_errors(err))
        out, err, code = c.run("$ErrorActionPreference='Stop'; " + START_SCRIPT % "Delta")
        self.assertEqual((out, code), (b"", 1))

    @unittest.skipUnless(importlib.util.find_spec("winrm"), "python3-winrm is not installed")
    def test_pywinrm_as_independent_client(self):
        import winrm  # Debian python3-winrm; run_cmd, because of run_ps's Python 3 bug
        os.environ["NO_PROXY"] = "127.0.0.1,localhost"
        session = winrm.Session("http://127.0.0.1:%d/wsman" % self.http()["port"],
                                auth=(USER, PASSWORD), transport="basic",
                                operation_timeout_sec=20, read_timeout_sec=30)
        self.control(self.http(), "POST", "/inject", {"kind": "timed_out", "match": "Receive"})
        r = session.run_cmd("powershell -encodedcommand " + encode(SCHEDULER_SCRIPT))
        self.assertEqual(r.status_code, 0)
        self.check_scheduler_ps51(json.loads(r.std_out))
        self.assertEqual(self.stats()["app"]["shells_open"], 0)

    def test_password_never_logged(self):
        c = self.client()
        c.run(SCHEDULER_SCRIPT)
        self.client(auth=(USER, "wrong")).post(b"<x/>")
        body = json.dumps(self.control(self.http(), "GET", "/log"))
        with open(os.path.join(self.tmp, "http.jsonl"), encoding="utf-8") as f:
            logged = f.read()
        token = base64.b64encode(("%s:%s" % (USER, PASSWORD)).encode()).decode()
        for text in (logged, body):
            self.assertIn('"Authorization": "Basic"', text)
            self.assertNotIn(PASSWORD, text)
            self.assertNotIn(token, text)
        with open(os.path.join(self.tmp, "winrm-http.out"), encoding="utf-8") as f:
            self.assertNotIn(PASSWORD, f.read())


# ---------------------------------------------------------------------------
# graph_sim.py: the fake Microsoft Graph v1.0 + OAuth2 token endpoint
# ---------------------------------------------------------------------------

GRAPH_SECRET = "CANARY-sim-secret"
GRAPH_SECRET_ENV = "IDLE_SIM_TEST_GRAPH_SECRET"
GRAPH_CLIENT = "3c1d4e5f-6a7b-4c8d-9e0f-1a2b3c4d5e6f"      # the built-in fixture's client
GRAPH_SCOPE = "https://graph.microsoft.com/.default"
PASSWORD_CANARY = "CANARY-Pw-4711!"


def g_user(n):
    return "a0000000-0000-4000-8000-%012d" % n


def g_group(n):
    return "b0000000-0000-4000-8000-%012d" % n


class GraphClient:
    """Bearer-token JSON calls on one keep-alive http.client connection."""

    def __init__(self, port):
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=TIMEOUT)
        self.token = None

    def close(self):
        self.conn.close()

    def request(self, method, path, body=None, headers=None, auth=True):
        hdrs = {"User-Agent": "idle-sim-selftest"}
        if auth and self.token:
            hdrs["Authorization"] = "Bearer " + self.token
        if isinstance(body, (dict, list)):
            body = json.dumps(body).encode("utf-8")
            hdrs["Content-Type"] = "application/json"
        hdrs.update(headers or {})
        self.conn.request(method, path, body=body, headers=hdrs)
        resp = self.conn.getresponse()
        raw = resp.read()
        obj = json.loads(raw) if raw and "json" in (resp.getheader("Content-Type") or "") \
            else raw
        return resp.status, resp, obj

    def graph(self, method, path, body=None, **kw):
        return self.request(method, "/v1.0" + path, body, **kw)

    def get_token(self, secret=GRAPH_SECRET, scope=GRAPH_SCOPE, client_id=GRAPH_CLIENT,
                  tenant="contoso.onmicrosoft.com"):
        form = urllib.parse.urlencode({"grant_type": "client_credentials",
                                       "client_id": client_id, "client_secret": secret,
                                       "scope": scope}).encode()
        status, _, obj = self.request(
            "POST", "/%s/oauth2/v2.0/token" % tenant, form,
            {"Content-Type": "application/x-www-form-urlencoded"}, auth=False)
        if status == 200:
            self.token = obj["access_token"]
        return status, obj


class GraphSimTests(unittest.TestCase):
    """graph_sim.py with its built-in Contoso fixture, the secret from the environment."""

    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix="idle-graph-sim-test-")
        cfg = os.path.join(cls.tmp, "graph.json")
        with open(cfg, "w") as f:
            json.dump({"clock": {"mode": "manual", "start": "2026-03-02T08:00:00Z"}}, f)
        env = {k: v for k, v in os.environ.items() if k != "GRAPH_SIM_CLIENT_SECRET"}
        env[GRAPH_SECRET_ENV] = GRAPH_SECRET
        cls.log_file = os.path.join(cls.tmp, "graph.jsonl")
        cls.sim = simctl.start("graph", cls.tmp,
                               ["--client-secret-env", GRAPH_SECRET_ENV, "--config", cfg,
                                "--log", cls.log_file, "--max-lifetime", "120"],
                               env=env, name="graph")

    @classmethod
    def tearDownClass(cls):
        simctl.stop(cls.sim["control_port"], cls.sim["pid"], proc=cls.sim["process"])
        shutil.rmtree(cls.tmp, ignore_errors=True)

    def setUp(self):
        self.control("POST", "/reset", {})

    def control(self, method, path, body=None, expect=200):
        status, obj = simctl.call(self.sim["control_port"], method, path, body, timeout=TIMEOUT)
        self.assertEqual(status, expect, obj)
        return obj

    def client(self, token=True):
        c = GraphClient(self.sim["port"])
        self.addCleanup(c.close)
        if token:
            self.assertEqual(c.get_token()[0], 200)
        return c

    def app_stats(self):
        return self.control("GET", "/stats")["app"]

    def ref(self, oid):
        return {"@odata.id": "https://graph.microsoft.com/v1.0/directoryObjects/" + oid}

    def test_token_right_and_wrong_secret(self):
        c = self.client(token=False)
        status, obj = c.get_token()
        self.assertEqual(status, 200, obj)
        self.assertEqual(obj["token_type"], "Bearer")
        self.assertEqual(obj["expires_in"], 3599)
        self.assertTrue(obj["access_token"])
        self.assertEqual(c.graph("GET", "/users/adele.vance@contoso.com")[0], 200)
        status, obj = self.client(token=False).get_token(secret="CANARY-wrong-secret")
        self.assertEqual(status, 401)
        self.assertEqual(obj["error"], "invalid_client")
        self.assertEqual(obj["error_codes"], [7000215])
        self.assertTrue(obj["error_description"].startswith("AADSTS7000215: "))
        st = self.app_stats()
        self.assertEqual((st["tokens_issued"], st["token_errors"]), (1, {"invalid_client": 1}))

    def test_token_scope_must_name_a_token_resource(self):
        origin = "http://127.0.0.1:%d" % self.sim["port"]
        self.control("POST", "/state", {"token_resources": [origin]})
        c = self.client(token=False)
        status, obj = c.get_token(scope=GRAPH_SCOPE)
        self.assertEqual((status, obj["error"], obj["error_codes"]),
                         (400, "invalid_resource", [500011]))
        status, obj = c.get_token(scope=origin + "/User.Read")
        self.assertEqual((status, obj["error"]), (400, "invalid_scope"))
        self.assertEqual(c.get_token(scope=origin + "/.default")[0], 200)

    def test_user_by_upn_and_filter_with_escaped_apostrophe(self):
        c = self.client()
        upn = "o'brien@contoso.com"
        status, _, obj = c.graph("GET", "/users/" + urllib.parse.quote(upn, safe="@"))
        self.assertEqual(status, 200, obj)
        self.assertEqual((obj["id"], obj["userPrincipalName"]), (g_user(3), upn))
        flt = urllib.parse.quote("userPrincipalName eq 'o''brien@contoso.com'")
        status, _, obj = c.graph("GET", "/users?$filter=" + flt + "&$select=id,displayName")
        self.assertEqual(status, 200, obj)
        self.assertEqual(obj["value"], [{"id": g_user(3), "displayName": "Pat O'Brien"}])
        # the apostrophe not doubled: the literal ends early
        flt = urllib.parse.quote("userPrincipalName eq 'o'brien@contoso.com'")
        status, _, obj = c.graph("GET", "/users?$filter=" + flt)
        self.assertEqual(status, 400, obj)

    def test_not_found_error_body(self):
        c = self.client()
        status, resp, obj = c.graph("GET", "/users/nobody@contoso.com",
                                    headers={"client-request-id": "5e1f-test"})
        self.assertEqual(status, 404)
        err = obj["error"]
        self.assertEqual(err["code"], "Request_ResourceNotFound")
        self.assertIn("'nobody@contoso.com' does not exist", err["message"])
        self.assertEqual(err["innerError"]["request-id"], resp.getheader("request-id"))
        self.assertEqual(err["innerError"]["client-request-id"], "5e1f-test")
        status, _, obj = c.graph("GET", "/groups/" + g_group(99))
        self.assertEqual((status, obj["error"]["code"]), (404, "Request_ResourceNotFound"))

    def test_members_ref_add_twice_and_remove_non_member(self):
        c = self.client()
        path = "/groups/%s/members/$ref" % g_group(5)
        self.assertEqual(c.graph("POST", path, self.ref(g_user(1)))[0], 204)
        status, _, obj = c.graph("POST", path, self.ref(g_user(1)))
        self.assertEqual(status, 400)
        self.assertEqual(obj["error"]["code"], "Request_BadRequest")
        self.assertIn("already exist", obj["error"]["message"])
        status, _, obj = c.graph("DELETE", "/groups/%s/members/%s/$ref" % (g_group(5), g_user(2)))
        self.assertEqual((status, obj["error"]["code"]), (404, "Request_ResourceNotFound"))
        self.assertEqual(c.graph("DELETE", "/groups/%s/members/%s/$ref"
                                 % (g_group(5), g_user(1)))[0], 204)
        self.assertEqual(c.graph("GET", "/groups/%s/members" % g_group(5))[2]["value"], [])

    def test_batch_limit_and_item_statuses(self):
        c = self.client()
        many = {"requests": [{"id": str(i), "method": "GET", "url": "/users/" + g_user(1)}
                             for i in range(1, 22)]}
        status, _, obj = c.graph("POST", "/$batch", many)
        self.assertEqual(status, 400)
        self.assertIn("exceeds the limit of 20", obj["error"]["message"])
        many["requests"].pop()
        self.assertEqual(c.graph("POST", "/$batch", many)[0], 200)
        sales = g_group(1)
        status, _, obj = c.graph("POST", "/$batch", {"requests": [
            {"id": "1", "method": "DELETE", "url": "/groups/%s/members/%s/$ref"
             % (sales, g_user(1))},
            {"id": "2", "method": "DELETE", "url": "/groups/%s/members/%s/$ref"
             % (sales, g_user(4))},
            {"id": "3", "method": "POST", "url": "/groups/%s/members/$ref" % sales,
             "headers": {"Content-Type": "application/json"}, "body": self.ref(g_user(4))}]})
        self.assertEqual(status, 200, obj)
        items = {r["id"]: r for r in obj["responses"]}
        self.assertEqual({k: r["status"] for k, r in items.items()},
                         {"1": 204, "2": 404, "3": 204})
        self.assertNotIn("body", items["1"])
        self.assertEqual(items["2"]["body"]["error"]["code"], "Request_ResourceNotFound")
        members = [m["id"] for m in c.graph("GET", "/groups/%s/members" % sales)[2]["value"]]
        self.assertEqual(members, [g_user(2), g_user(4)])
        st = self.app_stats()
        self.assertEqual((st["batches"], st["batch_sizes"]), (2, [20, 3]))
        self.assertEqual(st["batch_item_statuses"], {"200": 20, "204": 2, "404": 1})
        self.assertEqual(st["writes_in_batches"], 3)

    def test_throttle_injection(self):
        c = self.client()
        self.control("POST", "/inject", {"kind": "throttle", "match": "users.get",
                                         "retry_after": 7, "times": 1})
        status, resp, obj = c.graph("GET", "/users/" + g_user(1))
        self.assertEqual(status, 429)
        self.assertEqual(resp.getheader("Retry-After"), "7")
        self.assertEqual(obj["error"]["code"], "TooManyRequests")
        self.assertEqual(c.graph("GET", "/users/" + g_user(1))[0], 200)
        self.assertEqual(self.app_stats()["status_429"], 1)

    def test_batch_item_throttle_hits_only_that_item(self):
        c = self.client()
        self.control("POST", "/inject", {"injections": [
            {"kind": "throttle", "match": "groups.get", "times": 1},   # top level only
            {"kind": "throttle", "item_url_re": g_group(4), "retry_after": 5, "times": 1}]})
        reqs = [{"id": str(i), "method": "GET", "url": "/groups/" + g_group(i)}
                for i in (3, 4, 5)]
        status, _, obj = c.graph("POST", "/$batch", {"requests": reqs})
        self.assertEqual(status, 200)
        items = {r["id"]: r for r in obj["responses"]}
        self.assertEqual({k: r["status"] for k, r in items.items()},
                         {"3": 200, "4": 429, "5": 200})
        self.assertEqual(items["4"]["headers"]["Retry-After"], "5")
        self.assertEqual(items["4"]["body"]["error"]["code"], "TooManyRequests")
        # used up: the retry goes through
        status, _, obj = c.graph("POST", "/$batch", {"requests": reqs[1:2]})
        self.assertEqual(obj["responses"][0]["status"], 200)
        # the top-level rule was left for a top-level request
        status, resp, _ = c.graph("GET", "/groups/" + g_group(4))
        self.assertEqual((status, resp.getheader("Retry-After")), (429, "1"))
        st = self.app_stats()
        self.assertEqual((st["batch_items_throttled"], st["status_429"]), (1, 2))

    def test_paging_follows_next_link_to_the_end(self):
        self.control("POST", "/state", {"page_size": 1})
        c = self.client()
        path = "/v1.0/groups?$select=id,displayName"
        seen = []
        for _ in range(20):
            status, _, obj = c.request("GET", path)
            self.assertEqual(status, 200, obj)
            self.assertLessEqual(len(obj["value"]), 1)
            seen += [g["id"] for g in obj["value"]]
            link = obj.get("@odata.nextLink")
            if link is None:
                break
            split = urllib.parse.urlsplit(link)
            self.assertIn("$skiptoken=", split.query)
            self.assertIn("$select=id,displayName", split.query)
            path = split.path + "?" + split.query
        self.assertEqual(seen, [g_group(i) for i in range(1, 7)])
        self.assertEqual(self.app_stats()["pages_followed"], 5)
        status, _, obj = c.request("GET", "/v1.0/groups?$skiptoken=bogus")
        self.assertEqual((status, obj["error"]["code"]), (400, "Directory_ExpiredPageToken"))

    def test_expire_tokens(self):
        c = self.client()
        self.assertEqual(c.graph("GET", "/users/" + g_user(1))[0], 200)
        st = self.control("POST", "/state", {"action": {"name": "expire_tokens"}})
        self.assertEqual(st["app"]["last_action"], {"name": "expire_tokens", "expired": 1})
        status, resp, obj = c.graph("GET", "/users/" + g_user(1))
        self.assertEqual((status, obj["error"]["code"]), (401, "InvalidAuthenticationToken"))
        self.assertIn("expired", obj["error"]["message"])
        self.assertTrue(resp.getheader("WWW-Authenticate").startswith("Bearer "))
        self.assertEqual(c.get_token()[0], 200)
        self.assertEqual(c.graph("GET", "/users/" + g_user(1))[0], 200)
        # the injection expires the tokens before the request it matches is handled
        self.control("POST", "/inject", {"kind": "expire_tokens", "match": "users.get"})
        self.assertEqual(c.graph("GET", "/users/" + g_user(1))[0], 401)
        # and the simulated clock: a token lives token_lifetime_s
        self.assertEqual(c.get_token()[0], 200)
        self.control("POST", "/advance", {"seconds": 3599})
        self.assertEqual(c.graph("GET", "/users/" + g_user(1))[0], 401)
        self.assertEqual(self.app_stats()["auth_failures"]["401"], 3)

    def test_state_is_checked_all_or_nothing(self):
        for bad in ({"settings": "page_size"}, {"page_size": 0}, {"cast_mode": "loose"},
                    {"page_size": 2, "action": {"name": "explode"}},
                    {"page_size": 2, "action": {"name": "issue_token", "client_id": "nope"}}):
            status, obj = simctl.call(self.sim["control_port"], "POST", "/state", bad)
            self.assertEqual(status, 400, (bad, obj))
        self.assertEqual(self.control("GET", "/state")["app"]["settings"]["page_size"], 100)
        st = self.control("POST", "/state", {"settings": {"page_size": 2},
                                             "action": {"name": "issue_token"}})
        self.assertEqual(st["app"]["settings"]["page_size"], 2)
        c = self.client(token=False)
        c.token = st["app"]["last_action"]["access_token"]
        status, _, obj = c.graph("GET", "/users")
        self.assertEqual((status, len(obj["value"])), (200, 2))

    def test_secret_and_password_never_logged(self):
        c = self.client()
        self.client(token=False).get_token(secret="CANARY-wrong-secret")
        body = {"accountEnabled": True, "displayName": "Canary Test",
                "mailNickname": "canary.test", "userPrincipalName": "canary.test@contoso.com",
                "passwordProfile": {"password": PASSWORD_CANARY,
                                    "forceChangePasswordNextSignIn": True}}
        status, _, obj = c.graph("POST", "/users", body)
        self.assertEqual(status, 201, obj)
        uid = obj["id"]
        status, _, obj = c.graph("POST", "/$batch", {"requests": [
            {"id": "1", "method": "PATCH", "url": "/users/" + uid,
             "headers": {"Content-Type": "application/json"},
             "body": {"passwordProfile": {"password": "CANARY-Pw-0815?"}}}]})
        self.assertEqual(obj["responses"][0]["status"], 204, obj)
        text = json.dumps(self.control("GET", "/log"), ensure_ascii=False)
        with open(self.log_file, encoding="utf-8") as f:
            logged = f.read()
        for t in (text, logged):
            self.assertNotIn("CANARY", t)
            self.assertNotIn(c.token, t)
        create = [e for e in self.control("GET", "/log")["entries"]
                  if e.get("method") == "POST" and e.get("path") == "/v1.0/users"][0]
        self.assertEqual(create["app"]["body"]["passwordProfile"]["password"], "(redacted)")
        self.assertEqual(create["headers"]["Authorization"], "Bearer")
        self.assertTrue(create["app"]["token"].startswith("sha256:"))
        with open(os.path.join(self.tmp, "graph.out"), encoding="utf-8") as f:
            self.assertNotIn("CANARY", f.read())
        # and GET /state shows whether a secret is set, not the secret
        state = json.dumps(self.control("GET", "/state"))
        self.assertNotIn("CANARY", state)
        self.assertIn('"secret_set": true', state)


if __name__ == "__main__":
    unittest.main()
