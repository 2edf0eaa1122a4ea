/* rescue.c - a valid week for an agent the min_hours repair left short
 *
 * The repair (eval.c) adds or lengthens one shift at a time, so it cannot
 * reach min_hours where the week's shifts must be re-timed together: with
 * max_consecutive_days = 3 and min_consecutive_days_off = 3, a fourth
 * shift fits only once the days off lie together.  Before a run calls an
 * agent infeasible (exit 3), this searches that agent's week exactly:
 * every pattern of working days the day rules allow, and per pattern a
 * dynamic programme over its days whose state is the shift of the working
 * day before (rest) and whose value is the set of paid totals it can reach
 * (a bit set), so any total within [min_hours, max_hours] is found.  The
 * other weeks stay as they are; what it returns passes the rule check.
 */
#include "sched_int.h"

#include "staffplan/text.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Shifts one day may take: one per (start, end), since breaks do not
 * touch the rules; the cheapest of them. */
struct dayc {
	int *col, n;
	int most;                       /* the longest paid time, in units */
};

struct rescue {
	struct sched *s;
	int a, d0, len;
	int unit, minu, maxu, words;    /* paid time in units of unit minutes */
	struct dayc day[7];
	uint64_t *reach;                /* [i][c][words] of the mask's i-th day */
	int cap;                        /* candidates per day the table holds */
};

static void day_candidates(struct rescue *r, int i)
{
	struct sched *s = r->s;
	int d = r->d0 + i;
	struct dayc *dc = &r->day[i];

	dc->col = sp_xcalloc((size_t)(s->day_first[d + 1] - s->day_first[d]) + 1, sizeof(int));
	for (int j = s->day_first[d]; j < s->day_first[d + 1]; j++) {
		const struct scol *c = &s->cols[j];
		int k = 0;
		if (sched_blocked(s, r->a, j) || c->paid_min <= 0)
			continue;
		while (k < dc->n && (s->cols[dc->col[k]].start != c->start || s->cols[dc->col[k]].end != c->end))
			k++;
		if (k == dc->n)
			dc->col[dc->n++] = j;
		else if (sched_col_cost(s, r->a, j) < sched_col_cost(s, r->a, dc->col[k]))
			dc->col[k] = j;
	}
}

/* The days in a row the agent works through day d when the week works
 * the days of mask; the other weeks as they are. */
static int runs_ok(const struct rescue *r, unsigned mask)
{
	const struct sched *s = r->s;
	const int *as = &s->assign[(size_t)r->a * s->ndays];
	int run = s->carry_run ? s->carry_run[r->a] : 0;

	for (int d = 0; d < s->ndays; d++) {
		int works = d >= r->d0 && d < r->d0 + r->len ? (int)(mask >> (d - r->d0) & 1) : as[d] >= 0;
		run = works ? run + 1 : 0;
		if (run > s->in->cfg.max_consecutive_days)
			return 0;
	}
	return 1;
}

static int days_off_ok(const struct rescue *r, unsigned mask)
{
	int need = r->s->in->cfg.min_consecutive_days_off, off = 0;

	if (need <= 0 || need > r->len)
		return 1;
	for (int i = 0; i < r->len; i++) {
		off = mask >> i & 1 ? 0 : off + 1;
		if (off >= need)
			return 1;
	}
	return 0;
}

/* Is there rest enough between col p and col q (-1: no shift)? */
static int rested(const struct sched *s, int p, int q)
{
	return p < 0 || q < 0 || s->cols[q].start - s->cols[p].end >= s->rest_s;
}

/* The shift nearest before day d0 (outside the week) within reach of the
 * rest rule, or -1; and the nearest after the week. */
static int outside(const struct rescue *r, int dir)
{
	const struct sched *s = r->s;
	const int *as = &s->assign[(size_t)r->a * s->ndays];
	int d = dir < 0 ? r->d0 - 1 : r->d0 + r->len;

	for (int k = 0; k <= s->rest_days && d >= 0 && d < s->ndays; k++, d += dir)
		if (as[d] >= 0)
			return as[d];
	return -1;
}

static uint64_t *cell(const struct rescue *r, int i, int c)
{
	return &r->reach[((size_t)i * r->cap + c) * r->words];
}

static int has(const uint64_t *b, int u)
{
	return b[u / 64] >> (u % 64) & 1;
}

/* to |= from shifted up by u bits, within n words. */
static void or_shifted(uint64_t *to, const uint64_t *from, int u, int n)
{
	int q = u / 64, b = u % 64;

	for (int i = n - 1; i >= q; i--) {
		uint64_t x = from[i - q] << b;
		if (b && i - q - 1 >= 0)
			x |= from[i - q - 1] >> (64 - b);
		to[i] |= x;
	}
}

/* Fills the table for the working days days[0..k) and returns the least
 * total >= minu some last shift reaches (-1: none), with that shift. */
