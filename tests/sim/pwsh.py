"""pwsh.py - what Windows PowerShell 5.1 does with the simulator's scripts.

The WinRM simulator cannot run PowerShell. This module emulates the small
part that the idle client's scripts use, so that the simulator answers what a
real Entra Connect server would:

* decoding the WinRS command line (``powershell.exe ... -EncodedCommand B64``);
* scanning a script into statements, tokens and pipelines (psrun.py runs
  them against the ADSync model of adsync.py);
* ``ConvertTo-Json`` exactly as Windows PowerShell 5.1 writes it (TimeSpan
  objects, ``"\\/Date(ms)\\/"``, enums as numbers, HTML-safe escapes) or in the
  "strings" form; default list/table formatting when nothing converts;
* error records (``Cmdlet : message``, ``At line:L char:C``, the ``+ ~~~``
  lines, CategoryInfo, FullyQualifiedErrorId) and CLIXML on stderr.

What is not emulated raises SimUnsupported, which psrun reports as an error
record with FullyQualifiedErrorId ``SimulatorUnsupportedStatement``.
"""

import base64
import binascii
import math
import re
from datetime import datetime, timezone

CLIXML_NS = "http://schemas.microsoft.com/powershell/2004/04"

SQUOTES = "'\u2018\u2019\u201a\u201b"
DQUOTES = "\"\u201c\u201d\u201e"


class SimUnsupported(Exception):
    """A construct the emulation does not cover."""


# ---------------------------------------------------------------------------
# The WinRS command line
# ---------------------------------------------------------------------------

def _is_encoded_flag(token):
    if len(token) < 2 or token[0] not in "-/":
        return False
    name = token[1:].lower()
    return name == "ec" or "encodedcommand".startswith(name)


def decode_command_line(line):
    """Finds -EncodedCommand (or -enc/-ec/-e, with - or /) in a command line.

    Returns a dict: program, flag, encoded (the base64 text or None),
    script (the decoded text or None), error (why decoding failed or None)."""
    tokens = line.split()
    out = {"program": tokens[0] if tokens else "", "flag": None, "encoded": None,
           "script": None, "error": None}
    for i, tok in enumerate(tokens):
        if i == 0 or not _is_encoded_flag(tok):
            continue
        out["flag"] = tok
        if i + 1 >= len(tokens):
            out["error"] = "missing"
            return out
        b64 = tokens[i + 1].strip("\"'")
        out["encoded"] = b64
        try:
            raw = base64.b64decode(b64, validate=True)
            if len(raw) % 2:
                raise ValueError("odd length")
            out["script"] = raw.decode("utf-16-le")
        except (binascii.Error, ValueError, UnicodeDecodeError) as e:
            out["error"] = "invalid: %s" % e
        return out
    return out


def encode_script(script):
    """The inverse (for tests): base64(UTF-16LE(script))."""
    return base64.b64encode(script.encode("utf-16-le")).decode("ascii")


# ---------------------------------------------------------------------------
# Values
# ---------------------------------------------------------------------------

class TimeSpan:
    def __init__(self, seconds):
        self.seconds = float(seconds)

    @property
    def ticks(self):
        return int(round(self.seconds * 10_000_000))

    def parts(self):
        total_ms = int(round(self.seconds * 1000))
        sign = -1 if total_ms < 0 else 1
        ms = abs(total_ms)
        days, ms = divmod(ms, 86_400_000)
        hours, ms = divmod(ms, 3_600_000)
        minutes, ms = divmod(ms, 60_000)
        secs, ms = divmod(ms, 1000)
        return sign, days, hours, minutes, secs, ms

    def __str__(self):  # TimeSpan.ToString(): [-][d.]hh:mm:ss[.fffffff]
        sign, d, h, m, s, ms = self.parts()
        text = ("%d." % d if d else "") + "%02d:%02d:%02d" % (h, m, s)
        if ms:
            text += ".%07d" % (ms * 10_000)
        return ("-" if sign < 0 else "") + text

    def prop(self, name):
        sign, d, h, m, s, ms = self.parts()
        table = {"ticks": self.ticks, "days": sign * d, "hours": sign * h,
                 "minutes": sign * m, "seconds": sign * s, "milliseconds": sign * ms,
                 "totaldays": self.seconds / 86400.0, "totalhours": self.seconds / 3600.0,
                 "totalminutes": self.seconds / 60.0, "totalseconds": self.seconds,
                 "totalmilliseconds": self.seconds * 1000.0}
        if name.lower() not in table:
            raise SimUnsupported("TimeSpan has no property %s" % name)
        return table[name.lower()]

    def ps51(self):
        sign, d, h, m, s, ms = self.parts()
        return [("Ticks", self.ticks), ("Days", sign * d), ("Hours", sign * h),
                ("Milliseconds", sign * ms), ("Minutes", sign * m), ("Seconds", sign * s),
                ("TotalDays", self.seconds / 86400.0), ("TotalHours", self.seconds / 3600.0),
                ("TotalMilliseconds", self.seconds * 1000.0),
                ("TotalMinutes", self.seconds / 60.0), ("TotalSeconds", self.seconds)]


