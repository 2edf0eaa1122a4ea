/* fc_int.h - internals shared by the src/forecast files (not a public API) */
#ifndef STAFFPLAN_FC_INT_H
#define STAFFPLAN_FC_INT_H

#include "staffplan/forecast.h"

#include <math.h>

/* Weeks the same-interval methods and the closed-interval rule look back. */
#define FC_WEEKS_BACK 8

/* Value of day d, slot slot of s's training data (NAN: none). */
static inline double fc_fit(const struct fc_series *s, int d, int slot)
{
	return s->fit[(long)d * s->cal->nslots + slot];
}

/* Multiplicity of (d, slot): 0, 1 or 2 (fc_cal.mult). */
static inline int fc_mult(const struct fc_cal *cal, int d, int slot)
{
	return cal->mult ? cal->mult[(long)d * cal->nslots + slot] : 1;
}

/* Up to k values of slot on the weekday of day t from the days before
 * end that have data there, latest first; returns how many. */
int fc_same_slot(const struct fc_series *s, int t, int end, int slot, int k, double *out);

/* Does day d have data in every slot that exists on it? */
int fc_full_day(const struct fc_series *s, int d);

/* The methods: each fills o[i].out for every origin, before closure and
 * factors (fc_forecast applies those). */
void fc_seasonal_naive(const struct fc_series *s, struct fc_origin *o, int no);
void fc_week_average(const struct fc_series *s, struct fc_origin *o, int no);
void fc_median(const struct fc_series *s, struct fc_origin *o, int no);
void fc_holt_winters(const struct fc_series *s, struct fc_origin *o, int no);
/* month != 0: with the day-of-month cycle. */
void fc_profile(const struct fc_series *s, int month, struct fc_origin *o, int no);

#endif
