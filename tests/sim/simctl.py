#!/usr/bin/env python3
"""simctl.py - start, drive and stop a loopback simulator from a shell test.

    simctl.py start SIM DIR [--timeout S] [--shell PREFIX] [-- SIM-ARGS...]
        Launches SIM ("winrm" for winrm_sim.py, "graph" for graph_sim.py,
        "http" for httpsim.py, or a path to a script) in the background with --ready-file DIR/SIM.ready,
        its output in DIR/SIM.out, and waits up to S seconds (default 10) for
        it to listen. Prints "PORT CONTROL_PORT PID", or with --shell PREFIX
        the lines PREFIX_PORT=.. PREFIX_CONTROL_PORT=.. PREFIX_PID=.. for eval.
        Exit 1 (and the sim's output on stderr) when it does not come up.

    simctl.py call CONTROL_PORT METHOD PATH [JSON]
        One control request (e.g. POST /inject '{"kind":"timed_out","match":
        "Receive"}'); prints the JSON answer; exit 1 on an HTTP error.

    simctl.py stop CONTROL_PORT PID [--timeout S]
        POST /shutdown, wait up to S seconds (default 3) for PID to exit, then
        SIGTERM, then SIGKILL. Only a PID whose command line names a simulator
        script is signalled.

Every step is bounded in time. Standard library only; importable (start(),
call(), stop()) by Python tests.
"""

import argparse
import http.client
import json
import os
import signal
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
SIMS = {"winrm": "winrm_sim.py", "http": "httpsim.py", "graph": "graph_sim.py"}


class SimStartError(Exception):
    pass


def script_for(sim):
    if sim in SIMS:
        return os.path.join(HERE, SIMS[sim])
    return os.path.abspath(sim)


def start(sim, directory, args=(), timeout=10.0, env=None, name=None):
    """Starts a simulator; returns {"port", "control_port", "pid", "ready_file",
    "output", "process"}."""
    script = script_for(sim)
    name = name or os.path.splitext(os.path.basename(script))[0]
    os.makedirs(directory, exist_ok=True)
    ready = os.path.join(directory, name + ".ready")
    output = os.path.join(directory, name + ".out")
    try:
        os.unlink(ready)
    except FileNotFoundError:
        pass
    with open(output, "ab") as out:
        proc = subprocess.Popen([sys.executable, script, "--ready-file", ready] + list(args),
                                stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT,
                                env=env, start_new_session=True)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if os.path.exists(ready):
            with open(ready, encoding="utf-8") as f:
                info = json.load(f)
            info.update(ready_file=ready, output=output, process=proc)
            return info
        if proc.poll() is not None:
            break
        time.sleep(0.02)
    if proc.poll() is None:
        proc.kill()
        proc.wait(5)
    with open(output, encoding="utf-8", errors="replace") as f:
        tail = f.read()[-4000:]
    raise SimStartError("%s did not start (exit %s):\n%s" % (name, proc.returncode, tail))


def call(control_port, method, path, body=None, timeout=10.0):
    """One control request; returns (status, decoded JSON)."""
    conn = http.client.HTTPConnection("127.0.0.1", int(control_port), timeout=timeout)
    try:
        data = None
        headers = {}
        if body is not None:
            data = body if isinstance(body, (bytes, str)) else json.dumps(body)
            if isinstance(data, str):
                data = data.encode("utf-8")
            headers["Content-Type"] = "application/json"
        conn.request(method, path, body=data, headers=headers)
        resp = conn.getresponse()
        raw = resp.read()
        try:
            return resp.status, json.loads(raw.decode("utf-8") or "null")
        except ValueError:
            return resp.status, {"raw": raw.decode("utf-8", "replace")}
    finally:
        conn.close()


def _is_sim(pid):
    try:
        with open("/proc/%d/cmdline" % pid, "rb") as f:
            cmd = f.read().replace(b"\0", b" ").decode("utf-8", "replace")
    except OSError:
        return False
    return any(s in cmd for s in list(SIMS.values()) + ["_sim.py"])


def _alive(pid):
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:  # a zombie child of ours counts as gone
        with open("/proc/%d/stat" % pid) as f:
            return f.read().split(")")[-1].split()[0] != "Z"
    except OSError:
        return False


def _wait_gone(pid, seconds, proc=None):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            return True
        if proc is None and not _alive(pid):
            return True
        time.sleep(0.02)
    return False


def stop(control_port, pid, timeout=3.0, proc=None):
    """Shuts a simulator down; returns how: "shutdown", "sigterm", "sigkill" or "gone"."""
    pid = int(pid)
    if not (_alive(pid) if proc is None else proc.poll() is None):
        return "gone"
    try:
        call(control_port, "POST", "/shutdown", {}, timeout=min(2.0, timeout))
    except OSError:
        pass
    if _wait_gone(pid, timeout, proc):
        return "shutdown"
    if not _is_sim(pid):
        return "gone"
    for sig, how in ((signal.SIGTERM, "sigterm"), (signal.SIGKILL, "sigkill")):
        try:
            os.kill(pid, sig)
        except ProcessLookupError:
            return how
        if _wait_gone(pid, 2.0, proc):
            return how
    return "sigkill"


def main(argv=None):
    argv = list(sys.argv[1:] if argv is None else argv)
    sim_args = []
    if "--" in argv:
        i = argv.index("--")
        argv, sim_args = argv[:i], argv[i + 1:]
    p = argparse.ArgumentParser(description="start, drive and stop a loopback simulator")
    sub = p.add_subparsers(dest="cmd", required=True)
    ps = sub.add_parser("start")
    ps.add_argument("sim")
    ps.add_argument("dir")
    ps.add_argument("--timeout", type=float, default=10.0)
    ps.add_argument("--shell", metavar="PREFIX")
    pc = sub.add_parser("call")
    pc.add_argument("control_port", type=int)
    pc.add_argument("method", type=str.upper)
    pc.add_argument("path")
    pc.add_argument("json", nargs="?")
    pc.add_argument("--timeout", type=float, default=10.0)
    pt = sub.add_parser("stop")
    pt.add_argument("control_port", type=int)
    pt.add_argument("pid", type=int)
    pt.add_argument("--timeout", type=float, default=3.0)
    a = p.parse_args(argv)
    if a.cmd == "start":
        try:
            info = start(a.sim, a.dir, sim_args, a.timeout)
        except (SimStartError, OSError) as e:
            print(str(e), file=sys.stderr)
            return 1
        if a.shell:
            for key in ("port", "control_port", "pid"):
                print("%s_%s=%d" % (a.shell, key.upper(), info[key]))
        else:
            print("%d %d %d" % (info["port"], info["control_port"], info["pid"]))
        return 0
    if a.cmd == "call":
        body = None
        if a.json is not None:
            try:
                body = json.loads(a.json)
            except ValueError as e:
                print("not JSON: %s" % e, file=sys.stderr)
                return 2
        try:
            status, obj = call(a.control_port, a.method, a.path, body, a.timeout)
        except OSError as e:
            print("control port %d: %s" % (a.control_port, e), file=sys.stderr)
            return 1
        print(json.dumps(obj, indent=1))
        return 0 if status < 400 else 1
    print(stop(a.control_port, a.pid, a.timeout))
    return 0


if __name__ == "__main__":
    sys.exit(main())