class DateTime:
    """A UTC DateTime (Kind=Utc)."""

    def __init__(self, epoch):
        self.epoch = float(epoch)

    def dt(self):
        return datetime.fromtimestamp(self.epoch, tz=timezone.utc)

    def __str__(self):  # as "$d" expands it (invariant culture)
        return self.dt().strftime("%m/%d/%Y %H:%M:%S")

    def en_us(self):    # as the default formatter shows it on an en-US server
        d = self.dt()
        hour = d.hour % 12 or 12
        return "%d/%d/%d %d:%02d:%02d %s" % (d.month, d.day, d.year, hour, d.minute,
                                             d.second, "AM" if d.hour < 12 else "PM")

    def iso(self):
        return self.dt().strftime("%Y-%m-%dT%H:%M:%SZ")

    def prop(self, name):
        d = self.dt()
        table = {"year": d.year, "month": d.month, "day": d.day, "hour": d.hour,
                 "minute": d.minute, "second": d.second,
                 "ticks": int(self.epoch * 10_000_000) + 621355968000000000}
        if name.lower() not in table:
            raise SimUnsupported("DateTime has no property %s" % name)
        return table[name.lower()]


class Enum:
    def __init__(self, type_name, name, value):
        self.type_name = type_name
        self.name = name
        self.value = value

    def __str__(self):
        return self.name


class PSObject:
    """An object with ordered, case-insensitive properties."""

    def __init__(self, type_name, props):
        self.type_name = type_name
        self.props = list(props)

    def get(self, name):
        for k, v in self.props:
            if k.lower() == name.lower():
                return True, v
        return False, None

    def names(self):
        return [k for k, _ in self.props]


class Hashtable(PSObject):
    def __init__(self, props, ordered=False):
        super().__init__("System.Collections.Specialized.OrderedDictionary" if ordered
                         else "System.Collections.Hashtable", props)


def to_string(v):
    """What "$v" gives in PowerShell (invariant culture)."""
    if v is None:
        return ""
    if isinstance(v, bool):
        return "True" if v else "False"
    if isinstance(v, float):
        return format_double(v)
    if isinstance(v, (int, str, TimeSpan, DateTime, Enum)):
        return str(v)
    if isinstance(v, list):
        return " ".join(to_string(x) for x in v)
    if isinstance(v, PSObject):
        return v.type_name
    return str(v)


def format_double(x):
    """A double as .NET writes it (whole values without a fraction)."""
    if math.isnan(x) or math.isinf(x):
        return "NaN" if math.isnan(x) else ("Infinity" if x > 0 else "-Infinity")
    if x == int(x) and abs(x) < 1e15:
        return str(int(x))
    return repr(x)


# ---------------------------------------------------------------------------
# ConvertTo-Json
# ---------------------------------------------------------------------------

class _Raw(str):
    """Already-encoded JSON text (the PS 5.1 date literal)."""


class _Obj(list):
    """A JSON object as a list of (name, value) pairs (arrays are plain lists)."""


def _json_tree(v, fmt):
    if isinstance(v, TimeSpan):
        if fmt == "ps51":
            return _Obj((k, _json_tree(x, fmt)) for k, x in v.ps51())
        return str(v)
    if isinstance(v, DateTime):
        if fmt == "ps51":
            return _Raw('"\\/Date(%d)\\/"' % int(round(v.epoch * 1000)))
        return v.iso()
    if isinstance(v, Enum):
        return v.value if fmt == "ps51" else v.name
    if isinstance(v, PSObject):
        return _Obj((k, _json_tree(x, fmt)) for k, x in v.props)
    if isinstance(v, dict):
        return _Obj((str(k), _json_tree(x, fmt)) for k, x in v.items())
    if isinstance(v, (list, tuple)):
        return [_json_tree(x, fmt) for x in v]
    return v


