/* scenario.h - what-if scenarios: named change lists over the base inputs
 *
 * A scenario is stored as text, one change a line:
 *   scale language=ko,queue=chat,day=mon,hours=08-12 1.3
 *   set service.bot_deflection=0.25
 *   set hire.ja=5
 * Its inputs are the base inputs with the changes of every scenario it
 * derives from (--from), oldest first, then its own.
 */
#ifndef STAFFPLAN_SCENARIO_H
#define STAFFPLAN_SCENARIO_H

#include "staffplan/input.h"
#include "staffplan/buf.h"

struct sp_db;

/* Turns one --scale argument "SEL:FACTOR" (or "SEL=FACTOR" with the last
 * '=' before a number) into a change line appended to out.  Syntax errors
 * return SP_ERR_USAGE naming the argument. */
sp_status scen_add_scale(struct buf *out, const char *arg, struct sp_err *err);
/* Appends "set KEY=VALUE" (syntax check only; keys are checked on parse). */
sp_status scen_add_set(struct buf *out, const char *arg, struct sp_err *err);

/* Full change list of scenario name (its bases' first).  OUT: *changes is a
 * new string (caller frees). "base" has no changes. */
sp_status scen_resolve(struct sp_db *db, const char *name, char **changes, struct sp_err *err);

/* Parses the base inputs of db with changes applied (and, when
 * hire_candidates > 0, that many hypothetical agents per language for the
 * hiring recommendation).  in must be initialised by the caller.
 * Unknown language or queue in a selector, factor <= 0, unknown key: SP_ERR_INPUT. */
sp_status scen_load(struct sp_db *db, const char *changes, const char *const *extra_sets,
		    int nextra, int hire_candidates, struct sp_input *in, struct sp_err *err);

/* Checks changes (scen_add_* lines), after those of scenario from, against
 * the base inputs and stores them as scenario name, deriving from from.
 * Nothing is stored when they do not load (scen_load's errors), from is
 * unknown, or name exists (SP_ERR_USAGE, SP_ERR_DB). */
sp_status scen_create(struct sp_db *db, const char *name, const char *from, const char *changes,
		      struct sp_err *err);

/* A scenario is solved and stored with plan_solve (plan.h), its name in
 * struct plan_request.scenario. */

#endif
