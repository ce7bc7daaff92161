"""psrun.py - runs a (small) PowerShell script against a host, for winrm_sim.py.

Statements are split on ';' and newlines; each is an assignment, a pipeline,
``exit N`` or ``try { ... } catch { ... }`` (only the try body runs; its errors
are swallowed). Pipelines start with a command (built-in or the host's) or a
value (string, number, variable, hashtable, [ordered]/[pscustomobject]
hashtable). Parameters bind like PowerShell's: named (unambiguous prefixes),
switches, -Name:value, positional, mandatory, enum values; the common
parameters (-ErrorAction, -Verbose, ...) are accepted.

Errors: with error_mode "terminate" (the default) a failed command ends the
script with exit 1; with "continue" a failed statement only sets $? (as
PowerShell does for non-terminating and statement-terminating errors) unless
-ErrorAction Stop or $ErrorActionPreference = 'Stop' applies. Import-Module
failures are non-terminating in both modes (as in PowerShell). The exit code
is N for ``exit N``, else 1 after a terminating error, else 0 when the last
statement succeeded and 1 when it failed.

The host (adsync.ADSync) provides: spec(lname) -> CommandSpec or None,
available(lname, runtime) -> bool, invoke(lname, bound, runtime, ctx) -> list,
import_module(name, runtime, ctx), enum_type(param) -> str.
"""

import re

from pwsh import (DQUOTES, ErrorRecord, Hashtable, ParseError, PSObject, SimUnsupported,
                  DateTime, Enum, TimeSpan, _scan_group, convert_to_json, format_objects,
                  split_hashtable, split_pipeline, split_statements, to_string, tokenize)


class CmdletError(Exception):
    """An error record raised by a command.

    origin: "cmdlet" (the cmdlet failed), "notfound" (CommandNotFound),
    "binding" (parameter binding), "import" (Import-Module), "throw" (a
    script-terminating throw), "sim" (not emulated). stop: -ErrorAction Stop or $ErrorActionPreference='Stop'."""

    def __init__(self, record, origin="cmdlet", stop=False):
        super().__init__(record.first_line())
        self.record = record
        self.origin = origin
        self.stop = stop


class ScriptExit(Exception):
    def __init__(self, code):
        super().__init__(code)
        self.code = code


class _TryAbort(Exception):
    pass


COMMON_PARAMS = {
    "ErrorAction": "string", "WarningAction": "string", "InformationAction": "string",
    "Verbose": "switch", "Debug": "switch", "ErrorVariable": "string",
    "WarningVariable": "string", "InformationVariable": "string", "OutVariable": "string",
    "OutBuffer": "int", "PipelineVariable": "string",
}

PREFERENCE_VARS = ("progresspreference", "erroractionpreference", "verbosepreference",
                   "warningpreference", "informationpreference", "debugpreference",
                   "confirmpreference")


def command_not_found(name, extent):
    return ErrorRecord(
        "The term '%s' is not recognized as the name of a cmdlet, function, script file, or "
        "operable program. Check the spelling of the name, or if a path was included, verify "
        "that the path is correct and try again." % name,
        "ObjectNotFound", "%s:String" % name, "", "CommandNotFoundException",
        "CommandNotFoundException", invocation=name, extent=extent)


def binding_error(cmd, class_name, fqid, message, extent):
    return ErrorRecord(message, "InvalidArgument", ":", cmd, "ParameterBindingException",
                       "%s,%s" % (fqid, class_name), invocation=cmd, extent=extent)


def unsupported_record(what, extent):
    return ErrorRecord(
        "SIMULATOR: this statement is outside what winrm_sim.py emulates (%s). "
        "Keep the remote scripts plain (see tests/sim/README.md)." % what,
        "NotImplemented", ":", "", "NotSupportedException", "SimulatorUnsupportedStatement",
        extent=extent)


