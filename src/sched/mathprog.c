/* mathprog.c - the data section of models/roster.mod for one instance
 *
 * Every column, agent, cost and rule the solver uses, written for the
 * plain agent-level model, so that GLPK's MathProg engine can cross-check
 * the decomposition on small instances (tests/unit/test_sched.c).
 */
#include "sched_int.h"
#include "staffplan/fileio.h"

#include <stdio.h>

sp_status sched_write_mathprog(const struct sp_input *in, const struct sp_reqs *req,
			       const struct sched_opts *opts, const char *path, struct sp_err *err)
{
	struct sched s = { 0 };
	struct sp_out o;
	sp_status st;

	if ((st = sched_build(&s, in, req, opts, err)) != SP_OK)
		goto done;
	if ((st = sp_out_open(&o, path, err)) != SP_OK)
		goto done;
	FILE *f = o.f;
	fprintf(f, "data;\nset A :=");
	for (int a = 0; a < in->nagents; a++)
		fprintf(f, " %d", a + 1);
	fprintf(f, ";\nset J :=");
	for (int j = 0; j < s.ncols; j++)
		fprintf(f, " %d", j + 1);
	fprintf(f, ";\nset T :=");
	for (int t = 0; t < s.nint; t++)
		fprintf(f, " %d", t + 1);
	fprintf(f, ";\nset C :=");
	for (int c = 0; c < s.ncells; c++)
		fprintf(f, " %d", c + 1);
	fprintf(f, ";\nset D :=");
	for (int d = 0; d < s.ndays; d++)
		fprintf(f, " %d", d + 1);
	fprintf(f, ";\nparam day :=");
	for (int j = 0; j < s.ncols; j++)
		fprintf(f, " %d %d", j + 1, s.cols[j].day + 1);
	fprintf(f, ";\nparam paid :=");
	for (int j = 0; j < s.ncols; j++)
		fprintf(f, " %d %.17g", j + 1, s.cols[j].paid_min / 60.0);
	fprintf(f, ";\nparam cov :=");
	for (int j = 0; j < s.ncols; j++)
		for (int i = 0; i < s.cols[j].ncov; i++)
			fprintf(f, "\n %d %d %.17g", j + 1, s.cov_t[s.cols[j].cov0 + i] + 1,
				s.cov_f[s.cols[j].cov0 + i]);
	fprintf(f, ";\nparam cost :=");
	for (int a = 0; a < in->nagents; a++)
		for (int j = 0; j < s.ncols; j++)
			fprintf(f, "\n %d %d %.17g", a + 1, j + 1, sched_col_cost(&s, a, j));
	fprintf(f, ";\nparam blocked :=");
	for (int a = 0; a < in->nagents; a++)
		for (int j = 0; j < s.ncols; j++)
			if (sched_blocked(&s, a, j))
				fprintf(f, " %d %d 1", a + 1, j + 1);
	fprintf(f, ";\nparam skill :=");
	for (int a = 0; a < in->nagents; a++)
		for (int c = 0; c < s.ncells; c++)
			if (s.agent_cell[(size_t)a * s.ncells + c])
				fprintf(f, " %d %d 1", a + 1, c + 1);
	fprintf(f, ";\nparam req :=");
	for (int c = 0; c < s.ncells; c++)
		for (int t = 0; t < s.nint; t++)
			if (req->required[(size_t)c * s.nint + t] > 0)
				fprintf(f, "\n %d %d %.17g", c + 1, t + 1, req->required[(size_t)c * s.nint + t]);
	fprintf(f, ";\nparam minh :=");
	for (int a = 0; a < in->nagents; a++)
		fprintf(f, " %d %.17g", a + 1, in->agents[a].min_hours);
	fprintf(f, ";\nparam maxh :=");
	for (int a = 0; a < in->nagents; a++)
		fprintf(f, " %d %.17g", a + 1, in->agents[a].max_hours);
	fprintf(f, ";\nparam maxd :=");
	for (int a = 0; a < in->nagents; a++)
		fprintf(f, " %d %d", a + 1, in->agents[a].max_days);
	fprintf(f, ";\nparam maxc := %d;\nparam mcdo := %d;\nparam pen := %.17g;\nparam dh := %.17g;\n",
		in->cfg.max_consecutive_days, in->cfg.min_consecutive_days_off,
		in->cfg.understaffing_penalty, s.step / 3600.0);
	fprintf(f, "set CONF :=");
	for (int j = 0; j < s.ncols; j++)
		for (int k = 0; k < s.ncols; k++)
			if (s.cols[k].day > s.cols[j].day && s.cols[k].start - s.cols[j].end < s.rest_s)
				fprintf(f, " (%d,%d)", j + 1, k + 1);
	fprintf(f, ";\nend;\n");
	st = sp_out_commit(&o, err);
done:
	sched_release(&s);
	return st;
}