_PS51_ESC = {'"': '\\"', "\\": "\\\\", "\b": "\\b", "\f": "\\f", "\n": "\\n", "\r": "\\r",
             "\t": "\\t", "'": "\\u0027", "<": "\\u003c", ">": "\\u003e", "&": "\\u0026"}


def json_string(s, fmt):
    out = ['"']
    for ch in s:
        if fmt == "ps51" and ch in _PS51_ESC:
            out.append(_PS51_ESC[ch])
        elif ch in '"\\':
            out.append("\\" + ch)
        elif ch == "\n":
            out.append("\\n")
        elif ch == "\r":
            out.append("\\r")
        elif ch == "\t":
            out.append("\\t")
        elif ord(ch) < 0x20:
            out.append("\\u%04x" % ord(ch))
        else:
            out.append(ch)
    out.append('"')
    return "".join(out)


def _scalar(v, fmt):
    if isinstance(v, _Raw):
        return str(v)
    if v is None:
        return "null"
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int):
        return str(v)
    if isinstance(v, float):
        return format_double(v) if math.isfinite(v) else '"%s"' % format_double(v)
    return json_string(str(v), fmt)


def _compact(v, fmt):
    if isinstance(v, _Obj):
        return "{" + ",".join(json_string(k, fmt) + ":" + _compact(x, fmt) for k, x in v) + "}"
    if isinstance(v, list):
        return "[" + ",".join(_compact(x, fmt) for x in v) + "]"
    return _scalar(v, fmt)


def _pretty51(v, col):
    """Windows PowerShell 5.1's indentation: members four columns in from the
    brace, nested values aligned after `"key":  `."""
    pad = " " * (col + 4)
    if isinstance(v, _Obj):
        if not v:
            return "{\r\n\r\n" + " " * col + "}"
        parts = []
        for k, x in v:
            key = json_string(k, "ps51") + ":  "
            parts.append(pad + key + _pretty51(x, col + 4 + len(key)))
        return "{\r\n" + ",\r\n".join(parts) + "\r\n" + " " * col + "}"
    if isinstance(v, list):
        if not v:
            return "[\r\n\r\n" + " " * col + "]"
        return ("[\r\n" + ",\r\n".join(pad + _pretty51(x, col + 4) for x in v) + "\r\n"
                + " " * col + "]")
    return _scalar(v, "ps51")


def _pretty2(v, col):
    pad = " " * (col + 2)
    if isinstance(v, _Obj):
        if not v:
            return "{}"
        return ("{\r\n" + ",\r\n".join(pad + json_string(k, "strings") + ": " + _pretty2(x, col + 2)
                                       for k, x in v) + "\r\n" + " " * col + "}")
    if isinstance(v, list):
        if not v:
            return "[]"
        return ("[\r\n" + ",\r\n".join(pad + _pretty2(x, col + 2) for x in v) + "\r\n"
                + " " * col + "]")
    return _scalar(v, "strings")


def convert_to_json(value, fmt="ps51", compress=True):
    """ConvertTo-Json's text for one input (a list for several inputs)."""
    tree = _json_tree(value, fmt)
    if compress:
        return _compact(tree, fmt)
    return _pretty51(tree, 0) if fmt == "ps51" else _pretty2(tree, 0)


# ---------------------------------------------------------------------------
# Default formatting (what a pipeline prints when nothing converts it)
# ---------------------------------------------------------------------------

def format_value(v):
    if isinstance(v, DateTime):
        return v.en_us()
    if isinstance(v, list):
        return "{" + ", ".join(format_value(x) for x in v) + "}"
    return to_string(v)


