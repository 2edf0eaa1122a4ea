/* req.c - Erlang C staffing per interval, queue and language */
#include "staffplan/req.h"

#include <math.h>
#include <string.h>

double erlang_c(int n, double a)
{
	double b = 1.0;

	if (a <= 0)
		return 0.0;
	if (n <= a)
		return 1.0;
	for (int k = 1; k <= n; k++)
		b = a * b / (k + a * b);
	return n * b / (n - a * (1.0 - b));
}

double erlang_sl(int n, double a, double aht, double target_answer)
{
	if (a <= 0)
		return 1.0;
	if (n <= a)
		return 0.0;
	return 1.0 - erlang_c(n, a) * exp(-(n - a) * target_answer / aht);
}

void erlang_staff(double a, double aht, const struct sp_service *svc, struct erlang_result *out)
{
	double b = 1.0;
	int n;

	if (a <= 0) {
		out->agents = 0;
		out->sl = 1.0;
		out->asa = 0.0;
		return;
	}
	/* Walk N upwards carrying B(N) so the search is linear in N*. */
	for (n = 1;; n++) {
		b = a * b / (n + a * b);
		if (n <= a)
			continue;
		double c = n * b / (n - a * (1.0 - b));
		double sl = 1.0 - c * exp(-(n - a) * svc->target_answer_seconds / aht);
		if (sl >= svc->target_service_level && a / n <= svc->max_occupancy) {
			out->agents = n;
			out->sl = sl;
			out->asa = c * aht / (n - a);
			return;
		}
	}
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

sp_status req_compute(const struct sp_input *in, struct sp_reqs *out, struct sp_err *err)
{
	struct sp_reqs r = { 0 };
	int cap = 0;

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
		for (int t = 0; t < r.nint; t++) {
			size_t k = (size_t)c * r.nint + (size_t)t;
			double lambda = r.volume[k] * (1.0 - svc->bot_deflection);
			double h = r.aht[k] / svc->concurrency;
			struct erlang_result er;
			r.arrivals[k] = lambda;
			r.traffic[k] = lambda * h / r.step;
			erlang_staff(r.traffic[k], h, svc, &er);
			r.agents[k] = er.agents;
			r.sl[k] = er.sl;
			r.asa[k] = er.asa;
			double need = er.agents > q->min_agents ? er.agents : q->min_agents;
			r.required[k] = need / (1.0 - svc->shrinkage);
		}
	}
	*out = r;
	return SP_OK;
}

sp_status req_write(const struct sp_reqs *r, const struct sp_input *in, int format, FILE *f,
		    struct sp_err *err)
{
	char ts[32];

	if (format == REQ_CSV)
		fputs("start,queue,language,volume,aht,traffic,agents,required,service_level,asa\n", f);
	else if (format == REQ_TABLE)
		fprintf(f, "%-22s %-10s %-8s %9s %7s %9s %6s %9s %7s %8s\n", "start", "queue",
			"language", "volume", "aht", "traffic", "agents", "required", "sl", "asa");
	else
		fputs("[", f);
	int first = 1;
	for (int t = 0; t < r->nint; t++) {
		sp_time_format(&in->tz, r->start + (time_t)t * r->step, ts);
		for (int c = 0; c < r->ncells; c++) {
			size_t k = (size_t)c * r->nint + (size_t)t;
			const char *q = in->cfg.queues[r->cells[c].queue].name;
			const char *l = in->langs[r->cells[c].lang];
			if (format == REQ_CSV)
				fprintf(f, "%s,%s,%s,%.6g,%.6g,%.6f,%d,%.6f,%.6f,%.4f\n", ts, q, l,
					r->volume[k], r->aht[k], r->traffic[k], r->agents[k],
					r->required[k], r->sl[k], r->asa[k]);
			else if (format == REQ_TABLE)
				fprintf(f, "%-22s %-10s %-8s %9.2f %7.1f %9.3f %6d %9.3f %7.4f %8.2f\n",
					ts, q, l, r->volume[k], r->aht[k], r->traffic[k], r->agents[k],
					r->required[k], r->sl[k], r->asa[k]);
			else {
				fprintf(f, "%s\n {\"start\": \"%s\", \"queue\": \"%s\", \"language\": \"%s\", "
					"\"volume\": %.6g, \"aht\": %.6g, \"traffic\": %.6f, \"agents\": %d, "
					"\"required\": %.6f, \"service_level\": %.6f, \"asa\": %.4f}",
					first ? "" : ",", ts, q, l, r->volume[k], r->aht[k], r->traffic[k],
					r->agents[k], r->required[k], r->sl[k], r->asa[k]);
				first = 0;
			}
		}
	}
	if (format == REQ_JSON)
		fputs("\n]\n", f);
	if (ferror(f))
		return sp_err_set(err, SP_ERR_IO, "cannot write the requirement table");
	return SP_OK;
}
