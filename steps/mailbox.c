/*
 * steps/mailbox.c - the mailbox steps (IdLE.Steps.Mailbox): read a mailbox,
 * ensure its type, its out-of-office settings, its permissions.
 */
#include <stdio.h>

#include "steps/steps.h"

static const char *const mailbox_types[] = {"User", "Shared", "Room", "Equipment", NULL};
static const char *const ooo_modes[] = {"Disabled", "Enabled", "Scheduled", NULL};
static const char *const ooo_formats[] = {"Text", "Html", NULL};
static const char *const rights[] = {"FullAccess", "SendAs", "SendOnBehalf", NULL};
static const char *const ensure[] = {"Present", "Absent", NULL};

static void check_get(idle_step_check *c, const idle_value *with)
{
	idle_steps__want_text(c, with, "IdentityKey", "IdentityKey");
}

static void check_type(idle_step_check *c, const idle_value *with)
{
	idle_steps__want_text(c, with, "IdentityKey", "IdentityKey");
	idle_steps__want_one_of(c, with, "MailboxType", "MailboxType", mailbox_types);
}

static void check_ooo(idle_step_check *c, const idle_value *with)
{
	const idle_value *cfg = idle_steps__literal(with, "Config");
	const idle_value *mode;

	idle_steps__want_text(c, with, "IdentityKey", "IdentityKey");
	if (!cfg)
		return;
	if (idle_value_kind(cfg) != IDLE_MAP) {
		idle_steps__want_map(c, with, "Config", "Config");
		return;
	}
	mode = idle_value_get(cfg, "Mode");
	if (idle_value_has_template(mode))
		return;
	if (idle_value_blank(mode)) {
		idle_step_check_error(
		    c, cfg, "Config",
		    "%s requires With.Config.Mode (Disabled, Enabled, or Scheduled)",
		    idle_steps__label(c));
		return;
	}
	idle_steps__want_one_of(c, cfg, "Mode", "Config.Mode", ooo_modes);
	idle_steps__want_one_of(c, cfg, "MessageFormat", "Config.MessageFormat", ooo_formats);
	if (idle_steps__one_of(mode, (const char *const[]){"Scheduled", NULL})) {
		if (!idle_value_get(cfg, "Start"))
			idle_step_check_error(c, cfg, "Config",
			                      "%s with Mode 'Scheduled' requires With.Config.Start",
			                      idle_steps__label(c));
		if (!idle_value_get(cfg, "End"))
			idle_step_check_error(c, cfg, "Config",
			                      "%s with Mode 'Scheduled' requires With.Config.End",
			                      idle_steps__label(c));
	}
}

static void check_permissions(idle_step_check *c, const idle_value *with)
{
	static const char *const need[] = {"AssignedUser", "Right", "Ensure", NULL};
	const idle_value *perms = idle_steps__literal(with, "Permissions");
	size_t i, n, k;
	char path[48], sub[64];

	idle_steps__want_text(c, with, "IdentityKey", "IdentityKey");
	if (!perms)
		return;
	if (idle_value_kind(perms) == IDLE_NULL) {
		idle_step_check_error(c, perms, "Permissions",
		                      "%s requires With.Permissions to be an array",
		                      idle_steps__label(c));
		return;
	}
	n = idle_value_kind(perms) == IDLE_ARRAY ? idle_value_count(perms) : 1;
	for (i = 0; i < n; i++) {
		const idle_value *e =
		    idle_value_kind(perms) == IDLE_ARRAY ? idle_value_at(perms, i) : perms;

		if (idle_value_kind(perms) == IDLE_ARRAY)
			snprintf(path, sizeof(path), "Permissions[%zu]", i);
		else
			snprintf(path, sizeof(path), "Permissions");
		if (idle_value_has_template(e))
			continue;
		if (idle_value_kind(e) != IDLE_MAP) {
			idle_step_check_error(c, e, path,
			                      "%s: each Permissions entry must be a hashtable",
			                      idle_steps__label(c));
			continue;
		}
		for (k = 0; need[k]; k++)
			if (!idle_value_get(e, need[k]))
				idle_step_check_error(c, e, path,
				                      "%s: each Permissions entry requires '%s'",
				                      idle_steps__label(c), need[k]);
		snprintf(sub, sizeof(sub), "%s.Right", path);
		idle_steps__want_one_of(c, e, "Right", sub, rights);
		snprintf(sub, sizeof(sub), "%s.Ensure", path);
		idle_steps__want_one_of(c, e, "Ensure", sub, ensure);
	}
}

static const char *const req_key[] = {"IdentityKey", NULL};
static const char *const req_type[] = {"IdentityKey", "MailboxType", NULL};
static const char *const req_ooo[] = {"IdentityKey", "Config", NULL};
static const char *const req_perm[] = {"IdentityKey", "Permissions", NULL};
static const char *const optional[] = {IDLE_STEP_ROUTING, NULL};
static const char *const cap_get[] = {IDLE_CAP_MAILBOX_INFO_READ, NULL};
static const char *const cap_type[] = {IDLE_CAP_MAILBOX_INFO_READ, IDLE_CAP_MAILBOX_TYPE_ENSURE,
                                       NULL};
static const char *const cap_ooo[] = {IDLE_CAP_MAILBOX_INFO_READ, IDLE_CAP_MAILBOX_OOO_ENSURE,
                                      NULL};
static const char *const cap_perm[] = {IDLE_CAP_MAILBOX_INFO_READ,
                                       IDLE_CAP_MAILBOX_PERMISSIONS_ENSURE, NULL};

#define MAILBOX_STEP(var, name, summary, req, caps, chk)                                           \
	const idle_step_type var = {                                                               \
	    IDLE_STEP_TYPE_VERSION, name, "IdLE.Steps.Mailbox", summary, req, optional, caps, chk, \
	    "ExchangeOnline",       NULL}

MAILBOX_STEP(idle_steptype_mailbox_get_info, "IdLE.Step.Mailbox.GetInfo",
             "read the mailbox of With.IdentityKey", req_key, cap_get, check_get);
MAILBOX_STEP(idle_steptype_mailbox_ensure_type, "IdLE.Step.Mailbox.EnsureType",
             "make the mailbox a User, Shared, Room or Equipment mailbox", req_type, cap_type,
             check_type);
MAILBOX_STEP(idle_steptype_mailbox_ensure_ooo, "IdLE.Step.Mailbox.EnsureOutOfOffice",
             "set the out-of-office reply from With.Config", req_ooo, cap_ooo, check_ooo);
MAILBOX_STEP(idle_steptype_mailbox_ensure_permissions, "IdLE.Step.Mailbox.EnsurePermissions",
             "grant or remove mailbox permissions from With.Permissions", req_perm, cap_perm,
             check_permissions);
