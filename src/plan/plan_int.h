/* plan_int.h - what src/plan's files share: the input texts and their parsing
 *
 * A plan's four inputs are first read as texts (from files or from the
 * database), then parsed together; the texts are kept so that a plan from
 * files can store exactly what it read.
 */
#ifndef STAFFPLAN_PLAN_INT_H
#define STAFFPLAN_PLAN_INT_H

#include "staffplan/plan.h"

/* The four input texts with the names to quote in messages; owns both. */
struct plan_texts {
	char *name[4];
	char *text[4];   /* availability may be NULL */
};
enum { PLAN_CONFIG, PLAN_FORECAST, PLAN_AGENTS, PLAN_AVAIL };

void plan_texts_release(struct plan_texts *t);
/* OUT: *out (released on error).  A missing availability file in p->dir is
 * no error; any other missing file is. */
sp_status plan_read_paths(const struct plan_paths *p, struct plan_texts *out, struct sp_err *err);
/* The stored inputs of scenario; forecast and agents must be there. */
sp_status plan_read_db(struct sp_db *db, const char *scenario, struct plan_texts *out, struct sp_err *err);

/* Parses the texts into in (initialised by the caller), applying the
 * "section.key=value" overrides after plan.ini.  hook, when non-NULL, edits
 * the input after the files are read and before the horizon is fixed
 * (scenarios scale the forecast and add hires there). */
sp_status plan_parse(struct sp_input *in, const struct plan_texts *t, const char *const *sets,
		     int nsets, sp_status (*hook)(struct sp_input *, void *, struct sp_err *),
		     void *hook_arg, struct sp_err *err);

/* Stores every text as the inputs of scenario, in the caller's transaction. */
sp_status plan_store_texts(struct sp_db *db, const char *scenario, const struct plan_texts *t,
			   struct sp_err *err);

/* Does --previous's value spec name a stored run: digits only ("12"; not
 * "none", "12x" or "./12", which name files)?  OUT: *id, 0 when too large. */
int plan_previous_run_id(const char *spec, long long *id);

#endif
