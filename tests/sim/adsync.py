"""adsync.py - the Entra Connect (ADSync) server behind winrm_sim.py.

* The scheduler state machine of the spec's section 6.3 on the simulator
  clock: idle -> (Start) -> queued for start_latency_s (SyncCycleInProgress
  still false) -> in progress for delta_seconds / initial_seconds -> idle, with
  NextSyncCycleStartTimeInUTC = completion + CurrentlyEffectiveSyncCycleInterval
  and NextSyncCyclePolicyType back to Delta. Optional: a cycle already running
  when the test begins, follow-up cycles the scheduler starts by itself, an
  autonomous scheduler that starts a cycle when NextSyncCycleStartTimeInUTC
  passes.
* The cmdlets (Get-ADSyncScheduler, Start-/Stop-ADSyncSyncCycle,
  Get-ADSyncConnectorRunStatus, Invoke-ADSyncSingleObjectSync) as the host of
  psrun.Runtime, with the error texts of the spec's section 5 (busy, module
  missing, access denied, suspended, throttled).
* run_command(): script -> stdout bytes, stderr (CLIXML) bytes, exit code.

Texts marked INVENTED below were not found in any source (spec section 7);
they are plausible stand-ins, configurable through the settings.
"""

import copy
import uuid

from httpsim import parse_time
from pwsh import (DateTime, Enum, ErrorRecord, PSObject, TimeSpan, clixml_document,
                  clixml_lines, clixml_progress, convert_to_json)
from psrun import CmdletError, CommandSpec, Runtime

CMDLET_NS = "Microsoft.IdentityManagement.PowerShell.Cmdlet."
OBJECT_NS = "Microsoft.IdentityManagement.PowerShell.ObjectModel."
POLICY_TYPE = OBJECT_NS + "SynchronizationPolicyType"
POLICY_VALUES = {"Unspecified": 0, "Delta": 1, "Initial": 2}
DIAG_PSM1 = (r"C:\Program Files\Microsoft Azure AD Sync\Bin\ADSyncDiagnostics"
             r"\ADSyncDiagnostics.psm1")
ID_NS = uuid.UUID("5b2c1f0e-6a43-4d0e-9a57-1d7e0c9b3a11")

SPECS = {
    "get-adsyncscheduler": CommandSpec("Get-ADSyncScheduler",
                                       CMDLET_NS + "GetADSyncSchedulerCmdlet", {}),
    "start-adsyncsynccycle": CommandSpec(
        "Start-ADSyncSyncCycle", CMDLET_NS + "StartADSyncSyncCycleCmdlet",
        {"PolicyType": "enum:Unspecified,Delta,Initial", "InteractiveMode": "object"},
        ["PolicyType", "InteractiveMode"]),
    "stop-adsyncsynccycle": CommandSpec("Stop-ADSyncSyncCycle",
                                        CMDLET_NS + "StopADSyncSyncCycleCmdlet", {}),
    "get-adsyncconnectorrunstatus": CommandSpec(
        "Get-ADSyncConnectorRunStatus", CMDLET_NS + "GetADSyncConnectorRunStatusCmdlet",
        {"ConnectorName": "string"}),
    # a function of the ADSyncDiagnostics script module
    "invoke-adsyncsingleobjectsync": CommandSpec(
        "Invoke-ADSyncSingleObjectSync", "Invoke-ADSyncSingleObjectSync",
        {"DistinguishedName": "string", "StagingMode": "switch", "NoHtmlReport": "switch"},
        ["DistinguishedName"], ["DistinguishedName"]),
}
ADSYNC_CMDLETS = ("get-adsyncscheduler", "start-adsyncsynccycle", "stop-adsyncsynccycle",
                  "get-adsyncconnectorrunstatus")

