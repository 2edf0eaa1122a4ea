/* output.c - forecast.csv and the accuracy file of a forecast run
 *
 * forecast.csv goes back into `staffplan plan`, so it is exactly SPEC 3.1:
 * every real interval of the horizon (two rows for the autumn DST hour,
 * none for the spring one) for every series, with the site's offset.
 */
#include "staffplan/fcrun.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* CSV field: quoted when it holds a comma, quote or line break. */
static void put_field(struct buf *b, const char *s)
{
	if (!s[strcspn(s, ",\"\r\n")]) {
		buf_puts(b, s);
		return;
	}
	buf_putc(b, '"');
	for (; *s; s++) {
		if (*s == '"')
			buf_putc(b, '"');
		buf_putc(b, *s);
	}
	buf_putc(b, '"');
}

void fcr_write_forecast(const struct fcr *r, struct buf *out)
{
	const struct sp_history *h = r->h;
	int step = h->interval_min * 60;
	char when[32];

	buf_puts(out, h->has_aht ? "start,queue,language,volume,aht\n"
				  : "start,queue,language,volume\n");
	for (int dd = 0; dd < r->ndays; dd++) {
		int d = r->t0 + dd;
		for (int k = h->iv_first[d]; k < h->iv_first[d + 1]; k++) {
			int j = h->iv_slot[k];
			sp_time_format(&h->tz, h->day_start[d] + (time_t)(k - h->iv_first[d]) * step,
				       when);
			for (int i = 0; i < h->nseries; i++) {
				const struct fcr_series *x = &r->s[i];
				double v = x->res.out[dd * h->nslots + j];
				buf_printf(out, "%s,", when);
				put_field(out, h->series[i].queue);
				buf_putc(out, ',');
				put_field(out, h->series[i].lang);
				buf_printf(out, ",%.2f", v);
				if (x->aht && !isnan(x->aht[dd * h->nslots + j]))
					buf_printf(out, ",%.1f", x->aht[dd * h->nslots + j]);
				else if (h->has_aht)
					buf_putc(out, ',');
				buf_putc(out, '\n');
			}
		}
	}
}

static void put_num(struct buf *b, double v, const char *fmt)
{
	buf_putc(b, ',');
	if (!isnan(v))
		buf_printf(b, fmt, v);
}

static void put_row(struct buf *out, const struct sp_hseries *hs, const struct fcr_series *x,
		    int m)
{
	const struct fc_accuracy *a = &x->res.acc[m];

	put_field(out, hs->queue);
	buf_putc(out, ',');
	put_field(out, hs->lang);
	buf_printf(out, ",%s", fc_method_name(m));
	put_num(out, a->wape_interval, "%.4f");
	put_num(out, a->wape_day, "%.4f");
	put_num(out, a->wape_week, "%.4f");
	put_num(out, a->bias, "%.4f");
	buf_printf(out, ",%d", m == x->res.method);
	put_num(out, x->aht_mean, "%.1f");
	put_num(out, x->patience, "%.1f");
	buf_putc(out, '\n');
}

void fcr_write_accuracy(const struct fcr *r, struct buf *out)
{
	const struct sp_history *h = r->h;

	buf_puts(out, "queue,language,method,wape_interval,wape_day,wape_week,bias,chosen,"
		      "aht_seconds,patience_seconds\n");
	for (int i = 0; i < h->nseries; i++) {
		const struct fcr_series *x = &r->s[i];
		int any = 0;
		for (int m = 0; m < FC_NMETHODS; m++)
			if (x->res.tried[m]) {
				put_row(out, &h->series[i], x, m);
				any = 1;
			}
		if (!any)
			put_row(out, &h->series[i], x, x->res.method);
	}
}

void fcr_write_warnings(const struct fcr *r, struct buf *out)
{
	const struct sp_history *h = r->h;
	char when[32];

	for (int i = 0; i < h->nseries; i++) {
		const struct fc_result *res = &r->s[i].res;
		for (int m = 0; m < FC_NMETHODS; m++) {
			const struct fc_peak *pk = &res->peak[m];
			int k = h->iv_first[pk->day];
			if (!res->implausible[m])
				continue;
			/* the first real interval of the slot that day */
			while (k < h->iv_first[pk->day + 1] - 1 && h->iv_slot[k] != pk->slot)
				k++;
			sp_time_format(&h->tz, h->day_start[pk->day] +
				       (time_t)(k - h->iv_first[pk->day]) * h->interval_min * 60, when);
			buf_printf(out, "series %s/%s: %s forecasts %.2f contacts at %s, over %g times "
				   "the most that time of day had in the last 8 weeks (%.2f): ",
				   h->series[i].queue, h->series[i].lang, fc_method_name(m), pk->value,
				   when, FC_IMPLAUSIBLE, pk->recent_max);
			if (m == res->method && r->o.method != FC_AUTO)
				buf_puts(out, "kept, as --method asked for it (auto would pass it over)\n");
			else if (m == res->method)
				buf_puts(out, "used, as nothing else was left\n");
			else
				buf_printf(out, "passed over, using %s\n", fc_method_name(res->method));
		}
	}
}
