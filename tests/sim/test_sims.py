#!/usr/bin/env python3
"""test_sims.py - self-test of the loopback simulators (standard library only).

Starts winrm_sim.py over HTTP and over HTTPS (certificates from mkcert.sh in a
temporary directory) and drives it with a small WS-Man client: the full
Create -> Command -> Receive (one injected TimedOut) -> Signal -> Delete
exchange on one keep-alive connection with Basic auth, both output formats,
the busy error after a Start, 401s, quotas, shell-not-found, the shell count,
injections, the control API, and that the password never reaches the log.

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


if __name__ == "__main__":
    unittest.main()