def format_objects(objs):
    """Lines (without CRLF) for the default Out-Default of these objects."""
    lines = []
    table_rows = []

    def flush_table():
        if not table_rows:
            return
        names = table_rows[0].names()
        if isinstance(table_rows[0], Hashtable):
            rows = [(k, format_value(v)) for t in table_rows for k, v in t.props]
            width = max([30] + [len(k) for k, _ in rows])
            lines.extend(["", "Name".ljust(width) + " Value", "----".ljust(width) + " -----"])
            lines.extend(k.ljust(width) + " " + v for k, v in rows)
        else:
            cells = [[format_value(t.get(n)[1]) for n in names] for t in table_rows]
            widths = [max([len(n)] + [len(c[i]) for c in cells]) for i, n in enumerate(names)]
            lines.append("")
            lines.append(" ".join(n.ljust(w) for n, w in zip(names, widths)).rstrip())
            lines.append(" ".join(("-" * len(n)).ljust(w) for n, w in zip(names, widths)).rstrip())
            lines.extend(" ".join(c.ljust(w) for c, w in zip(row, widths)).rstrip()
                         for row in cells)
        lines.extend(["", ""])
        table_rows.clear()

    for o in objs:
        if isinstance(o, PSObject) and (len(o.props) <= 4 or isinstance(o, Hashtable)):
            if table_rows and table_rows[0].names() != o.names():
                flush_table()
            table_rows.append(o)
            continue
        flush_table()
        if isinstance(o, PSObject):
            width = max(len(k) for k in o.names())
            lines.append("")
            lines.extend(("%s : %s" % (k.ljust(width), format_value(v))).rstrip()
                         for k, v in o.props)
            lines.extend(["", ""])
        elif o is not None:
            lines.extend(to_string(o).replace("\r\n", "\n").split("\n"))
    flush_table()
    return lines


# ---------------------------------------------------------------------------
# Error records and CLIXML
# ---------------------------------------------------------------------------

class ErrorRecord:
    """An error as PowerShell 5.1 prints it to a redirected stderr."""

    def __init__(self, message, category, target, activity, reason, fqid,
                 invocation=None, extent=None, parse_error=False):
        self.message = message          # may hold several lines
        self.category = category        # e.g. ObjectNotFound
        self.target = target            # e.g. "Get-X:String" or ":"
        self.activity = activity        # e.g. "Start-ADSyncSyncCycle" or ""
        self.reason = reason            # e.g. CommandNotFoundException
        self.fqid = fqid
        self.invocation = invocation    # the command name shown before " : "
        self.extent = extent            # (start, end) offsets in the script
        self.parse_error = parse_error
        self.position = None            # explicit "At ..." lines (errors inside a module)

    def first_line(self):
        return self.message.replace("\r\n", "\n").split("\n")[0]

    def lines(self, script):
        msg = self.message.replace("\r\n", "\n").split("\n")
        out = []
        if not self.parse_error:
            if self.invocation:
                msg[0] = "%s : %s" % (self.invocation, msg[0])
            out.extend(msg)
        if self.position is not None:
            out.extend(self.position)
        elif self.extent is not None:
            out.extend(position_lines(script, *self.extent))
        if self.parse_error:
            out.extend(msg)
        out.append("    + CategoryInfo          : %s: (%s) [%s], %s" % (
            self.category, self.target, self.activity, self.reason))
        fq = self.fqid.replace("\r\n", "\n").split("\n")
        out.append("    + FullyQualifiedErrorId : " + fq[0])
        out.extend(fq[1:])
        out.append(" ")
        return out


def line_col(script, offset):
    line = script.count("\n", 0, offset) + 1
    col = offset - (script.rfind("\n", 0, offset) + 1) + 1
    return line, col


def position_lines(script, start, end):
    """'At line:L char:C' and the two '+' lines under it."""
    line_no, col = line_col(script, start)
    ls = script.rfind("\n", 0, start) + 1
    le = script.find("\n", start)
    if le < 0:
        le = len(script)
    text = script[ls:le].rstrip("\r")
    s = start - ls
    e = max(s + 1, min(end, le) - ls)
    shown, off = text, 0
    if len(text) > 78:
        left = max(0, s - 20)
        right = min(len(text), max(e, s + 20) + 20, left + 70)
        shown = text[left:right]
        off = left
        if left > 0:
            shown = "... " + shown
            off -= 4
        if right < len(text):
            shown += " ..."
        e = min(e, right)
    return ["At line:%d char:%d" % (line_no, col), "+ " + shown,
            "+ " + " " * (s - off) + "~" * max(1, e - s)]


def clixml_escape(text):
    """PowerShell's CLIXML string encoding: control characters, surrogates and
    a literal '_x' as _xHHHH_ (UTF-16 code units), then XML entities."""
    units = text.encode("utf-16-le", "surrogatepass")
    out = []
    i = 0
    n = len(units) // 2
    chars = [int.from_bytes(units[2 * k:2 * k + 2], "little") for k in range(n)]
    while i < n:
        u = chars[i]
        if u < 0x20 or 0xD800 <= u <= 0xDFFF or u in (0xFFFE, 0xFFFF):
            out.append("_x%04X_" % u)
        elif u == 0x5F and i + 1 < n and chars[i + 1] == 0x78:  # "_x"
            out.append("_x005F_")
        elif u == 0x26:
            out.append("&amp;")
        elif u == 0x3C:
            out.append("&lt;")
        elif u == 0x3E:
            out.append("&gt;")
        else:
            out.append(chr(u))
        i += 1
    return "".join(out)