DEFAULT_OBJECTS = {
    "CN=Pat O'Brien,OU=Users,DC=contoso,DC=com": {"displayName": "Pat O'Brien", "synced": False},
    "CN=Alex Wilber,OU=Users,DC=contoso,DC=com": {"displayName": "Alex Wilber", "synced": True},
    "CN=Out Of Scope,OU=Disabled,DC=contoso,DC=com": {"displayName": "Out Of Scope",
                                                      "result": "skipped"},
    "CN=Broken User,OU=Users,DC=contoso,DC=com": {
        "displayName": "Broken User", "result": "failure",
        "error": {"errorCode": "AttributeValueMustBeUnique",
                  "reason": "The value of the proxyAddresses attribute is already used by "
                            "another object.",
                  "additionalDetails": "SMTP:broken.user@contoso.com conflicts with "
                                       "CN=Other User,OU=Users,DC=contoso,DC=com."}},
}

# Every setting, with its default. The type of the default is the accepted
# type; NULLABLE keys also take null; CHOICES restrict strings.
DEFAULTS = {
    # output
    "format": "ps51",                 # ps51 | strings | raw (ConvertTo-Json ignored)
    "bom": False,                     # UTF-8 BOM before stdout
    "noise": False,                   # stray lines before the output (true or [lines])
    "noise_after": False,             # stray lines after the output (true or [lines])
    "progress_stderr": False,         # a progress-only CLIXML record on stderr
    "error_mode": "terminate",        # terminate | continue (see psrun.py)
    "legacy_build": False,            # no SyncCycleInProgress / SchedulerSuspended
    "start_result": "enum",           # enum | string: type of Start's Result property
    # scheduler values
    "allowed_interval_s": 1800,
    "customized_interval_s": None,
    "purge_interval_s": 604800,
    "next_sync_cycle_start": None,    # ISO / epoch; null: now + next_sync_in_s
    "next_sync_in_s": 1200,
    "next_policy": "Delta",
    "sync_cycle_enabled": True,
    "maintenance_enabled": True,
    "staging_mode": False,
    "scheduler_suspended": False,
    # cycles
    "start_latency_s": 0,
    "delta_seconds": 30,
    "initial_seconds": 120,
    "cycle_running_at_start": 0,      # >0: a cycle runs at start/reset for N seconds
    "follow_up_cycles": 0,            # the scheduler starts N more cycles by itself
    "follow_up_gap_s": 0,             # ... this long after each completion
    "autonomous_scheduler": False,    # start a cycle when NextSyncCycleStartTimeInUTC passes
    "connectors": ["contoso.com", "contoso.onmicrosoft.com - AAD"],
    "run_status_gaps": False,         # empty run status between steps
    "auto_advance_on": ["Get-ADSyncScheduler"],  # calls that tick a manual clock
    # errors
    "busy_connector": "contoso.onmicrosoft.com - AAD",
    "busy_style": "cycle",            # single | progress | split | cycle
    "module_missing": False,
    "adsync_access_denied": False,
    # INVENTED (spec section 5.5: the real text is unknown)
    "access_denied_text": "Access is denied. (Exception from HRESULT: 0x80070005 "
                          "(E_ACCESSDENIED))",
    # INVENTED (spec section 5.2/7: the real text is unknown)
    "suspended_error_text": "System.InvalidOperationException: The sync scheduler is "
                            "suspended. A sync cycle cannot be started while the scheduler "
                            "is suspended (an upgrade or the configuration wizard is in "
                            "progress).",
    # single object sync
    "single_object_unsupported": False,
    "single_object_throttled": False,
    "require_diagnostics_import": True,
    "unknown_dn": "report",           # report | throw
    "ad_objects": DEFAULT_OBJECTS,
}
NULLABLE = {"customized_interval_s", "next_sync_cycle_start"}
CHOICES = {"format": ("ps51", "strings", "raw"), "error_mode": ("terminate", "continue"),
           "start_result": ("enum", "string"), "next_policy": ("Delta", "Initial"),
           "busy_style": ("single", "progress", "split", "cycle"),
           "unknown_dn": ("report", "throw")}
NOISE_LINES = ["WARNING: Some imported command names in module 'ADSync' use unapproved verbs.",
               "ADSync module loaded."]
NOISE_AFTER_LINES = ["Done."]


