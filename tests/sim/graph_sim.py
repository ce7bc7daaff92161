#!/usr/bin/env python3
"""graph_sim.py - a loopback Microsoft Graph (v1.0) + OAuth2 token endpoint simulator.

One port serves both

* ``POST /{tenant}/oauth2/v2.0/token`` (client credentials, like
  login.microsoftonline.com), and
* ``/v1.0/...`` (the Graph calls of shared/spec/entraid-graph.md section 1.4:
  users, manager, memberOf, groups, administrative units, members/$ref,
  revokeSignInSessions, $batch),

so a client is configured with authority ``http://127.0.0.1:PORT`` and Graph
base ``http://127.0.0.1:PORT/v1.0``. The directory lives in memory, loaded
from a JSON fixture (a built-in Contoso one by default). Built on httpsim.py
(HTTP/1.1 keep-alive, TLS, generic injections, request log, counters,
simulated clock, the JSON control server on its own port). README.md
documents the command line, the fixture, the control API, the injection
kinds and the stats.

    graph_sim.py --ready-file F [--port N] [--control-port N]
                 [--tls-cert C --tls-key K] [--config JSON] [--log FILE]
                 [--max-lifetime S] [--clock real|manual] [--seed N]
                 [--client-secret-env [CLIENT_ID=]VAR]... [--token-lifetime S]
                 [--page-size N]

Secrets: client secrets are read from environment variables (named in the
fixture or with --client-secret-env), never from argv; they, the
Authorization header (logged as the scheme, plus a token fingerprint in
"app") and passwordProfile passwords never reach the log.

Standard library only.
"""

import argparse
import base64
import binascii
import copy
import email.utils
import hashlib
import hmac
import json
import os
import random
import re
import secrets
import sys
import threading
import time
import urllib.parse
import uuid
from datetime import datetime, timezone

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import httpsim  # noqa: E402
from httpsim import Response, SimError  # noqa: E402

GRAPH_APP_ID = "00000003-0000-0000-c000-000000000000"   # Microsoft Graph's appId
ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"
GUID_RE = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")
UPN_LOCAL_RE = re.compile(r"^[A-Za-z0-9'.\-_!#^~]+$")
NICKNAME_BAD_RE = re.compile(r"[@()\\\[\]\";:<>,\s]")

# ---------------------------------------------------------------------------
# Settings ("set mode")
# ---------------------------------------------------------------------------

DEFAULT_SETTINGS = {
    "page_size": 100,              # default page size of collections ($top overrides)
    "token_lifetime_s": 3599,      # expires_in of issued tokens (a client may override)
    "ext_expires_in_s": None,      # ext_expires_in (None: = expires_in)
    "token_resources": ["https://graph.microsoft.com", GRAPH_APP_ID],
    "revoke_style": "value",       # value: 200 {"value": true} | no_content: 204 | value_false
    "cast_mode": "lenient",        # memberOf casts: lenient | strict (need ConsistencyLevel
                                   # + $count) | ignore (without them: every type comes back)
    "batch_max": 20,               # requests per $batch
    "batch_order": "request",      # request | reverse | shuffle (seeded)
    "batch_no_content_body": "omit",  # 204 items: omit | null ("body": null)
    "eventual_reads": 0,           # new users / memberships invisible for the next K reads
    "eventual_add_failures": 0,    # add-member with a new user: 400 for the first K attempts
    "empty_strings": "reject",     # "" for a user property: reject (400) | accept
    "json_content_type": "application/json;odata.metadata=minimal",
    "require_content_type": True,  # a write with a body needs Content-Type: application/json
    "extra_user_properties": [],   # more user property names (strings) to accept
    "route_permissions": {},       # {route: [permission, ...]} overrides (see ROUTE_PERMISSIONS)
    "public_base": None,           # origin for nextLink/@odata.id (None: from the Host header)
    "log_bodies": True,            # request bodies (redacted) in the log's "app"
}
SETTING_CHOICES = {
    "revoke_style": ("value", "no_content", "value_false"),
    "cast_mode": ("lenient", "strict", "ignore"),
    "batch_order": ("request", "reverse", "shuffle"),
    "batch_no_content_body": ("omit", "null"),
    "empty_strings": ("reject", "accept"),
}


def check_setting(key, value):
    """Returns the checked value; SimError when bad."""
    if key not in DEFAULT_SETTINGS:
        raise SimError("unknown setting %r" % key)
    if key in SETTING_CHOICES:
        if value not in SETTING_CHOICES[key]:
            raise SimError("%s must be one of %s" % (key, ", ".join(SETTING_CHOICES[key])))
        return value
    if key in ("page_size", "batch_max"):
        if not is_int(value) or not 1 <= value <= (999 if key == "page_size" else 1000):
            raise SimError("%s must be an integer in 1..%d" % (key, 999 if key == "page_size"
                                                                 else 1000))
        return value
    if key in ("eventual_reads", "eventual_add_failures"):
        if not is_int(value) or value < 0:
            raise SimError("%s must be an integer >= 0" % key)
        return value
    if key == "token_lifetime_s":
        if not is_num(value) or value <= 0:
            raise SimError("token_lifetime_s must be a number > 0")
        return value
    if key == "ext_expires_in_s":
        if value is not None and (not is_num(value) or value <= 0):
            raise SimError("ext_expires_in_s must be null or a number > 0")
        return value
    if key in ("token_resources", "extra_user_properties"):
        if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
            raise SimError("%s must be a list of strings" % key)
        return list(value)
    if key in ("json_content_type",):
        if not isinstance(value, str) or not value:
            raise SimError("%s must be a string" % key)
        return value
    if key == "public_base":
        if value is not None and (not isinstance(value, str)
                                  or not re.match(r"^https?://[^/]+$", value)):
            raise SimError("public_base must be null or an origin like http://host:port")
        return value
    if key in ("require_content_type", "log_bodies"):
        if not isinstance(value, bool):
            raise SimError("%s must be true or false" % key)
        return value
    if key == "route_permissions":
        if not isinstance(value, dict) or not all(
                isinstance(k, str) and isinstance(v, list) and all(isinstance(p, str) for p in v)
                for k, v in value.items()):
            raise SimError("route_permissions must be {route: [permission, ...]}")
        unknown = set(value) - set(ROUTE_PERMISSIONS)
        if unknown:
            raise SimError("route_permissions: unknown route(s) %s" % ", ".join(sorted(unknown)))
        return {k: list(v) for k, v in value.items()}
    raise SimError("unknown setting %r" % key)  # pragma: no cover


def is_int(v):
    return isinstance(v, int) and not isinstance(v, bool)


def is_num(v):
    return isinstance(v, (int, float)) and not isinstance(v, bool)


# ---------------------------------------------------------------------------
# Permissions (application permissions, "roles" of the app) per route
# ---------------------------------------------------------------------------

_READ_USER = ["User.Read.All", "User.ReadWrite.All", "Directory.Read.All",
              "Directory.ReadWrite.All"]
_WRITE_USER = ["User.ReadWrite.All", "Directory.ReadWrite.All"]
_REVOKE = ["User.RevokeSessions.All", "User.ReadWrite.All", "Directory.ReadWrite.All"]
_READ_GROUP = ["GroupMember.Read.All", "GroupMember.ReadWrite.All", "Group.Read.All",
               "Group.ReadWrite.All", "Directory.Read.All", "Directory.ReadWrite.All"]
_WRITE_MEMBER = ["GroupMember.ReadWrite.All", "Group.ReadWrite.All", "Directory.ReadWrite.All"]
_READ_AU = ["AdministrativeUnit.Read.All", "AdministrativeUnit.ReadWrite.All",
            "Directory.Read.All", "Directory.ReadWrite.All"]
_WRITE_AU = ["AdministrativeUnit.ReadWrite.All", "Directory.ReadWrite.All"]
ROLE_ASSIGNABLE_PERMISSION = "RoleManagement.ReadWrite.Directory"

# Any one of the listed permissions grants the route.
ROUTE_PERMISSIONS = {
    "users.list": _READ_USER, "users.get": _READ_USER, "users.create": _WRITE_USER,
    "users.update": _WRITE_USER, "users.delete": _WRITE_USER, "users.revoke": _REVOKE,
    "users.manager.get": _READ_USER, "users.manager.ref.get": _READ_USER,
    "users.manager.set": _WRITE_USER, "users.manager.remove": _WRITE_USER,
    "users.memberOf": _READ_USER,
    "groups.list": _READ_GROUP, "groups.get": _READ_GROUP, "groups.members.list": _READ_GROUP,
    "groups.members.add": _WRITE_MEMBER, "groups.members.remove": _WRITE_MEMBER,
    "groups.members.delete_without_ref": _WRITE_MEMBER,
    "administrativeUnits.list": _READ_AU, "administrativeUnits.get": _READ_AU,
    "administrativeUnits.members.list": _READ_AU,
    "administrativeUnits.members.add": _WRITE_AU, "administrativeUnits.members.remove": _WRITE_AU,
    "administrativeUnits.members.delete_without_ref": _WRITE_AU,
    "deletedItems.list": _READ_USER, "deletedItems.get": _READ_USER,
}
WRITE_METHODS = ("POST", "PATCH", "PUT", "DELETE")

# ---------------------------------------------------------------------------
# Object properties
# ---------------------------------------------------------------------------

USER_PROPS = [
    "id", "userPrincipalName", "mail", "mailNickname", "displayName", "givenName", "surname",
    "accountEnabled", "department", "jobTitle", "officeLocation", "companyName", "mobilePhone",
    "businessPhones", "employeeId", "employeeType", "employeeHireDate", "usageLocation",
    "preferredLanguage", "city", "state", "country", "streetAddress", "postalCode", "faxNumber",
    "otherMails", "proxyAddresses", "imAddresses", "userType", "createdDateTime",
    "signInSessionsValidFromDateTime", "passwordProfile", "passwordPolicies",
    "onPremisesImmutableId", "ageGroup", "consentProvidedForMinor", "showInAddressList",
]
USER_LIST_PROPS = {"businessPhones", "otherMails", "proxyAddresses", "imAddresses"}
USER_BOOL_PROPS = {"accountEnabled", "showInAddressList"}
USER_READONLY = {"id", "createdDateTime", "signInSessionsValidFromDateTime", "proxyAddresses",
                 "imAddresses"}
USER_REQUIRED = ["accountEnabled", "displayName", "mailNickname", "passwordProfile",
                 "userPrincipalName"]
USER_NOT_NULL = {"accountEnabled", "displayName", "mailNickname", "userPrincipalName",
                 "passwordProfile"}
USER_NAVIGATION = {"manager", "memberOf", "directReports", "transitiveMemberOf",
                   "ownedObjects", "registeredDevices"}
# What GET /users returns without $select (Graph v1.0's default set).
USER_DEFAULT_SELECT = ["businessPhones", "displayName", "givenName", "jobTitle", "mail",
                       "mobilePhone", "officeLocation", "preferredLanguage", "surname",
                       "userPrincipalName", "id"]

GROUP_PROPS = ["id", "displayName", "description", "mail", "mailNickname", "mailEnabled",
               "securityEnabled", "groupTypes", "membershipRule",
               "membershipRuleProcessingState", "isAssignableToRole", "visibility",
               "createdDateTime"]
AU_PROPS = ["id", "displayName", "description", "membershipType", "membershipRule",
            "membershipRuleProcessingState", "visibility"]
ROLE_PROPS = ["id", "displayName", "description", "roleTemplateId"]
KIND_PROPS = {"user": USER_PROPS, "group": GROUP_PROPS, "administrativeUnit": AU_PROPS,
              "directoryRole": ROLE_PROPS}
ODATA_TYPES = {"user": "#microsoft.graph.user", "group": "#microsoft.graph.group",
               "administrativeUnit": "#microsoft.graph.administrativeUnit",
               "directoryRole": "#microsoft.graph.directoryRole"}
CASTS = {"microsoft.graph.group": "group",
         "microsoft.graph.administrativeUnit": "administrativeUnit",
         "microsoft.graph.directoryRole": "directoryRole",
         "microsoft.graph.user": "user"}

# $filter: the supported subset per collection (property names, case-insensitive).
FILTERS = {
    "users": {"eq": ("userPrincipalName", "mail", "displayName"),
              "startswith": ("userPrincipalName", "displayName"), "type": "User"},
    "groups": {"eq": ("displayName", "mail", "mailNickname"),
               "startswith": ("displayName",), "type": "Group"},
    "administrativeUnits": {"eq": ("displayName",), "startswith": ("displayName",),
                            "type": "AdministrativeUnit"},
}

# Graph error codes used when an injection gives only a status.
STATUS_CODES = {400: "BadRequest", 401: "InvalidAuthenticationToken",
                403: "Authorization_RequestDenied", 404: "Request_ResourceNotFound",
                405: "BadRequest", 408: "RequestTimeout", 409: "Conflict",
                412: "PreconditionFailed", 415: "UnsupportedMediaType",
                429: "TooManyRequests", 500: "generalException", 501: "notSupported",
                502: "BadGateway", 503: "serviceNotAvailable", 504: "timeout"}
STATUS_MESSAGES = {429: "Too many requests.", 500: "An internal server error occurred.",
                   502: "Bad gateway.", 503: "The service is temporarily unavailable.",
                   504: "The request timed out.", 408: "The request timed out."}

MSG_NOT_FOUND = ("Resource '%s' does not exist or one of its queried reference-property "
                 "objects are not present.")
MSG_DENIED = "Insufficient privileges to complete the operation."
MSG_ALREADY = ("One or more added object references already exist for the following "
               "modified properties: 'members'.")
MSG_NOT_REPLICATED = ("The source resource object or one of the objects being referenced "
                      "do not exist. (Replication delay: retry after a few seconds.)")
MSG_DYNAMIC = ("Cannot add or remove members of a group or administrative unit with dynamic "
               "membership (membershipRule).")   # guess: no source gives the exact text
MSG_DUP_UPN = "Another object with the same value for property userPrincipalName already exists."
MSG_DUP_PROXY = "Another object with the same value for property proxyAddresses already exists."
MSG_BAD_JSON = ("Unable to read JSON request payload. Please ensure Content-Type header is set "
                "and payload is of valid JSON format.")
