/*
 * idle/idle.h - everything: include this one header to use the library.
 */
#ifndef IDLE_IDLE_H
#define IDLE_IDLE_H

#include "common.h"
#include "diag.h"
#include "value.h"
#include "document.h"
#include "json.h"
#include "host.h"
#include "validate.h"
#include "request.h"
#include "config.h"
#include "session.h"
#include "plan.h"
#include "run.h"
#include "doctor.h"

#endif