def check_setting(key, value):
    """Validated value, or ValueError."""
    if key not in DEFAULTS:
        raise ValueError("unknown setting %r" % key)
    default = DEFAULTS[key]
    if value is None:
        if key in NULLABLE:
            return None
        raise ValueError("%s cannot be null" % key)
    if key in ("noise", "noise_after"):
        if isinstance(value, bool) or (isinstance(value, list)
                                       and all(isinstance(x, str) for x in value)):
            return value
        raise ValueError("%s is true/false or a list of lines" % key)
    if key == "next_sync_cycle_start":
        if isinstance(value, (int, float, str)) and not isinstance(value, bool):
            return value
        raise ValueError("next_sync_cycle_start is an ISO time or epoch seconds")
    if isinstance(default, bool):
        if not isinstance(value, bool):
            raise ValueError("%s must be true or false" % key)
        return value
    if isinstance(default, (int, float)) or key in NULLABLE:
        if isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0:
            raise ValueError("%s must be a number >= 0" % key)
        return value
    if isinstance(default, str):
        if not isinstance(value, str):
            raise ValueError("%s must be a string" % key)
        if key in CHOICES and value not in CHOICES[key]:
            raise ValueError("%s must be one of %s" % (key, ", ".join(CHOICES[key])))
        return value
    if isinstance(default, list):
        if not isinstance(value, list) or not all(isinstance(x, str) for x in value):
            raise ValueError("%s must be a list of strings" % key)
        return list(value)
    if isinstance(default, dict):
        if not isinstance(value, dict) or not all(isinstance(v, dict) for v in value.values()):
            raise ValueError("%s must be an object of objects" % key)
        return copy.deepcopy(value)
    raise ValueError("cannot set %s" % key)


def _cmd_record(cmd, message, category, reason, fqid_text, extent, target=":"):
    spec = SPECS[cmd.lower()]
    return ErrorRecord(message, category, target, spec.name, reason,
                       "%s,%s" % (fqid_text, spec.class_name), invocation=cmd, extent=extent)