MSG_NO_CT = "Write requests (excluding DELETE) must contain the Content-Type header declaration."
MSG_PASSWORD = ("The specified password does not comply with password complexity requirements. "
                "Please provide a different password.")

# Application injection kinds (README: "graph_sim.py injections").
APP_KINDS = frozenset({"graph_error", "throttle", "malformed_json", "wrong_content_type",
                       "huge_body", "page_error", "empty_page", "next_link_loop",
                       "token_error", "expire_tokens"})
ITEM_KINDS = frozenset({"graph_error", "throttle", "status", "retry_after"})
PAGING_KINDS = frozenset({"page_error", "empty_page", "next_link_loop"})


class GraphError(Exception):
    """A Graph error response: status, error.code, error.message."""

    def __init__(self, status, code, message, headers=None, violation=None):
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.headers = list(headers or [])
        self.violation = violation


class TokenError(Exception):
    """An Entra ID token endpoint error."""

    def __init__(self, status, error, aadsts, description):
        super().__init__(description)
        self.status = status
        self.error = error
        self.aadsts = aadsts
        self.description = description


class Result:
    """What a handler answers: status, a JSON object (or raw bytes), headers."""

    def __init__(self, status, obj=None, headers=None, raw=None, content_type=None):
        self.status = status
        self.obj = obj
        self.headers = list(headers or [])
        self.raw = raw
        self.content_type = content_type


def fingerprint(token):
    """What the log shows instead of a bearer token."""
    return "sha256:" + hashlib.sha256(token.encode("utf-8", "replace")).hexdigest()[:12]


