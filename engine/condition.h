/*
 * engine/condition.h - the declarative condition language of Condition and
 * Precondition (shared/spec/idle-planning.md section 6): its schema here;
 * evaluation comes with planning.
 *
 * node    -> group | operator
 * group   -> @{ All|Any|None = @( node, ... ) }         (at least one node)
 * operator-> @{ Equals|NotEquals|Contains|NotContains = @{ Path = ...; Value = ... } }
 *          | @{ Exists = 'path' } | @{ Exists = @{ Path = ... } }
 *          | @{ In = @{ Path = ...; Values = list-or-scalar } }
 *          | @{ Like|NotLike = @{ Path = ...; Pattern = ... } }
 */
#ifndef IDLE_ENGINE_CONDITION_H
#define IDLE_ENGINE_CONDITION_H

#include "engine/vctx.h"

#define IDLE_CODE_CONDITION "condition"

/*
 * Checks a node with IdLE's rules (Test-IdleConditionSchema), every problem
 * reported with code "condition"; v's path is the node's path on entry.
 * Returns the number of errors.
 */
size_t idle_cond_check(idle_vctx *v, const idle_value *node);

/* The operators, for walking a (valid) condition. */
typedef enum idle_cond_op {
	IDLE_COND_EQUALS,
	IDLE_COND_NOTEQUALS,
	IDLE_COND_EXISTS,
	IDLE_COND_IN,
	IDLE_COND_CONTAINS,
	IDLE_COND_NOTCONTAINS,
	IDLE_COND_LIKE,
	IDLE_COND_NOTLIKE
} idle_cond_op;

extern const char *const idle_cond_op_names[];

/*
 * Calls fn for the Path value of every operator node (depth first, source
 * order), whatever the rest of the node holds. Nodes that are not
 * well-formed are skipped. When v is given, its data path follows the walk.
 */
void idle_cond_walk_paths(const idle_value *node, idle_vctx *v,
                          void (*fn)(void *ud, idle_cond_op op, const idle_value *path,
                                     const idle_value *operand),
                          void *ud);

#endif
