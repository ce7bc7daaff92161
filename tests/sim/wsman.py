"""wsman.py - WS-Management envelopes for winrm_sim.py.

Parsing requests (by local name, any prefix, DOCTYPE refused) and building
replies and SOAP 1.2 faults shaped as Windows WinRM writes them (spec
sections 1.3-1.7 and 3.4).
"""

import re
import uuid
import xml.etree.ElementTree as ET
from xml.sax.saxutils import escape, quoteattr

NS_S = "http://www.w3.org/2003/05/soap-envelope"
NS_A = "http://schemas.xmlsoap.org/ws/2004/08/addressing"
NS_W = "http://schemas.dmtf.org/wbem/wsman/1/wsman.xsd"
NS_P = "http://schemas.microsoft.com/wbem/wsman/1/wsman.xsd"
NS_RSP = "http://schemas.microsoft.com/wbem/wsman/1/windows/shell"
NS_X = "http://schemas.xmlsoap.org/ws/2004/09/transfer"
NS_F = "http://schemas.microsoft.com/wbem/wsman/1/wsmanfault"
NS_WMIE = "http://schemas.dmtf.org/wbem/wscim/1/cim-schema/2/MSFT_WmiError"
NS_E = "http://schemas.xmlsoap.org/ws/2004/08/eventing"
NS_N = "http://schemas.xmlsoap.org/ws/2004/09/enumeration"

SHELL_CMD_URI = "http://schemas.microsoft.com/wbem/wsman/1/windows/shell/cmd"
ANONYMOUS = "http://schemas.xmlsoap.org/ws/2004/08/addressing/role/anonymous"
FAULT_ACTION = "http://schemas.dmtf.org/wbem/wsman/1/wsman/fault"
ADDRESSING_FAULT_ACTION = "http://schemas.xmlsoap.org/ws/2004/08/addressing/fault"
STATE_URI = "http://schemas.microsoft.com/wbem/wsman/1/windows/shell/CommandState/"

ACTIONS = {
    NS_X + "/Create": "Create",
    NS_X + "/Delete": "Delete",
    NS_RSP + "/Command": "Command",
    NS_RSP + "/Receive": "Receive",
    NS_RSP + "/Signal": "Signal",
    NS_RSP + "/Send": "Send",
}
RESPONSE_ACTIONS = {name: uri + "Response" for uri, name in ACTIONS.items()}

ENVELOPE_NS = ('xmlns:s="%s" xmlns:a="%s" xmlns:x="%s" xmlns:w="%s" xmlns:rsp="%s" xmlns:p="%s"'
               % (NS_S, NS_A, NS_X, NS_W, NS_RSP, NS_P))


class EnvelopeError(Exception):
    """A request that is not a usable SOAP envelope."""


def local(tag):
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def attr(elem, name):
    for k, v in elem.attrib.items():
        if local(k) == name:
            return v
    return None


def child(elem, name):
    if elem is None:
        return None
    for c in elem:
        if local(c.tag) == name:
            return c
    return None


def children(elem, name):
    return [c for c in (elem if elem is not None else []) if local(c.tag) == name]


def text(elem):
    return (elem.text or "").strip() if elem is not None else None


def new_guid():
    return str(uuid.uuid4()).upper()


class Request:
    """The parts of a WS-Man request the simulator uses."""

    def __init__(self, root):
        header = child(root, "Header")
        self.body = child(root, "Body")
        if header is None or self.body is None:
            raise EnvelopeError("the envelope needs a Header and a Body")
        self.action_uri = text(child(header, "Action")) or ""
        self.action = ACTIONS.get(self.action_uri)
        self.message_id = text(child(header, "MessageID"))
        self.to = text(child(header, "To"))
        self.resource_uri = text(child(header, "ResourceURI"))
        self.operation_timeout = text(child(header, "OperationTimeout"))
        self.max_envelope = text(child(header, "MaxEnvelopeSize"))
        loc = child(header, "Locale")
        self.locale = attr(loc, "lang") if loc is not None else None
        self.session_id = text(child(header, "SessionId"))
        self.selectors = {}
        for sel in children(child(header, "SelectorSet"), "Selector"):
            self.selectors[attr(sel, "Name") or ""] = text(sel)
        self.shell_id = self.selectors.get("ShellId")
        self.options = {}
        for opt in children(child(header, "OptionSet"), "Option"):
            self.options[attr(opt, "Name") or ""] = text(opt)
        self.payload = self.body[0] if len(self.body) else None


