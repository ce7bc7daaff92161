/*
 * steps/identity.c - the identity lifecycle steps that take an identity key
 * and call one provider operation: CreateIdentity, DisableIdentity,
 * EnableIdentity, DeleteIdentity, MoveIdentity, RevokeIdentitySessions.
 */
#include "steps/steps.h"

static const char *const key_only[] = {"IdentityKey", NULL};
static const char *const key_attributes[] = {"IdentityKey", "Attributes", NULL};
static const char *const key_container[] = {"IdentityKey", "TargetContainer", NULL};
static const char *const routing[] = {IDLE_STEP_ROUTING, NULL};

static const char *const cap_create[] = {IDLE_CAP_IDENTITY_CREATE, NULL};
static const char *const cap_disable[] = {IDLE_CAP_IDENTITY_DISABLE, NULL};
static const char *const cap_enable[] = {IDLE_CAP_IDENTITY_ENABLE, NULL};
static const char *const cap_delete[] = {IDLE_CAP_IDENTITY_DELETE, NULL};
static const char *const cap_move[] = {IDLE_CAP_IDENTITY_MOVE, NULL};
static const char *const cap_revoke[] = {IDLE_CAP_IDENTITY_REVOKE_SESSIONS, NULL};

static void check_key(idle_step_check *c, const idle_value *with)
{
	idle_steps__want_text(c, with, "IdentityKey", "IdentityKey");
}

static void check_create(idle_step_check *c, const idle_value *with)
{
	check_key(c, with);
	idle_steps__want_map(c, with, "Attributes", "Attributes");
}

static void check_move(idle_step_check *c, const idle_value *with)
{
	check_key(c, with);
	idle_steps__want_text(c, with, "TargetContainer", "TargetContainer");
}

/* ---- running: one provider operation each; Changed is the provider's ---------------- */

typedef int (*key_op)(idle_step_ctx *c, const char *key, int *changed);

static int run_key_op(idle_step_ctx *c, const idle_value *with, const char *label, key_op op)
{
	const char *key;
	int changed = 0;

	if (idle_steps__need(c, with, label, "IdentityKey", &key) || op(c, key, &changed))
		return 1;
	idle_step_set_changed(c, changed);
	return 0;
}

static int run_create(idle_step_ctx *c, const idle_value *with)
{
	const idle_value *attrs = idle_value_get(with, "Attributes");
	const char *key;
	int changed = 0;

	if (idle_steps__need(c, with, "CreateIdentity", "IdentityKey", &key))
		return 1;
	if (!attrs || idle_value_kind(attrs) != IDLE_MAP)
		return idle_step_fail(c, 0,
		                      "CreateIdentity requires With.Attributes to be a hashtable.");
	if (idle_step_create_identity(c, key, attrs, &changed))
		return 1;
	idle_step_set_changed(c, changed);
	return 0;
}

static int run_disable(idle_step_ctx *c, const idle_value *with)
{
	return run_key_op(c, with, "DisableIdentity", idle_step_disable_identity);
}

static int run_enable(idle_step_ctx *c, const idle_value *with)
{
	return run_key_op(c, with, "EnableIdentity", idle_step_enable_identity);
}

static int run_delete(idle_step_ctx *c, const idle_value *with)
{
	return run_key_op(c, with, "DeleteIdentity", idle_step_delete_identity);
}

static int run_revoke(idle_step_ctx *c, const idle_value *with)
{
	return run_key_op(c, with, "RevokeIdentitySessions", idle_step_revoke_sessions);
}

static int run_move(idle_step_ctx *c, const idle_value *with)
{
	const char *key, *target;
	int changed = 0;

	if (idle_steps__need(c, with, "MoveIdentity", "IdentityKey", &key) ||
	    idle_steps__need(c, with, "MoveIdentity", "TargetContainer", &target) ||
	    idle_step_move_identity(c, key, target, &changed))
		return 1;
	idle_step_set_changed(c, changed);
	return 0;
}

#define IDENTITY_STEP(var, name, summary, req, caps, chk, fn)                                      \
	const idle_step_type var = {IDLE_STEP_TYPE_VERSION,                                        \
	                            name,                                                          \
	                            "IdLE.Steps.Common",                                           \
	                            summary,                                                       \
	                            req,                                                           \
	                            routing,                                                       \
	                            caps,                                                          \
	                            chk,                                                           \
	                            "Identity",                                                    \
	                            fn}

IDENTITY_STEP(idle_steptype_create_identity, "IdLE.Step.CreateIdentity",
              "create the identity With.IdentityKey with With.Attributes", key_attributes,
              cap_create, check_create, run_create);
IDENTITY_STEP(idle_steptype_disable_identity, "IdLE.Step.DisableIdentity",
              "disable the identity With.IdentityKey", key_only, cap_disable, check_key,
              run_disable);
IDENTITY_STEP(idle_steptype_enable_identity, "IdLE.Step.EnableIdentity",
              "enable the identity With.IdentityKey", key_only, cap_enable, check_key, run_enable);
IDENTITY_STEP(idle_steptype_delete_identity, "IdLE.Step.DeleteIdentity",
              "delete the identity With.IdentityKey", key_only, cap_delete, check_key, run_delete);
IDENTITY_STEP(idle_steptype_move_identity, "IdLE.Step.MoveIdentity",
              "move the identity With.IdentityKey to With.TargetContainer", key_container, cap_move,
              check_move, run_move);
IDENTITY_STEP(idle_steptype_revoke_sessions, "IdLE.Step.RevokeIdentitySessions",
              "sign the identity With.IdentityKey out of every session", key_only, cap_revoke,
              check_key, run_revoke);