def clixml_progress(ref_id=0, activity="Preparing modules for first use."):
    return ('<Obj S="progress" RefId="%d"><TN RefId="%d"><T>System.Management.Automation.PSCustomObject'
            '</T><T>System.Object</T></TN><MS><I64 N="SourceId">1</I64><PR N="Record"><AV>%s</AV>'
            '<AI>0</AI><Nil /><PI>-1</PI><PC>-1</PC><T>Completed</T><SR>-1</SR><SD> </SD></PR>'
            '</MS></Obj>' % (ref_id, ref_id, clixml_escape(activity)))


def clixml_lines(lines, stream="Error"):
    return "".join('<S S="%s">%s</S>' % (stream, clixml_escape(line + "\r\n")) for line in lines)


def clixml_document(blocks):
    """'#< CLIXML' and one <Objs> per block (each block: a string of items)."""
    return "#< CLIXML\r\n" + "".join(
        '<Objs Version="1.1.0.1" xmlns="%s">%s</Objs>' % (CLIXML_NS, b) for b in blocks)


# ---------------------------------------------------------------------------
# Script scanning
# ---------------------------------------------------------------------------

class ParseError(Exception):
    def __init__(self, offset, end, message, fqid):
        super().__init__(message)
        self.offset = offset
        self.end = end
        self.message = message
        self.fqid = fqid


def _scan_sq(s, i):
    """s[i] opens a single-quoted string; returns the index after its end."""
    j = i + 1
    while j < len(s):
        if s[j] in SQUOTES:
            if j + 1 < len(s) and s[j + 1] in SQUOTES:
                j += 2
                continue
            return j + 1
        j += 1
    raise ParseError(i, len(s), "The string is missing the terminator: %s." % s[i],
                     "TerminatorExpectedAtEndOfString")


def _scan_dq(s, i):
    j = i + 1
    while j < len(s):
        c = s[j]
        if c == "`":
            j += 2
            continue
        if c in DQUOTES:
            if j + 1 < len(s) and s[j + 1] in DQUOTES:
                j += 2
                continue
            return j + 1
        if c == "$" and j + 1 < len(s) and s[j + 1] == "(":
            j = _scan_group(s, j + 1, ")")
            continue
        j += 1
    raise ParseError(i, len(s), 'The string is missing the terminator: %s.' % s[i],
                     "TerminatorExpectedAtEndOfString")


def _scan_group(s, i, close):
    """s[i] is an opening bracket; returns the index after its partner."""
    j = i + 1
    while j < len(s):
        c = s[j]
        if c == close:
            return j + 1
        j = _skip_code_char(s, j)
    raise ParseError(i, len(s), "Missing closing '%s' in statement block or type definition."
                     % close, "MissingEndCurlyBrace" if close == "}" else
                     "MissingEndParenthesisInExpression")


def _skip_code_char(s, j):
    c = s[j]
    if c in SQUOTES:
        return _scan_sq(s, j)
    if c in DQUOTES:
        return _scan_dq(s, j)
    if c == "(":
        return _scan_group(s, j, ")")
    if c == "{":
        return _scan_group(s, j, "}")
    if c == "[":
        return _scan_group(s, j, "]")
    if c == "`":
        return j + 2
    if c == "<" and s.startswith("<#", j):
        k = s.find("#>", j + 2)
        if k < 0:
            raise ParseError(j, len(s), "Missing the end of the block comment.",
                             "MissingEndOfBlockComment")
        return k + 2
    if c == "#" and (j == 0 or s[j - 1] in " \t\r\n;{(|"):
        k = s.find("\n", j)
        return len(s) if k < 0 else k
    return j + 1


def split_statements(script, start=0, end=None):
    """[(offset, text)] of the statements between start and end."""
    end = len(script) if end is None else end
    out = []
    i = start
    st = start
    while i < end:
        c = script[i]
        if c in ";\n":
            out.append((st, script[st:i]))
            i += 1
            st = i
            continue
        if c == "`" and i + 1 < end and script[i + 1] in "\r\n":
            i += 2
            continue
        i = _skip_code_char(script, i)
    out.append((st, script[st:end]))
    stmts = []
    for off, text in out:
        stripped = text.strip()
        # drop a trailing comment-only statement and blank ones
        if not stripped or stripped.startswith("#"):
            continue
        lead = len(text) - len(text.lstrip())
        stmts.append((off + lead, stripped))
    return stmts