def parse(data):
    """bytes -> Request; EnvelopeError when unusable."""
    if re.search(rb"<!\s*(DOCTYPE|ENTITY)", data, re.I):
        raise EnvelopeError("DOCTYPE/ENTITY declarations are not accepted")
    try:
        root = ET.fromstring(data)
    except ET.ParseError as e:
        raise EnvelopeError("malformed XML: %s" % e) from None
    if local(root.tag) != "Envelope":
        raise EnvelopeError("the root element is not a SOAP Envelope")
    return Request(root)


_DURATION = re.compile(r"^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$")


def parse_duration(value):
    """xs:duration as WinRM uses it (PT60S, PT60.000S, P0DT0H1M0S) -> seconds."""
    m = _DURATION.match(value or "")
    if not m or not any(m.groups()) or value.endswith("T"):
        raise ValueError("invalid duration %r" % value)
    d, h, mi, s = m.groups()
    return int(d or 0) * 86400 + int(h or 0) * 3600 + int(mi or 0) * 60 + float(s or 0)


# ---------------------------------------------------------------------------
# Replies
# ---------------------------------------------------------------------------

def envelope(action_uri, relates_to, body_xml, extra_ns=""):
    header = ("<a:Action>%s</a:Action><a:MessageID>uuid:%s</a:MessageID>"
              "<a:To>%s</a:To>" % (escape(action_uri), new_guid(), ANONYMOUS))
    if relates_to:
        header += "<a:RelatesTo>%s</a:RelatesTo>" % escape(relates_to)
    return ('<s:Envelope xml:lang="en-US" %s%s><s:Header>%s</s:Header><s:Body>%s</s:Body>'
            '</s:Envelope>' % (ENVELOPE_NS, extra_ns, header, body_xml)).encode("utf-8")


def create_response(relates_to, address, shell_id, style, owner, client_ip, idle_timeout_s,
                    env=None):
    created = ("<x:ResourceCreated><a:Address>%s</a:Address><a:ReferenceParameters>"
               "<w:ResourceURI>%s</w:ResourceURI><w:SelectorSet>"
               '<w:Selector Name="ShellId">%s</w:Selector></w:SelectorSet>'
               "</a:ReferenceParameters></x:ResourceCreated>"
               % (escape(address), SHELL_CMD_URI, shell_id))
    shell = ("<rsp:Shell><rsp:ShellId>%s</rsp:ShellId><rsp:ResourceUri>%s</rsp:ResourceUri>"
             "<rsp:Owner>%s</rsp:Owner><rsp:ClientIP>%s</rsp:ClientIP>"
             "<rsp:IdleTimeOut>PT%.3fS</rsp:IdleTimeOut><rsp:InputStreams>stdin</rsp:InputStreams>"
             "<rsp:OutputStreams>stdout stderr</rsp:OutputStreams>"
             "<rsp:ShellRunTime>P0DT0H0M0S</rsp:ShellRunTime>"
             "<rsp:ShellInactivity>P0DT0H0M0S</rsp:ShellInactivity></rsp:Shell>"
             % (shell_id, SHELL_CMD_URI, escape(owner), escape(client_ip), idle_timeout_s))
    body = {"both": created + shell, "resource_created": created, "shell": shell}[style]
    return envelope(RESPONSE_ACTIONS["Create"], relates_to, body)


def command_response(relates_to, command_id):
    return envelope(RESPONSE_ACTIONS["Command"], relates_to,
                    "<rsp:CommandResponse><rsp:CommandId>%s</rsp:CommandId></rsp:CommandResponse>"
                    % command_id)


def receive_response(relates_to, command_id, streams, state, exit_code=None, action=None):
    """streams: [(name, base64_text, end)]; state: None, "Running", "Done" or
    "Pending"; exit_code: None leaves ExitCode out."""
    parts = []
    for name, b64, end in streams:
        parts.append('<rsp:Stream Name="%s" CommandId="%s"%s>%s</rsp:Stream>'
                     % (name, command_id, ' End="true"' if end else "", b64))
    if state:
        inner = "" if exit_code is None else "<rsp:ExitCode>%d</rsp:ExitCode>" % exit_code
        parts.append('<rsp:CommandState CommandId="%s" State="%s%s">%s</rsp:CommandState>'
                     % (command_id, STATE_URI, state, inner))
    return envelope(action or RESPONSE_ACTIONS["Receive"], relates_to,
                    "<rsp:ReceiveResponse>%s</rsp:ReceiveResponse>" % "".join(parts))


def signal_response(relates_to):
    return envelope(RESPONSE_ACTIONS["Signal"], relates_to, "<rsp:SignalResponse/>")


def send_response(relates_to):
    return envelope(RESPONSE_ACTIONS["Send"], relates_to, "<rsp:SendResponse/>")


def delete_response(relates_to):
    return envelope(RESPONSE_ACTIONS["Delete"], relates_to, "")


