/* req.c - the requirement table: N* per interval, queue and language
 *
 * Maps the forecast and the queue settings onto erlang.h's queue model,
 * finds N* for every cell and interval, and writes the table (SPEC §5.1).
 */
#include "staffplan/req.h"

/* what the loader accepts, the formulas must take */
_Static_assert((long)SP_MAX_TRAFFIC <= (long)ERLANG_MAX_TRAFFIC, "forecast traffic limit above erlang.h's");

#include <errno.h>
#include <math.h>
#include <string.h>

void req_erlang_queue(const struct sp_service *svc, double traffic, double aht,
		      struct erlang_queue *out)
{
	out->traffic = traffic;
	out->aht = aht / svc->concurrency;
	out->patience = svc->patience_seconds;
	out->answer = svc->target_answer_seconds;
}

void req_release(struct sp_reqs *r)
{
	free(r->cells);
	free(r->volume);
	free(r->arrivals);
	free(r->aht);
	free(r->traffic);
	free(r->required);
	free(r->sl);
	free(r->asa);
	free(r->abandon);
	free(r->agents);
	memset(r, 0, sizeof(*r));
}

static int find_cell(const struct sp_reqs *r, int queue, int lang)
{
	for (int c = 0; c < r->ncells; c++)
		if (r->cells[c].queue == queue && r->cells[c].lang == lang)
			return c;
	return -1;
}

/* Why the search found no N* for cell c at interval t: the traffic is above
 * what the formulas accept (a scaled what-if), or the targets cannot be met. */
static sp_status cell_error(const struct sp_input *in, const struct sp_reqs *r, int c, int t,
			    struct sp_err *err)
{
	const struct sp_queue_cfg *q = &in->cfg.queues[r->cells[c].queue];
	size_t k = (size_t)c * r->nint + (size_t)t;
	char ts[32];

	sp_time_format(&in->tz, r->start + (time_t)t * r->step, ts);
	if (!(r->traffic[k] <= ERLANG_MAX_TRAFFIC))
		return sp_err_set(err, SP_ERR_INPUT, "interval %s, queue '%s', language '%s': "
				  "traffic %.6g Erlangs (volume %.6g, aht %.6g s), expected at most "
				  "%.0f Erlangs per interval, queue and language", ts, q->name,
				  in->langs[r->cells[c].lang], r->traffic[k], r->volume[k], r->aht[k],
				  ERLANG_MAX_TRAFFIC);
	return sp_err_set(err, SP_ERR_INPUT, "interval %s, queue '%s', language '%s': no staffing "
			  "level up to %d agents meets the service level, occupancy and abandon "
			  "targets for %.6g Erlangs", ts, q->name, in->langs[r->cells[c].lang],
			  ERLANG_MAX_AGENTS, r->traffic[k]);
}

sp_status req_compute(const struct sp_input *in, struct sp_reqs *out, struct sp_err *err)
{
	struct sp_reqs r = { 0 };
	int cap = 0;

	memset(out, 0, sizeof(*out));
	r.nint = in->nint;
	r.start = in->horizon_start;
	r.step = in->cfg.interval_minutes * 60;
	for (int i = 0; i < in->nrows; i++) {
		const struct sp_fc_row *row = &in->rows[i];
		if (find_cell(&r, row->queue, row->lang) < 0) {
			SP_GROW(r.cells, r.ncells + 1, cap);
			r.cells[r.ncells].queue = row->queue;
			r.cells[r.ncells].lang = row->lang;
			r.ncells++;
		}
	}
	size_t n = (size_t)r.ncells * (size_t)r.nint;
	r.volume = sp_xcalloc(n, sizeof(double));
	r.arrivals = sp_xcalloc(n, sizeof(double));
	r.aht = sp_xcalloc(n, sizeof(double));
	r.traffic = sp_xcalloc(n, sizeof(double));
	r.required = sp_xcalloc(n, sizeof(double));
	r.sl = sp_xcalloc(n, sizeof(double));
	r.asa = sp_xcalloc(n, sizeof(double));
	r.abandon = sp_xcalloc(n, sizeof(double));
	r.agents = sp_xcalloc(n, sizeof(int));
	for (int c = 0; c < r.ncells; c++)
		for (int t = 0; t < r.nint; t++)
			r.aht[(size_t)c * r.nint + t] = in->cfg.queues[r.cells[c].queue].svc.aht_seconds;
	for (int i = 0; i < in->nrows; i++) {
		const struct sp_fc_row *row = &in->rows[i];
		long t = (long)(row->start - r.start) / r.step;
		if (t < 0 || t >= r.nint) {
			req_release(&r);
			return sp_err_set(err, SP_ERR_INTERNAL, "forecast row outside the horizon");
		}
		size_t k = (size_t)find_cell(&r, row->queue, row->lang) * r.nint + (size_t)t;
		r.volume[k] = row->volume;
		r.aht[k] = row->aht;
	}
	for (int c = 0; c < r.ncells; c++) {
		const struct sp_queue_cfg *q = &in->cfg.queues[r.cells[c].queue];
		const struct sp_service *svc = &q->svc;
		struct erlang_target target = { svc->target_service_level, svc->max_occupancy,
						svc->max_abandon_rate };
		for (int t = 0; t < r.nint; t++) {
			size_t k = (size_t)c * r.nint + (size_t)t;
			double lambda = r.volume[k] * (1.0 - svc->bot_deflection);
			struct erlang_queue eq;
			struct erlang_result er;
			r.arrivals[k] = lambda;
			r.traffic[k] = lambda * (r.aht[k] / svc->concurrency) / r.step;
			req_erlang_queue(svc, r.traffic[k], r.aht[k], &eq);
			if (erlang_staff(&eq, &target, &er) != SP_OK) {
				sp_status st = cell_error(in, &r, c, t, err);
				req_release(&r);
				return st;
			}
			r.agents[k] = er.agents;
			r.sl[k] = er.perf.sl;
			r.asa[k] = er.perf.asa;
			r.abandon[k] = svc->patience_seconds > 0 ? er.perf.p_abandon : NAN;
			double need = er.agents > q->min_agents ? er.agents : q->min_agents;
			r.required[k] = need / (1.0 - svc->shrinkage);
		}
	}
	*out = r;
	return SP_OK;
}