class Token:
    def __init__(self, kind, raw, start, end, value=None):
        self.kind = kind      # word param sq dq var hash array paren type pipe number
        self.value_attached = False   # -Name:value
        self.raw = raw
        self.start = start
        self.end = end
        self.value = value

    def __repr__(self):
        return "Token(%s, %r)" % (self.kind, self.raw)


_VAR = re.compile(r"\$(?:\{[^}]*\}|[\w:?]+)((?:\.\w+)*)")


def tokenize(text, base=0):
    toks = []
    i = 0
    n = len(text)
    while i < n:
        c = text[i]
        if c in " \t\r\n":
            i += 1
            continue
        if c == "`" and i + 1 < n and text[i + 1] in "\r\n":
            i += 2
            continue
        if c == "#":
            break
        st = i
        if c == "|":
            toks.append(Token("pipe", "|", base + i, base + i + 1))
            i += 1
            continue
        if c in SQUOTES:
            j = _scan_sq(text, i)
            inner = text[i + 1:j - 1]
            val = re.sub("[%s]([%s])" % (SQUOTES, SQUOTES), r"\1", inner)
            toks.append(Token("sq", text[i:j], base + i, base + j, val))
            i = j
            continue
        if c in DQUOTES:
            j = _scan_dq(text, i)
            toks.append(Token("dq", text[i:j], base + i, base + j, text[i + 1:j - 1]))
            i = j
            continue
        if c == "@" and i + 1 < n and text[i + 1] in "{(":
            j = _scan_group(text, i + 1, "}" if text[i + 1] == "{" else ")")
            toks.append(Token("hash" if text[i + 1] == "{" else "array", text[i:j],
                              base + i, base + j, text[i + 2:j - 1]))
            i = j
            continue
        if c == "(":
            j = _scan_group(text, i, ")")
            toks.append(Token("paren", text[i:j], base + i, base + j, text[i + 1:j - 1]))
            i = j
            continue
        if c == "[":
            j = _scan_group(text, i, "]")
            toks.append(Token("type", text[i:j], base + i, base + j, text[i + 1:j - 1]))
            i = j
            continue
        if c == "$":
            if i + 1 < n and text[i + 1] == "(":
                j = _scan_group(text, i + 1, ")")
                toks.append(Token("paren", text[i:j], base + i, base + j, text[i + 2:j - 1]))
                i = j
                continue
            m = _VAR.match(text, i)
            if m:
                toks.append(Token("var", m.group(0), base + i, base + m.end(), m.group(0)))
                i = m.end()
                continue
        if c in "-\u2013\u2014" and i + 1 < n and (text[i + 1].isalpha() or text[i + 1] == "_"):
            j = i + 1
            while j < n and (text[j].isalnum() or text[j] == "_"):
                j += 1
            tok = Token("param", text[i:j], base + i, base + j, text[i + 1:j])
            if j < n and text[j] == ":":
                tok.value_attached = True
                j += 1
            toks.append(tok)
            i = j
            continue
        j = i
        while j < n and text[j] not in " \t\r\n|":
            if text[j] in SQUOTES:
                j = _scan_sq(text, j)
            elif text[j] in DQUOTES:
                j = _scan_dq(text, j)
            else:
                j += 1
        raw = text[i:j]
        kind = "number" if re.fullmatch(r"-?\d+(\.\d+)?", raw) else "word"
        toks.append(Token(kind, raw, base + i, base + j, raw))
        i = j
    return toks


def split_pipeline(tokens):
    segs = [[]]
    for t in tokens:
        if t.kind == "pipe":
            segs.append([])
        else:
            segs[-1].append(t)
    return segs


def split_hashtable(body):
    """'K = V; K2 = V2' -> [(key, value_text, offset_of_value)]."""
    entries = []
    for off, stmt in split_statements(body):
        m = re.match(r"""(?s)^(['"]?)([\w-]+)\1\s*=\s*(.*)$""", stmt)
        if not m:
            raise SimUnsupported("hashtable entry %r" % stmt)
        entries.append((m.group(2), m.group(3), off + m.start(3)))
    return entries