def iso_s(t):
    return datetime.fromtimestamp(t, tz=timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def ci_lookup(names, name):
    """The canonical spelling of name in names (case-insensitive), or None."""
    low = name.lower()
    for n in names:
        if n.lower() == low:
            return n
    return None


# ---------------------------------------------------------------------------
# $filter: the supported subset
# ---------------------------------------------------------------------------

_FILTER_TOKEN = re.compile(r"\s*(?:(?P<str>'(?:[^']|'')*')|(?P<lp>\()|(?P<rp>\))|(?P<comma>,)"
                           r"|(?P<word>[A-Za-z_$][A-Za-z0-9_./$]*)|(?P<other>\S))")
_OTHER_OPS = {"ne", "gt", "ge", "lt", "le", "in", "has", "not"}


class FilterSyntax(Exception):
    pass


class FilterUnsupported(Exception):
    pass


def parse_filter(text, spec):
    """Parses a $filter into a predicate over an object dict. Raises
    FilterSyntax (malformed) or FilterUnsupported (outside the subset)."""
    toks = []
    pos = 0
    text = text.strip()
    while pos < len(text):
        m = _FILTER_TOKEN.match(text, pos)
        if not m or m.end() == pos:
            break
        kind = m.lastgroup
        toks.append((kind, m.group(kind), m.start(kind)))
        pos = m.end()
    toks.append(("end", "", len(text)))
    i = [0]

    def peek():
        return toks[i[0]]

    def take(kind=None, what="token"):
        t = toks[i[0]]
        if kind is not None and t[0] != kind:
            raise FilterSyntax("syntax error at position %d in '%s': %s expected"
                               % (t[2], text, what))
        i[0] += 1
        return t

    def prop_name(name, op):
        allowed = spec[op]
        canon = ci_lookup(allowed, name)
        if canon is None:
            raise FilterUnsupported(
                "Unsupported or invalid query filter clause specified for property '%s' of "
                "resource '%s'." % (name, spec["type"]))
        return canon

    def string(t):
        if t[0] != "str":
            if t[0] == "word" and t[1].lower() in ("null", "true", "false"):
                raise FilterUnsupported("Unsupported Query.")
            raise FilterSyntax("syntax error at position %d in '%s': a string literal "
                               "expected" % (t[2], text))
        return t[1][1:-1].replace("''", "'")

    def atom():
        t = peek()
        if t[0] == "lp":
            take()
            e = expr()
            take("rp", "')'")
            return e
        if t[0] != "word":
            raise FilterSyntax("syntax error at position %d in '%s'" % (t[2], text))
        word = take()[1]
        if peek()[0] == "lp":
            if word.lower() != "startswith":
                raise FilterUnsupported("Unsupported Query.")
            take()
            p = take("word", "a property name")[1]
            take("comma", "','")
            v = string(take())
            take("rp", "')'")
            canon = prop_name(p, "startswith")
            vl = v.lower()
            return lambda o: isinstance(o.get(canon), str) and o[canon].lower().startswith(vl)
        op = take()
        if op[0] != "word":
            raise FilterSyntax("syntax error at position %d in '%s'" % (op[2], text))
        if op[1].lower() != "eq":
            if op[1].lower() in _OTHER_OPS or word.lower() in _OTHER_OPS:
                raise FilterUnsupported("Unsupported Query.")
            raise FilterSyntax("syntax error at position %d in '%s'" % (op[2], text))
        canon = prop_name(word, "eq")
        v = string(take()).lower()
        return lambda o: isinstance(o.get(canon), str) and o[canon].lower() == v

    def conj():
        left = atom()
        while peek()[0] == "word" and peek()[1].lower() == "and":
            take()
            right = atom()
            left = (lambda a, b: lambda o: a(o) and b(o))(left, right)
        return left

    def expr():
        left = conj()
        while peek()[0] == "word" and peek()[1].lower() == "or":
            take()
            right = conj()
            left = (lambda a, b: lambda o: a(o) or b(o))(left, right)
        return left

    if toks[0][0] == "end":
        raise FilterSyntax("the $filter is empty")
    pred = expr()
    if peek()[0] != "end":
        t = peek()
        raise FilterSyntax("syntax error at position %d in '%s'" % (t[2], text))
    return pred


# ---------------------------------------------------------------------------
# The built-in fixture
# ---------------------------------------------------------------------------

DEFAULT_TENANT_ID = "6f1e3a2b-4c5d-4e6f-8a9b-0c1d2e3f4a5b"
DEFAULT_CLIENT_ID = "3c1d4e5f-6a7b-4c8d-9e0f-1a2b3c4d5e6f"
DEFAULT_SECRET_ENV = "GRAPH_SIM_CLIENT_SECRET"


def _uid(n):
    return "a0000000-0000-4000-8000-%012d" % n


def _gid(n):
    return "b0000000-0000-4000-8000-%012d" % n


def _auid(n):
    return "c0000000-0000-4000-8000-%012d" % n


DEFAULT_FIXTURE = {
    "tenants": [{"id": DEFAULT_TENANT_ID, "display_name": "Contoso",
                 "domains": ["contoso.onmicrosoft.com", "contoso.com"]}],
    "clients": [{"client_id": DEFAULT_CLIENT_ID, "display_name": "IdLE test app",
                 "tenant": "contoso.onmicrosoft.com", "secret_env": DEFAULT_SECRET_ENV,
                 "permissions": ["User.ReadWrite.All", "GroupMember.ReadWrite.All",
                                 "AdministrativeUnit.ReadWrite.All",
                                 "User.RevokeSessions.All"]}],
    "users": [
        {"id": _uid(1), "userPrincipalName": "adele.vance@contoso.com",
         "mail": "adele.vance@contoso.com", "displayName": "Adele Vance", "givenName": "Adele",
         "surname": "Vance", "department": "Sales", "jobTitle": "Account Manager",
         "officeLocation": "Berlin", "companyName": "Contoso", "mobilePhone": "+49 30 1234567",
         "employeeId": "E1001", "usageLocation": "DE", "manager": _uid(2)},
        {"id": _uid(2), "userPrincipalName": "alex.wilber@contoso.com",
         "mail": "alex.wilber@contoso.com", "displayName": "Alex Wilber", "givenName": "Alex",
         "surname": "Wilber", "department": "Sales", "jobTitle": "Sales Director",
         "companyName": "Contoso"},
        {"id": _uid(3), "userPrincipalName": "o'brien@contoso.com",
         "mail": "pat.obrien@contoso.com", "displayName": "Pat O'Brien", "givenName": "Pat",
         "surname": "O'Brien", "department": "Engineering", "companyName": "Contoso"},
        {"id": _uid(4), "userPrincipalName": "meganb@contoso.com",
         "mail": "megan.bowen@contoso.com", "displayName": "Megan Bowen", "givenName": "Megan",
         "surname": "Bowen", "department": "Engineering", "jobTitle": "Engineer"},
        {"id": _uid(5), "userPrincipalName": "jane_fabrikam.com#EXT#@contoso.onmicrosoft.com",
         "mail": "jane@fabrikam.com", "displayName": "Jane Doe (Fabrikam)", "givenName": "Jane",
         "surname": "Doe", "userType": "Guest", "mailNickname": "jane_fabrikam.com#EXT#"},
        {"id": _uid(6), "userPrincipalName": "former.employee@contoso.com",
         "mail": "former.employee@contoso.com", "displayName": "Former Employee",
         "accountEnabled": False},
    ],
    "groups": [
        {"id": _gid(1), "displayName": "Sales", "mail": "sales@contoso.com",
         "mailNickname": "sales", "mailEnabled": True, "securityEnabled": True,
         "groupTypes": ["Unified"], "members": [_uid(1), _uid(2)]},
        {"id": _gid(2), "displayName": "Engineering", "mailNickname": "engineering",
         "members": [_uid(4)]},
        {"id": _gid(3), "displayName": "All Employees", "mailNickname": "allemployees",
         "membershipRule": "user.accountEnabled -eq true",
         "members": [_uid(1), _uid(2), _uid(3), _uid(4)]},
        {"id": _gid(4), "displayName": "Project X", "mailNickname": "projectx1",
         "members": [_uid(3)]},
        {"id": _gid(5), "displayName": "Project X", "mailNickname": "projectx2",
         "members": []},
        {"id": _gid(6), "displayName": "Tier0 Admins", "mailNickname": "tier0admins",
         "isAssignableToRole": True, "members": [_uid(2)]},
    ],
    "administrativeUnits": [
        {"id": _auid(1), "displayName": "Berlin", "description": "Berlin office",
         "members": [_uid(1)]},
        {"id": _auid(2), "displayName": "Seattle", "description": "Seattle office",
         "members": [_uid(4)]},
    ],
    "directoryRoles": [
        {"id": "d0000000-0000-4000-8000-000000000001", "displayName": "User Administrator",
         "roleTemplateId": "fe930be7-5e62-47db-91af-98c3a49a38b1", "members": [_uid(1)]},
    ],
}
FIXTURE_KEYS = ("tenants", "clients", "users", "groups", "administrativeUnits",
                "directoryRoles")


# ---------------------------------------------------------------------------
# The directory (everything a fixture describes)
# ---------------------------------------------------------------------------

class Directory:
    """Tenants, clients and directory objects, built from a fixture."""

    def __init__(self, fixture, new_guid, now, secret_envs=None, environ=None):
        environ = os.environ if environ is None else environ
        if not isinstance(fixture, dict):
            raise SimError("fixture: must be a JSON object")
        unknown = set(fixture) - set(FIXTURE_KEYS) - {"base"}
        if unknown:
            raise SimError("fixture: unknown key(s) %s" % ", ".join(sorted(unknown)))
        base = fixture.get("base", "default")
        if base not in ("default", "empty"):
            raise SimError("fixture: base must be \"default\" or \"empty\"")
        src = copy.deepcopy(DEFAULT_FIXTURE) if base == "default" else {}
        for key in FIXTURE_KEYS:
            if key in fixture:
                if not isinstance(fixture[key], list):
                    raise SimError("fixture: %s must be a list" % key)
                src[key] = copy.deepcopy(fixture[key])
        self.new_guid = new_guid
        self.tenants = []
        self.clients = {}
        self.users = {}          # id -> properties (Graph names)
        self.passwords = {}      # id -> {"forceChangePasswordNextSignIn", "fp", "length"}
        self.managers = {}       # user id -> manager id
        self.groups = {}
        self.aus = {}
        self.roles = {}
        self.members = {}        # container id -> [member ids]
        self.member_seq = {}     # (container, member) -> order of addition
        self.seq = 0
        self.deleted = {}        # id -> user properties + deletedDateTime
        self.hidden_reads = {}   # object id -> reads left during which it is invisible
        self.hidden_member_reads = {}  # (container, member) -> reads left
        self.add_failures = {}   # object id -> add-member attempts left that fail
        self.secrets = []        # client secrets (for the log scrubber)
        self._load_tenants(src.get("tenants") or [])
        self._load_clients(src.get("clients") or [], secret_envs or {}, environ)
        for u in src.get("users") or []:
            self._load_user(u, now)
        for key, kind, table in (("groups", "group", self.groups),
                                 ("administrativeUnits", "administrativeUnit", self.aus),
                                 ("directoryRoles", "directoryRole", self.roles)):
            for obj in src.get(key) or []:
                self._load_container(obj, kind, table)
        for uid, mgr in list(self.managers.items()):
            mid = self.resolve_key(mgr)
            if mid is None or mid not in self.users:
                raise SimError("fixture: user %s: unknown manager %r" % (uid, mgr))
            if mid == uid:
                raise SimError("fixture: user %s is their own manager" % uid)
            self.managers[uid] = mid

    # -- loading -----------------------------------------------------------

    def _id(self, obj, what):
        oid = obj.get("id")
        if oid is None:
            return self.new_guid()
        if not isinstance(oid, str) or not GUID_RE.match(oid):
            raise SimError("fixture: %s id %r is not a GUID" % (what, oid))
        oid = oid.lower()
        if self.kind_of(oid) is not None:
            raise SimError("fixture: duplicate id %s" % oid)
        return oid

    def _load_tenants(self, tenants):
        for t in tenants:
            if not isinstance(t, dict):
                raise SimError("fixture: a tenant is an object")
            tid = t.get("id")
            if not isinstance(tid, str) or not GUID_RE.match(tid):
                raise SimError("fixture: tenant id %r is not a GUID" % (tid,))
            domains = t.get("domains") or []
            if not isinstance(domains, list) or not all(isinstance(d, str) and "." in d
                                                        for d in domains):
                raise SimError("fixture: tenant %s: domains must be a list of domain names"
                               % tid)
            self.tenants.append({"id": tid.lower(), "display_name": t.get("display_name", ""),
                                 "domains": [d.lower() for d in domains]})

    def _load_clients(self, clients, secret_envs, environ):
        for i, c in enumerate(clients):
            if not isinstance(c, dict):
                raise SimError("fixture: a client is an object")
            cid = c.get("client_id")
            if not isinstance(cid, str) or not cid:
                raise SimError("fixture: client_id missing")
            unknown = set(c) - {"client_id", "display_name", "tenant", "secret_env",
                                "permissions", "token_lifetime_s", "accept_any_assertion"}
            if unknown:
                raise SimError("fixture: client %s: unknown key(s) %s (a secret is given "
                               "with secret_env, never in the file)" % (
                                   cid, ", ".join(sorted(unknown))))
            tenant = self.find_tenant(c.get("tenant") or (self.tenants[0]["id"]
                                                          if self.tenants else ""))
            if tenant is None:
                raise SimError("fixture: client %s: unknown tenant %r" % (cid, c.get("tenant")))
            perms = c.get("permissions", [])
            if not isinstance(perms, list) or not all(isinstance(p, str) for p in perms):
                raise SimError("fixture: client %s: permissions must be a list" % cid)
            env = secret_envs.get(cid) or (secret_envs.get("") if i == 0 else None) \
                or c.get("secret_env")
            secret = environ.get(env) if env else None
            if secret:
                self.secrets.append((cid, secret))
            lifetime = c.get("token_lifetime_s")
            if lifetime is not None and (not is_num(lifetime) or lifetime <= 0):
                raise SimError("fixture: client %s: token_lifetime_s must be > 0" % cid)
            self.clients[cid.lower()] = {
                "client_id": cid, "display_name": c.get("display_name", ""),
                "tenant": tenant["id"], "permissions": list(perms), "secret_env": env,
                "secret": secret or None, "token_lifetime_s": lifetime,
                "accept_any_assertion": bool(c.get("accept_any_assertion", False))}

    def _load_user(self, u, now):
        if not isinstance(u, dict):
            raise SimError("fixture: a user is an object")
        upn = u.get("userPrincipalName")
        if not isinstance(upn, str) or "@" not in upn:
            raise SimError("fixture: a user needs a userPrincipalName")
        if self.user_by_upn(upn, visible_only=False) is not None:
            raise SimError("fixture: duplicate userPrincipalName %s" % upn)
        uid = self._id(u, "user")
        local = upn.split("@")[0]
        props = {p: None for p in USER_PROPS if p not in ("passwordProfile",)}
        props.update({"businessPhones": [], "otherMails": [], "imAddresses": [],
                      "accountEnabled": True, "displayName": local, "mailNickname": local,
                      "userType": "Member", "createdDateTime": "2025-01-01T00:00:00Z"})
        eventual = u.get("eventual")
        for k, v in u.items():
            if k in ("id", "manager", "eventual", "password"):
                continue
            if k == "passwordProfile":
                continue
            if not isinstance(v, (str, bool, int, float, list, type(None))):
                raise SimError("fixture: user %s: property %s must be a JSON scalar or list"
                               % (upn, k))
            props[k] = v
        props["id"] = uid
        if props.get("mail") and not u.get("proxyAddresses"):
            props["proxyAddresses"] = ["SMTP:" + props["mail"]]
        elif props.get("proxyAddresses") is None:
            props["proxyAddresses"] = []
        self.users[uid] = props
        self.passwords[uid] = {"forceChangePasswordNextSignIn": False, "fp": None,
                               "length": None}
        if u.get("manager"):
            self.managers[uid] = u["manager"]
        self._load_eventual(uid, eventual)

    def _load_eventual(self, oid, eventual):
        if eventual is None:
            return
        if not isinstance(eventual, dict) or set(eventual) - {"reads", "add_failures"}:
            raise SimError("fixture: %s: eventual is {\"reads\": K, \"add_failures\": K}"
                           % oid)
        for k, v in eventual.items():
            if not is_int(v) or v < 0:
                raise SimError("fixture: %s: eventual.%s must be an integer >= 0" % (oid, k))
        if eventual.get("reads"):
            self.hidden_reads[oid] = eventual["reads"]
        if eventual.get("add_failures"):
            self.add_failures[oid] = eventual["add_failures"]

    def _load_container(self, obj, kind, table):
        if not isinstance(obj, dict) or not isinstance(obj.get("displayName"), str):
            raise SimError("fixture: a %s needs a displayName" % kind)
        oid = self._id(obj, kind)
        props = {p: None for p in KIND_PROPS[kind]}
        if kind == "group":
            props.update({"mailEnabled": False, "securityEnabled": True, "groupTypes": [],
                          "isAssignableToRole": False, "createdDateTime": "2025-01-01T00:00:00Z"})
        for k, v in obj.items():
            if k in ("members", "eventual", "isDynamic"):
                continue
            props[k] = v
        props["id"] = oid
        dynamic = bool(obj.get("isDynamic")) or bool(obj.get("membershipRule"))
        if kind == "group" and dynamic:
            if "DynamicMembership" not in (props.get("groupTypes") or []):
                props["groupTypes"] = list(props.get("groupTypes") or []) + ["DynamicMembership"]
            props["membershipRuleProcessingState"] = props.get(
                "membershipRuleProcessingState") or "On"
            props["membershipRule"] = props.get("membershipRule") or "user.accountEnabled -eq true"
        if kind == "administrativeUnit":
            props["membershipType"] = "Dynamic" if dynamic else (props.get("membershipType")
                                                                 or "Assigned")
            if dynamic:
                props["membershipRule"] = props.get("membershipRule") or \
                    "user.accountEnabled -eq true"
        table[oid] = props
        self.members[oid] = []
        for m in obj.get("members") or []:
            mid = self.resolve_key(m) if isinstance(m, str) else None
            if mid is None:
                raise SimError("fixture: %s %s: unknown member %r" % (kind, oid, m))
            if mid not in self.members[oid]:
                self.add_member(oid, mid)
        self._load_eventual(oid, obj.get("eventual"))

    # -- queries -----------------------------------------------------------

    def find_tenant(self, key):
        key = (key or "").lower()
        for t in self.tenants:
            if key == t["id"] or key in t["domains"]:
                return t
        return None

    def verified_domains(self):
        return {d for t in self.tenants for d in t["domains"]}

    def kind_of(self, oid):
        if oid in self.users:
            return "user"
        if oid in self.groups:
            return "group"
        if oid in self.aus:
            return "administrativeUnit"
        if oid in self.roles:
            return "directoryRole"
        return None

    def obj(self, oid):
        kind = self.kind_of(oid)
        return None if kind is None else {"user": self.users, "group": self.groups,
                                          "administrativeUnit": self.aus,
                                          "directoryRole": self.roles}[kind][oid]

    def user_by_upn(self, upn, visible_only=True):
        low = upn.lower()
        for uid, u in self.users.items():
            if (u.get("userPrincipalName") or "").lower() == low:
                return uid
        return None

    def resolve_key(self, key):
        """An object id (any kind) or a user's UPN -> the id, or None."""
        if GUID_RE.match(key):
            return key.lower() if self.kind_of(key.lower()) else None
        return self.user_by_upn(key)

    def add_member(self, cid, mid):
        self.members[cid].append(mid)
        self.seq += 1
        self.member_seq[(cid, mid)] = self.seq

    def remove_member(self, cid, mid):
        self.members[cid].remove(mid)
        self.member_seq.pop((cid, mid), None)
        self.hidden_member_reads.pop((cid, mid), None)

    def containers_of(self, mid):
        """(container id, kind) of the direct memberships of mid, in order of addition."""
        out = []
        for kind, table in (("group", self.groups), ("administrativeUnit", self.aus),
                            ("directoryRole", self.roles)):
            for cid in table:
                if mid in self.members[cid]:
                    out.append((self.member_seq[(cid, mid)], cid, kind))
        return [(cid, kind) for _, cid, kind in sorted(out)]


# ---------------------------------------------------------------------------
# One Graph call (a top-level request or a $batch item)
# ---------------------------------------------------------------------------

class Call:
    def __init__(self, method, raw_path, raw_query, headers, body, origin, batch_item=False,
                 url=None):
        self.method = method.upper()
        self.raw_path = raw_path
        self.segs = [urllib.parse.unquote(s) for s in raw_path.split("/")]
        if self.segs and self.segs[0] == "":
            self.segs = self.segs[1:]
        if len(self.segs) > 1 and self.segs[-1] == "":
            self.segs = self.segs[:-1]
        self.path = "/" + "/".join(self.segs)          # decoded
        self.gpath = self.path                          # under /v1.0 (set for top-level)
        self.raw_query = raw_query or ""
        self.query = {}
        self.query_error = None
        for part in self.raw_query.split("&"):
            if not part:
                continue
            k, _, v = part.partition("=")
            k = urllib.parse.unquote_plus(k)
            v = urllib.parse.unquote_plus(v)
            if k.startswith("$"):
                k = k.lower()
            if k in self.query and self.query_error is None:
                self.query_error = "Query option '%s' was specified more than once." % k
            self.query[k] = v
        self.decoded_query = "&".join("%s=%s" % kv for kv in self.query.items())
        self.headers = {k.lower(): v for k, v in headers.items()}
        self.body = body or b""
        self.origin = origin
        self.batch_item = batch_item
        self.url = url          # a batch item's URL as sent
        self.kind = "other"     # graph | token | other
        self.route = "unknown"
        self.params = {}
        self.token = None
        self.inj = None
        self.rid = None
        self.crid = None
        self.notes = {}         # for the request log
        self._json = None
        self._json_parsed = False

    def header(self, name, default=None):
        return self.headers.get(name.lower(), default)

    def graph_base(self):
        return self.origin + "/v1.0"

    def json(self):
        """The body as JSON (GraphError 400 when not JSON)."""
        if not self._json_parsed:
            self._json_parsed = True
            if self.body.strip():
                try:
                    self._json = json.loads(self.body.decode("utf-8"))
                except (UnicodeDecodeError, ValueError):
                    raise GraphError(400, "BadRequest", MSG_BAD_JSON) from None
        return self._json

    def consistency_eventual(self):
        return (self.header("ConsistencyLevel") or "").strip().lower() == "eventual"


def route_of(method, segs):
    """(route, params) for a path under /v1.0 (segments decoded)."""
    n = len(segs)
    s = segs
    if n == 0:
        return "unknown", {"segment": ""}
    if n == 1 and s[0] == "$batch":
        return ("batch", {}) if method == "POST" else ("method_not_allowed", {})
    table = None

    def m(allowed):
        return allowed.get(method, "method_not_allowed")

    if s[0] == "users":
        if n == 1:
            return m({"GET": "users.list", "POST": "users.create"}), {}
        p = {"key": s[1]}
        if n == 2:
            return m({"GET": "users.get", "PATCH": "users.update", "DELETE": "users.delete"}), p
        if n == 3 and s[2] == "revokeSignInSessions":
            return m({"POST": "users.revoke"}), p
        if s[2] == "manager":
            if n == 3:
                if method in ("PUT", "DELETE"):
                    return "users.manager.without_ref", p
                return m({"GET": "users.manager.get"}), p
            if n == 4 and s[3] == "$ref":
                return m({"GET": "users.manager.ref.get", "PUT": "users.manager.set",
                          "DELETE": "users.manager.remove"}), p
        if s[2] == "memberOf" and n in (3, 4):
            p["cast"] = s[3] if n == 4 else None
            return m({"GET": "users.memberOf"}), p
        return "unknown", {"segment": s[2]}
    if s[0] == "groups":
        table = "groups"
    elif s[0] == "directory" and n >= 2 and s[1] == "administrativeUnits":
        table = "administrativeUnits"
        s = s[1:]
        n -= 1
    elif s[0] == "directory" and n >= 2 and s[1] == "deletedItems":
        if n == 3 and s[2] == "microsoft.graph.user":
            return m({"GET": "deletedItems.list"}), {}
        if n == 3:
            return m({"GET": "deletedItems.get"}), {"key": s[2]}
        return "unknown", {"segment": s[-1]}
    elif s[0] == "administrativeUnits":
        return "old_administrativeUnits_path", {"segment": s[0]}
    else:
        return "unknown", {"segment": s[0]}
    if n == 1:
        return m({"GET": table + ".list"}), {}
    p = {"key": s[1]}
    if n == 2:
        return m({"GET": table + ".get"}), p
    if s[2] != "members":
        return "unknown", {"segment": s[2]}
    if n == 3:
        return m({"GET": table + ".members.list"}), p
    if n == 4 and s[3] == "$ref":
        return m({"POST": table + ".members.add"}), p
    p["member"] = s[3]
    if n == 4:
        if method == "DELETE":
            return table + ".members.delete_without_ref", p
        return "unknown", {"segment": s[3]}
    if n == 5 and s[4] == "$ref":
        return m({"DELETE": table + ".members.remove"}), p
    return "unknown", {"segment": s[-1]}


class ItemRequest:
    """What the injection queue sees of a $batch item."""

    def __init__(self, call):
        self.call = call
        self.path = call.path
        self.method = call.method
        self.batch_item = True
        self.cache = {"call": call}


# ---------------------------------------------------------------------------
# The application
# ---------------------------------------------------------------------------

class GraphApp(httpsim.App):
    name = "graph"
    server_header = "graph_sim/1"
    injection_kinds = APP_KINDS

    def __init__(self, config, options=None):
        options = options or argparse.Namespace(seed=1, client_secret_env=[],
                                                token_lifetime=None, page_size=None)
        config = config or {}
        self.seed = int(options.seed)
        self.secret_envs = {}
        for spec in options.client_secret_env or []:
            cid, sep, var = spec.partition("=")
            if not sep:
                cid, var = "", spec
            if not var:
                raise SimError("--client-secret-env takes [CLIENT_ID=]VAR")
            self.secret_envs[cid] = var
        fixture = config.get("fixture")
        top = {k: config[k] for k in FIXTURE_KEYS + ("base",) if k in config}
        if fixture is not None and top:
            raise SimError("config: give the fixture under \"fixture\" or at the top level, "
                           "not both")
        self.initial_fixture = fixture if fixture is not None else (top or {})
        settings = dict(DEFAULT_SETTINGS)
        cfg_settings = config.get("settings") or {}
        if not isinstance(cfg_settings, dict):
            raise SimError("config: settings must be an object")
        for k, v in cfg_settings.items():
            settings[k] = check_setting(k, v)
        if options.token_lifetime is not None:
            settings["token_lifetime_s"] = check_setting("token_lifetime_s",
                                                         options.token_lifetime)
        if options.page_size is not None:
            settings["page_size"] = check_setting("page_size", options.page_size)
        self.initial_settings = settings
        unknown = set(config) - set(FIXTURE_KEYS) - {"base", "fixture", "settings", "clock",
                                                     "http", "injections"}
        if unknown:
            raise SimError("config: unknown key(s) %s" % ", ".join(sorted(unknown)))
        self.lock = threading.RLock()
        self.stats_lock = threading.Lock()
        self.sim = None
        self._reset_runtime(now=time.time())

    # -- lifecycle ---------------------------------------------------------

    def attach(self, sim):
        self.sim = sim
        self._register_secrets(self.dir)

    def _reset_runtime(self, now=None):
        with self.lock:
            self.rng = random.Random(self.seed)               # object ids
            self.rid_rng = random.Random(self.seed + 1)       # request ids
            self.order_rng = random.Random(self.seed + 2)     # $batch shuffle
            self.page_rng = random.Random(self.seed + 3)      # skiptokens
            self.settings = dict(self.initial_settings)
            self.settings["token_resources"] = list(self.settings["token_resources"])
            if now is None:
                now = self.sim.clock.now()
            self.dir = Directory(self.initial_fixture, self.new_guid, now, self.secret_envs)
            self.tokens = {}
            self.pages = {}
            self.rule_seen = {}
            self.rule_rngs = {}
            self.last_action = None
            self._reset_counters()

    def _reset_counters(self):
        with self.stats_lock:
            self.c = {"graph_requests": 0, "routes": {}, "batch_item_routes": {},
                      "token_requests": 0, "token_requests_by_client": {},
                      "tokens_issued": 0, "token_errors": {}, "writes": 0,
                      "writes_top_level": 0, "writes_in_batches": 0, "writes_by_route": {},
                      "batches": 0, "batch_sizes": [], "batch_items": 0,
                      "batch_item_statuses": {}, "batch_items_throttled": 0,
                      "statuses": {}, "auth_failures": {"401": 0, "403": 0},
                      "violations": {}, "pages_followed": 0, "consistency_level_requests": 0,
                      "eventual_hidden_reads": 0, "eventual_add_failures": 0,
                      "client_request_ids": 0}

    def reset(self):
        self._reset_runtime()
        self._register_secrets(self.dir)

    def _register_secrets(self, directory):
        if self.sim is None:
            return
        for cid, s in directory.secrets:
            for form in (s, urllib.parse.quote(s, safe=""), urllib.parse.quote_plus(s),
                         json.dumps(s, ensure_ascii=False)[1:-1], json.dumps(s)[1:-1]):
                self.sim.log.add_secret(form)
            for c in (cid, urllib.parse.quote_plus(cid)):
                for sv in (s, urllib.parse.quote_plus(s)):
                    self.sim.log.add_secret(
                        base64.b64encode(("%s:%s" % (c, sv)).encode()).decode())

    def new_guid(self):
        return str(uuid.UUID(int=self.rng.getrandbits(128), version=4))

    def _request_id(self):
        with self.stats_lock:
            return str(uuid.UUID(int=self.rid_rng.getrandbits(128), version=4))

    def now(self):
        return self.sim.clock.now()

    def ready_info(self):
        origin = "%s://127.0.0.1:%d" % ("https" if self.sim.tls else "http", self.sim.port)
        first = next(iter(self.dir.clients.values()), None)
        return {"graph_base": origin + "/v1.0", "authority": origin,
                "tenant_id": self.dir.tenants[0]["id"] if self.dir.tenants else None,
                "client_id": first["client_id"] if first else None}

    # -- counters ----------------------------------------------------------

    def count(self, key, n=1, table=None):
        with self.stats_lock:
            if table is None:
                self.c[key] = self.c.get(key, 0) + n
            else:
                t = self.c.setdefault(table, {})
                t[key] = t.get(key, 0) + n

    def violation(self, call, name):
        self.count(name, table="violations")
        call.notes["violation"] = name

    # -- building the Call -------------------------------------------------

    def _origin(self, req):
        if self.settings.get("public_base"):
            return self.settings["public_base"]
        host = req.header("Host") or "127.0.0.1:%d" % self.sim.port
        return "%s://%s" % ("https" if req.tls else "http", host)

    def _call(self, req):
        call = req.cache.get("call")
        if call is None:
            split = urllib.parse.urlsplit(req.raw_path)
            call = Call(req.method, split.path, split.query, dict(req.headers.items()),
                        req.body, self._origin(req))
            segs = call.segs
            if segs[:1] == ["v1.0"]:
                call.kind = "graph"
                call.gpath = "/" + "/".join(segs[1:])
                call.route, call.params = route_of(call.method, segs[1:])
            elif len(segs) == 4 and segs[1:] == ["oauth2", "v2.0", "token"]:
                call.kind = "token"
                call.route = "token"
                call.params = {"tenant": segs[0]}
            else:
                call.route, call.params = "unknown", {"segment": segs[0] if segs else ""}
            req.cache["call"] = call
        return call

    def match_keys(self, req):
        """Counts the request and names it for injections: the route
        ("users.get", "token", ...), "METHOD route", and "graph"/"token"."""
        call = self._call(req)
        with self.stats_lock:
            if call.kind == "token":
                self.c["token_requests"] += 1
            elif call.kind == "graph":
                self.c["graph_requests"] += 1
                key = "%s %s" % (call.method, call.route)
                self.c["routes"][key] = self.c["routes"].get(key, 0) + 1
                if call.method in WRITE_METHODS and call.route != "batch":
                    self.c["writes"] += 1
                    self.c["writes_top_level"] += 1
                    self.c["writes_by_route"][key] = self.c["writes_by_route"].get(key, 0) + 1
                if "$skiptoken" in call.query:
                    self.c["pages_followed"] += 1
                if call.consistency_eventual():
                    self.c["consistency_level_requests"] += 1
            if call.header("client-request-id"):
                self.c["client_request_ids"] += 1
        return [call.route, "%s %s" % (call.method, call.route),
                call.kind if call.kind != "other" else "unknown"]

    def requires_auth(self, req):
        return False   # no Basic auth layer: Graph checks bearer tokens itself

    # -- injections --------------------------------------------------------

    def check_injection(self, item):
        kind = item["kind"]
        for key in ("path_re", "query_re", "item_url_re"):
            if key in item:
                if not isinstance(item[key], str):
                    raise SimError("%s must be a regular expression (string)" % key)
                try:
                    re.compile(item[key])
                except re.error as e:
                    raise SimError("%s: %s" % (key, e)) from None
        meth = item.get("method")
        if meth is not None and not (isinstance(meth, str) or (
                isinstance(meth, list) and all(isinstance(x, str) for x in meth))):
            raise SimError("method must be a string or a list of strings")
        if "skip" in item and (not is_int(item["skip"]) or item["skip"] < 0):
            raise SimError("skip must be an integer >= 0")
        if "probability" in item and (not is_num(item["probability"])
                                      or not 0 <= item["probability"] <= 1):
            raise SimError("probability must be a number in 0..1")
        if "seed" in item and not is_int(item["seed"]):
            raise SimError("seed must be an integer")
        is_item = "item_url_re" in item or bool(item.get("in_batch"))
        if is_item and kind not in ITEM_KINDS:
            raise SimError("a $batch item injection (item_url_re / in_batch) must be one of %s"
                           % ", ".join(sorted(ITEM_KINDS)))
        if "status" in item and (not is_int(item["status"]) or not 100 <= item["status"] <= 599):
            raise SimError("status must be an HTTP status (100..599)")
        ra = item.get("retry_after")
        if ra is not None and not (is_num(ra) and ra >= 0) and not isinstance(ra, str):
            raise SimError("retry_after is a number of seconds or a string")
        if "bytes" in item and (not is_int(item["bytes"]) or not 1 <= item["bytes"] <= 256 << 20):
            raise SimError("bytes must be an integer in 1..268435456")
        if "body" in item and kind in APP_KINDS and not isinstance(item["body"], (str, dict,
                                                                                  list)):
            raise SimError("body must be a string or JSON")
        if "error_times" in item and (not is_int(item["error_times"])
                                      or item["error_times"] == 0 or item["error_times"] < -1):
            raise SimError("error_times must be a positive integer or -1")

    def injection_accepts(self, item, req):
        """Graph matching: method, path_re, query_re, item_url_re, skip, probability.
        Runs under the injection queue's lock (never take self.lock here)."""
        call = req.cache.get("call") if hasattr(req, "cache") else None
        if call is None:
            return not ("item_url_re" in item or item.get("in_batch")) and not any(
                k in item for k in ("method", "path_re", "query_re"))
        is_item_rule = "item_url_re" in item or bool(item.get("in_batch"))
        if is_item_rule != call.batch_item:
            return False
        meth = item.get("method")
        if meth is not None:
            allowed = [meth] if isinstance(meth, str) else meth
            if call.method not in [x.upper() for x in allowed]:
                return False
        if "path_re" in item and not re.search(item["path_re"], call.path):
            return False
        if "query_re" in item and not re.search(item["query_re"], call.decoded_query):
            return False
        if "item_url_re" in item and not re.search(item["item_url_re"], call.url or ""):
            return False
        iid = item["id"]
        if item.get("skip"):
            seen = self.rule_seen.get(iid, 0) + 1
            self.rule_seen[iid] = seen
            if seen <= item["skip"]:
                return False
        if "probability" in item:
            rng = self.rule_rngs.get(iid)
            if rng is None:
                rng = self.rule_rngs[iid] = random.Random(item.get("seed", self.seed * 7919 + iid))
            if rng.random() >= item["probability"]:
                return False
        return True

    # -- the service -------------------------------------------------------

    def handle(self, req, inj):
        call = self._call(req)
        call.inj = inj
        call.rid = self._request_id()
        call.crid = call.header("client-request-id") or call.rid
        with self.lock:
            if inj is not None and inj["kind"] == "expire_tokens":
                self._expire_tokens()
                call.notes["expired_tokens"] = True
            if call.kind == "token":
                res = self._token_request(call, inj)
            elif call.kind == "graph":
                res = self._graph_request(call, inj)
            else:
                self.violation(call, "unknown_route")
                res = self._error_result(call, GraphError(
                    404, "BadRequest", "Resource not found for the segment '%s'."
                    % call.params.get("segment", "")))
        resp = self._render(call, res)
        if inj is not None and inj["kind"] in ("malformed_json", "wrong_content_type",
                                               "huge_body"):
            self._mangle(resp, inj)
        self._log(req, call, res)
        with self.stats_lock:
            self.c["statuses"][str(resp.status)] = self.c["statuses"].get(str(resp.status), 0) + 1
        return resp

    def _log(self, req, call, res):
        a = req.app
        a["route"] = call.route
        a["request_id"] = call.rid
        if call.header("client-request-id"):
            a["client_request_id"] = call.header("client-request-id")
        if call.token is not None:
            a["token"] = call.token["fp"]
            a["client_id"] = call.token["client_id"]
        else:
            auth = call.header("Authorization") or ""
            if auth.lower().startswith("bearer "):
                a["token"] = fingerprint(auth[7:].strip())
        if res.status >= 400 and isinstance(res.obj, dict) and isinstance(
                res.obj.get("error"), dict):
            a["error"] = res.obj["error"].get("code")
        elif res.status >= 400 and isinstance(res.obj, dict) and "error" in res.obj:
            a["error"] = res.obj.get("error")
        if self.settings["log_bodies"] and call.kind == "graph" and call.body:
            a["body"] = self._loggable_body(call)
        a.update(call.notes)

    def _loggable_body(self, call):
        try:
            obj = json.loads(call.body.decode("utf-8"))
        except (UnicodeDecodeError, ValueError):
            return {"unparsable_bytes": len(call.body)}
        obj = redact(obj)
        text = json.dumps(obj, ensure_ascii=False)
        if len(text) > 8192:
            return {"truncated": text[:8192]}
        return obj

    # -- rendering ---------------------------------------------------------

    def _common_headers(self, call):
        return [("request-id", call.rid), ("client-request-id", call.crid),
                ("x-ms-ags-diagnostic", json.dumps({"ServerInfo": {
                    "DataCenter": "Loopback", "Slice": "E", "Ring": "0",
                    "ScaleUnit": "000", "RoleInstance": "GRAPHSIM"}}, separators=(",", ":"))),
                ("Cache-Control", "no-cache")]

    def _render(self, call, res):
        headers = self._common_headers(call) + res.headers
        if res.raw is not None:
            body = res.raw
            ctype = res.content_type
        elif res.obj is not None:
            body = json.dumps(res.obj, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
            ctype = res.content_type or self.settings["json_content_type"]
        else:
            body, ctype = b"", None
        return Response(res.status, body, ctype, headers)

    def _mangle(self, resp, inj):
        kind = inj["kind"]
        if "status" in inj:
            resp.status = inj["status"]
        if kind == "wrong_content_type":
            ct = inj.get("content_type", "text/html; charset=utf-8")
            resp.headers = [(k, v) for k, v in resp.headers if k.lower() != "content-type"]
            resp.headers.append(("Content-Type", ct))
            return
        resp.headers = [(k, v) for k, v in resp.headers if k.lower() != "content-type"]
        if kind == "malformed_json":
            if "body" in inj:
                body = inj["body"].encode("utf-8") if isinstance(inj["body"], str) else b""
            elif len(resp.body) > 2:
                body = resp.body[: max(1, len(resp.body) // 2)] + b",,}"
            else:
                body = b'{"value":[{"id":'
            resp.body = body
            resp.headers.append(("Content-Type", inj.get("content_type",
                                                         self.settings["json_content_type"])))
        elif kind == "huge_body":
            size = int(inj.get("bytes", 20 << 20))
            if inj.get("json", True):
                prefix = b'{"value":[],"simPadding":"'
                resp.body = prefix + b"x" * max(0, size - len(prefix) - 2) + b'"}'
                resp.headers.append(("Content-Type", self.settings["json_content_type"]))
            else:
                resp.body = b"x" * size
                resp.headers.append(("Content-Type", "application/octet-stream"))

    def _error_body(self, call, code, message):
        return {"error": {"code": code, "message": message, "innerError": {
            "date": datetime.fromtimestamp(self.now(), tz=timezone.utc).strftime(
                "%Y-%m-%dT%H:%M:%S"),
            "request-id": call.rid, "client-request-id": call.crid}}}

    def _error_result(self, call, err):
        if err.violation:
            self.violation(call, err.violation)
        if err.status in (401, 403):
            self.count(str(err.status), table="auth_failures")
        return Result(err.status, self._error_body(call, err.code, err.message), err.headers)

    def _injected_error(self, call, inj):
        """A graph_error / throttle / status / retry_after injection as a Result."""
        kind = inj["kind"]
        status = int(inj.get("status", 429 if kind == "throttle" else
                             503 if kind == "retry_after" else 500))
        headers = [(str(k), str(v)) for k, v in (inj.get("headers") or {}).items()]
        ra = inj.get("retry_after", inj.get("seconds"))
        if ra is None and kind == "throttle":
            ra = 1
        if ra is not None:
            if isinstance(ra, str):
                value = ra
            elif inj.get("date") or inj.get("retry_after_date"):
                value = email.utils.formatdate(time.time() + float(ra), usegmt=True)
            else:
                value = str(int(ra)) if float(ra).is_integer() else str(ra)
            headers.append(("Retry-After", value))
        if "body" in inj:
            body = inj["body"]
            if isinstance(body, (dict, list)):
                return Result(status, body, headers, content_type=inj.get("content_type"))
            ctype = inj.get("content_type", "text/plain; charset=utf-8" if body else None)
            return Result(status, None, headers, raw=body.encode("utf-8"), content_type=ctype)
        code = inj.get("code", STATUS_CODES.get(status, "UnknownError"))
        message = inj.get("message", STATUS_MESSAGES.get(status, "Injected error (%d)." % status))
        return Result(status, self._error_body(call, code, message), headers,
                      content_type=inj.get("content_type"))

    # -- tokens ------------------------------------------------------------

    def _token_error(self, call, err):
        self.count(err.error, table="token_errors")
        now = self.now()
        trace = call.rid
        desc = "AADSTS%d: %s\r\nTrace ID: %s\r\nCorrelation ID: %s\r\nTimestamp: %s" % (
            err.aadsts, err.description, trace, call.crid,
            datetime.fromtimestamp(now, tz=timezone.utc).strftime("%Y-%m-%d %H:%M:%SZ"))
        body = {"error": err.error, "error_description": desc, "error_codes": [err.aadsts],
                "timestamp": datetime.fromtimestamp(now, tz=timezone.utc).strftime(
                    "%Y-%m-%d %H:%M:%SZ"),
                "trace_id": trace, "correlation_id": call.crid,
                "error_uri": "https://login.microsoftonline.com/error?code=%d" % err.aadsts}
        call.notes["outcome"] = err.error
        return Result(err.status, body, [("x-ms-request-id", call.rid),
                                         ("Cache-Control", "no-store, no-cache"),
                                         ("Pragma", "no-cache")],
                      content_type="application/json; charset=utf-8")

    def _token_request(self, call, inj):
        if inj is not None and inj["kind"] == "token_error":
            return self._token_error(call, TokenError(
                int(inj.get("status", 400)), inj.get("error", "invalid_request"),
                int(inj.get("aadsts", 90002)), inj.get("description", "Injected token error.")))
        if inj is not None and inj["kind"] in ("graph_error", "throttle"):
            return self._injected_error(call, inj)
        try:
            token, client, lifetime = self._issue(call)
        except TokenError as e:
            return self._token_error(call, e)
        ext = self.settings["ext_expires_in_s"] or lifetime
        call.notes["outcome"] = "issued"
        call.notes["token_issued"] = fingerprint(token)
        call.notes["client_id"] = client["client_id"]
        body = {"token_type": "Bearer", "expires_in": int(lifetime) if float(
            lifetime).is_integer() else lifetime, "ext_expires_in": int(ext) if float(
                ext).is_integer() else ext, "access_token": token}
        return Result(200, body, [("x-ms-request-id", call.rid),
                                  ("Cache-Control", "no-store, no-cache"), ("Pragma", "no-cache")],
                      content_type="application/json; charset=utf-8")

    def _issue(self, call):
        if call.method != "POST":
            raise TokenError(400, "invalid_request", 900561,
                             "The endpoint only accepts POST requests. Received a %s request."
                             % call.method)
        tenant = self.dir.find_tenant(call.params["tenant"])
        if tenant is None:
            raise TokenError(400, "invalid_request", 90002,
                             "Tenant '%s' not found. Check to make sure you have the correct "
                             "tenant ID and are signing into the correct cloud."
                             % call.params["tenant"])
        call.notes["tenant"] = tenant["id"]
        form = {}
        ctype = (call.header("Content-Type") or "").split(";")[0].strip().lower()
        if ctype == "application/x-www-form-urlencoded":
            try:
                pairs = urllib.parse.parse_qsl(call.body.decode("utf-8"), keep_blank_values=True)
            except UnicodeDecodeError:
                pairs = []
            for k, v in pairs:
                form.setdefault(k, v)
        else:
            call.notes["content_type"] = ctype or None
        call.notes["form"] = {k: ("(redacted)" if k in ("client_secret", "client_assertion")
                                  else v) for k, v in form.items()}
        grant = form.get("grant_type")
        if not grant:
            raise TokenError(400, "invalid_request", 900144,
                             "The request body must contain the following parameter: "
                             "'grant_type'.")
        if grant != "client_credentials":
            raise TokenError(400, "unsupported_grant_type", 70003,
                             "The app requested an unsupported grant type '%s'." % grant)
        basic_id = basic_secret = None
        auth = call.header("Authorization") or ""
        if auth[:6].lower() == "basic ":
            try:
                raw = base64.b64decode(auth[6:].strip(), validate=True).decode("utf-8")
                bid, _, bsec = raw.partition(":")
                basic_id = urllib.parse.unquote_plus(bid)
                basic_secret = urllib.parse.unquote_plus(bsec)
            except (binascii.Error, ValueError, UnicodeDecodeError):
                raise TokenError(401, "invalid_client", 7000215,
                                 "The Authorization header is not valid Basic credentials.") \
                    from None
            call.notes["client_auth"] = "basic"
        client_id = form.get("client_id") or basic_id
        if not client_id:
            raise TokenError(400, "invalid_request", 900144,
                             "The request body must contain the following parameter: "
                             "'client_id'.")
        if basic_id is not None and form.get("client_id") and form["client_id"] != basic_id:
            raise TokenError(401, "invalid_client", 700016,
                             "The client_id of the Basic credentials and of the body differ.")
        with self.stats_lock:
            t = self.c["token_requests_by_client"]
            t[client_id] = t.get(client_id, 0) + 1
        client = self.dir.clients.get(client_id.lower())
        if client is None or client["tenant"] != tenant["id"]:
            raise TokenError(400, "unauthorized_client", 700016,
                             "Application with identifier '%s' was not found in the directory "
                             "'%s'. This can happen if the application has not been installed by "
                             "the administrator of the tenant or consented to by any user in the "
                             "tenant. You may have sent your authentication request to the wrong "
                             "tenant." % (client_id, call.params["tenant"]))
        secret = form.get("client_secret")
        assertion = form.get("client_assertion")
        methods = [m for m in (secret is not None, basic_secret is not None,
                               assertion is not None) if m]
        if len(methods) > 1:
            raise TokenError(400, "invalid_request", 90014,
                             "More than one client authentication method was used (simulator "
                             "text).")
        if basic_secret is not None:
            secret = basic_secret
        if assertion is not None:
            call.notes["client_auth"] = "assertion"
            if not (client["accept_any_assertion"]
                    and form.get("client_assertion_type") == ASSERTION_TYPE and assertion):
                raise TokenError(401, "invalid_client", 700027,
                                 "Client assertion failed signature validation.")
        elif secret is None or secret == "":
            raise TokenError(401, "invalid_client", 7000218,
                             "The request body must contain the following parameter: "
                             "'client_assertion' or 'client_secret'.")
        else:
            call.notes.setdefault("client_auth", "body")
            if secret and len(secret) >= 4:
                self.sim.log.add_secret(secret)   # a wrong secret is no more loggable
            good = client["secret"]
            if not good or not hmac.compare_digest(secret.encode("utf-8"), good.encode("utf-8")):
                raise TokenError(401, "invalid_client", 7000215,
                                 "Invalid client secret provided. Ensure the secret being sent in "
                                 "the request is the client secret value, not the client secret "
                                 "ID, for a secret added to app '%s'." % client["client_id"])
        scope = form.get("scope")
        if not scope:
            raise TokenError(400, "invalid_request", 900144,
                             "The request body must contain the following parameter: 'scope'.")
        scopes = scope.split()
        if len(scopes) != 1 or not scopes[0].endswith("/.default"):
            raise TokenError(400, "invalid_scope", 70011,
                             "The provided value for the input parameter 'scope' is not valid. "
                             "The scope %s is not valid. Client credential flows must have a "
                             "scope value with /.default suffixed to the resource identifier "
                             "(application ID URI)." % scope)
        resource = scopes[0][: -len("/.default")].rstrip("/")
        if resource.lower() not in [r.lower().rstrip("/")
                                    for r in self.settings["token_resources"]]:
            raise TokenError(400, "invalid_resource", 500011,
                             "The resource principal named %s was not found in the tenant named "
                             "%s." % (resource, tenant["display_name"] or tenant["id"]))
        call.notes["scope"] = scope
        lifetime = client["token_lifetime_s"] or self.settings["token_lifetime_s"]
        token = self._new_token(client["client_id"], tenant["id"], client["permissions"],
                                lifetime, "endpoint")
        self.count("tokens_issued")
        return token, client, lifetime

    def _new_token(self, client_id, tenant, permissions, lifetime, source):
        token = "gsim_" + secrets.token_urlsafe(32)   # opaque: never a JWT (no dots)
        now = self.now()
        self.tokens[token] = {"fp": fingerprint(token), "client_id": client_id,
                              "tenant": tenant, "permissions": list(permissions),
                              "issued_at": now, "expires_at": now + float(lifetime),
                              "source": source}
        return token

    def _expire_tokens(self, client_id=None):
        now = self.now()
        n = 0
        for t in self.tokens.values():
            if client_id is None or t["client_id"].lower() == client_id.lower():
                if t["expires_at"] > now:
                    n += 1
                t["expires_at"] = min(t["expires_at"], now)
        return n

    # -- Graph -------------------------------------------------------------

    def _authenticate(self, call):
        auth = (call.header("Authorization") or "").strip()
        challenge = [("WWW-Authenticate",
                      'Bearer realm="", authorization_uri="https://login.microsoftonline.com/'
                      'common/oauth2/authorize", client_id="%s"' % GRAPH_APP_ID)]
        if not auth:
            raise GraphError(401, "InvalidAuthenticationToken", "Access token is empty.",
                             challenge)
        scheme, _, value = auth.partition(" ")
        value = value.strip()
        if scheme.lower() != "bearer" or not value:
            raise GraphError(401, "InvalidAuthenticationToken",
                             "Access token validation failure: the Authorization header is not "
                             "a Bearer token.", challenge)
        tok = self.tokens.get(value)
        if tok is None:
            call.notes["token"] = fingerprint(value)
            raise GraphError(401, "InvalidAuthenticationToken",
                             "CompactToken parsing failed with error code: 80049217", challenge)
        call.token = tok
        if self.now() >= tok["expires_at"]:
            raise GraphError(401, "InvalidAuthenticationToken",
                             "Lifetime validation failed, the token is expired.", challenge)
        return tok

    def _authorize(self, call, route, token):
        need = self.settings["route_permissions"].get(route, ROUTE_PERMISSIONS.get(route))
        if need is None:
            return
        have = {p.lower() for p in token["permissions"]}
        if not any(p.lower() in have for p in need):
            call.notes["missing_permission"] = need
            raise GraphError(403, "Authorization_RequestDenied", MSG_DENIED)

    def _graph_request(self, call, inj):
        if inj is not None and inj["kind"] in ("graph_error", "throttle"):
            return self._injected_error(call, inj)
        try:
            token = self._authenticate(call)
            if call.route == "batch":
                return self._batch(call, token)
            return self._dispatch(call, token)
        except GraphError as e:
            return self._error_result(call, e)

    def _dispatch(self, call, token):
        """Route -> handler (after authentication); GraphError for failures."""
        route = call.route
        if route in ("unknown", "old_administrativeUnits_path"):
            raise GraphError(404, "BadRequest", "Resource not found for the segment '%s'."
                             % call.params.get("segment", ""),
                             violation="unknown_route" if route == "unknown"
                             else "old_administrativeUnits_path")
        if route == "method_not_allowed":
            raise GraphError(405, "BadRequest", "The HTTP method '%s' is not allowed for the "
                             "resource %s." % (call.method, call.path))
        if route == "users.manager.without_ref":
            raise GraphError(405, "BadRequest", "Use %s /users/{id}/manager/$ref to change a "
                             "manager." % call.method, violation="manager_without_ref")
        if route == "batch":
            raise GraphError(400, "BadRequest", "A $batch request cannot contain $batch.")
        self._authorize(call, route, token)
        if call.query_error:
            raise GraphError(400, "BadRequest", call.query_error)
        for k in call.query:
            if k.startswith("$") and k not in ("$select", "$filter", "$top", "$count",
                                               "$skiptoken"):
                raise GraphError(400, "Request_UnsupportedQuery",
                                 "Query option '%s' is not supported (by this simulator)." % k)
        if call.method in ("POST", "PATCH", "PUT") and call.body.strip():
            ctype = (call.header("Content-Type") or "").split(";")[0].strip().lower()
            if self.settings["require_content_type"]:
                if not ctype:
                    raise GraphError(400, "BadRequest", MSG_NO_CT)
                if ctype != "application/json":
                    raise GraphError(415, "UnsupportedMediaType",
                                     "Content-Type '%s' is not supported; use application/json."
                                     % ctype)
        handler = getattr(self, "h_" + route.replace(".", "_"))
        return handler(call, token)

    # -- helpers for handlers ----------------------------------------------

    def _visible(self, oid, member_of=None):
        """False while a new object (or membership) is still invisible; each
        call is one read."""
        key = (member_of, oid) if member_of is not None else oid
        table = self.dir.hidden_member_reads if member_of is not None else self.dir.hidden_reads
        left = table.get(key, 0)
        if left > 0:
            if left == 1:
                del table[key]
            else:
                table[key] = left - 1
            self.count("eventual_hidden_reads")
            return False
        return True

    def _user(self, call, key, read=True):
        uid = self.dir.resolve_key(key)
        if uid is not None and self.dir.kind_of(uid) != "user":
            uid = None
        if uid is not None and read and not self._visible(uid):
            call.notes["eventual_hidden"] = uid
            uid = None
        if uid is None:
            raise GraphError(404, "Request_ResourceNotFound", MSG_NOT_FOUND % key)
        return uid

    def _container(self, call, table_name, key, read=True):
        if not GUID_RE.match(key):
            raise GraphError(400, "Request_BadRequest", "Invalid object identifier '%s'." % key)
        oid = key.lower()
        table = self.dir.groups if table_name == "groups" else self.dir.aus
        if oid not in table or (read and not self._visible(oid)):
            raise GraphError(404, "Request_ResourceNotFound", MSG_NOT_FOUND % key)
        return oid

    def _select(self, call, props_list):
        """The $select list (canonical names), or None."""
        raw = call.query.get("$select")
        if raw is None:
            return None
        out = []
        for name in raw.split(","):
            name = name.strip()
            if not name:
                raise GraphError(400, "BadRequest", "Invalid $select: an empty property name.")
            if name == "*":
                return list(props_list)
            canon = ci_lookup(props_list, name)
            if canon is None:
                raise GraphError(400, "BadRequest", "Could not find a property named '%s' on "
                                 "type 'microsoft.graph.%s'." % (name, call.notes.get(
                                     "select_type", "directoryObject")))
            if canon not in out:
                out.append(canon)
        return out

    def _user_props(self):
        return USER_PROPS + [p for p in self.settings["extra_user_properties"]
                             if p not in USER_PROPS] + sorted(
            {k for u in self.dir.users.values() for k in u} - set(USER_PROPS))

    def _view(self, kind, obj, select, typed=False):
        """An object as Graph returns it: id + the selected (or default) properties."""
        if select is None:
            if kind == "user":
                select = USER_DEFAULT_SELECT
            else:
                select = KIND_PROPS[kind]
        out = {}
        if typed:
            out["@odata.type"] = ODATA_TYPES[kind]
        if select is not USER_DEFAULT_SELECT:
            out["id"] = obj["id"]      # id first, then the selected properties
        names = KIND_PROPS[kind] if kind != "user" else None
        for p in select:
            if p == "id":
                out["id"] = obj["id"]
                continue
            if names is not None and p not in names:
                continue     # a property of another type (memberOf with several types)
            out[p] = None if p == "passwordProfile" else copy.deepcopy(obj.get(p))
        return out

    def _context(self, call, fragment):
        return "%s/$metadata#%s" % (call.graph_base(), fragment)

    def _top(self, call):
        raw = call.query.get("$top")
        if raw is None:
            return None
        try:
            top = int(raw)
        except ValueError:
            top = -1
        if not 1 <= top <= 999:
            raise GraphError(400, "Request_BadRequest", "Invalid page size specified: '%s'. "
                             "Must be between 1 and 999 inclusive." % raw)
        return top

    def _count_requested(self, call):
        raw = call.query.get("$count")
        if raw is None:
            return False
        if raw.lower() not in ("true", "false"):
            raise GraphError(400, "BadRequest", "Invalid value '%s' for $count." % raw)
        if raw.lower() == "true" and not call.consistency_eventual():
            raise GraphError(400, "Request_BadRequest", "$count is not currently supported "
                             "without the header ConsistencyLevel: eventual.")
        return raw.lower() == "true"

    def _filter(self, call, collection):
        raw = call.query.get("$filter")
        if raw is None:
            return None
        try:
            return parse_filter(raw, FILTERS[collection])
        except FilterSyntax as e:
            raise GraphError(400, "BadRequest", "Invalid filter clause: %s" % e) from None
        except FilterUnsupported as e:
            raise GraphError(400, "Request_UnsupportedQuery", str(e)) from None

    def _list(self, call, name, context, compute):
        """A paged collection. compute(state) -> [item dicts] (live); state
        holds what the first page's query said, so nextLinks are opaque."""
        inj = call.inj if call.inj is not None and call.inj["kind"] in PAGING_KINDS else None
        tok = call.query.get("$skiptoken")
        if tok is not None:
            page = self.pages.get(tok)
            if page is None or page["name"] != name:
                raise GraphError(400, "Directory_ExpiredPageToken",
                                 "The specified page token value has expired and can no longer "
                                 "be included in your request.")
            if page.get("error_left"):
                if page["error_left"] > 0:
                    page["error_left"] -= 1
                e = page["error"]
                call.notes["paging_fault"] = "page_error"
                return self._injected_error(call, e)
            state = page["state"]
            offset = page["offset"]
            loop = page.get("loop", False)
        else:
            # what the first page's query said; the nextLink repeats the query, and
            # the handler parses $select/$filter from it again
            state = {"top": self._top(call), "count": self._count_requested(call),
                     "query": dict(call.query)}
            offset = 0
            loop = False
        items = compute()
        size = state.get("top") or self.settings["page_size"]
        chunk = items[offset:offset + size]
        nxt = offset + size if offset + size < len(items) else None
        obj = {"@odata.context": context}
        if state.get("count") and tok is None:
            obj["@odata.count"] = len(items)
        link = None
        if loop:
            link = tok                                   # the same link again
            call.notes["paging_fault"] = "next_link_loop"
        elif inj is not None and inj["kind"] == "empty_page":
            chunk = []
            link = self._page_token(name, state, offset, call)
            call.notes["paging_fault"] = "empty_page"
        elif inj is not None and inj["kind"] == "next_link_loop":
            link = self._page_token(name, state, nxt if nxt is not None else offset, call,
                                    loop=True)
            call.notes["paging_fault"] = "next_link_loop"
        elif inj is not None and inj["kind"] == "page_error":
            link = self._page_token(name, state, nxt if nxt is not None else len(items), call,
                                    error=inj)
            call.notes["paging_fault"] = "page_error (next page)"
        elif nxt is not None:
            link = self._page_token(name, state, nxt, call)
        if link is not None:
            query = [(k, v) for k, v in state["query"].items() if k != "$skiptoken"]
            query.append(("$skiptoken", link))
            obj["@odata.nextLink"] = "%s%s?%s" % (
                call.origin, urllib.parse.quote("/v1.0" + call.gpath, safe="/$@'()"),
                "&".join("%s=%s" % (k, urllib.parse.quote(v, safe="$,'()@")) for k, v in query))
        obj["value"] = chunk
        return Result(200, obj)

    def _page_token(self, name, state, offset, call, loop=False, error=None):
        tok = base64.urlsafe_b64encode(self.page_rng.getrandbits(160).to_bytes(20, "big")) \
            .decode().rstrip("=")
        page = {"name": name, "state": state, "offset": offset, "loop": loop}
        if error is not None:
            err = {k: v for k, v in error.items() if k not in ("kind", "id", "times", "used")}
            err["kind"] = "graph_error"
            err.setdefault("status", 500)
            page["error"] = err
            page["error_left"] = error.get("error_times", -1)
        self.pages[tok] = page
        return tok

    # -- users -------------------------------------------------------------

    def h_users_list(self, call, token):
        call.notes["select_type"] = "user"
        select = self._select(call, self._user_props())
        pred = self._filter(call, "users")
        context = self._context(call, "users" + ("(%s)" % ",".join(select) if select else ""))

        def compute():
            out = []
            for uid, u in self.dir.users.items():
                if pred is not None and not pred(u):
                    continue
                if not self._visible(uid):
                    continue
                out.append(self._view("user", u, select))
            return out
        return self._list(call, "users", context, compute)

    def h_users_get(self, call, token):
        call.notes["select_type"] = "user"
        select = self._select(call, self._user_props())
        uid = self._user(call, call.params["key"])
        obj = {"@odata.context": self._context(
            call, "users%s/$entity" % ("(%s)" % ",".join(select) if select else ""))}
        obj.update(self._view("user", self.dir.users[uid], select))
        return Result(200, obj)

    def _check_user_body(self, call, body, uid=None):
        """Validates a POST/PATCH user body; returns (props, passwordProfile)."""
        if not isinstance(body, dict):
            raise GraphError(400, "BadRequest", MSG_BAD_JSON)
        writable = set(self._user_props())
        props = {}
        pwprofile = None
        for k, v in body.items():
            if k.startswith("@odata."):
                continue
            canon = ci_lookup(writable | USER_NAVIGATION, k)
            if canon is None:
                raise GraphError(400, "Request_BadRequest", "Property '%s' does not exist as "
                                 "a declared property or extension property." % k)
            if canon in USER_NAVIGATION:
                raise GraphError(400, "Request_BadRequest", "Property '%s' is a navigation "
                                 "property and cannot be set here (use PUT /users/{id}/%s/$ref)."
                                 % (canon, canon), violation="navigation_property_in_body")
            if canon in USER_READONLY:
                raise GraphError(400, "Request_BadRequest", "Property '%s' is read-only and "
                                 "cannot be set." % canon)
            invalid = GraphError(400, "Request_BadRequest", "Invalid value specified for "
                                 "property '%s' of resource 'User'." % canon)
            if v is None:
                if canon in USER_NOT_NULL:
                    raise invalid
                props[canon] = None
                continue
            if canon == "passwordProfile":
                if not isinstance(v, dict) or set(v) - {"password", "forceChangePasswordNextSignIn",
                                                        "forceChangePasswordNextSignInWithMfa"}:
                    raise invalid
                pw = v.get("password")
                if not isinstance(pw, str) or not pw:
                    raise invalid
                if len(pw) >= 6:
                    self.sim.log.add_secret(pw)
                for flag in ("forceChangePasswordNextSignIn",
                             "forceChangePasswordNextSignInWithMfa"):
                    if flag in v and not isinstance(v[flag], bool):
                        raise invalid
                classes = sum(bool(re.search(rx, pw)) for rx in
                              (r"[a-z]", r"[A-Z]", r"[0-9]", r"[^A-Za-z0-9]"))
                if not 8 <= len(pw) <= 256 or classes < 3:
                    raise GraphError(400, "Request_BadRequest", MSG_PASSWORD)
                pwprofile = v
                continue
            if canon in USER_BOOL_PROPS:
                if not isinstance(v, bool):
                    raise invalid
            elif canon in USER_LIST_PROPS:
                if not isinstance(v, list) or not all(isinstance(x, str) for x in v):
                    raise invalid
            elif not isinstance(v, str):
                raise invalid
            if v == "" and self.settings["empty_strings"] == "reject":
                raise invalid
            props[canon] = v
        if "userPrincipalName" in props:
            self._check_upn(props["userPrincipalName"], uid)
        if props.get("mailNickname") is not None and NICKNAME_BAD_RE.search(props["mailNickname"]):
            raise GraphError(400, "Request_BadRequest", "Invalid value specified for property "
                             "'mailNickname' of resource 'User'.")
        if props.get("mail"):
            for oid, u in self.dir.users.items():
                if oid != uid and (u.get("mail") or "").lower() == props["mail"].lower():
                    raise GraphError(400, "Request_BadRequest", MSG_DUP_PROXY)
        return props, pwprofile

    def _check_upn(self, upn, uid):
        local, at, domain = upn.rpartition("@")
        if not at or not local or not UPN_LOCAL_RE.match(local) or local.startswith(".") \
                or local.endswith(".") or ".." in local or len(local) > 64:
            raise GraphError(400, "Request_BadRequest", "Invalid value specified for property "
                             "'userPrincipalName' of resource 'User'.")
        if domain.lower() not in self.dir.verified_domains():
            raise GraphError(400, "Request_BadRequest", "The domain portion of the "
                             "userPrincipalName property is invalid. You must use one of the "
                             "verified domain names in your organization.")
        other = self.dir.user_by_upn(upn)
        if other is not None and other != uid:
            raise GraphError(400, "Request_BadRequest", MSG_DUP_UPN)

    def _set_password(self, uid, profile):
        pw = profile["password"]
        self.dir.passwords[uid] = {
            "forceChangePasswordNextSignIn": profile.get("forceChangePasswordNextSignIn", True),
            "fp": "sha256:" + hashlib.sha256(pw.encode("utf-8")).hexdigest()[:12],
            "length": len(pw)}

    def h_users_create(self, call, token):
        body = call.json()
        if body is None:
            raise GraphError(400, "BadRequest", MSG_BAD_JSON)
        props, profile = self._check_user_body(call, body)
        for req_prop in USER_REQUIRED:
            if req_prop == "passwordProfile":
                if profile is None:
                    raise GraphError(400, "Request_BadRequest", "Invalid value specified for "
                                     "property 'passwordProfile' of resource 'User'.")
            elif props.get(req_prop) is None:
                raise GraphError(400, "Request_BadRequest", "Invalid value specified for "
                                 "property '%s' of resource 'User'." % req_prop)
        uid = self.new_guid()
        u = {p: None for p in USER_PROPS if p != "passwordProfile"}
        u.update({"businessPhones": [], "otherMails": [], "imAddresses": [],
                  "userType": "Member", "createdDateTime": iso_s(self.now())})
        u.update(props)
        u["id"] = uid
        u["proxyAddresses"] = ["SMTP:" + u["mail"]] if u.get("mail") else []
        self.dir.users[uid] = u
        self._set_password(uid, profile)
        if self.settings["eventual_reads"]:
            self.dir.hidden_reads[uid] = self.settings["eventual_reads"]
        if self.settings["eventual_add_failures"]:
            self.dir.add_failures[uid] = self.settings["eventual_add_failures"]
        call.notes["created"] = uid
        obj = {"@odata.context": self._context(call, "users/$entity")}
        obj.update(self._view("user", u, None))
        return Result(201, obj, [("Location", "%s/users/%s" % (call.graph_base(), uid))])

    def h_users_update(self, call, token):
        uid = self._user(call, call.params["key"], read=False)
        body = call.json()
        if body is None:
            raise GraphError(400, "BadRequest", MSG_BAD_JSON)
        props, profile = self._check_user_body(call, body, uid)
        u = self.dir.users[uid]
        changed = sorted(k for k, v in props.items() if u.get(k) != v)
        u.update(props)
        if "mail" in props:
            u["proxyAddresses"] = ["SMTP:" + u["mail"]] if u.get("mail") else []
        if profile is not None:
            self._set_password(uid, profile)
            changed.append("passwordProfile")
        call.notes["changed"] = changed
        return Result(204)

    def h_users_delete(self, call, token):
        uid = self._user(call, call.params["key"], read=False)
        u = self.dir.users.pop(uid)
        memberships = [cid for cid, _ in self.dir.containers_of(uid)]
        for cid in memberships:
            self.dir.remove_member(cid, uid)
        self.dir.managers.pop(uid, None)
        for k, mid in list(self.dir.managers.items()):
            if mid == uid:
                del self.dir.managers[k]
        u = dict(u, deletedDateTime=iso_s(self.now()))
        self.dir.deleted[uid] = {"user": u, "memberships": memberships}
        self.dir.hidden_reads.pop(uid, None)
        call.notes["deleted"] = uid
        return Result(204)

    def h_users_revoke(self, call, token):
        uid = self._user(call, call.params["key"], read=False)
        self.dir.users[uid]["signInSessionsValidFromDateTime"] = iso_s(self.now())
        style = self.settings["revoke_style"]
        if style == "no_content":
            return Result(204)
        return Result(200, {"@odata.context": self._context(call, "Edm.Boolean"),
                            "value": style != "value_false"})

    def h_users_manager_get(self, call, token):
        call.notes["select_type"] = "user"
        select = self._select(call, self._user_props())
        uid = self._user(call, call.params["key"])
        mid = self.dir.managers.get(uid)
        if mid is None:
            raise GraphError(404, "Request_ResourceNotFound", MSG_NOT_FOUND % "manager")
        obj = {"@odata.context": self._context(call, "directoryObjects/$entity")}
        obj.update(self._view("user", self.dir.users[mid], select, typed=True))
        return Result(200, obj)

    def h_users_manager_ref_get(self, call, token):
        uid = self._user(call, call.params["key"])
        mid = self.dir.managers.get(uid)
        if mid is None:
            raise GraphError(404, "Request_ResourceNotFound", MSG_NOT_FOUND % "manager")
        return Result(200, {"@odata.context": self._context(call, "$ref"),
                            "@odata.id": "%s/directoryObjects/%s" % (call.graph_base(), mid)})

    def _parse_ref(self, call, allowed_kinds):
        """The id named by {"@odata.id": ".../directoryObjects/{id}"} (or
        /users/{id}, /groups/{id}); checks it exists and has an allowed kind."""
        body = call.json()
        ref = body.get("@odata.id") if isinstance(body, dict) else None
        if not isinstance(ref, str) or not ref:
            raise GraphError(400, "Request_BadRequest", "The request body must be "
                             "{\"@odata.id\": \"<graph base>/directoryObjects/{id}\"}.")
        path = urllib.parse.urlsplit(ref).path
        segs = [urllib.parse.unquote(s) for s in path.split("/") if s]
        if len(segs) < 2 or not GUID_RE.match(segs[-1]) or segs[-2] not in (
                "directoryObjects", "users", "groups"):
            raise GraphError(400, "Request_BadRequest", "Invalid object identifier '%s'." % ref)
        oid = segs[-1].lower()
        kind = self.dir.kind_of(oid)
        want = {"users": ("user",), "groups": ("group",)}.get(segs[-2], allowed_kinds)
        if kind is None or kind not in want or kind not in allowed_kinds:
            raise GraphError(404, "Request_ResourceNotFound", MSG_NOT_FOUND % segs[-1])
        call.notes["ref"] = "%s/%s" % (segs[-2], oid)
        return oid

    def h_users_manager_set(self, call, token):
        uid = self._user(call, call.params["key"], read=False)
        mid = self._parse_ref(call, ("user",))
        if mid == uid:
            raise GraphError(400, "Request_BadRequest", "A user cannot be their own manager.")
        self.dir.managers[uid] = mid
        return Result(204)

    def h_users_manager_remove(self, call, token):
        uid = self._user(call, call.params["key"], read=False)
        if self.dir.managers.pop(uid, None) is None:
            raise GraphError(404, "Request_ResourceNotFound", MSG_NOT_FOUND % "manager")
        return Result(204)

    def h_users_memberOf(self, call, token):
        cast = call.params.get("cast")
        kind = None
        if cast is not None:
            kind = CASTS.get(cast)
            if kind is None or kind == "user":
                raise GraphError(400, "BadRequest", "The type cast '%s' is not valid for "
                                 "memberOf." % cast)
            call.notes["cast"] = cast
        all_props = sorted(set(GROUP_PROPS) | set(AU_PROPS) | set(ROLE_PROPS))
        select = self._select(call, all_props)
        advanced = call.consistency_eventual() and (call.query.get("$count") or "").lower() \
            == "true"
        call.notes["advanced_query"] = advanced
        mode = self.settings["cast_mode"]
        if kind is not None and not advanced:
            if mode == "strict":
                raise GraphError(400, "Request_UnsupportedQuery", "The requested OData cast "
                                 "needs advanced query capabilities: send the header "
                                 "ConsistencyLevel: eventual and $count=true.")
            if mode == "ignore":
                call.notes["cast_ignored"] = True
                kind = None
        if "$filter" in call.query:
            raise GraphError(400, "Request_UnsupportedQuery", "Unsupported Query.")
        uid = self._user(call, call.params["key"])
        context = self._context(call, {"group": "groups", "administrativeUnit":
                                       "administrativeUnits", "directoryRole":
                                       "directoryRoles"}.get(kind, "directoryObjects"))

        def compute():
            out = []
            for cid, ckind in self.dir.containers_of(uid):
                if kind is not None and ckind != kind:
                    continue
                if not self._visible(uid, member_of=cid):
                    continue
                out.append(self._view(ckind, self.dir.obj(cid), select, typed=True))
            return out
        return self._list(call, "memberOf:%s" % uid, context, compute)

    # -- deleted items -----------------------------------------------------

    def h_deletedItems_list(self, call, token):
        call.notes["select_type"] = "user"
        select = self._select(call, self._user_props() + ["deletedDateTime"])

        def compute():
            return [self._view("user", d["user"], select, typed=True)
                    for d in self.dir.deleted.values()]
        return self._list(call, "deletedItems", self._context(call, "users"), compute)

    def h_deletedItems_get(self, call, token):
        key = call.params["key"].lower()
        d = self.dir.deleted.get(key)
        if d is None:
            raise GraphError(404, "Request_ResourceNotFound", MSG_NOT_FOUND % call.params["key"])
        call.notes["select_type"] = "user"
        select = self._select(call, self._user_props() + ["deletedDateTime"])
        obj = {"@odata.context": self._context(call, "directory/deletedItems/$entity")}
        obj.update(self._view("user", d["user"], select, typed=True))
        return Result(200, obj)

    # -- groups and administrative units -----------------------------------

    def _table(self, name):
        return self.dir.groups if name == "groups" else self.dir.aus

    def _kind(self, name):
        return "group" if name == "groups" else "administrativeUnit"

    def _container_list(self, call, name):
        kind = self._kind(name)
        call.notes["select_type"] = kind
        select = self._select(call, KIND_PROPS[kind])
        pred = self._filter(call, name)
        ctx = "groups" if name == "groups" else "directory/administrativeUnits"

        def compute():
            out = []
            for oid, o in self._table(name).items():
                if pred is not None and not pred(o):
                    continue
                if not self._visible(oid):
                    continue
                out.append(self._view(kind, o, select))
            return out
        return self._list(call, name, self._context(call, ctx), compute)

    def _container_get(self, call, name):
        kind = self._kind(name)
        call.notes["select_type"] = kind
        select = self._select(call, KIND_PROPS[kind])
        oid = self._container(call, name, call.params["key"])
        ctx = "groups" if name == "groups" else "directory/administrativeUnits"
        obj = {"@odata.context": self._context(call, ctx + "/$entity")}
        obj.update(self._view(kind, self._table(name)[oid], select))
        return Result(200, obj)

    def _members_list(self, call, name):
        oid = self._container(call, name, call.params["key"])
        all_props = sorted(set(self._user_props()) | set(GROUP_PROPS))
        select = self._select(call, all_props)

        def compute():
            return [self._view(self.dir.kind_of(mid), self.dir.obj(mid), select, typed=True)
                    for mid in self.dir.members[oid]]
        return self._list(call, "members:%s" % oid, self._context(call, "directoryObjects"),
                          compute)

    def _is_dynamic(self, name, obj):
        if name == "groups":
            return "DynamicMembership" in (obj.get("groupTypes") or [])
        return obj.get("membershipType") == "Dynamic"

    def _members_add(self, call, name, token):
        oid = self._container(call, name, call.params["key"], read=False)
        mid = self._parse_ref(call, ("user", "group"))
        obj = self._table(name)[oid]
        call.notes["container"] = oid
        call.notes["member"] = mid
        if self._is_dynamic(name, obj):
            raise GraphError(400, "Request_BadRequest", MSG_DYNAMIC)
        self._role_assignable_check(call, name, obj, token)
        failing = [x for x in (oid, mid) if self.dir.add_failures.get(x, 0) > 0]
        if failing:
            for x in failing:
                self.dir.add_failures[x] -= 1
                if not self.dir.add_failures[x]:
                    del self.dir.add_failures[x]
            self.count("eventual_add_failures")
            call.notes["eventual_add_failure"] = failing
            raise GraphError(400, "Request_BadRequest", MSG_NOT_REPLICATED)
        if mid in self.dir.members[oid]:
            raise GraphError(400, "Request_BadRequest", MSG_ALREADY)
        if mid == oid:
            raise GraphError(400, "Request_BadRequest", "A group cannot be a member of itself.")
        self.dir.add_member(oid, mid)
        if self.settings["eventual_reads"]:
            self.dir.hidden_member_reads[(oid, mid)] = self.settings["eventual_reads"]
        return Result(204)

    def _role_assignable_check(self, call, name, obj, token):
        if name == "groups" and obj.get("isAssignableToRole"):
            if ROLE_ASSIGNABLE_PERMISSION.lower() not in {p.lower() for p in
                                                          token["permissions"]}:
                call.notes["missing_permission"] = [ROLE_ASSIGNABLE_PERMISSION]
                raise GraphError(403, "Authorization_RequestDenied", MSG_DENIED)

    def _members_remove(self, call, name, token):
        oid = self._container(call, name, call.params["key"], read=False)
        mid = call.params["member"]
        obj = self._table(name)[oid]
        call.notes["container"] = oid
        call.notes["member"] = mid
        if self._is_dynamic(name, obj):
            raise GraphError(400, "Request_BadRequest", MSG_DYNAMIC)
        self._role_assignable_check(call, name, obj, token)
        if mid.lower() not in self.dir.members[oid]:
            raise GraphError(404, "Request_ResourceNotFound", MSG_NOT_FOUND % mid)
        self.dir.remove_member(oid, mid.lower())
        return Result(204)

    def _members_delete_without_ref(self, call, name, token):
        call.notes["container"] = call.params["key"]
        call.notes["member"] = call.params["member"]
        raise GraphError(403, "Authorization_RequestDenied", MSG_DENIED + " (SIMULATOR: "
                         "DELETE .../members/{id} without /$ref would delete the object itself)",
                         violation="delete_without_ref")

    def h_groups_list(self, call, token):
        return self._container_list(call, "groups")

    def h_groups_get(self, call, token):
        return self._container_get(call, "groups")

    def h_groups_members_list(self, call, token):
        return self._members_list(call, "groups")

    def h_groups_members_add(self, call, token):
        return self._members_add(call, "groups", token)

    def h_groups_members_remove(self, call, token):
        return self._members_remove(call, "groups", token)

    def h_groups_members_delete_without_ref(self, call, token):
        return self._members_delete_without_ref(call, "groups", token)

    def h_administrativeUnits_list(self, call, token):
        return self._container_list(call, "administrativeUnits")

    def h_administrativeUnits_get(self, call, token):
        return self._container_get(call, "administrativeUnits")

    def h_administrativeUnits_members_list(self, call, token):
        return self._members_list(call, "administrativeUnits")

    def h_administrativeUnits_members_add(self, call, token):
        return self._members_add(call, "administrativeUnits", token)

    def h_administrativeUnits_members_remove(self, call, token):
        return self._members_remove(call, "administrativeUnits", token)

    def h_administrativeUnits_members_delete_without_ref(self, call, token):
        return self._members_delete_without_ref(call, "administrativeUnits", token)

    # -- $batch ------------------------------------------------------------

    def _batch(self, call, token):
        if self.settings["require_content_type"]:
            ctype = (call.header("Content-Type") or "").split(";")[0].strip().lower()
            if ctype != "application/json":
                raise GraphError(400 if not ctype else 415, "BadRequest",
                                 MSG_NO_CT if not ctype else "Content-Type '%s' is not "
                                 "supported; use application/json." % ctype)
        body = call.json()
        reqs = body.get("requests") if isinstance(body, dict) else None
        if not isinstance(reqs, list):
            raise GraphError(400, "BadRequest", "Invalid batch payload format.")
        if not reqs:
            raise GraphError(400, "BadRequest", "Invalid batch payload format: no requests.")
        limit = self.settings["batch_max"]
        if len(reqs) > limit:
            raise GraphError(400, "BadRequest", "The number of requests in the batch (%d) exceeds "
                             "the limit of %d." % (len(reqs), limit))
        ids = []
        for r in reqs:
            if not isinstance(r, dict):
                raise GraphError(400, "BadRequest", "Invalid batch payload format.")
            rid = r.get("id")
            if not isinstance(rid, str) or not rid:
                raise GraphError(400, "BadRequest", "Every request of a batch needs a string "
                                 "id.")
            if rid in ids:
                raise GraphError(400, "BadRequest", "Batch request contains duplicate id '%s'."
                                 % rid)
            if not isinstance(r.get("method"), str) or not isinstance(r.get("url"), str):
                raise GraphError(400, "BadRequest", "Request id : %s has no method or url." % rid)
            hdrs = r.get("headers")
            if hdrs is not None and (not isinstance(hdrs, dict) or not all(
                    isinstance(v, str) for v in hdrs.values())):
                raise GraphError(400, "BadRequest", "Request id : %s: headers must be an object "
                                 "of strings." % rid)
            if "body" in r and r["body"] is not None:
                if not any(k.lower() == "content-type" for k in (hdrs or {})):
                    raise GraphError(400, "BadRequest", "Write request id : %s does not contain "
                                     "Content-Type header or body." % rid)
            deps = r.get("dependsOn")
            if deps is not None:
                if not isinstance(deps, list) or not all(d in ids for d in deps):
                    raise GraphError(400, "BadRequest", "Request id : %s: dependsOn must name "
                                     "earlier request ids." % rid)
            ids.append(rid)
        with self.stats_lock:
            self.c["batches"] += 1
            self.c["batch_sizes"].append(len(reqs))
        results = {}
        out = []
        items_log = []
        for r in reqs:
            resp = self._batch_item(call, token, r, results)
            results[r["id"]] = resp["status"]
            out.append(resp)
            items_log.append({"id": r["id"], "method": r["method"].upper(), "url": r["url"],
                              "status": resp["status"]})
        order = self.settings["batch_order"]
        if order == "reverse":
            out.reverse()
        elif order == "shuffle":
            self.order_rng.shuffle(out)
        call.notes["items"] = items_log
        return Result(200, {"responses": out})

    def _batch_item(self, outer, token, r, results):
        rid = r["id"]
        method = r["method"].upper()
        url = r["url"]
        split = urllib.parse.urlsplit(url)
        headers = dict(r.get("headers") or {})
        body = r.get("body")
        raw_body = b"" if body is None else (body.encode("utf-8") if isinstance(body, str)
                                             else json.dumps(body).encode("utf-8"))
        sub = Call(method, split.path if split.path.startswith("/") else "/" + split.path,
                   split.query, headers, raw_body, outer.origin, batch_item=True, url=url)
        sub.kind = "graph"
        sub.rid = self._request_id()
        sub.crid = headers.get("client-request-id") or outer.crid
        if split.scheme or split.netloc:
            sub.route = "absolute_url"
        else:
            sub.route, sub.params = route_of(method, sub.segs)
        key = "%s %s" % (method, sub.route)
        with self.stats_lock:
            self.c["batch_items"] += 1
            self.c["batch_item_routes"][key] = self.c["batch_item_routes"].get(key, 0) + 1
            if method in WRITE_METHODS:
                self.c["writes"] += 1
                self.c["writes_in_batches"] += 1
                self.c["writes_by_route"][key] = self.c["writes_by_route"].get(key, 0) + 1
        keys = [sub.route, key, "graph", "batch_item"]
        inj = self.sim.injections.take(ItemRequest(sub), keys, pre_auth=False,
                                       accept=self.injection_accepts)
        if inj is not None:
            self.sim.stats.inc_in("injections_applied", inj["kind"])
            sub.notes["injection"] = inj["kind"]
            res = self._injected_error(sub, inj)
        else:
            failed = [d for d in r.get("dependsOn") or [] if not 200 <= results.get(d, 0) < 300]
            try:
                if failed:
                    raise GraphError(424, "FailedDependency", "The request depends on request "
                                     "%s, which failed." % ", ".join(failed))
                if sub.route == "absolute_url":
                    raise GraphError(400, "BadRequest", "The url of a batch request must be "
                                     "relative to the version (e.g. /users).")
                sub.token = token
                res = self._dispatch(sub, token)
            except GraphError as e:
                res = self._error_result(sub, e)
        if sub.notes.get("violation"):
            outer.notes.setdefault("violations", []).append(sub.notes["violation"])
        item = {"id": rid, "status": res.status}
        hdrs = {"Cache-Control": "no-cache", "request-id": sub.rid}
        for k, v in res.headers:
            hdrs[k] = v
        if res.raw is not None:
            hdrs["Content-Type"] = res.content_type or "text/plain"
            item["headers"] = hdrs
            item["body"] = res.raw.decode("utf-8", "replace")
        elif res.obj is not None:
            hdrs["Content-Type"] = res.content_type or self.settings["json_content_type"]
            item["headers"] = hdrs
            item["body"] = res.obj
        else:
            item["headers"] = hdrs
            if self.settings["batch_no_content_body"] == "null":
                item["body"] = None
        with self.stats_lock:
            st = self.c["batch_item_statuses"]
            st[str(res.status)] = st.get(str(res.status), 0) + 1
            if res.status == 429:
                self.c["batch_items_throttled"] += 1
        return item

    # -- control: stats and state ------------------------------------------

    def stats(self):
        with self.stats_lock:
            out = json.loads(json.dumps(self.c))
        http_statuses = self.sim.stats.snapshot().get("statuses", {}) if self.sim else {}
        out["status_429"] = http_statuses.get("429", 0) + out["batch_items_throttled"]
        out["requests_total"] = out["graph_requests"] + out["token_requests"]
        with self.lock:
            now = self.now()
            out["objects"] = {"users": len(self.dir.users), "groups": len(self.dir.groups),
                              "administrativeUnits": len(self.dir.aus),
                              "directoryRoles": len(self.dir.roles),
                              "deletedItems": len(self.dir.deleted),
                              "tokens": len(self.tokens),
                              "tokens_valid": sum(1 for t in self.tokens.values()
                                                  if t["expires_at"] > now)}
        return out

    def get_state(self):
        with self.lock:
            d = self.dir
            now = self.now()

            def with_members(table):
                return [dict(o, members=list(d.members[oid])) for oid, o in table.items()]
            users = []
            for uid, u in d.users.items():
                e = dict(u)
                e["manager"] = d.managers.get(uid)
                e["passwordProfile"] = dict(d.passwords.get(uid) or {})
                users.append(e)
            state = {
                "settings": copy.deepcopy(self.settings),
                "seed": self.seed,
                "tenants": copy.deepcopy(d.tenants),
                "clients": [dict({k: v for k, v in c.items() if k != "secret"},
                                 secret_set=bool(c["secret"])) for c in d.clients.values()],
                "tokens": [{"fp": t["fp"], "client_id": t["client_id"],
                            "permissions": t["permissions"], "source": t["source"],
                            "issued_at": httpsim.iso(t["issued_at"]),
                            "expires_at": httpsim.iso(t["expires_at"]),
                            "expired": now >= t["expires_at"]} for t in self.tokens.values()],
                "users": users,
                "groups": with_members(d.groups),
                "administrativeUnits": with_members(d.aus),
                "directoryRoles": with_members(d.roles),
                "deletedItems": [dict(x["user"], memberships=x["memberships"])
                                 for x in d.deleted.values()],
                "eventual": {"hidden_reads": dict(d.hidden_reads),
                             "hidden_member_reads": {"%s/%s" % k: v for k, v in
                                                     d.hidden_member_reads.items()},
                             "add_failures": dict(d.add_failures)},
                "page_tokens": len(self.pages),
            }
            if self.last_action is not None:
                state["last_action"] = self.last_action
            return state

    def set_state(self, data):
        data = dict(data)
        settings = data.pop("settings", None) or {}
        if not isinstance(settings, dict):
            raise SimError("settings must be an object")
        settings = dict(settings)
        fixture = data.pop("fixture", None)
        actions = data.pop("action", None)
        for k in list(data):
            settings[k] = data.pop(k)
        checked = {k: check_setting(k, v) for k, v in settings.items()}
        if actions is None:
            actions = []
        elif isinstance(actions, dict):
            actions = [actions]
        if not isinstance(actions, list) or not all(isinstance(a, dict) for a in actions):
            raise SimError("action must be an object or a list of objects")
        with self.lock:
            new_dir = None
            if fixture is not None:
                if fixture == "default":
                    fixture = {}
                new_dir = Directory(fixture, self.new_guid, self.now(), self.secret_envs)
            target = new_dir or self.dir
            for a in actions:
                self._check_action(a, target)
            # everything checked: apply
            if new_dir is not None:
                self.dir = new_dir
                self.pages = {}
                self._register_secrets(new_dir)
            self.settings.update(checked)
            self.last_action = None
            results = [self._apply_action(a) for a in actions]
            if results:
                self.last_action = results[0] if len(results) == 1 else results
        return self.get_state()

    ACTIONS = ("expire_tokens", "revoke_tokens", "issue_token", "clear_log", "clear_stats",
               "eventual")

    def _check_action(self, a, d):
        name = a.get("name")
        if name not in self.ACTIONS:
            raise SimError("unknown action %r (known: %s)" % (name, ", ".join(self.ACTIONS)))
        if name == "issue_token":
            unknown = set(a) - {"name", "client_id", "permissions", "lifetime_s"}
            if unknown:
                raise SimError("issue_token: unknown key(s) %s" % ", ".join(sorted(unknown)))
            cid = a.get("client_id")
            if cid is not None and (not isinstance(cid, str) or cid.lower() not in d.clients):
                raise SimError("issue_token: unknown client_id %r" % (cid,))
            if cid is None and not d.clients and "permissions" not in a:
                raise SimError("issue_token: no client: give permissions")
            perms = a.get("permissions")
            if perms is not None and (not isinstance(perms, list)
                                      or not all(isinstance(p, str) for p in perms)):
                raise SimError("issue_token: permissions must be a list of strings")
            lt = a.get("lifetime_s")
            if lt is not None and (not is_num(lt) or lt <= 0):
                raise SimError("issue_token: lifetime_s must be > 0")
        elif name == "eventual":
            oid = a.get("id")
            if not isinstance(oid, str) or d.resolve_key(oid) is None:
                raise SimError("eventual: unknown object %r" % (oid,))
            if "member" in a and (not isinstance(a["member"], str)
                                  or d.resolve_key(a["member"]) is None):
                raise SimError("eventual: unknown member %r" % (a.get("member"),))
            for k in ("reads", "add_failures"):
                if k in a and (not is_int(a[k]) or a[k] < 0):
                    raise SimError("eventual: %s must be an integer >= 0" % k)
        elif name in ("expire_tokens", "revoke_tokens"):
            cid = a.get("client_id")
            if cid is not None and not isinstance(cid, str):
                raise SimError("%s: client_id must be a string" % name)

    def _apply_action(self, a):
        name = a["name"]
        if name == "expire_tokens":
            return {"name": name, "expired": self._expire_tokens(a.get("client_id"))}
        if name == "revoke_tokens":
            cid = a.get("client_id")
            gone = [t for t, v in self.tokens.items()
                    if cid is None or v["client_id"].lower() == cid.lower()]
            for t in gone:
                del self.tokens[t]
            return {"name": name, "revoked": len(gone)}
        if name == "issue_token":
            cid = a.get("client_id")
            client = self.dir.clients.get(cid.lower()) if cid else next(
                iter(self.dir.clients.values()), None)
            perms = a.get("permissions", client["permissions"] if client else [])
            lifetime = a.get("lifetime_s") or (client and client["token_lifetime_s"]) or \
                self.settings["token_lifetime_s"]
            token = self._new_token(client["client_id"] if client else "(control)",
                                    client["tenant"] if client else None, perms, lifetime,
                                    "control")
            return {"name": name, "access_token": token, "fp": fingerprint(token),
                    "expires_in": lifetime, "permissions": perms}
        if name == "clear_log":
            self.sim.log.clear()
            return {"name": name}
        if name == "clear_stats":
            self.sim.stats.reset()
            self._reset_counters()
            return {"name": name}
        if name == "eventual":
            oid = self.dir.resolve_key(a["id"])
            if "member" in a:
                mid = self.dir.resolve_key(a["member"])
                if a.get("reads"):
                    self.dir.hidden_member_reads[(oid, mid)] = a["reads"]
                else:
                    self.dir.hidden_member_reads.pop((oid, mid), None)
            else:
                for k, table in (("reads", self.dir.hidden_reads),
                                 ("add_failures", self.dir.add_failures)):
                    if k in a:
                        if a[k]:
                            table[oid] = a[k]
                        else:
                            table.pop(oid, None)
            return {"name": name, "id": oid}
        raise SimError("unknown action %r" % name)  # pragma: no cover


def redact(obj):
    """A JSON value with every "password"/"client_secret" value replaced."""
    if isinstance(obj, dict):
        return {k: ("(redacted)" if k.lower() in ("password", "client_secret",
                                                   "client_assertion") else redact(v))
                for k, v in obj.items()}
    if isinstance(obj, list):
        return [redact(v) for v in obj]
    return obj


# ---------------------------------------------------------------------------
# Command line
# ---------------------------------------------------------------------------

def graph_arg_parser():
    p = argparse.ArgumentParser(add_help=False, prog="graph_sim.py",
                                description="Graph options (the others are httpsim's)")
    p.add_argument("--seed", type=int, default=1,
                   help="seed of the id generator (deterministic GUIDs; default 1)")
    p.add_argument("--client-secret-env", action="append", default=[],
                   metavar="[CLIENT_ID=]VAR",
                   help="read the client secret from the environment variable VAR (without "
                        "CLIENT_ID: the first client); repeatable")
    p.add_argument("--token-lifetime", type=float, metavar="S",
                   help="expires_in of issued tokens (setting token_lifetime_s)")
    p.add_argument("--page-size", type=int, metavar="N",
                   help="default page size (setting page_size)")
    return p


def main(argv=None):
    argv = list(sys.argv[1:] if argv is None else argv)
    gp = graph_arg_parser()
    if "-h" in argv or "--help" in argv:
        gp.print_help()
        print()
    opts, rest = gp.parse_known_args(argv)
    return httpsim.main(lambda cfg: GraphApp(cfg, opts), rest,
                        description=__doc__.split("\n")[0])


if __name__ == "__main__":
    sys.exit(main())
