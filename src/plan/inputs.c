/* inputs.c - a plan's four inputs: read from files or the database, parsed, stored
 *
 * Inputs are read as texts first and parsed together afterwards, because
 * each depends on another (a forecast on the config's queues and zone,
 * availability on the agents); import checks a new file the same way
 * against the inputs already stored.
 */
#include "plan_int.h"
#include "staffplan/fileio.h"
#include "staffplan/store.h"

#include <string.h>
#include <unistd.h>

static const char *const kinds[4] = { "config", "forecast", "agents", "availability" };
static const char *const default_names[4] = { "plan.ini", "forecast.csv", "agents.csv",
					      "availability.csv" };

void plan_texts_release(struct plan_texts *t)
{
	for (int i = 0; i < 4; i++) {
		free(t->name[i]);
		free(t->text[i]);
		t->name[i] = t->text[i] = NULL;
	}
}

sp_status plan_read_paths(const struct plan_paths *p, struct plan_texts *out, struct sp_err *err)
{
	const char *given[4] = { p->config, p->forecast, p->agents, p->availability };
	char path[4096];

	memset(out, 0, sizeof(*out));
	for (int i = 0; i < 4; i++) {
		if (given[i])
			snprintf(path, sizeof(path), "%s", given[i]);
		else
			snprintf(path, sizeof(path), "%s/%s", p->dir ? p->dir : ".", default_names[i]);
		if (i == PLAN_AVAIL && !given[i] && access(path, F_OK) != 0)
			continue; /* availability is optional */
		sp_status st = sp_read_file(path, &out->text[i], err);
		if (st != SP_OK) {
			plan_texts_release(out);
			return st;
		}
		out->name[i] = sp_xstrdup(path);
	}
	return SP_OK;
}

/* Every stored input of scenario; missing ones stay NULL. */
static sp_status get_stored(struct sp_db *db, const char *scenario, struct plan_texts *out, struct sp_err *err)
{
	memset(out, 0, sizeof(*out));
	for (int i = 0; i < 4; i++) {
		sp_status st = db_get_input(db, scenario, kinds[i], &out->name[i], &out->text[i], err);
		if (st != SP_OK) {
			plan_texts_release(out);
			return st;
		}
	}
	return SP_OK;
}

sp_status plan_read_db(struct sp_db *db, const char *scenario, struct plan_texts *out,
		       struct sp_err *err)
{
	sp_status st = get_stored(db, scenario, out, err);
	if (st != SP_OK)
		return st;
	for (int i = PLAN_FORECAST; i <= PLAN_AGENTS; i++)
		if (!out->text[i]) {
			plan_texts_release(out);
			return sp_err_set(err, SP_ERR_USAGE, "no %s imported yet (run 'staffplan import %s FILE')",
					  kinds[i], kinds[i]);
		}
	return SP_OK;
}

sp_status plan_parse(struct sp_input *in, const struct plan_texts *t, const char *const *sets,
		     int nsets, sp_status (*hook)(struct sp_input *, void *, struct sp_err *),
		     void *hook_arg, struct sp_err *err)
{
	sp_status st;

	st = sp_input_load_config(in, t->text[PLAN_CONFIG] ? t->text[PLAN_CONFIG] : "",
				  t->name[PLAN_CONFIG] ? t->name[PLAN_CONFIG] : "(defaults)", err);
	if (st != SP_OK)
		return st;
	for (int i = 0; i < nsets; i++) {
		char key[256];
		const char *eq = strchr(sets[i], '=');
		if (!eq || eq == sets[i] || (size_t)(eq - sets[i]) >= sizeof(key))
			return sp_err_set(err, SP_ERR_USAGE, "--set '%s': expected SECTION.KEY=VALUE", sets[i]);
		memcpy(key, sets[i], (size_t)(eq - sets[i]));
		key[eq - sets[i]] = '\0';
		if ((st = sp_input_set(in, key, eq + 1, err)) != SP_OK)
			return st;
	}
	if ((st = sp_input_load_agents(in, t->text[PLAN_AGENTS], t->name[PLAN_AGENTS], err)) != SP_OK)
		return st;
	if ((st = sp_input_load_forecast(in, t->text[PLAN_FORECAST], t->name[PLAN_FORECAST], err)) != SP_OK)
		return st;
	if (t->text[PLAN_AVAIL] &&
	    (st = sp_input_load_availability(in, t->text[PLAN_AVAIL], t->name[PLAN_AVAIL], err)) != SP_OK)
		return st;
	if (hook && (st = hook(in, hook_arg, err)) != SP_OK)
		return st;
	return sp_input_finish(in, err);
}

sp_status plan_store_texts(struct sp_db *db, const char *scenario, const struct plan_texts *t,
			   struct sp_err *err)
{
	for (int i = 0; i < 4; i++) {
		if (!t->text[i])
			continue;
		sp_status st = db_put_input(db, scenario, kinds[i], t->name[i], t->text[i], err);
		if (st != SP_OK)
			return st;
	}
	return SP_OK;
}

int plan_input_kind(const char *name)
{
	for (int k = 0; k < 4; k++)
		if (!strcmp(name, kinds[k]))
			return k;
	return -1;
}

/* Parses whatever subset of inputs is present, in dependency order. */
static sp_status validate(const struct plan_texts *t, struct sp_err *err)
{
	struct sp_input in;
	sp_status st;

	sp_input_init(&in);
	st = sp_input_load_config(&in, t->text[PLAN_CONFIG] ? t->text[PLAN_CONFIG] : "",
				  t->name[PLAN_CONFIG] ? t->name[PLAN_CONFIG] : "(defaults)", err);
	if (st == SP_OK && t->text[PLAN_AGENTS])
		st = sp_input_load_agents(&in, t->text[PLAN_AGENTS], t->name[PLAN_AGENTS], err);
	if (st == SP_OK && t->text[PLAN_FORECAST]) {
		st = sp_input_load_forecast(&in, t->text[PLAN_FORECAST], t->name[PLAN_FORECAST], err);
		if (st == SP_OK)
			st = sp_input_finish(&in, err);
	}
	if (st == SP_OK && t->text[PLAN_AVAIL]) {
		if (!t->text[PLAN_AGENTS])
			st = sp_err_set(err, SP_ERR_USAGE, "import agents before availability");
		else
			st = sp_input_load_availability(&in, t->text[PLAN_AVAIL], t->name[PLAN_AVAIL], err);
	}
	sp_input_release(&in);
	return st;
}

sp_status plan_import(struct sp_db *db, int kind, const char *path, struct sp_err *err)
{
	struct plan_texts t;
	sp_status st;

	SP_ASSERT(kind >= 0 && kind < 4);
	if ((st = get_stored(db, "base", &t, err)) != SP_OK)
		return st;
	free(t.name[kind]);
	free(t.text[kind]);
	t.name[kind] = sp_xstrdup(path);
	t.text[kind] = NULL;
	if ((st = sp_read_file(path, &t.text[kind], err)) == SP_OK && (st = validate(&t, err)) == SP_OK)
		st = db_put_input(db, "base", kinds[kind], t.name[kind], t.text[kind], err);
	plan_texts_release(&t);
	return st;
}