class ADSync:
    """The simulated server. Not thread-safe by itself: the WinRM app calls it
    under its lock."""

    def __init__(self, settings, clock):
        self.clock = clock
        self.initial = {k: copy.deepcopy(v) for k, v in DEFAULTS.items()}
        for k, v in (settings or {}).items():
            self.initial[k] = check_setting(k, v)
        self.reset()

    # -- state --------------------------------------------------------------

    def reset(self):
        self.s = copy.deepcopy(self.initial)
        self.objects = self._objects_from(self.s["ad_objects"])
        now = self.clock.now()
        self.cycle = None
        self.history = []
        self.last_completed = None
        self.follow_ups_left = self.s["follow_up_cycles"]
        self.next_policy = self.s["next_policy"]
        self.next_start = self._initial_next_start(now)
        self.counters = {"scheduler_calls": 0, "start_calls": 0, "start_success": 0,
                         "start_busy": 0, "start_refused": 0, "stop_calls": 0,
                         "run_status_calls": 0, "single_object_calls": 0, "cycles_started": 0,
                         "cycles_completed": 0, "cycles_stopped": 0, "commands": 0}
        self.busy_errors = 0
        self.report_seq = 0
        if self.s["cycle_running_at_start"]:
            self.next_start = now - 5.0
            self._begin(now, now, self.s["cycle_running_at_start"], "Delta", "preexisting")

    def _initial_next_start(self, now):
        if self.s["next_sync_cycle_start"] is not None:
            return parse_time(self.s["next_sync_cycle_start"])
        return now + self.s["next_sync_in_s"]

    @staticmethod
    def _objects_from(table):
        return {dn.lower(): dict(v, dn=dn) for dn, v in table.items()}

    def set(self, data):
        """Applies settings (validated first: all or nothing) and actions."""
        action = data.pop("action", None)
        checked = {k: check_setting(k, v) for k, v in data.items()}
        if action is not None:
            self.check_action(action)
        now = self.clock.now()
        self.advance(now)
        for k, v in checked.items():
            self.s[k] = v
            if k == "ad_objects":
                self.objects = self._objects_from(v)
            elif k == "next_sync_cycle_start" or k == "next_sync_in_s":
                self.next_start = self._initial_next_start(now)
            elif k == "next_policy":
                self.next_policy = v
            elif k == "follow_up_cycles":
                self.follow_ups_left = v
            elif k == "cycle_running_at_start" and v and self.cycle is None:
                # "a cycle is running as the test begins": from now on
                self.next_start = now - 5.0
                self._begin(now, now, v, "Delta", "preexisting")
        if action is not None:
            self.act(action, now)

    @staticmethod
    def check_action(action):
        if not isinstance(action, dict) or action.get("name") not in (
                "start_cycle", "stop_cycle", "finish_cycle"):
            raise ValueError('"action" is {"name": "start_cycle"|"stop_cycle"|"finish_cycle"'
                             '|"drop_shells", ...}')
        if action.get("policy", "Delta") not in ("Delta", "Initial"):
            raise ValueError("policy is Delta or Initial")
        for key in ("duration_s", "latency_s"):
            v = action.get(key, 0)
            if isinstance(v, bool) or not isinstance(v, (int, float)) or v < 0:
                raise ValueError("%s must be a number >= 0" % key)

    def act(self, action, now):
        name = action["name"]
        if name == "start_cycle":
            policy = action.get("policy", "Delta")
            duration = action.get("duration_s", self._duration(policy))
            latency = action.get("latency_s", 0)
            self.cycle = None
            self._begin(now, now + latency, duration, policy, action.get("source", "scheduler"))
        elif name == "stop_cycle":
            self._stop(now)
        elif name == "finish_cycle" and self.cycle:
            self.cycle["ends_at"] = min(self.cycle["ends_at"], now)
            self.cycle["starts_at"] = min(self.cycle["starts_at"], now)
            self.advance(now)

    # -- the scheduler state machine -----------------------------------------

    def effective_interval(self):
        custom = self.s["customized_interval_s"]
        allowed = self.s["allowed_interval_s"]
        return max(allowed, custom) if custom else allowed

    def _duration(self, policy):
        return self.s["initial_seconds"] if policy == "Initial" else self.s["delta_seconds"]

    def _begin(self, requested, starts_at, duration, policy, source):
        self.cycle = {"policy": policy, "source": source, "requested_at": requested,
                      "starts_at": starts_at, "ends_at": starts_at + duration}
        self.counters["cycles_started"] += 1

    def _stop(self, now):
        if self.cycle:
            self.history.append(dict(self.cycle, result="stopped", stopped_at=now))
            self.counters["cycles_stopped"] += 1
        self.cycle = None

    def advance(self, now):
        for _ in range(10000):
            if self.cycle and now >= self.cycle["ends_at"]:
                end = self.cycle["ends_at"]
                self.history.append(dict(self.cycle, result="completed"))
                self.history = self.history[-50:]
                self.counters["cycles_completed"] += 1
                self.last_completed = end
                self.next_start = end + self.effective_interval()
                self.next_policy = "Delta"
                self.cycle = None
                if self.follow_ups_left > 0:
                    self.follow_ups_left -= 1
                    t = end + self.s["follow_up_gap_s"]
                    self._begin(t, t, self.s["delta_seconds"], "Delta", "scheduler")
                continue
            if (self.cycle is None and self.s["autonomous_scheduler"]
                    and self.s["sync_cycle_enabled"] and not self.s["scheduler_suspended"]
                    and now >= self.next_start):
                t = self.next_start
                self._begin(t, t, self._duration(self.next_policy), self.next_policy,
                            "scheduler")
                continue
            return

    def in_progress(self, now):
        return bool(self.cycle and self.cycle["starts_at"] <= now < self.cycle["ends_at"])

    # -- cmdlet outputs ------------------------------------------------------

    def scheduler_object(self, now):
        custom = self.s["customized_interval_s"]
        props = [
            ("AllowedSyncCycleInterval", TimeSpan(self.s["allowed_interval_s"])),
            ("CurrentlyEffectiveSyncCycleInterval", TimeSpan(self.effective_interval())),
            ("CustomizedSyncCycleInterval", TimeSpan(custom) if custom else None),
            ("NextSyncCyclePolicyType",
             Enum(POLICY_TYPE, self.next_policy, POLICY_VALUES[self.next_policy])),
            ("NextSyncCycleStartTimeInUTC", DateTime(int(self.next_start))),
            ("PurgeRunHistoryInterval", TimeSpan(self.s["purge_interval_s"])),
            ("SyncCycleEnabled", self.s["sync_cycle_enabled"]),
            ("MaintenanceEnabled", self.s["maintenance_enabled"]),
            ("StagingModeEnabled", self.s["staging_mode"]),
            ("SchedulerSuspended", self.s["scheduler_suspended"]),
            ("SyncCycleInProgress", self.in_progress(now)),
        ]
        if self.s["legacy_build"]:
            props = [p for p in props if p[0] not in ("SchedulerSuspended", "SyncCycleInProgress")]
        return PSObject(OBJECT_NS + "SchedulerSettings", props)

    def result_object(self, value="Success"):
        if self.s["start_result"] == "enum":
            value = Enum(OBJECT_NS + "SchedulerOperationStatus", value,
                         {"Success": 0}.get(value, 1))
        return PSObject(OBJECT_NS + "SchedulerOperationResult", [("Result", value)])

    def run_status(self, now, connector=None):
        if not self.in_progress(now):
            return []
        conns = self.s["connectors"] or ["contoso.com"]
        c = self.cycle
        frac = (now - c["starts_at"]) / max(1e-9, c["ends_at"] - c["starts_at"])
        phases = 3 * len(conns)           # import, sync, export on each connector
        pos = frac * phases
        if self.s["run_status_gaps"] and (pos % 1.0) < 0.15:
            return []
        name = conns[int(pos) % len(conns)]
        if connector and connector.lower() != name.lower():
            return []
        return [PSObject(OBJECT_NS + "ConnectorRunStatus",
                         [("RunState", "Busy"), ("ConnectorName", name)])]

    def single_object_report(self, dn, staging, now):
        obj = self.objects.get(dn.lower())
        self.report_seq += 1
        seq = self.report_seq
        ident = lambda tag: str(uuid.uuid5(ID_NS, "%s|%s" % (tag, dn.lower())))
        run = lambda tag: str(uuid.uuid5(ID_NS, "%s|%s|%d" % (tag, dn.lower(), seq)))
        conns = self.s["connectors"] or ["contoso.com", "contoso.onmicrosoft.com - AAD"]
        src_name, dst_name = conns[0], conns[-1]

        def step(name, kind, status, description, details=None):
            return [("name", name), ("provisioningStepType", kind), ("status", status),
                    ("description", description), ("details", details or {})]

        display = (obj or {}).get("displayName") or dn.split(",")[0].split("=", 1)[-1]
        outcome = (obj or {}).get("result", "success") if obj else "failure"
        action = "other"
        error = None
        steps = []
        modified = []
        if obj is None:
            error = {"errorCode": "SourceObjectNotFound",
                     "reason": "The object '%s' was not found in the Active Directory "
                               "connector space." % dn,
                     "additionalDetails": "Check the distinguished name and that the object "
                                          "is in an organizational unit selected for sync."}
            steps.append(step("EntryImport", "import", "failure",
                              "The object '%s' could not be read from %s." % (dn, src_name)))
        else:
            action = "update" if obj.get("synced") else "create"
            steps.append(step("EntryImport", "import", "success",
                              "Read the object '%s' from %s." % (dn, src_name),
                              {"objectClass": "user"}))
            if outcome == "skipped":
                action = "other"
                steps.append(step("EntrySynchronizationScoping", "scoping", "skipped",
                                  "The object is not in scope of any synchronization rule."))
            else:
                steps.append(step("EntrySynchronizationScoping", "scoping", "success",
                                  "The object is in scope of 'In from AD - User Join'."))
                steps.append(step("EntrySynchronizationJoin", "matching", "success",
                                  "Joined to the metaverse object %s." % ident("mv")))
                if outcome == "failure":
                    error = obj.get("error") or {"errorCode": "ExportFailed",
                                                 "reason": "The export was rejected.",
                                                 "additionalDetails": None}
                    steps.append(step("EntryExport", "export", "failure",
                                      "The export to %s failed: %s" % (dst_name,
                                                                       error["reason"])))
                elif staging:
                    steps.append(step("EntryExport", "export", "skipped",
                                      "Staging mode: the change was not exported to %s."
                                      % dst_name))
                else:
                    steps.append(step("EntryExport" + ("Update" if action == "update" else "Add"),
                                      "export", "success",
                                      "Exported the object to %s." % dst_name))
                if action == "create":
                    modified = [[("displayName", "accountEnabled"), ("oldValue", None),
                                 ("newValue", "True")],
                                [("displayName", "displayName"), ("oldValue", None),
                                 ("newValue", display)],
                                [("displayName", "onPremisesDistinguishedName"),
                                 ("oldValue", None), ("newValue", dn)]]
                else:
                    modified = [[("displayName", "displayName"), ("oldValue", display),
                                 ("newValue", display)]]
        if outcome == "success" and obj is not None and not staging:
            obj["synced"] = True
        status = {"success": "success", "skipped": "skipped"}.get(outcome, "failure")
        error_info = None
        if error:
            error_info = [("errorCode", error.get("errorCode")), ("reason", error.get("reason")),
                          ("additionalDetails", error.get("additionalDetails"))]
        synced = obj is not None and obj.get("synced")
        report = [
            ("sourceIdentity", [("id", ident("ad")), ("displayName", display),
                                ("identityType", "user"), ("details", [("distinguishedName", dn)])]),
            ("targetIdentity", [("id", ident("aad") if synced else ""), ("displayName", display),
                                ("identityType", "user"), ("details", {})]),
            ("sourceSystem", [("id", ident("src")), ("displayName", src_name)]),
            ("targetSystem", [("id", ident("dst")), ("displayName", dst_name)]),
            ("provisioningAction", action),
            ("provisioningStatusInfo", [("status", status), ("errorInformation", error_info)]),
            ("provisioningSteps", steps),
            ("modifiedProperties", modified),
            ("activityDateTime", DateTime(now).iso()),
            ("durationInMilliseconds", 1200 + 37 * len(steps)),
            ("changeId", run("change")),
            ("cycleId", run("cycle")),
            ("jobId", "ADSyncSingleObjectSync.%s" % run("job").replace("-", "")[:16]),
            ("stagingMode", bool(staging)),
        ]
        return _to_ps(report)

    # -- the host interface of psrun.Runtime --------------------------------

    def spec(self, lname):
        return SPECS.get(lname)

    def enum_type(self, param):
        return POLICY_TYPE

    def available(self, lname, rt):
        if lname in ADSYNC_CMDLETS:
            return not self.s["module_missing"]
        if lname == "invoke-adsyncsingleobjectsync":
            if self.s["single_object_unsupported"]:
                return False
            return "adsyncdiagnostics" in rt.modules or not self.s["require_diagnostics_import"]
        return False

    def import_module(self, name, rt, ctx):
        low = name.lower().replace("/", "\\").rstrip("\\")
        base = low.rsplit("\\", 1)[-1]
        for ext in (".psd1", ".psm1", ".dll"):
            if base.endswith(ext):
                base = base[:-len(ext)]
        ok = False
        if base == "adsync":
            ok = not self.s["module_missing"]
        elif base == "adsyncdiagnostics":
            ok = not self.s["single_object_unsupported"] and not self.s["module_missing"]
        ctx.op["module"] = name
        if ok:
            rt.modules.add(base)
            return
        ctx.op["error"] = "Modules_ModuleNotFound"
        raise CmdletError(ErrorRecord(
            "The specified module '%s' was not loaded because no valid module file was found "
            "in any module directory." % name, "ResourceUnavailable", "%s:String" % name,
            "Import-Module", "FileNotFoundException",
            "Modules_ModuleNotFound,Microsoft.PowerShell.Commands.ImportModuleCommand",
            invocation="Import-Module", extent=ctx.extent), "import")

    def invoke(self, lname, bound, rt, ctx):
        now = self.clock.now()
        if lname == "get-adsyncscheduler" and "Get-ADSyncScheduler" in self.s["auto_advance_on"]:
            if self.clock.tick():
                now = self.clock.now()
        self.advance(now)
        ctx.op["sim_time"] = DateTime(now).iso()
        if self.s["adsync_access_denied"]:
            ctx.op["error"] = "UnauthorizedAccessException"
            if lname == "invoke-adsyncsingleobjectsync":
                self.counters["single_object_calls"] += 1
                raise self._thrown(rt, "System.UnauthorizedAccessException: "
                                   + self.s["access_denied_text"], "UnauthorizedAccessException")
            raise CmdletError(_cmd_record(ctx.name, self.s["access_denied_text"], "NotSpecified",
                                          "UnauthorizedAccessException",
                                          "System.UnauthorizedAccessException", ctx.extent))
        if lname == "get-adsyncscheduler":
            self.counters["scheduler_calls"] += 1
            obj = self.scheduler_object(now)
            ctx.op["in_progress"] = self.in_progress(now)
            return [obj]
        if lname == "start-adsyncsynccycle":
            return self._start(bound, rt, ctx, now)
        if lname == "stop-adsyncsynccycle":
            self.counters["stop_calls"] += 1
            self._stop(now)
            return [self.result_object()]
        if lname == "get-adsyncconnectorrunstatus":
            self.counters["run_status_calls"] += 1
            rows = self.run_status(now, bound.get("ConnectorName"))
            ctx.op["rows"] = len(rows)
            return rows
        if lname == "invoke-adsyncsingleobjectsync":
            return self._single_object(bound, rt, ctx, now)
        return []

    def _start(self, bound, rt, ctx, now):
        self.counters["start_calls"] += 1
        policy = bound.get("PolicyType", "Delta")
        if policy == "Unspecified":
            policy = self.next_policy
        ctx.op["policy"] = policy
        if self.s["scheduler_suspended"]:
            self.counters["start_refused"] += 1
            ctx.op["result"] = "suspended"
            text = self.s["suspended_error_text"]
            raise CmdletError(_cmd_record(ctx.name, text, "WriteError",
                                          "InvalidOperationException", text, ctx.extent,
                                          target=_short_target()))
        if self.cycle is not None:
            self.counters["start_busy"] += 1
            ctx.op["result"] = "busy"
            styles = ("single", "progress", "split")
            style = self.s["busy_style"]
            if style == "cycle":
                style = styles[self.busy_errors % 3]
            self.busy_errors += 1
            if style != "single":
                rt.stderr_style = style
            conn = self.s["busy_connector"]
            stack = ("   at Microsoft.MetadirectoryServices.Scheduler.SchedulerCore.StartSyncCycle"
                     "(String overridePolicy, Boolean interactiveMode)\n"
                     "   at Microsoft.IdentityManagement.PowerShell.Cmdlet."
                     "StartADSyncSyncCycleCmdlet.ProcessRecord()")
            text = "System.InvalidOperationException: Connector: %s is busy.\n%s" % (conn, stack)
            raise CmdletError(_cmd_record(ctx.name, text, "WriteError",
                                          "InvalidOperationException", text, ctx.extent,
                                          target=_short_target()))
        self.counters["start_success"] += 1
        ctx.op["result"] = "Success"
        if self.s["staging_mode"]:
            ctx.op["staging"] = True
        self._begin(now, now + self.s["start_latency_s"], self._duration(policy), policy,
                    "manual")
        return [self.result_object()]

    def _thrown(self, rt, message, reason):
        rec = ErrorRecord(message, "OperationStopped", ":", "", reason, message)
        rec.position = ["At %s:412 char:9" % DIAG_PSM1, "+         throw $_",
                        "+         ~~~~~~~~"]
        return CmdletError(rec, "throw")

    def _single_object(self, bound, rt, ctx, now):
        self.counters["single_object_calls"] += 1
        dn = bound["DistinguishedName"]
        staging = bool(bound.get("StagingMode"))
        ctx.op["dn"] = dn
        ctx.op["staging"] = staging
        if self.s["single_object_throttled"]:
            ctx.op["result"] = "throttled"
            # INVENTED wording: the docs only say "throttled: retry after 5 minutes".
            raise self._thrown(rt, "System.InvalidOperationException: Single object sync is "
                                   "throttled for this tenant: too many requests in a short "
                                   "time. Please retry after 5 minutes.",
                               "InvalidOperationException")
        if dn.lower() not in self.objects and self.s["unknown_dn"] == "throw":
            ctx.op["result"] = "not found"
            raise self._thrown(rt, "System.ArgumentException: The object '%s' was not found in "
                                   "the Active Directory connector space." % dn,
                               "ArgumentException")
        report = self.single_object_report(dn, staging, now)
        status = report.get("provisioningStatusInfo")[1].get("status")[1]
        ctx.op["result"] = status
        fmt = "strings" if self.s["format"] == "strings" else "ps51"
        return [convert_to_json(report, fmt, compress=False)]

    # -- one command ----------------------------------------------------------

    def run_command(self, script, codepage=65001):
        """Runs a decoded script: (stdout bytes, stderr bytes, exit code, details)."""
        self.counters["commands"] += 1
        rt = Runtime(script, self, fmt=self.s["format"], error_mode=self.s["error_mode"])
        rt.run()
        text = rt.stdout()
        if self.s["noise"]:
            lines = NOISE_LINES if self.s["noise"] is True else self.s["noise"]
            text = "".join(line + "\r\n" for line in lines) + text
        if self.s["noise_after"]:
            lines = NOISE_AFTER_LINES if self.s["noise_after"] is True else self.s["noise_after"]
            text += "".join(line + "\r\n" for line in lines)
        stdout = encode_output(text, codepage)
        if self.s["bom"]:
            stdout = b"\xef\xbb\xbf" + stdout
        stderr = self.render_stderr(rt).encode("utf-8")
        details = {"ops": rt.ops, "errors": [r.first_line() for r in rt.errors]}
        if rt.stderr_style:
            details["stderr_style"] = rt.stderr_style
        return stdout, stderr, rt.exit_code, details

    def render_stderr(self, rt):
        style = rt.stderr_style
        progress = self.s["progress_stderr"] or style in ("progress", "split")
        if not rt.errors and not progress:
            return ""
        errors = "".join(clixml_lines(r.lines(rt.script)) for r in rt.errors)
        first = clixml_progress(0) if progress else ""
        if style == "split":
            return clixml_document([first, errors])
        return clixml_document([first + errors])

    # -- reporting ------------------------------------------------------------

    def describe(self):
        now = self.clock.now()
        self.advance(now)

        def t(x):
            return None if x is None else DateTime(x).iso()

        cyc = None
        if self.cycle:
            cyc = {"policy": self.cycle["policy"], "source": self.cycle["source"],
                   "requested_at": t(self.cycle["requested_at"]),
                   "starts_at": t(self.cycle["starts_at"]), "ends_at": t(self.cycle["ends_at"])}
        return {"settings": copy.deepcopy(self.s),
                "scheduler": {"sync_cycle_in_progress": self.in_progress(now),
                              "cycle": cyc, "next_sync_cycle_start": t(self.next_start),
                              "next_policy": self.next_policy,
                              "last_completed": t(self.last_completed),
                              "follow_ups_left": self.follow_ups_left,
                              "history": [{"policy": h["policy"], "source": h["source"],
                                           "result": h["result"], "starts_at": t(h["starts_at"]),
                                           "ends_at": t(h["ends_at"])}
                                          for h in self.history[-10:]]},
                "synced_objects": sorted(o["dn"] for o in self.objects.values()
                                         if o.get("synced"))}

    def stats(self):
        out = dict(self.counters)
        out["busy_errors"] = self.busy_errors
        return out


def _short_target():
    return "Microsoft.Ident...ncCycleCmdlet:StartADSyncSyncCycleCmdlet"


def _to_ps(tree):
    """Nested [(k, v)] lists -> PSObjects (lists of such lists stay arrays)."""
    if isinstance(tree, dict):
        return PSObject("System.Management.Automation.PSCustomObject",
                        [(k, _to_ps(v)) for k, v in tree.items()])
    if isinstance(tree, list) and tree and all(isinstance(x, tuple) for x in tree):
        return PSObject("System.Management.Automation.PSCustomObject",
                        [(k, _to_ps(v)) for k, v in tree])
    if isinstance(tree, list):
        return [_to_ps(x) for x in tree]
    return tree


def encode_output(text, codepage):
    """Console output bytes in the shell's code page (WINRS_CODEPAGE)."""
    enc = {437: "cp437", 850: "cp850", 1252: "cp1252", 65001: "utf-8"}.get(codepage, "utf-8")
    return text.encode(enc, "replace")
