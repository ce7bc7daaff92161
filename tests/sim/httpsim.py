#!/usr/bin/env python3
"""httpsim.py - a reusable base for loopback HTTP(S) test servers.

One process runs two servers, both bound to 127.0.0.1 only:

* the *service* server (threaded HTTP/1.1 with keep-alive, optional TLS and
  Basic auth, a generic fault-injection queue, a request log and counters),
  whose requests are answered by an application object (an ``App``);
* the *control* server (plain HTTP, JSON) that a test uses to read the stats
  and the log, queue injections, change the application's state, move the
  simulated clock, reset, and shut the process down.

Applications (winrm_sim.py; a Microsoft Graph fake later) subclass ``App`` and
call ``main(factory)``. Run this file alone for a tiny echo application,
useful to test the base itself. The full contract is in README.md.

Standard library only.
"""

import argparse
import base64
import binascii
import email.utils
import hmac
import http.server
import json
import os
import re
import signal
import socket
import socketserver
import ssl
import struct
import sys
import threading
import time
import traceback
import urllib.parse
from datetime import datetime, timezone

LOOPBACK = "127.0.0.1"
MAX_BODY = 16 * 1024 * 1024
MAX_LOG_ENTRIES = 20000
REDACTED_HEADERS = ("authorization", "proxy-authorization")
SECRET_HEADERS = ("cookie", "set-cookie", "x-ms-client-secret")


class SimError(Exception):
    """A bad control request (answered with 400 and the message)."""


# ---------------------------------------------------------------------------
# Time helpers and the simulated clock
# ---------------------------------------------------------------------------