class CommandSpec:
    """A command's parameters: {Name: kind}; kinds: switch, string, int, bool,
    object, list, or "enum:A,B,C"."""

    def __init__(self, name, class_name, params, positional=(), mandatory=()):
        self.name = name
        self.class_name = class_name
        self.params = dict(params)
        self.positional = list(positional)
        self.mandatory = list(mandatory)


BUILTIN_SPECS = {
    "convertto-json": CommandSpec("ConvertTo-Json",
                                  "Microsoft.PowerShell.Commands.ConvertToJsonCommand",
                                  {"InputObject": "object", "Depth": "int", "Compress": "switch"},
                                  ["InputObject"]),
    "select-object": CommandSpec("Select-Object", "Microsoft.PowerShell.Commands.SelectObjectCommand",
                                 {"Property": "list", "ExpandProperty": "string", "First": "int",
                                  "Last": "int"}, ["Property"]),
    "out-string": CommandSpec("Out-String", "Microsoft.PowerShell.Commands.OutStringCommand",
                              {"Width": "int", "Stream": "switch"}),
    "out-null": CommandSpec("Out-Null", "Microsoft.PowerShell.Commands.OutNullCommand", {}),
    "write-output": CommandSpec("Write-Output", "Microsoft.PowerShell.Commands.WriteOutputCommand",
                                {"InputObject": "list", "NoEnumerate": "switch"}, ["InputObject"]),
    "write-host": CommandSpec("Write-Host", "Microsoft.PowerShell.Commands.WriteHostCommand",
                              {"Object": "list", "NoNewline": "switch"}, ["Object"]),
    "format-list": CommandSpec("Format-List", "Microsoft.PowerShell.Commands.FormatListCommand",
                               {"Property": "list"}, ["Property"]),
    "format-table": CommandSpec("Format-Table", "Microsoft.PowerShell.Commands.FormatTableCommand",
                                {"Property": "list", "AutoSize": "switch"}, ["Property"]),
    "import-module": CommandSpec("Import-Module", "Microsoft.PowerShell.Commands.ImportModuleCommand",
                                 {"Name": "string", "Force": "switch", "Global": "switch",
                                  "DisableNameChecking": "switch", "PassThru": "switch"},
                                 ["Name"], ["Name"]),
}
ALIASES = {"echo": "write-output", "write": "write-output", "select": "select-object",
           "ipmo": "import-module", "fl": "format-list", "ft": "format-table"}


class CallContext:
    def __init__(self, name, extent, op):
        self.name = name        # the command name as written
        self.extent = extent    # (start, end) of the whole command
        self.op = op            # the log record of this call (the host adds to it)