static int fill(struct rescue *r, const int *days, int k, int *last)
{
	const struct sched *s = r->s;
	int before = outside(r, -1), after = outside(r, +1);

	memset(r->reach, 0, (size_t)k * r->cap * r->words * sizeof(uint64_t));
	for (int i = 0; i < k; i++) {
		const struct dayc *dc = &r->day[days[i]];
		for (int c = 0; c < dc->n; c++) {
			int col = dc->col[c], u = s->cols[col].paid_min / r->unit;
			uint64_t *to = cell(r, i, c);
			if (i == k - 1 && !rested(s, col, after))
				continue;
			if (i == 0) {
				if (rested(s, before, col) && u <= r->maxu)
					to[u / 64] |= (uint64_t)1 << (u % 64);
				continue;
			}
			const struct dayc *pd = &r->day[days[i - 1]];
			for (int p = 0; p < pd->n; p++) {
				if (!rested(s, pd->col[p], col))
					continue;
				or_shifted(to, cell(r, i - 1, p), u, r->words);
			}
			if (r->maxu % 64 != 63) /* totals above max_hours do not count */
				to[r->words - 1] &= ((uint64_t)1 << (r->maxu % 64 + 1)) - 1;
		}
	}
	for (int v = r->minu; v <= r->maxu; v++)
		for (int c = 0; c < r->day[days[k - 1]].n; c++)
			if (has(cell(r, k - 1, c), v)) {
				*last = c;
				return v;
			}
	return -1;
}

/* Writes the shifts that reach total v ending with candidate c of the
 * last working day into the agent's week. */
static void trace_back(struct rescue *r, const int *days, int k, int v, int c)
{
	const struct sched *s = r->s;
	int *as = &s->assign[(size_t)r->a * s->ndays];

	for (int i = 0; i < r->len; i++)
		as[r->d0 + i] = -1;
	for (int i = k - 1; i >= 0; i--) {
		int col = r->day[days[i]].col[c];
		as[r->d0 + days[i]] = col;
		if (!i)
			break;
		v -= s->cols[col].paid_min / r->unit;
		const struct dayc *pd = &r->day[days[i - 1]];
		for (c = 0; c < pd->n; c++)
			if (rested(s, pd->col[c], col) && has(cell(r, i - 1, c), v))
				break;
	}
}

static int popcount(unsigned m)
{
	return __builtin_popcount(m);
}

int sched_rescue_week(struct sched *s, int a, int w)
{
	const struct sp_agent *ag = &s->in->agents[a];
	struct rescue r = { .s = s, .a = a, .d0 = sched_week_first(s, w), .len = sched_week_len(s, w) };
	int *as = &s->assign[(size_t)a * s->ndays];
	int old[7], found = 0, unit = 0;

	memcpy(old, &as[r.d0], (size_t)r.len * sizeof(int));
	for (int i = 0; i < r.len; i++) {
		day_candidates(&r, i);
		for (int c = 0; c < r.day[i].n; c++)
			unit = sp_gcd(unit, s->cols[r.day[i].col[c]].paid_min);
		if (r.day[i].n > r.cap)
			r.cap = r.day[i].n;
	}
	if (!unit)
		goto out;
	r.unit = unit;
	r.minu = (int)ceil(ag->min_hours * 60 / unit - 1e-9);
	r.maxu = (int)floor(ag->max_hours * 60 / unit + 1e-9);
	for (int i = 0; i < r.len; i++)
		for (int c = 0; c < r.day[i].n; c++)
			if (s->cols[r.day[i].col[c]].paid_min / unit > r.day[i].most)
				r.day[i].most = s->cols[r.day[i].col[c]].paid_min / unit;
	if (r.maxu < r.minu)
		goto out;
	r.words = r.maxu / 64 + 1;
	r.reach = sp_xcalloc((size_t)r.len * r.cap * r.words + 1, sizeof(uint64_t));
	/* fewer working days first: fewer shifts, usually cheaper */
	for (int ndays = 1; ndays <= ag->max_days && ndays <= r.len && !found; ndays++)
		for (unsigned mask = 1; mask < 1u << r.len && !found && !sched_stopped(s); mask++) {
			int days[7], k = 0, last, v;
			if (popcount(mask) != ndays || !days_off_ok(&r, mask) || !runs_ok(&r, mask))
				continue;
			for (int i = 0; i < r.len; i++)
				if (mask >> i & 1)
					days[k++] = i;
			int most = 0, empty = 0;
			for (int i = 0; i < k; i++) {
				empty |= !r.day[days[i]].n;
				most += r.day[days[i]].most;
			}
			if (empty || most < r.minu || (v = fill(&r, days, k, &last)) < 0)
				continue;
			trace_back(&r, days, k, v, last);
			uint64_t dmask = 0;
			for (int i = 0; i < r.len; i++)
				dmask |= (uint64_t)1 << (r.d0 + i);
			if (!sched_check_change(s, a, dmask, NULL, NULL, 0) &&
			    sched_week_minutes(s, a, w) >= ag->min_hours * 60 - 1e-6)
				found = 1;
			else
				memcpy(&as[r.d0], old, (size_t)r.len * sizeof(int));
		}
out:
	for (int i = 0; i < r.len; i++)
		free(r.day[i].col);
	free(r.reach);
	return found;
}