def iso(t, ms=True):
    """Epoch seconds -> ISO 8601 UTC with a Z (milliseconds unless ms=False)."""
    d = datetime.fromtimestamp(t, tz=timezone.utc)
    if ms:
        return d.strftime("%Y-%m-%dT%H:%M:%S.") + "%03dZ" % (d.microsecond // 1000)
    return d.strftime("%Y-%m-%dT%H:%M:%SZ")


def parse_time(value):
    """A number (epoch seconds) or an ISO 8601 string -> epoch seconds."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return float(value)
    if isinstance(value, str):
        text = value.strip()
        if text.endswith(("Z", "z")):
            text = text[:-1] + "+00:00"
        try:
            d = datetime.fromisoformat(text)
        except ValueError:
            raise SimError("not an ISO 8601 time: %r" % value) from None
        if d.tzinfo is None:
            d = d.replace(tzinfo=timezone.utc)
        return d.timestamp()
    raise SimError("not a time: %r" % (value,))


class Clock:
    """The simulated clock.

    mode "real":   now = origin + elapsed wall time * time_scale (+ advances)
    mode "manual": now = origin + advances; it moves only through advance()
                   (POST /advance) and tick(), which adds auto_advance_s for
                   the requests the application chooses.
    """

    def __init__(self, mode="real", time_scale=1.0, start=None, auto_advance_s=0.0):
        self._cond = threading.Condition()
        self._initial = {"mode": mode, "time_scale": time_scale, "start": start,
                         "auto_advance_s": auto_advance_s}
        self.reset()

    def reset(self):
        """Back to the configuration the clock was created with."""
        self.configure(restart=True, **self._initial)

    def configure(self, mode=None, time_scale=None, start=None, auto_advance_s=None,
                  restart=False):
        with self._cond:
            if restart:
                self._mono0 = time.monotonic()
                self._offset = 0.0
                self.advanced_total = 0.0
                self.ticks = 0
                self._origin = time.time()
            elif mode is not None or time_scale is not None:
                # keep "now" continuous across a change of mode or scale
                current = self._now_locked()
                self._mono0 = time.monotonic()
                self._origin = current
                self._offset = 0.0
            if mode is not None:
                if mode not in ("real", "manual"):
                    raise SimError("clock mode must be 'real' or 'manual'")
                self.mode = mode
            if time_scale is not None:
                scale = float(time_scale)
                if not scale > 0:
                    raise SimError("time_scale must be > 0")
                self.time_scale = scale
            if auto_advance_s is not None:
                if float(auto_advance_s) < 0:
                    raise SimError("auto_advance_s must be >= 0")
                self.auto_advance_s = float(auto_advance_s)
            if start is not None:
                self._origin = parse_time(start)
                self._offset = 0.0
                self._mono0 = time.monotonic()
            self._cond.notify_all()

    def _now_locked(self):
        t = self._origin + self._offset
        if self.mode == "real":
            t += (time.monotonic() - self._mono0) * self.time_scale
        return t

    def now(self):
        with self._cond:
            return self._now_locked()

    def advance(self, seconds):
        seconds = float(seconds)
        if seconds < 0:
            raise SimError("cannot move the clock backwards")
        with self._cond:
            self._offset += seconds
            self.advanced_total += seconds
            self._cond.notify_all()
            return self._now_locked()

    def tick(self):
        """Adds auto_advance_s on a manual clock; returns the seconds added."""
        with self._cond:
            if self.mode != "manual" or self.auto_advance_s <= 0:
                return 0.0
            self.ticks += 1
            self._offset += self.auto_advance_s
            self.advanced_total += self.auto_advance_s
            self._cond.notify_all()
            return self.auto_advance_s

    def wait_until(self, target, stop=None, max_real=None):
        """Blocks until now() >= target (True), or until `stop` is set or
        max_real wall seconds have passed (False). A manual clock wakes up on
        every advance."""
        limit = None if max_real is None else time.monotonic() + max_real
        with self._cond:
            while True:
                now = self._now_locked()
                if now >= target:
                    return True
                if stop is not None and stop.is_set():
                    return False
                wait = 0.2
                if self.mode == "real":
                    wait = min(wait, max(0.001, (target - now) / self.time_scale))
                if limit is not None:
                    left = limit - time.monotonic()
                    if left <= 0:
                        return False
                    wait = min(wait, left)
                self._cond.wait(wait)

    def wake(self):
        with self._cond:
            self._cond.notify_all()

    def describe(self):
        with self._cond:
            now = self._now_locked()
            return {"mode": self.mode, "now": iso(now), "now_epoch": round(now, 3),
                    "time_scale": self.time_scale, "auto_advance_s": self.auto_advance_s,
                    "advanced_s": self.advanced_total, "ticks": self.ticks}


# ---------------------------------------------------------------------------
# Requests, responses, applications
# ---------------------------------------------------------------------------

class SimRequest:
    """One request as the application sees it."""

    def __init__(self, handler, seq):
        self.seq = seq
        self.conn_id = handler.conn_id
        self.tls = handler.is_tls
        self.client = handler.client_address[0]
        self.method = handler.command
        url = urllib.parse.urlsplit(handler.path)
        self.path = url.path
        self.query = urllib.parse.parse_qs(url.query)
        self.raw_path = handler.path
        self.version = handler.request_version
        self.headers = handler.headers
        self.body = b""
        self.auth_scheme = None
        self.auth_user = None
        self.keys = []
        self.cache = {}     # for the application (parsed body, ...)
        self.app = {}       # application details for the request log

    def header(self, name, default=None):
        return self.headers.get(name, default)


class Response:
    """A response, plus how to (mis)deliver it."""

    def __init__(self, status=200, body=b"", content_type=None, headers=None, reason=None):
        self.status = int(status)
        self.reason = reason
        if isinstance(body, str):
            body = body.encode("utf-8")
        self.body = body or b""
        self.headers = list(headers or [])
        if content_type:
            self.headers.append(("Content-Type", content_type))
        self.close = False          # Connection: close, then close
        self.delay_s = 0.0          # wait before anything is sent
        self.trickle = None         # (bytes per write, seconds between writes)
        self.reset_before = False   # RST instead of a response
        self.drop = False           # plain close instead of a response
        self.reset_after_headers = False
        self.truncate_to = None     # send only this many body bytes, then close

    def header(self, name):
        for k, v in self.headers:
            if k.lower() == name.lower():
                return v
        return None


def json_response(obj, status=200):
    return Response(status, json.dumps(obj, indent=1, sort_keys=False) + "\n",
                    "application/json")


class App:
    """Base class of an application served by HTTPSim."""

    name = "app"
    injection_kinds = frozenset()   # kinds handled by the application itself
    server_header = "httpsim/1"     # the Server header of every response

    def attach(self, sim):
        self.sim = sim

    def match_keys(self, req):
        """Keys an injection's "match" is compared with (for WinRM: the action)."""
        return []

    def check_injection(self, spec):
        """Validates the application's own injection fields (raise SimError);
        called for every injection before it is queued."""

    def injection_accepts(self, item, req):
        """Extra matching after "match" and "path" (e.g. regular expressions,
        "skip the first N"): False lets the request pass this injection by.
        `item` is the queued injection itself (do not store objects in it)."""
        return True

    def requires_auth(self, req):
        """False for requests answered without authentication (e.g. a 404)."""
        return True

    def handle(self, req, injection):
        """Answers one authenticated request; injection is an application
        injection (a dict) or None."""
        return Response(404)

    def stats(self):
        return {}

    def ready_info(self):
        """Extra fields for the ready file and GET /health (e.g. base URLs)."""
        return {}

    def get_state(self):
        return {}

    def set_state(self, data):
        if data:
            raise SimError("this application has no settable state")
        return self.get_state()

    def reset(self):
        pass

    def close(self):
        pass


class EchoApp(App):
    """Answers every request with a JSON description of it (for self-tests)."""

    name = "echo"

    def handle(self, req, injection):
        req.app["echo"] = True
        return json_response({"method": req.method, "path": req.path,
                              "body_bytes": len(req.body), "user": req.auth_user,
                              "sim_time": iso(self.sim.clock.now())})


# ---------------------------------------------------------------------------
# Injections
# ---------------------------------------------------------------------------

# Kinds that replace the response, and kinds that change how the normal
# response is delivered.
REPLACING_KINDS = frozenset({"status", "unauthorized", "retry_after", "reset", "close"})
MODIFIER_KINDS = frozenset({"delay", "trickle", "reset_after_headers", "truncate"})
GENERIC_KINDS = REPLACING_KINDS | MODIFIER_KINDS


class InjectionQueue:
    """Faults consulted per request, first match wins, "next N times"."""

    def __init__(self):
        self._lock = threading.Lock()
        self._items = []
        self._next_id = 1

    def add(self, spec, app_kinds, check=None):
        """Queues one injection; check(item) validates application fields."""
        if not isinstance(spec, dict):
            raise SimError("an injection is a JSON object")
        kind = spec.get("kind")
        if kind not in GENERIC_KINDS and kind not in app_kinds:
            raise SimError("unknown injection kind %r (known: %s)" % (
                kind, ", ".join(sorted(GENERIC_KINDS | set(app_kinds)))))
        item = dict(spec)
        times = item.get("times", 1)
        if times in ("forever", None):
            times = -1
        if not isinstance(times, int) or isinstance(times, bool) or times == 0 or times < -1:
            raise SimError("times must be a positive integer, -1 or \"forever\"")
        item["times"] = times
        match = item.get("match")
        if match in (None, "*", ""):
            item["match"] = None
        elif isinstance(match, str):
            item["match"] = [match]
        elif isinstance(match, list) and all(isinstance(m, str) for m in match):
            item["match"] = list(match)
        else:
            raise SimError("match must be a string or a list of strings")
        if "path" in item and item["path"] is not None and not isinstance(item["path"], str):
            raise SimError("path must be a string")
        for key in ("delay_s", "seconds", "interval_s"):
            if key in item and (not isinstance(item[key], (int, float)) or item[key] < 0):
                raise SimError("%s must be a number >= 0" % key)
        item["pre_auth"] = bool(item.get("pre_auth", False))
        if check is not None:
            check(item)
        with self._lock:
            item["id"] = self._next_id
            self._next_id += 1
            item["used"] = 0
            self._items.append(item)
        return item["id"]

    def take(self, req, keys, pre_auth, accept=None):
        """The first injection matching the request (consumed once), or None.
        accept(item, req), when given, is consulted last."""
        with self._lock:
            for item in self._items:
                if item["pre_auth"] != pre_auth:
                    continue
                if item.get("path") and item["path"] != req.path:
                    continue
                if item["match"] is not None and not any(m in keys for m in item["match"]):
                    continue
                if accept is not None and not accept(item, req):
                    continue
                item["used"] += 1
                if item["times"] > 0:
                    item["times"] -= 1
                    if item["times"] == 0:
                        self._items.remove(item)
                return dict(item)
        return None

    def pending(self):
        with self._lock:
            return [dict(i) for i in self._items]

    def clear(self):
        with self._lock:
            n = len(self._items)
            self._items = []
            return n


# ---------------------------------------------------------------------------
# Counters and the request log
# ---------------------------------------------------------------------------

class Stats:
    def __init__(self):
        self._lock = threading.Lock()
        self.open_now = 0
        self.reset()

    def reset(self):
        with self._lock:
            self.started = time.monotonic()
            self.d = {"connections": 0, "tls_handshakes": 0,
                      "tls_handshake_failures": 0, "requests": 0, "requests_by": {},
                      "statuses": {}, "bytes_in": 0, "bytes_out": 0, "expect_100": 0,
                      "auth_ok": 0, "auth_challenges": 0, "auth_schemes": {},
                      "injections_applied": {}, "app_errors": 0}

    def inc(self, key, n=1):
        with self._lock:
            self.d[key] = self.d.get(key, 0) + n

    def inc_in(self, table, key, n=1):
        with self._lock:
            t = self.d.setdefault(table, {})
            t[key] = t.get(key, 0) + n

    def snapshot(self):
        with self._lock:
            out = json.loads(json.dumps(self.d))
            out["connections_open"] = self.open_now
            out["uptime_s"] = round(time.monotonic() - self.started, 3)
            return out

    def connection(self, delta):
        """The open-connection gauge (not cleared by reset)."""
        with self._lock:
            self.open_now += delta


def redact_headers(headers):
    """Header dict for the log: credentials reduced to their scheme."""
    out = {}
    for name, value in headers.items():
        low = name.lower()
        if low in REDACTED_HEADERS:
            value = value.strip().split(None, 1)[0] if value.strip() else ""
        elif low in SECRET_HEADERS:
            value = "(redacted)"
        if name in out:
            out[name] += ", " + value
        else:
            out[name] = value
    return out


class RequestLog:
    def __init__(self, path=None, secrets=()):
        self._lock = threading.Lock()
        self._entries = []
        self._seq = 0
        self._file = open(path, "a", encoding="utf-8") if path else None
        self._secrets = [s for s in secrets if s]

    def next_seq(self):
        with self._lock:
            self._seq += 1
            return self._seq

    def add_secret(self, secret):
        """One more string that must never reach the log (scrubbed everywhere)."""
        if secret:
            with self._lock:
                if secret not in self._secrets:
                    # a new list (readers iterate the old one without the lock),
                    # longest first: a secret containing another is scrubbed whole
                    self._secrets = sorted(self._secrets + [secret], key=len, reverse=True)

    def _scrub(self, text):
        # Belt and braces: a secret must never reach the log, whatever an
        # application puts into its details.
        for s in self._secrets:
            if s in text:
                text = text.replace(s, "(redacted)")
        return text

    def add(self, entry):
        line = self._scrub(json.dumps(entry, ensure_ascii=False))
        with self._lock:
            self._entries.append(json.loads(line))
            if len(self._entries) > MAX_LOG_ENTRIES:
                del self._entries[: len(self._entries) - MAX_LOG_ENTRIES]
            if self._file:
                self._file.write(line + "\n")
                self._file.flush()

    def note(self, kind, **fields):
        """A non-request event (reset, shutdown, ...)."""
        entry = {"seq": self.next_seq(), "time": iso(time.time()), "event": kind}
        entry.update(fields)
        self.add(entry)

    def entries(self, since=0, limit=None, where=None):
        """Entries with seq > since; where(entry) filters before limit applies."""
        with self._lock:
            out = [e for e in self._entries if e.get("seq", 0) > since]
        if where is not None:
            out = [e for e in out if where(e)]
        if limit is not None:
            out = out[:limit]
        return out

    def clear(self):
        with self._lock:
            self._entries = []

    def close(self):
        with self._lock:
            if self._file:
                self._file.close()
                self._file = None


# ---------------------------------------------------------------------------
# Fake NTLM (connection-reuse testing only: nothing is verified)
# ---------------------------------------------------------------------------

NTLM_SIGNATURE = b"NTLMSSP\x00"


def ntlm_message_type(token):
    try:
        raw = base64.b64decode(token, validate=True)
    except (binascii.Error, ValueError):
        return None, b""
    if len(raw) < 12 or not raw.startswith(NTLM_SIGNATURE):
        return None, raw
    return struct.unpack("<I", raw[8:12])[0], raw


def ntlm_challenge():
    """A syntactically valid NTLM Type-2 message (random challenge, a target
    name and a minimal target-info list)."""
    target = "SIM".encode("utf-16-le")
    info = (struct.pack("<HH", 2, len(target)) + target   # MsvAvNbDomainName
            + struct.pack("<HH", 1, len(target)) + target  # MsvAvNbComputerName
            + struct.pack("<HH", 0, 0))                    # MsvAvEOL
    flags = 0x00000001 | 0x00000004 | 0x00000200 | 0x00008000 | 0x00010000 | 0x00080000 | 0x00800000 | 0x20000000 | 0x80000000
    header_len = 48
    msg = (NTLM_SIGNATURE + struct.pack("<I", 2)
           + struct.pack("<HHI", len(target), len(target), header_len)
           + struct.pack("<I", flags) + os.urandom(8) + b"\x00" * 8
           + struct.pack("<HHI", len(info), len(info), header_len + len(target)))
    assert len(msg) == header_len
    return base64.b64encode(msg + target + info).decode("ascii")


def ntlm_user(raw):
    """DOMAIN\\user from a Type-3 message, or None."""
    try:
        dlen, _, doff = struct.unpack("<HHI", raw[28:36])
        ulen, _, uoff = struct.unpack("<HHI", raw[36:44])
        flags = struct.unpack("<I", raw[60:64])[0] if len(raw) >= 64 else 1
        enc = "utf-16-le" if flags & 1 else "latin-1"
        dom = raw[doff:doff + dlen].decode(enc, "replace")
        user = raw[uoff:uoff + ulen].decode(enc, "replace")
        return (dom + "\\" + user) if dom else user
    except (struct.error, ValueError):
        return None


# ---------------------------------------------------------------------------
# The servers
# ---------------------------------------------------------------------------

class BodyError(Exception):
    def __init__(self, status, message):
        super().__init__(message)
        self.status = status


class ServiceHandler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    sys_version = ""

    def __init__(self, *args, conn_id=0, is_tls=False, **kwargs):
        self.conn_id = conn_id
        self.is_tls = is_tls
        self.ntlm_user = None     # set once a fake NTLM handshake completed
        self.aborted = False
        super().__init__(*args, **kwargs)

    def setup(self):
        self.timeout = self.server.sim.idle_timeout_s
        super().setup()

    def version_string(self):
        return self.server.sim.server_header

    def log_message(self, fmt, *args):
        if self.server.sim.verbose:
            sys.stderr.write("[%s] conn %d: %s\n" % (self.server.sim.app.name, self.conn_id,
                                                     fmt % args))

    def handle_expect_100(self):
        self.server.sim.stats.inc("expect_100")
        return super().handle_expect_100()

    def handle_one_request(self):
        try:
            self.raw_requestline = self.rfile.readline(65537)
            if len(self.raw_requestline) > 65536:
                self.requestline = ""
                self.request_version = ""
                self.command = ""
                self.send_error(414)
                return
            if not self.raw_requestline:
                self.close_connection = True
                return
            if not self.parse_request():
                return
            self.server.sim.serve(self)
            if not self.aborted:
                self.wfile.flush()
        except (TimeoutError, socket.timeout):
            self.close_connection = True
        except (ConnectionError, ssl.SSLError, OSError, ValueError):
            self.close_connection = True

    def finish(self):
        try:
            super().finish()
        except (OSError, ValueError):
            pass


class ServiceServer(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 128

    def __init__(self, sim, addr, ssl_context):
        self.sim = sim
        self.ssl_context = ssl_context
        super().__init__(addr, ServiceHandler)

    def finish_request(self, request, client_address):
        sim = self.sim
        sim.stats.inc("connections")
        sim.stats.connection(+1)
        conn_id = sim.new_conn_id()
        sock = request
        try:
            if self.ssl_context is not None:
                request.settimeout(10)
                try:
                    sock = self.ssl_context.wrap_socket(request, server_side=True)
                except (ssl.SSLError, OSError):
                    sim.stats.inc("tls_handshake_failures")
                    return
                sim.stats.inc("tls_handshakes")
            ServiceHandler(sock, client_address, self, conn_id=conn_id,
                           is_tls=self.ssl_context is not None)
        finally:
            sim.stats.connection(-1)
            if sock is not request:
                try:
                    sock.close()
                except OSError:
                    pass

    def handle_error(self, request, client_address):
        if self.sim.verbose:
            traceback.print_exc()


class ControlHandler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "httpsim-control/1"
    sys_version = ""
    timeout = 10

    def log_message(self, fmt, *args):
        if self.server.sim.verbose:
            sys.stderr.write("[control] %s\n" % (fmt % args))

    def _reply(self, status, obj):
        data = (json.dumps(obj, indent=1) + "\n").encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def _body(self):
        n = int(self.headers.get("Content-Length") or 0)
        if n > MAX_BODY:
            raise SimError("body too large")
        raw = self.rfile.read(n) if n else b""
        if not raw.strip():
            return {}
        try:
            return json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as e:
            raise SimError("body is not JSON: %s" % e) from None

    def _dispatch(self):
        url = urllib.parse.urlsplit(self.path)
        query = urllib.parse.parse_qs(url.query)
        try:
            body = self._body() if self.command == "POST" else {}
            status, obj = self.server.sim.control(self.command, url.path, query, body)
        except SimError as e:
            status, obj = 400, {"error": str(e)}
        except Exception as e:  # a bug: say so, keep serving
            traceback.print_exc()
            status, obj = 500, {"error": "%s: %s" % (type(e).__name__, e)}
        self._reply(status, obj)

    do_GET = _dispatch
    do_POST = _dispatch


class ControlServer(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, sim, addr):
        self.sim = sim
        super().__init__(addr, ControlHandler)


# ---------------------------------------------------------------------------
# The simulator
# ---------------------------------------------------------------------------

class HTTPSim:
    def __init__(self, app, *, port=0, control_port=0, tls_cert=None, tls_key=None,
                 user=None, password=None, www_authenticate=None, basic_enabled=True,
                 fake_ntlm=False, clock=None, log_path=None, idle_timeout_s=30.0,
                 verbose=False, server_header=None):
        self.app = app
        self.clock = clock or Clock()
        self.stats = Stats()
        secrets = []
        if password:
            secrets.append(password)
            if user:
                secrets.append(base64.b64encode(("%s:%s" % (user, password)).encode()).decode())
        self.log = RequestLog(log_path, secrets)
        self.injections = InjectionQueue()
        self.stop_event = threading.Event()
        self.verbose = verbose
        self.idle_timeout_s = float(idle_timeout_s)
        self.server_header = server_header or app.server_header
        self._conn_lock = threading.Lock()
        self._conn_seq = 0
        self.user = user
        self._password = password
        self.auth = {"www_authenticate": list(www_authenticate or ['Basic realm="WSMAN"',
                                                                    "Negotiate"]),
                     "basic_enabled": bool(basic_enabled), "fake_ntlm": bool(fake_ntlm),
                     "challenge_empty_post": True}
        self._initial_auth = dict(self.auth)
        self._initial_idle_timeout = self.idle_timeout_s
        ctx = None
        if tls_cert:
            ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            ctx.load_cert_chain(tls_cert, tls_key)
        self.tls = ctx is not None
        self.service = ServiceServer(self, (LOOPBACK, port), ctx)
        self.control_server = ControlServer(self, (LOOPBACK, control_port))
        self.port = self.service.server_address[1]
        self.control_port = self.control_server.server_address[1]
        self._threads = []
        app.attach(self)

    # -- lifecycle ---------------------------------------------------------

    def new_conn_id(self):
        with self._conn_lock:
            self._conn_seq += 1
            return self._conn_seq

    def start(self):
        for srv in (self.service, self.control_server):
            t = threading.Thread(target=srv.serve_forever, kwargs={"poll_interval": 0.05},
                                 daemon=True)
            t.start()
            self._threads.append(t)

    def request_stop(self):
        self.stop_event.set()
        self.clock.wake()

    def stop(self):
        self.request_stop()
        self.log.note("shutdown")
        for srv in (self.service, self.control_server):
            srv.shutdown()
            srv.server_close()
        try:
            self.app.close()
        finally:
            self.log.close()

    def write_ready_file(self, path):
        info = dict(self.app.ready_info() or {})
        info.update({"port": self.port, "control_port": self.control_port,
                     "pid": os.getpid(), "tls": self.tls, "app": self.app.name})
        data = json.dumps(info)
        tmp = "%s.tmp.%d" % (path, os.getpid())
        with open(tmp, "w", encoding="utf-8") as f:
            f.write(data + "\n")
        os.replace(tmp, path)

    # -- the service side --------------------------------------------------

    def _read_body(self, h):
        te = (h.headers.get("Transfer-Encoding") or "").strip().lower()
        if te:
            if te != "chunked":
                raise BodyError(501, "unsupported Transfer-Encoding")
            return self._read_chunked(h)
        cl = h.headers.get("Content-Length")
        if cl is None:
            return b""
        try:
            n = int(cl)
        except ValueError:
            raise BodyError(400, "bad Content-Length") from None
        if n < 0:
            raise BodyError(400, "bad Content-Length")
        if n > MAX_BODY:
            raise BodyError(413, "body too large")
        data = h.rfile.read(n)
        if len(data) != n:
            raise ConnectionError("short body")
        return data

    def _read_chunked(self, h):
        out = bytearray()
        while True:
            line = h.rfile.readline(1024)
            if not line:
                raise ConnectionError("eof in chunked body")
            try:
                size = int(line.split(b";", 1)[0].strip(), 16)
            except ValueError:
                raise BodyError(400, "bad chunk size") from None
            if size == 0:
                while True:  # trailers
                    t = h.rfile.readline(8192)
                    if t in (b"\r\n", b"\n", b""):
                        return bytes(out)
            if len(out) + size > MAX_BODY:
                raise BodyError(413, "body too large")
            chunk = h.rfile.read(size)
            if len(chunk) != size:
                raise ConnectionError("short chunk")
            out += chunk
            h.rfile.readline(3)

    def challenge(self, close=False, extra=None):
        offers = list(extra or [])
        for v in self.auth["www_authenticate"]:
            if not self.auth["basic_enabled"] and v.lower().startswith("basic"):
                continue
            offers.append(v)
        if self.auth["fake_ntlm"] and not any(v.split()[0].lower() == "ntlm" for v in offers):
            offers.append("NTLM")
        resp = Response(401, b"", headers=[("WWW-Authenticate", v) for v in offers])
        resp.close = close
        return resp

    def check_auth(self, h, req):
        """(True, None) when the request may proceed, else (False, response)."""
        if not self.user or not self.app.requires_auth(req):
            return True, None
        hdr = (req.header("Authorization") or "").strip()
        parts = hdr.split(None, 1)
        scheme = parts[0] if parts else None
        token = parts[1].strip() if len(parts) > 1 else ""
        req.auth_scheme = scheme
        if scheme:
            self.stats.inc_in("auth_schemes", scheme)
        if (self.auth["fake_ntlm"] and scheme and scheme.lower() in ("ntlm", "negotiate")):
            mtype, raw = ntlm_message_type(token)
            if mtype == 1:
                self.stats.inc("auth_challenges")
                return False, self.challenge(extra=["%s %s" % (scheme, ntlm_challenge())])
            if mtype == 3:
                h.ntlm_user = ntlm_user(raw) or "ntlm-user"
        if not hdr and h.ntlm_user:
            req.auth_user = h.ntlm_user        # NTLM authenticates the connection
            req.auth_scheme = "NTLM(connection)"
            self.stats.inc("auth_ok")
            return True, None
        if (self.auth["challenge_empty_post"] and req.method == "POST" and not req.body):
            self.stats.inc("auth_challenges")
            return False, self.challenge()
        if scheme and scheme.lower() in ("ntlm", "negotiate") and h.ntlm_user:
            req.auth_user = h.ntlm_user
            self.stats.inc("auth_ok")
            return True, None
        if scheme and scheme.lower() == "basic" and self.auth["basic_enabled"]:
            try:
                decoded = base64.b64decode(token, validate=True).decode("utf-8")
                user, _, password = decoded.partition(":")
            except (binascii.Error, ValueError, UnicodeDecodeError):
                user, password = None, None
            if (user is not None and hmac.compare_digest(user.encode(), self.user.encode())
                    and hmac.compare_digest(password.encode(), self._password.encode())):
                req.auth_user = user
                self.stats.inc("auth_ok")
                return True, None
        self.stats.inc("auth_challenges")
        return False, self.challenge()

    def generic_response(self, inj):
        kind = inj["kind"]
        if kind == "unauthorized":
            return self.challenge(close=bool(inj.get("close")))
        if kind == "reset":
            r = Response(500)
            r.reset_before = True
            return r
        if kind == "close":
            r = Response(500)
            r.drop = True
            return r
        status = int(inj.get("status", 503 if kind == "retry_after" else 500))
        headers = [(str(k), str(v)) for k, v in (inj.get("headers") or {}).items()]
        ra = inj.get("retry_after", inj.get("seconds") if kind == "retry_after" else None)
        if ra is not None:
            if inj.get("date"):
                ra = email.utils.formatdate(time.time() + float(ra), usegmt=True)
            elif isinstance(ra, float) and ra.is_integer():
                ra = int(ra)
            headers.append(("Retry-After", str(ra)))
        body = inj.get("body", "")
        ctype = inj.get("content_type")
        if ctype is None and body:
            ctype = "text/plain; charset=utf-8"
        r = Response(status, body, ctype, headers)
        r.close = bool(inj.get("close"))
        return r

    def apply_modifier(self, resp, inj):
        kind = inj["kind"]
        if kind == "delay":
            resp.delay_s += float(inj.get("seconds", 1.0))
        elif kind == "trickle":
            resp.trickle = (max(1, int(inj.get("bytes", 1))), float(inj.get("interval_s", 0.05)))
        elif kind == "reset_after_headers":
            resp.reset_after_headers = True
        elif kind == "truncate":
            n = inj.get("send_bytes")
            resp.truncate_to = int(n) if n is not None else len(resp.body) // 2

    def build(self, req, inj):
        if inj is not None and inj["kind"] in REPLACING_KINDS:
            resp = self.generic_response(inj)
        else:
            app_inj = inj if inj is not None and inj["kind"] in self.app.injection_kinds else None
            try:
                resp = self.app.handle(req, app_inj)
            except Exception as e:  # an application bug: a 500 that says so
                self.stats.inc("app_errors")
                traceback.print_exc()
                req.app["exception"] = "%s: %s" % (type(e).__name__, e)
                resp = Response(500, "simulator error: %s\n" % e, "text/plain; charset=utf-8")
            if inj is not None and inj["kind"] in MODIFIER_KINDS:
                self.apply_modifier(resp, inj)
        if inj is not None and inj.get("delay_s"):
            resp.delay_s += float(inj["delay_s"])
        return resp

    def serve(self, h):
        t0 = time.monotonic()
        req = SimRequest(h, self.log.next_seq())
        self.stats.inc("requests")
        self.stats.inc_in("requests_by", "%s %s" % (req.method, req.path))
        inj = None
        try:
            req.body = self._read_body(h)
            self.stats.inc("bytes_in", len(req.body))
            try:
                req.keys = list(self.app.match_keys(req) or [])
            except Exception:
                traceback.print_exc()
                req.keys = []
            inj = self.injections.take(req, req.keys, pre_auth=True,
                                       accept=self.app.injection_accepts)
            if inj is not None and inj["kind"] not in MODIFIER_KINDS:
                resp = self.build(req, inj)
            else:
                ok, resp = self.check_auth(h, req)
                if ok:
                    if inj is None:
                        inj = self.injections.take(req, req.keys, pre_auth=False,
                                                   accept=self.app.injection_accepts)
                    resp = self.build(req, inj)
                elif inj is not None:
                    self.apply_modifier(resp, inj)
        except BodyError as e:
            resp = Response(e.status, str(e) + "\n", "text/plain; charset=utf-8")
            resp.close = True
        if inj is not None:
            self.stats.inc_in("injections_applied", inj["kind"])
        head, close = self.head(h, resp)
        planned = 0 if (resp.reset_before or resp.drop) else len(head) + len(resp.body)
        self.stats.inc_in("statuses", str(resp.status))
        entry = {"seq": req.seq, "time": iso(time.time()), "sim_time": iso(self.clock.now()),
                 "conn": req.conn_id, "tls": req.tls, "method": req.method, "path": req.path,
                 "headers": redact_headers(req.headers), "body_bytes": len(req.body),
                 "auth": {"scheme": req.auth_scheme, "user": req.auth_user},
                 "status": resp.status, "response_bytes": planned,
                 "duration_ms": round((time.monotonic() - t0) * 1000, 1)}
        if req.raw_path != req.path:
            entry["query"] = urllib.parse.urlsplit(req.raw_path).query
        if inj is not None:
            entry["injection"] = {k: v for k, v in inj.items() if k not in ("times", "used")}
        if req.app:
            entry["app"] = req.app
        # logged before delivery: a test that got the response finds its entry
        self.log.add(entry)
        self.deliver(h, resp, head, close)

    def _pause(self, seconds):
        if seconds > 0:
            self.stop_event.wait(seconds)

    def _reset(self, h):
        h.aborted = True
        h.close_connection = True
        try:
            h.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        except OSError:
            pass
        try:
            h.connection.close()
        except OSError:
            pass

    def head(self, h, resp):
        """The status line and headers of a response, and whether to close after it."""
        close = resp.close or h.close_connection or resp.truncate_to is not None
        reason = resp.reason or http.server.BaseHTTPRequestHandler.responses.get(
            resp.status, ("Unknown",))[0]
        lines = ["%s %d %s" % (h.protocol_version, resp.status, reason)]
        names = {k.lower() for k, _ in resp.headers}
        if "server" not in names and self.server_header:
            lines.append("Server: %s" % self.server_header)
        if "date" not in names:
            lines.append("Date: %s" % email.utils.formatdate(usegmt=True))
        lines.extend("%s: %s" % (k, v) for k, v in resp.headers)
        if "content-length" not in names:
            lines.append("Content-Length: %d" % len(resp.body))
        if close:
            lines.append("Connection: close")
        return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1"), close

    def deliver(self, h, resp, head, close):
        """Writes the response (or misbehaves as asked); returns bytes sent."""
        self._pause(resp.delay_s)
        if resp.reset_before:
            self._reset(h)
            return 0
        if resp.drop:
            h.aborted = True
            h.close_connection = True
            try:
                h.connection.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            return 0
        sock = h.connection
        sent = 0
        try:
            if resp.reset_after_headers:
                sock.sendall(head)
                sent = len(head)
                self._reset(h)
                return sent
            body = resp.body
            if resp.truncate_to is not None:
                body = body[: max(0, min(resp.truncate_to, len(body) - 1))]
            data = head + body
            if resp.trickle:
                step, interval = resp.trickle
                for i in range(0, len(data), step):
                    if self.stop_event.is_set():
                        break
                    sock.sendall(data[i:i + step])
                    sent += len(data[i:i + step])
                    self._pause(interval)
            else:
                sock.sendall(data)
                sent = len(data)
        except OSError:
            h.aborted = True
            h.close_connection = True
        finally:
            self.stats.inc("bytes_out", sent)
        if close:
            h.close_connection = True
            if resp.truncate_to is not None:
                h.aborted = True
                try:
                    sock.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass
        return sent

    # -- the control side --------------------------------------------------

    def http_settings(self):
        return {"user": self.user, "password_set": bool(self._password), "tls": self.tls,
                "www_authenticate": list(self.auth["www_authenticate"]),
                "basic_enabled": self.auth["basic_enabled"], "fake_ntlm": self.auth["fake_ntlm"],
                "challenge_empty_post": self.auth["challenge_empty_post"],
                "idle_timeout_s": self.idle_timeout_s}

    def set_http(self, data, apply=True):
        """Checks (and with apply, applies) http settings; SimError when bad."""
        if not isinstance(data, dict):
            raise SimError("\"http\" must be an object")
        for key, value in data.items():
            if key == "www_authenticate":
                if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                    raise SimError("www_authenticate must be a list of strings")
            elif key in ("basic_enabled", "fake_ntlm", "challenge_empty_post"):
                if not isinstance(value, bool):
                    raise SimError("%s must be true or false" % key)
            elif key == "idle_timeout_s":
                if isinstance(value, bool) or not isinstance(value, (int, float)) or value <= 0:
                    raise SimError("idle_timeout_s must be a number > 0")
            else:
                raise SimError("unknown http setting %r" % key)
        if not apply:
            return
        for key, value in data.items():
            if key == "idle_timeout_s":
                self.idle_timeout_s = float(value)
            elif key == "www_authenticate":
                self.auth[key] = list(value)
            else:
                self.auth[key] = value

    def set_clock(self, data, apply=True):
        if not isinstance(data, dict):
            raise SimError("\"clock\" must be an object")
        unknown = set(data) - {"mode", "time_scale", "start", "auto_advance_s"}
        if unknown:
            raise SimError("unknown clock setting(s): %s" % ", ".join(sorted(unknown)))
        if data.get("mode", "real") not in ("real", "manual"):
            raise SimError("clock mode must be 'real' or 'manual'")
        for key in ("time_scale", "auto_advance_s"):
            v = data.get(key, 1)
            if isinstance(v, bool) or not isinstance(v, (int, float)) or v < 0 or (
                    key == "time_scale" and v == 0):
                raise SimError("%s must be a number%s" % (key, " > 0" if key == "time_scale"
                                                          else " >= 0"))
        if data.get("start") is not None:
            parse_time(data["start"])
        if apply:
            self.clock.configure(mode=data.get("mode"), time_scale=data.get("time_scale"),
                                 start=data.get("start"),
                                 auto_advance_s=data.get("auto_advance_s"))

    def state(self):
        return {"http": self.http_settings(), "clock": self.clock.describe(),
                "app": self.app.get_state()}

    def control(self, method, path, query, body):
        if not isinstance(body, dict):
            raise SimError("the body must be a JSON object")
        if method == "GET" and path in ("/", "/health"):
            info = dict(self.app.ready_info() or {})
            info.update({"ok": True, "app": self.app.name, "port": self.port,
                         "control_port": self.control_port, "pid": os.getpid()})
            return 200, info
        if method == "GET" and path == "/stats":
            return 200, {"http": self.stats.snapshot(), "app": self.app.stats(),
                         "clock": self.clock.describe(),
                         "injections_pending": len(self.injections.pending())}
        if method == "GET" and path == "/log":
            try:
                since = int(query.get("since", ["0"])[0])
                limit = int(query["limit"][0]) if "limit" in query else None
                status = int(query["status"][0]) if "status" in query else None
            except ValueError:
                raise SimError("since, limit and status are integers") from None
            where = None
            method = query.get("method", [None])[0]
            path_re = query.get("path", [None])[0]
            if method or path_re or status is not None:
                try:
                    rx = re.compile(path_re) if path_re else None
                except re.error as e:
                    raise SimError("path: bad regular expression: %s" % e) from None

                def where(e):
                    if "method" not in e:   # an event (start, reset, ...)
                        return False
                    return ((not method or e["method"].upper() == method.upper())
                            and (rx is None or rx.search(e.get("path", "")))
                            and (status is None or e.get("status") == status))
            entries = self.log.entries(since, limit, where)
            return 200, {"entries": entries,
                         "last_seq": entries[-1]["seq"] if entries else since}
        if path == "/state":
            if method == "POST":
                # all or nothing: check every part, let the application apply its part
                # (it checks before it applies), then apply the rest
                data = dict(body)
                http_part = data.pop("http", None)
                clock_part = data.pop("clock", None)
                if http_part is not None:
                    self.set_http(http_part, apply=False)
                if clock_part is not None:
                    self.set_clock(clock_part, apply=False)
                if data:
                    self.app.set_state(data)
                if http_part is not None:
                    self.set_http(http_part)
                if clock_part is not None:
                    self.set_clock(clock_part)
                self.log.note("state", keys=sorted(body))
            return 200, self.state()
        if path == "/inject":
            if method == "POST":
                if body.get("clear"):
                    n = self.injections.clear()
                    return 200, {"cleared": n, "pending": []}
                specs = body.get("injections", [body] if "kind" in body else None)
                if not isinstance(specs, list) or not specs:
                    raise SimError("POST /inject takes an injection, {\"injections\": [...]}"
                                   " or {\"clear\": true}")
                for s in specs:  # validate all first: all or nothing
                    InjectionQueue().add(s, self.app.injection_kinds, self.app.check_injection)
                ids = [self.injections.add(s, self.app.injection_kinds, self.app.check_injection)
                       for s in specs]
                return 200, {"queued": ids, "pending": self.injections.pending()}
            return 200, {"pending": self.injections.pending()}
        if method == "POST" and path == "/advance":
            if "to" in body:
                target = parse_time(body["to"])
                seconds = max(0.0, target - self.clock.now())
            else:
                seconds = body.get("seconds")
                if not isinstance(seconds, (int, float)) or isinstance(seconds, bool):
                    raise SimError("POST /advance takes {\"seconds\": N} or {\"to\": TIME}")
            self.clock.advance(seconds)
            return 200, {"clock": self.clock.describe()}
        if method == "POST" and path == "/reset":
            self.injections.clear()
            self.stats.reset()
            self.log.clear()
            self.clock.reset()
            self.auth = dict(self._initial_auth)
            self.auth["www_authenticate"] = list(self._initial_auth["www_authenticate"])
            self.idle_timeout_s = self._initial_idle_timeout
            self.app.reset()
            self.log.note("reset")
            return 200, {"ok": True, "clock": self.clock.describe()}
        if method == "POST" and path == "/shutdown":
            threading.Timer(0.05, self.request_stop).start()
            return 200, {"ok": True, "stopping": True}
        raise SimError("no such control endpoint: %s %s" % (method, path))


# ---------------------------------------------------------------------------
# Command line
# ---------------------------------------------------------------------------

def arg_parser(description):
    p = argparse.ArgumentParser(description=description)
    p.add_argument("--ready-file", help="write {port, control_port, pid} here once listening")
    p.add_argument("--port", type=int, default=0, help="service port (0: ephemeral)")
    p.add_argument("--control-port", type=int, default=0, help="control port (0: ephemeral)")
    p.add_argument("--tls-cert", help="server certificate (PEM); enables HTTPS")
    p.add_argument("--tls-key", help="server key (PEM)")
    p.add_argument("--user", help="require Basic auth with this user")
    p.add_argument("--password-env", metavar="VAR",
                   help="name of the environment variable holding the password")
    p.add_argument("--config", help="JSON file: clock, http, settings, injections")
    p.add_argument("--log", help="append the request log to this JSON Lines file")
    p.add_argument("--max-lifetime", type=float, default=300.0,
                   help="exit after this many seconds (default 300)")
    p.add_argument("--clock", choices=("real", "manual"), help="clock mode")
    p.add_argument("--time-scale", type=float, help="real clock speed factor")
    p.add_argument("--www-authenticate", action="append", metavar="VALUE",
                   help="a WWW-Authenticate offer for 401s (repeatable)")
    p.add_argument("--no-basic", action="store_true", help="refuse Basic (offer it no more)")
    p.add_argument("--fake-ntlm", action="store_true",
                   help="accept any NTLM handshake (tests connection reuse only)")
    p.add_argument("--verbose", action="store_true", help="log to stderr")
    return p


def load_config(path):
    if not path:
        return {}
    with open(path, encoding="utf-8") as f:
        cfg = json.load(f)
    if not isinstance(cfg, dict):
        raise SystemExit("config: the top level must be a JSON object")
    return cfg


def main(app_factory, argv=None, description="loopback HTTP test server"):
    """Parses the common options, builds the app with app_factory(config),
    serves until SIGTERM/SIGINT, POST /shutdown or --max-lifetime."""
    args = arg_parser(description).parse_args(argv)
    try:
        cfg = load_config(args.config)
    except (OSError, ValueError) as e:
        print("config: %s" % e, file=sys.stderr)
        return 2
    password = None
    if args.user:
        if not args.password_env:
            print("--user needs --password-env VAR", file=sys.stderr)
            return 2
        password = os.environ.get(args.password_env)
        if not password:
            print("environment variable %s is not set" % args.password_env, file=sys.stderr)
            return 2
    if bool(args.tls_cert) != bool(args.tls_key):
        print("--tls-cert and --tls-key go together", file=sys.stderr)
        return 2
    http_cfg = dict(cfg.get("http") or {})
    clock_cfg = dict(cfg.get("clock") or {})
    if args.clock:
        clock_cfg["mode"] = args.clock
    if args.time_scale:
        clock_cfg["time_scale"] = args.time_scale
    try:
        clock = Clock(mode=clock_cfg.get("mode", "real"),
                      time_scale=clock_cfg.get("time_scale", 1.0),
                      start=clock_cfg.get("start"),
                      auto_advance_s=clock_cfg.get("auto_advance_s", 0.0))
        app = app_factory(cfg)
        sim = HTTPSim(app, port=args.port, control_port=args.control_port,
                      tls_cert=args.tls_cert, tls_key=args.tls_key, user=args.user,
                      password=password,
                      www_authenticate=args.www_authenticate or http_cfg.get("www_authenticate"),
                      basic_enabled=not args.no_basic and http_cfg.get("basic_enabled", True),
                      fake_ntlm=args.fake_ntlm or http_cfg.get("fake_ntlm", False),
                      clock=clock, log_path=args.log,
                      idle_timeout_s=http_cfg.get("idle_timeout_s", 30.0),
                      verbose=args.verbose)
        if "challenge_empty_post" in http_cfg:
            sim.set_http({"challenge_empty_post": http_cfg["challenge_empty_post"]})
            sim._initial_auth = dict(sim.auth)
        for spec in cfg.get("injections") or []:
            sim.injections.add(spec, app.injection_kinds, app.check_injection)
    except (SimError, OSError, ssl.SSLError, ValueError) as e:
        print("startup: %s" % e, file=sys.stderr)
        return 2

    def on_signal(signum, frame):
        sim.request_stop()

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    sim.start()
    sim.log.note("start", app=app.name, port=sim.port, control_port=sim.control_port,
                 tls=sim.tls, clock=clock.describe())
    if args.ready_file:
        sim.write_ready_file(args.ready_file)
    if args.verbose:
        print("%s listening on %s:%d (control %d)" % (app.name, LOOPBACK, sim.port,
                                                     sim.control_port), file=sys.stderr)
    deadline = time.monotonic() + args.max_lifetime
    while not sim.stop_event.wait(0.2):
        if time.monotonic() >= deadline:
            print("%s: --max-lifetime %.0f s reached, exiting" % (app.name, args.max_lifetime),
                  file=sys.stderr)
            break
    sim.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main(lambda cfg: EchoApp(), description="httpsim echo server"))