class Runtime:
    """Runs one script against a host (see adsync.ADSync for the interface)."""

    def __init__(self, script, host, fmt="ps51", error_mode="terminate"):
        self.script = script
        self.host = host
        self.fmt = fmt
        self.error_mode = error_mode
        self.vars = {}
        self.eap_stop = False
        self.out_lines = []
        self.errors = []
        self.ops = []
        self.exit_code = None
        self.last_ok = True
        self.terminated = False
        self.modules = set()      # modules imported so far (lower-case names)
        self.stderr_style = None  # set by the host: "progress" or "split"

    # -- driver -------------------------------------------------------------

    def run(self):
        try:
            stmts = split_statements(self.script)
        except ParseError as e:
            self.errors.append(ErrorRecord(e.message, "ParserError", ":", "",
                                           "ParentContainsErrorRecordException", e.fqid,
                                           extent=(e.offset, e.end), parse_error=True))
            self.ops.append({"parse_error": e.message})
            self.exit_code = 1
            return self
        try:
            self.run_block(stmts, in_try=False)
            self.exit_code = 0 if self.last_ok else 1
        except ScriptExit as e:
            self.exit_code = e.code
        return self

    def stdout(self):
        return "".join(line + "\r\n" for line in self.out_lines)

    def run_block(self, stmts, in_try):
        for off, text in stmts:
            try:
                self.exec_statement(off, text)
                self.last_ok = True
            except SimUnsupported as e:
                err = CmdletError(unsupported_record(str(e), (off, off + len(text))), "sim")
                self._fail(err, in_try)
            except CmdletError as err:
                self._fail(err, in_try)

    def _fail(self, err, in_try):
        self.last_ok = False
        if in_try:
            self.ops.append({"caught": err.record.first_line()})
            raise _TryAbort()
        self.errors.append(err.record)
        terminate = (err.stop or self.eap_stop or err.origin in ("sim", "throw")
                     or (self.error_mode == "terminate" and err.origin != "import"))
        if terminate:
            self.terminated = True
            raise ScriptExit(1)

    # -- statements ---------------------------------------------------------

    def exec_statement(self, off, text):
        low = text.lower()
        m = re.match(r"(?is)^exit\b\s*(.*)$", text)
        if m:
            arg = m.group(1).strip()
            code = 0
            if arg:
                v = self.eval_expr(arg, off + m.start(1))
                try:
                    code = int(float(to_string(v) or 0))
                except ValueError:
                    code = 0
            self.ops.append({"exit": code})
            raise ScriptExit(code)
        if re.match(r"(?i)^try\s*\{", text):
            self.exec_try(off, text)
            return
        if text.startswith("["):
            if "=" in text or "::" in text:
                self.ops.append({"ignored": text[:80]})
                return
        if re.match(r"(?i)^(function|filter|param|if|elseif|else|foreach|for|while|do|switch|"
                    r"trap|throw|return|break|continue|catch|finally)\b", low):
            raise SimUnsupported("the %r keyword" % low.split(None, 1)[0].split("(")[0])
        m = re.match(r"(?s)^\$(?:(?:script|global|local):)?(\w+)\s*=(?!=)\s*(.*)$", text)
        if m:
            name = m.group(1).lower()
            rhs_off = off + m.start(2)
            if name in PREFERENCE_VARS:
                value = to_string(self.eval_expr(m.group(2), rhs_off))
                self.vars[name] = value
                if name == "erroractionpreference":
                    self.eap_stop = value.lower() == "stop"
                return
            objs = self.eval_pipeline(m.group(2), rhs_off)
            self.vars[name] = objs[0] if len(objs) == 1 else (objs or None)
            return
        self.emit(self.eval_pipeline(text, off))

    def exec_try(self, off, text):
        b = text.index("{")
        e = _scan_group(text, b, "}")
        rest = text[e:].strip()
        if rest and not re.match(r"(?is)^(catch\b.*|finally\b.*)$", rest):
            raise SimUnsupported("try without catch")
        try:
            self.run_block(split_statements(self.script, off + b + 1, off + e - 1), in_try=True)
        except _TryAbort:
            pass
        self.last_ok = True

    def emit(self, objs):
        self.out_lines.extend(format_objects(objs))

    # -- expressions --------------------------------------------------------

    def eval_expr(self, text, off):
        toks = tokenize(text, off)
        if any(t.kind == "pipe" for t in toks):
            return _single(self.eval_pipeline(text, off))
        return self.eval_tokens(toks)

    def eval_tokens(self, toks):
        if not toks:
            return None
        if len(toks) == 2 and toks[0].kind == "type" and toks[1].kind == "hash":
            t = toks[0].value.strip().lower()
            if t == "ordered":
                return Hashtable(self.eval_hash(toks[1]).props, ordered=True)
            if t in ("pscustomobject", "psobject"):
                return PSObject("System.Management.Automation.PSCustomObject",
                                self.eval_hash(toks[1]).props)
        if len(toks) != 1:
            raise SimUnsupported("expression %r" % " ".join(t.raw for t in toks)[:60])
        return self.eval_token(toks[0])

    def eval_token(self, t):
        if t.kind == "sq":
            return t.value
        if t.kind == "dq":
            return self.expand(t.value, t.start + 1)
        if t.kind == "number":
            return float(t.raw) if "." in t.raw else int(t.raw)
        if t.kind == "var":
            return self.lookup(t.raw)
        if t.kind == "hash":
            return self.eval_hash(t)
        if t.kind == "paren":
            inner_off = t.start + (2 if t.raw.startswith("$(") else 1)
            return _single(self.eval_pipeline(t.value, inner_off))
        if t.kind == "array":
            return self.eval_pipeline(t.value, t.start + 2)
        if t.kind == "word":
            return t.raw
        raise SimUnsupported("value %r" % t.raw[:60])

    def eval_hash(self, tok):
        props = []
        for key, value_text, voff in split_hashtable(tok.value):
            props.append((key, self.eval_expr(value_text, tok.start + 2 + voff)))
        return Hashtable(props)

    def lookup(self, raw):
        m = re.match(r"\$(?:\{([^}]*)\}|([\w:?]+))((?:\.\w+)*)$", raw)
        name = (m.group(1) or m.group(2)).lower()
        if name.startswith("env:"):
            value = ""
        elif name in ("true", "false"):
            value = name == "true"
        elif name == "null":
            value = None
        elif name == "lastexitcode":
            value = 0
        elif name == "?":
            value = self.last_ok
        else:
            value = self.vars.get(name.split(":")[-1])
        for prop in [p for p in m.group(3).split(".") if p]:
            value = get_property(value, prop)
        return value

    def expand(self, s, base):
        out = []
        i = 0
        while i < len(s):
            c = s[i]
            if c == "`" and i + 1 < len(s):
                out.append({"n": "\n", "r": "\r", "t": "\t", "0": "\0", "a": "\a", "b": "\b",
                            "f": "\f", "v": "\v", "e": "\x1b"}.get(s[i + 1], s[i + 1]))
                i += 2
            elif c in DQUOTES and i + 1 < len(s) and s[i + 1] in DQUOTES:
                out.append(c)
                i += 2
            elif c == "$" and s[i + 1:i + 2] == "(":
                j = _scan_group(s, i + 1, ")")
                out.append(to_string(_single(self.eval_pipeline(s[i + 2:j - 1], base + i + 2))))
                i = j
            elif c == "$" and re.match(r"\$(\{[^}]*\}|[\w:]+)", s[i:]):
                m = re.match(r"\$(\{[^}]*\}|[\w:]+)", s[i:])
                out.append(to_string(self.lookup(m.group(0))))
                i += m.end()
            else:
                out.append(c)
                i += 1
        return "".join(out)

    # -- pipelines and commands ---------------------------------------------

    def eval_pipeline(self, text, off):
        segs = split_pipeline(tokenize(text, off))
        objs = None
        for idx, seg in enumerate(segs):
            if not seg:
                raise SimUnsupported("an empty pipe element")
            if seg[0].kind == "word":
                objs = self.invoke(seg, objs)
            elif idx == 0:
                v = self.eval_tokens(seg)
                objs = v if isinstance(v, list) else [v]
            else:
                raise SimUnsupported("an expression after a pipe")
        return objs or []

    def invoke(self, seg, input_objs):
        name_tok = seg[0]
        name = name_tok.raw
        lname = ALIASES.get(name.lower(), name.lower())
        extent = (name_tok.start, seg[-1].end)
        op = {"command": name}
        self.ops.append(op)
        if lname in BUILTIN_SPECS:
            spec = BUILTIN_SPECS[lname]
            bound, common = self.bind(spec, seg[1:], name, extent)
            stop = str(common.get("ErrorAction", "")).lower() == "stop"
            try:
                return self.builtin(lname, bound, input_objs, CallContext(name, extent, op))
            except CmdletError as e:
                e.stop = e.stop or stop
                raise
        spec = self.host.spec(lname)
        if spec is None or not self.host.available(lname, self):
            op["error"] = "CommandNotFoundException"
            raise CmdletError(command_not_found(name, (name_tok.start, name_tok.end)), "notfound")
        bound, common = self.bind(spec, seg[1:], name, extent)
        op["params"] = {k: to_string(v) if not isinstance(v, bool) else v
                        for k, v in bound.items()}
        stop = str(common.get("ErrorAction", "")).lower() == "stop"
        try:
            out = self.host.invoke(lname, bound, self, CallContext(name, extent, op))
        except CmdletError as e:
            e.stop = e.stop or stop
            op["error"] = e.record.first_line()
            raise
        if input_objs:
            pass  # none of the emulated cmdlets takes pipeline input
        return out

    def bind(self, spec, args, cmd_name, extent):
        allp = dict(spec.params)
        allp.update({k: v for k, v in COMMON_PARAMS.items() if k not in allp})
        bound, common, positional = {}, {}, []
        i = 0
        while i < len(args):
            t = args[i]
            if t.kind != "param":
                positional.append(t)
                i += 1
                continue
            matches = [p for p in allp if p.lower() == t.value.lower()] or \
                [p for p in allp if p.lower().startswith(t.value.lower())]
            if len(matches) != 1:
                if not matches:
                    raise CmdletError(binding_error(
                        cmd_name, spec.class_name, "NamedParameterNotFound",
                        "A parameter cannot be found that matches parameter name '%s'." % t.value,
                        extent), "binding")
                raise CmdletError(binding_error(
                    cmd_name, spec.class_name, "AmbiguousParameter",
                    "Parameter cannot be processed because the parameter name '%s' is ambiguous. "
                    "Possible matches include: %s." % (t.value, " ".join("-" + p for p in matches)),
                    extent), "binding")
            pname = matches[0]
            kind = allp[pname]
            target = common if pname in COMMON_PARAMS and pname not in spec.params else bound
            if kind == "switch":
                if getattr(t, "value_attached", False) and i + 1 < len(args):
                    target[pname] = bool(self.eval_token(args[i + 1]))
                    i += 2
                else:
                    target[pname] = True
                    i += 1
                continue
            if i + 1 >= len(args):
                raise CmdletError(binding_error(
                    cmd_name, spec.class_name, "MissingArgument",
                    "Missing an argument for parameter '%s'. Specify a parameter of type '%s' and "
                    "try again." % (pname, "System.String"), extent), "binding")
            if kind == "list":
                vals, i = self._list_arg(args, i + 1)
                target[pname] = vals
            else:
                target[pname] = self.eval_token(args[i + 1])
                i += 2
        slots = [p for p in spec.positional if p not in bound]
        while positional:
            if not slots:
                t = positional[0]
                shown = to_string(self.eval_token(t)) if t.kind in ("sq", "dq", "word",
                                                                    "number") else t.raw
                raise CmdletError(binding_error(
                    cmd_name, spec.class_name, "PositionalParameterNotFound",
                    "A positional parameter cannot be found that accepts argument '%s'." % shown,
                    extent), "binding")
            pname = slots.pop(0)
            if spec.params[pname] == "list":
                vals, _ = self._list_arg(positional, 0)
                bound[pname] = vals
                positional = []
            else:
                bound[pname] = self.eval_token(positional.pop(0))
        for pname, value in list(bound.items()):
            kind = spec.params.get(pname, "object")
            if kind.startswith("enum:"):
                names = kind[5:].split(",")
                hit = [n for n in names if n.lower() == to_string(value).lower()]
                if not hit:
                    raise CmdletError(binding_error(
                        cmd_name, spec.class_name, "CannotConvertArgumentNoMessage",
                        "Cannot bind parameter '%s'. Cannot convert value \"%s\" to type \"%s\". "
                        "Error: \"Unable to match the identifier name %s to a valid enumerator "
                        "name. Specify one of the following enumerator names and try again:\n%s\""
                        % (pname, to_string(value), self.host.enum_type(pname), to_string(value),
                           ", ".join(names)), extent), "binding")
                bound[pname] = hit[0]
            elif kind == "int":
                try:
                    bound[pname] = int(to_string(value))
                except ValueError:
                    raise CmdletError(binding_error(
                        cmd_name, spec.class_name, "CannotConvertArgumentNoMessage",
                        "Cannot bind parameter '%s'. Cannot convert value \"%s\" to type "
                        "\"System.Int32\"." % (pname, to_string(value)), extent), "binding") from None
            elif kind == "string" and value is not None and not isinstance(value, str):
                bound[pname] = to_string(value)
        missing = [p for p in spec.mandatory if p not in bound]
        if missing:
            raise CmdletError(binding_error(
                cmd_name, spec.class_name, "MissingMandatoryParameter",
                "Cannot process command because of one or more missing mandatory parameters: "
                "%s." % " ".join(missing), extent), "binding")
        return bound, common

    def _list_arg(self, args, i):
        """A comma-separated argument list starting at args[i]."""
        vals = []
        while i < len(args) and args[i].kind != "param":
            t = args[i]
            if t.kind == "word":
                vals.extend(x for x in t.raw.split(",") if x)
            else:
                vals.append(self.eval_token(t))
            more = t.raw.endswith(",")
            i += 1
            if not more and not (i < len(args) and args[i].raw.startswith(",")):
                break
        return vals, i

    # -- built-in commands --------------------------------------------------

    def builtin(self, lname, bound, objs, ctx):
        if lname == "import-module":
            self.host.import_module(to_string(bound["Name"]), self, ctx)
            return []
        if lname == "convertto-json":
            if objs is not None:
                if not objs:
                    return []
                value = objs[0] if len(objs) == 1 else list(objs)
            elif "InputObject" in bound:
                value = bound["InputObject"]
            else:
                return []
            ctx.op["json"] = True
            if self.fmt == "raw":
                return value if isinstance(value, list) else [value]
            return [convert_to_json(value, self.fmt, bool(bound.get("Compress")))]
        if lname == "select-object":
            out = []
            for o in objs or []:
                if "ExpandProperty" in bound:
                    out.append(get_property(o, bound["ExpandProperty"]))
                elif "Property" in bound and isinstance(o, PSObject):
                    want = [to_string(p) for p in bound["Property"]]
                    out.append(PSObject("Selected." + o.type_name,
                                        [(w, o.get(w)[1]) for w in want]))
                else:
                    out.append(o)
            if "First" in bound:
                out = out[:bound["First"]]
            if "Last" in bound:
                out = out[-bound["Last"]:] if bound["Last"] else []
            return out
        if lname == "out-string":
            return ["\r\n".join(format_objects(objs or [])) + "\r\n"]
        if lname == "out-null":
            return []
        if lname in ("write-output", "write-host"):
            vals = bound.get("InputObject", bound.get("Object", []))
            if lname == "write-host":
                self.out_lines.append(" ".join(to_string(v) for v in vals))
                return []
            return list(vals)
        if lname in ("format-list", "format-table"):
            return format_objects(objs or [])
        raise SimUnsupported(lname)


def _single(objs):
    if not objs:
        return None
    return objs[0] if len(objs) == 1 else objs


def get_property(value, prop):
    if value is None:
        return None
    if isinstance(value, list):
        return [get_property(v, prop) for v in value]
    if isinstance(value, PSObject):
        return value.get(prop)[1]
    if isinstance(value, (TimeSpan, DateTime)):
        return value.prop(prop)
    if isinstance(value, Enum):
        return value.value if prop.lower() == "value__" else None
    if isinstance(value, str) and prop.lower() == "length":
        return len(value)
    return None