sp_status req_write(const struct sp_reqs *r, const struct sp_input *in, int format, FILE *f,
		    const char *where, struct sp_err *err)
{
	char ts[32], ab[32];

	if (format == REQ_CSV)
		fputs("start,queue,language,volume,aht,traffic,agents,required,service_level,asa,"
		      "abandon_rate\n", f);
	else if (format == REQ_TABLE)
		fprintf(f, "%-22s %-10s %-8s %9s %7s %9s %6s %9s %7s %8s %8s\n", "start", "queue",
			"language", "volume", "aht", "traffic", "agents", "required", "sl", "asa",
			"abandon");
	else
		fputs("[", f);
	int first = 1;
	for (int t = 0; t < r->nint; t++) {
		sp_time_format(&in->tz, r->start + (time_t)t * r->step, ts);
		for (int c = 0; c < r->ncells; c++) {
			size_t k = (size_t)c * r->nint + (size_t)t;
			const char *q = in->cfg.queues[r->cells[c].queue].name;
			const char *l = in->langs[r->cells[c].lang];
			int erlang_a = !isnan(r->abandon[k]);
			if (format == REQ_CSV) {
				if (erlang_a)
					snprintf(ab, sizeof(ab), "%.6f", r->abandon[k]);
				else
					ab[0] = '\0';
				fprintf(f, "%s,%s,%s,%.6g,%.6g,%.6f,%d,%.9f,%.6f,%.4f,%s\n", ts, q, l,
					r->volume[k], r->aht[k], r->traffic[k], r->agents[k],
					r->required[k], r->sl[k], r->asa[k], ab);
			} else if (format == REQ_TABLE) {
				if (erlang_a)
					snprintf(ab, sizeof(ab), "%8.4f", r->abandon[k]);
				else
					snprintf(ab, sizeof(ab), "%8s", "-");
				fprintf(f, "%-22s %-10s %-8s %9.2f %7.1f %9.3f %6d %9.3f %7.4f %8.2f %s\n",
					ts, q, l, r->volume[k], r->aht[k], r->traffic[k], r->agents[k],
					r->required[k], r->sl[k], r->asa[k], ab);
			} else {
				if (erlang_a)
					snprintf(ab, sizeof(ab), "%.6f", r->abandon[k]);
				else
					snprintf(ab, sizeof(ab), "null");
				fprintf(f, "%s\n {\"start\": \"%s\", \"queue\": \"%s\", \"language\": \"%s\", "
					"\"volume\": %.6g, \"aht\": %.6g, \"traffic\": %.6f, \"agents\": %d, "
					"\"required\": %.9f, \"service_level\": %.6f, \"asa\": %.4f, "
					"\"abandon_rate\": %s}",
					first ? "" : ",", ts, q, l, r->volume[k], r->aht[k], r->traffic[k],
					r->agents[k], r->required[k], r->sl[k], r->asa[k], ab);
				first = 0;
			}
		}
	}
	if (format == REQ_JSON)
		fputs("\n]\n", f);
	if (fflush(f) != 0 || ferror(f))
		return sp_err_set(err, SP_ERR_IO, "cannot write the requirement table to %s: %s", where,
				  strerror(errno ? errno : EIO));
	return SP_OK;
}