# ---------------------------------------------------------------------------
# Faults (spec section 3.4)
# ---------------------------------------------------------------------------

def wsman_fault(relates_to, code, subcode, reason, wsman_code, message=None, machine="localhost",
                provider=None, action=FAULT_ACTION):
    """A SOAP 1.2 fault with an f:WSManFault detail. code: "Sender" or
    "Receiver"; subcode: a QName with the w: or a: prefix. provider:
    (provider name, dll path, inner code, inner message) nests an
    f:ProviderFault holding an inner f:WSManFault."""
    message = reason if message is None else message
    if provider:
        pname, ppath, icode, imsg = provider
        msg_xml = ('<f:ProviderFault provider=%s path=%s><f:WSManFault xmlns:f="%s" Code="%s" '
                   'Machine=%s><f:Message>%s</f:Message></f:WSManFault></f:ProviderFault>'
                   % (quoteattr(pname), quoteattr(ppath), NS_F, icode, quoteattr(machine),
                      escape(imsg)))
    else:
        msg_xml = escape(message)
    detail = ('<f:WSManFault xmlns:f="%s" Code="%s" Machine=%s><f:Message>%s</f:Message>'
              "</f:WSManFault>" % (NS_F, wsman_code, quoteattr(machine), msg_xml))
    return _fault(relates_to, code, subcode, reason, detail, action)


def wmi_error_fault(relates_to, subcode, reason, error_code, message, hresult):
    """A quota-style fault with an MSFT_WmiError detail."""
    detail = (
        '<p:MSFT_WmiError b:IsCIM_Error="true" xmlns:b="http://schemas.dmtf.org/wbem/wsman/1/'
        'cimbinding.xsd" xmlns:cim="http://schemas.dmtf.org/wbem/wscim/1/common" xmlns:p="%s" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:type="p:MSFT_WmiError_Type">'
        '<p:CIMStatusCode xsi:type="cim:cimUnsignedInt">27</p:CIMStatusCode>'
        '<p:CIMStatusCodeDescription xsi:nil="true" xsi:type="cim:cimString"/>'
        '<p:ErrorSource xsi:nil="true" xsi:type="cim:cimString"/>'
        '<p:ErrorSourceFormat xsi:type="cim:cimUnsignedShort">0</p:ErrorSourceFormat>'
        '<p:ErrorType xsi:type="cim:cimUnsignedShort">0</p:ErrorType>'
        '<p:Message xsi:type="cim:cimString">%s</p:Message>'
        '<p:MessageID xsi:type="cim:cimString">HRESULT 0x%x</p:MessageID>'
        '<p:OtherErrorSourceFormat xsi:nil="true" xsi:type="cim:cimString"/>'
        '<p:OtherErrorType xsi:nil="true" xsi:type="cim:cimString"/>'
        '<p:OwningEntity xsi:nil="true" xsi:type="cim:cimString"/>'
        '<p:PerceivedSeverity xsi:type="cim:cimUnsignedShort">0</p:PerceivedSeverity>'
        '<p:ProbableCause xsi:type="cim:cimUnsignedShort">0</p:ProbableCause>'
        '<p:ProbableCauseDescription xsi:nil="true" xsi:type="cim:cimString"/>'
        '<p:error_Category xsi:type="cim:cimUnsignedInt">30</p:error_Category>'
        '<p:error_Code xsi:type="cim:cimUnsignedInt">%d</p:error_Code>'
        '<p:error_Type xsi:type="cim:cimString">HRESULT</p:error_Type>'
        '<p:error_WindowsErrorMessage xsi:type="cim:cimString">%s</p:error_WindowsErrorMessage>'
        "</p:MSFT_WmiError>" % (NS_WMIE, escape(message), hresult, error_code, escape(message)))
    return _fault(relates_to, "Sender", subcode, reason, detail, FAULT_ACTION)


def _fault(relates_to, code, subcode, reason, detail_xml, action):
    sub = "<s:Subcode><s:Value>%s</s:Value></s:Subcode>" % subcode if subcode else ""
    body = ('<s:Fault><s:Code><s:Value>s:%s</s:Value>%s</s:Code><s:Reason>'
            '<s:Text xml:lang="en-US">%s</s:Text></s:Reason><s:Detail>%s</s:Detail></s:Fault>'
            % (code, sub, escape(reason), detail_xml))
    return envelope(action, relates_to, body,
                    extra_ns=' xmlns:e="%s" xmlns:n="%s"' % (NS_E, NS_N))


# Named faults. Codes and texts follow the spec (section 3.4) and the WinRM
# error table; those marked GUESS were not confirmed for this situation.
MSG_TIMED_OUT = ("The WS-Management service cannot complete the operation within the time "
                 "specified in OperationTimeout.  ")


