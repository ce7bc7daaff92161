/*
 * idle/config.h - the providers file: which providers serve a workflow, the
 * auth sessions they may use, execution options, and metadata for host step
 * types. What IdLE's host script builds in PowerShell, as data:
 *
 *   @{
 *     Providers = @{
 *       Identity      = @{ Type = 'Mock'; Identities = @{ ... } }
 *       DirectorySync = @{ Type = 'MockDirectorySync'; CycleSeconds = 30 }
 *     }
 *     AuthSessions = @{
 *       SessionMap = @(
 *         @{ Match = @{ AuthSessionName = 'EntraConnect' }; AuthSessionType = 'Credential'
 *            Credential = @{ UserName = 'CORP\svc'; PasswordEnv = 'IDLE_AADC_PASSWORD' } }
 *       )
 *       DefaultAuthSession = $null
 *     }
 *     ExecutionOptions = @{ RetryProfiles = @{ Default = @{ MaxAttempts = 3 } } }
 *     StepMetadata = @{ 'Contoso.Step.X' = @{ RequiredCapabilities = @('IdLE.Identity.Read')
 *                                             WithSchema = @{ RequiredKeys = @('IdentityKey')
 *                                                             OptionalKeys = @() } } }
 *   }
 *
 * Secrets never appear in the file: credentials name environment variables
 * (PasswordEnv, TokenEnv, ClientSecretEnv) or files (PasswordFile, ...).
 */
#ifndef IDLE_CONFIG_H
#define IDLE_CONFIG_H

#include "common.h"
#include "diag.h"
#include "document.h"
#include "host.h"

IDLE_BEGIN_DECL

typedef struct idle_config idle_config;

/**
 * Checks a parsed providers file and sets its providers up (a Mock loads its
 * Identities and StatePath). Every problem is reported to diags with its
 * location and data path.
 *
 * @param out   receives the configuration (free with idle_config_free); it
 *              borrows from doc and host, which must outlive it
 * @return 0; IDLE_EINVALID (details in diags); IDLE_ENOMEM; IDLE_EARG
 */
IDLE_EXTERN(int)
idle_config_load(idle_config **out, const idle_host *host, const idle_doc *doc, idle_diags *diags);
IDLE_EXTERN(void) idle_config_free(idle_config *cfg);

/**
 * Adds the file's StepMetadata step types to host, so that validation,
 * planning and `idle steps` know them. The types live in cfg: free the host
 * (or stop using it) before cfg.
 */
IDLE_EXTERN(int) idle_config_register_steps(const idle_config *cfg, idle_host *host);

IDLE_EXTERN(size_t) idle_config_provider_count(const idle_config *cfg);
/** The alias of provider i (in file order), or NULL. */
IDLE_EXTERN(const char *) idle_config_provider_alias(const idle_config *cfg, size_t i);
/** The type name of provider i ("Mock"), or NULL. */
IDLE_EXTERN(const char *) idle_config_provider_type(const idle_config *cfg, size_t i);

IDLE_END_DECL

#endif
