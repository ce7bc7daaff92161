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

static const char *const cap_create[] = {"IdLE.Identity.Create", NULL};
static const char *const cap_disable[] = {"IdLE.Identity.Disable", NULL};
static const char *const cap_enable[] = {"IdLE.Identity.Enable", NULL};
static const char *const cap_delete[] = {"IdLE.Identity.Delete", NULL};
static const char *const cap_move[] = {"IdLE.Identity.Move", NULL};
static const char *const cap_revoke[] = {"IdLE.Identity.RevokeSessions", NULL};

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

#define IDENTITY_STEP(var, name, summary, req, caps, chk)                                          \
	const idle_step_type var = {IDLE_STEP_TYPE_VERSION,                                        \
	                            name,                                                          \
	                            "IdLE.Steps.Common",                                           \
	                            summary,                                                       \
	                            req,                                                           \
	                            routing,                                                       \
	                            caps,                                                          \
	                            chk,                                                           \
	                            "Identity"}

IDENTITY_STEP(idle_step_create_identity, "IdLE.Step.CreateIdentity",
              "create the identity With.IdentityKey with With.Attributes", key_attributes,
              cap_create, check_create);
IDENTITY_STEP(idle_step_disable_identity, "IdLE.Step.DisableIdentity",
              "disable the identity With.IdentityKey", key_only, cap_disable, check_key);
IDENTITY_STEP(idle_step_enable_identity, "IdLE.Step.EnableIdentity",
              "enable the identity With.IdentityKey", key_only, cap_enable, check_key);
IDENTITY_STEP(idle_step_delete_identity, "IdLE.Step.DeleteIdentity",
              "delete the identity With.IdentityKey", key_only, cap_delete, check_key);
IDENTITY_STEP(idle_step_move_identity, "IdLE.Step.MoveIdentity",
              "move the identity With.IdentityKey to With.TargetContainer", key_container, cap_move,
              check_move);
IDENTITY_STEP(idle_step_revoke_sessions, "IdLE.Step.RevokeIdentitySessions",
              "sign the identity With.IdentityKey out of every session", key_only, cap_revoke,
              check_key);
