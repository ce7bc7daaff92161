/*
 * idle/sys/capability.h - the capability identifiers: one table.
 *
 * A capability is what a provider can do ("IdLE.Identity.Read") and what a
 * step needs. Each identifier is spelled here once, as a macro that step and
 * provider authors use (IDLE_CAP_IDENTITY_READ); IDLE_CAPABILITY_LIST names
 * them all. Which provider operation serves which capability is the
 * engine's operation table (a provider's capabilities follow from the
 * operations it implements).
 *
 * Hosts may use their own identifiers besides these ("Contoso.Ticket.Create").
 */
#ifndef IDLE_SYS_CAPABILITY_H
#define IDLE_SYS_CAPABILITY_H

#define IDLE_CAP_IDENTITY_READ              "IdLE.Identity.Read"
#define IDLE_CAP_IDENTITY_LIST              "IdLE.Identity.List"
#define IDLE_CAP_IDENTITY_CREATE            "IdLE.Identity.Create"
#define IDLE_CAP_IDENTITY_ENABLE            "IdLE.Identity.Enable"
#define IDLE_CAP_IDENTITY_DISABLE           "IdLE.Identity.Disable"
#define IDLE_CAP_IDENTITY_MOVE              "IdLE.Identity.Move"
#define IDLE_CAP_IDENTITY_DELETE            "IdLE.Identity.Delete"
#define IDLE_CAP_IDENTITY_ATTRIBUTE_ENSURE  "IdLE.Identity.Attribute.Ensure"
#define IDLE_CAP_IDENTITY_REVOKE_SESSIONS   "IdLE.Identity.RevokeSessions"
#define IDLE_CAP_ENTITLEMENT_LIST           "IdLE.Entitlement.List"
#define IDLE_CAP_ENTITLEMENT_GRANT          "IdLE.Entitlement.Grant"
#define IDLE_CAP_ENTITLEMENT_REVOKE         "IdLE.Entitlement.Revoke"
#define IDLE_CAP_ENTITLEMENT_PRUNE          "IdLE.Entitlement.Prune"
#define IDLE_CAP_MAILBOX_INFO_READ          "IdLE.Mailbox.Info.Read"
#define IDLE_CAP_MAILBOX_TYPE_ENSURE        "IdLE.Mailbox.Type.Ensure"
#define IDLE_CAP_MAILBOX_OOO_ENSURE         "IdLE.Mailbox.OutOfOffice.Ensure"
#define IDLE_CAP_MAILBOX_PERMISSIONS_ENSURE "IdLE.Mailbox.Permissions.Ensure"
#define IDLE_CAP_DIRSYNC_STATUS             "IdLE.DirectorySync.Status"
#define IDLE_CAP_DIRSYNC_TRIGGER            "IdLE.DirectorySync.Trigger"
#define IDLE_CAP_DIRSYNC_SINGLE_OBJECT      "IdLE.DirectorySync.SingleObject"

/* X(macro): every capability idle knows, in catalog order. */
#define IDLE_CAPABILITY_LIST(X)                                                                    \
	X(IDLE_CAP_IDENTITY_READ)                                                                  \
	X(IDLE_CAP_IDENTITY_LIST)                                                                  \
	X(IDLE_CAP_IDENTITY_CREATE)                                                                \
	X(IDLE_CAP_IDENTITY_ENABLE)                                                                \
	X(IDLE_CAP_IDENTITY_DISABLE)                                                               \
	X(IDLE_CAP_IDENTITY_MOVE)                                                                  \
	X(IDLE_CAP_IDENTITY_DELETE)                                                                \
	X(IDLE_CAP_IDENTITY_ATTRIBUTE_ENSURE)                                                      \
	X(IDLE_CAP_IDENTITY_REVOKE_SESSIONS)                                                       \
	X(IDLE_CAP_ENTITLEMENT_LIST)                                                               \
	X(IDLE_CAP_ENTITLEMENT_GRANT)                                                              \
	X(IDLE_CAP_ENTITLEMENT_REVOKE)                                                             \
	X(IDLE_CAP_ENTITLEMENT_PRUNE)                                                              \
	X(IDLE_CAP_MAILBOX_INFO_READ)                                                              \
	X(IDLE_CAP_MAILBOX_TYPE_ENSURE)                                                            \
	X(IDLE_CAP_MAILBOX_OOO_ENSURE)                                                             \
	X(IDLE_CAP_MAILBOX_PERMISSIONS_ENSURE)                                                     \
	X(IDLE_CAP_DIRSYNC_STATUS)                                                                 \
	X(IDLE_CAP_DIRSYNC_TRIGGER)                                                                \
	X(IDLE_CAP_DIRSYNC_SINGLE_OBJECT)

#endif