def timed_out(relates_to, machine):
    return wsman_fault(relates_to, "Receiver", "w:TimedOut", MSG_TIMED_OUT, 2150858793,
                       machine=machine)


def shell_not_found(relates_to, shell_id, machine):
    msg = ("The request for the Windows Remote Shell with ShellId %s failed because the shell "
           "was not found on the server. Possible causes are: the specified ShellId is incorrect "
           "or the shell no longer exists on the server. Provide the correct ShellId or create a "
           "new shell and retry the operation. " % (shell_id or ""))
    return wsman_fault(relates_to, "Sender", "w:InvalidSelectors",
                       "The WS-Management service cannot process the request because the request "
                       "contained invalid selectors for the resource. ", 2150858843, msg, machine)


def command_not_found(relates_to, command_id, machine):  # GUESS: code and text
    msg = ("The request for the Windows Remote Shell failed because the command with CommandId "
           "%s was not found in the shell. " % (command_id or ""))
    return wsman_fault(relates_to, "Sender", "w:InvalidSelectors", msg, 2150858843, msg, machine)


def access_denied(relates_to, machine):
    return wsman_fault(relates_to, "Sender", "w:AccessDenied", "Access is denied. ", 5,
                       "Access is denied. ", machine)


def quota_shells(relates_to, limit):
    msg = ("The WS-Management service cannot process the request. This user is allowed a maximum "
           "number of %d concurrent shells, which has been exceeded. Close existing shells or "
           "raise the quota for this user. " % limit)
    reason = ("The WS-Management service cannot process the request. The maximum number of "
              "concurrent shells for this user has been exceeded. Close existing shells or raise "
              "the quota for this user. ")
    return wmi_error_fault(relates_to, "w:QuotaLimit", reason, 2150859173, msg, 0x803381A5)


def quota_commands(relates_to, limit):  # GUESS: the wording
    msg = ("The WS-Management service cannot process the request. This shell is allowed a "
           "maximum number of %d concurrent operations, which has been exceeded. Close existing "
           "operations for this shell or raise the quota for this shell. " % limit)
    reason = ("The WS-Management service cannot process the request. The maximum number of "
              "concurrent operations for this shell has been exceeded. ")
    return wmi_error_fault(relates_to, "w:QuotaLimit", reason, 2150859174, msg, 0x803381A6)


def invalid_timeout(relates_to, machine):
    return wsman_fault(relates_to, "Sender", "w:InvalidHeader",
                       "The WS-Management service cannot process the request because the "
                       "header is invalid. ", 2150858767,
                       "The XML contains an invalid timeout field in the SOAP header. ", machine)


def timeout_too_large(relates_to, machine, limit_ms):  # GUESS: code and text
    return wsman_fault(relates_to, "Sender", "w:UnsupportedTimeout",
                       "The WS-Management service cannot process the request because the "
                       "OperationTimeout value is not supported. ", 2150858764,
                       "The OperationTimeout value exceeds the MaxTimeoutms setting (%d). "
                       % limit_ms, machine)


def action_not_supported(relates_to, action_uri, machine):
    return wsman_fault(relates_to, "Sender", "a:ActionNotSupported",
                       "The action is not supported by the service. ", 2150858771,
                       "The WS-Management service does not support the action %s. "
                       % (action_uri or "(none)"), machine, action=ADDRESSING_FAULT_ACTION)


def destination_unreachable(relates_to, resource_uri, machine):  # GUESS: code for this case
    return wsman_fault(relates_to, "Sender", "w:DestinationUnreachable",
                       "The WS-Management service cannot process the request because the "
                       "resource URI is not supported. ", 2150858770,
                       "The resource URI %s was not found in the WS-Management catalog. "
                       % (resource_uri or "(none)"), machine)


def invalid_envelope(relates_to, why, machine):  # GUESS: code and subcode for this case
    return wsman_fault(relates_to, "Sender", "w:SchemaValidationError",
                       "The SOAP XML in the message does not match the corresponding XML "
                       "schema definition. ", 2150858817, why, machine)


def unsupported_media(machine):  # GUESS (WinRM normally answers 415 with no body)
    return wsman_fault(None, "Sender", "w:EncodingLimit",
                       "The WS-Management service cannot process the request because the "
                       "content type is not supported. ", 2150858869,
                       "The content type of the request is not application/soap+xml. ", machine)


def encryption_unsupported(machine):
    return wsman_fault(None, "Receiver", "w:InternalError",
                       "encryption not supported by simulator", 2150858818,
                       "winrm_sim.py does not implement WinRM message encryption "
                       "(multipart/encrypted); use HTTPS.", machine)
