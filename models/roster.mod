/* roster.mod - the staffplan roster problem, agent by agent (GNU MathProg)
 *
 * This is the model of the documentation written out directly: one binary
 * per agent and shift column.  staffplan does not solve it this way at scale
 * (see docs/MODEL.md: it aggregates agents and decomposes), but on small
 * instances the test suite solves this file with glpsol's engine and checks
 * that the decomposition reaches the same optimum.  `staffplan` writes the
 * data section (tests/unit/test_sched.c shows how).
 *
 * Several weeks (SPEC 7): hours, days and days off hold per 7-day week of
 * the horizon; rest and consecutive days across it and from the roster
 * before it (the rest after the last previous shift blocks columns; a
 * previous shift still running gives its agent fixed on-duty time).
 */

set A;                          /* agents */
set J;                          /* shift columns: a day, start, paid length, break */
set T;                          /* intervals of the horizon */
set C;                          /* (queue, language) cells with demand */
set D;                          /* days of the horizon, 1..n */
set W;                          /* weeks of the horizon, 1..m */

param wk{D} integer;            /* the week of a day */
param wlast{W} integer;         /* the last day of a week */
param day{J} integer;           /* the day a column starts on */
param paid{J} >= 0;             /* paid hours */
param cov{J, T} >= 0, default 0;/* on-duty fraction of the interval (break excluded) */
param cost{A, J} >= 0;          /* wage with night premium + preferred-off penalty */
param blocked{A, J} binary, default 0;   /* unavailable, or too soon after the previous roster */
param skill{A, C} binary, default 0;     /* may serve the cell */
param req{C, T} >= 0, default 0;         /* required agents (after shrinkage) */
param minh{A} >= 0;             /* per week */
param maxh{A} >= 0;             /* per week */
param maxd{A} >= 0;             /* per week */
param maxc integer >= 1;        /* max consecutive working days */
param mcdo integer >= 0;        /* min consecutive days off per week (0: no rule) */
param pen >= 0;                 /* understaffing penalty per agent-hour */
param dh > 0;                   /* interval length in hours */
param carry{A} integer >= 0, default 0;  /* days in a row worked just before the horizon */
param fix{A, T} >= 0, default 0;         /* on-duty time of a previous shift still running */
set CONF within J cross J;      /* pairs closer than the minimum rest */

var z{A, J} binary;             /* agent works column */
var y{a in A, c in C, t in T : skill[a, c] = 1} >= 0;  /* time given to a cell */
var u{C, T} >= 0;               /* understaffing */
var off{a in A, s in D : mcdo > 0 and s + mcdo - 1 <= wlast[wk[s]]} binary;

minimize total:
	sum{a in A, j in J} cost[a, j] * z[a, j] + pen * dh * sum{c in C, t in T} u[c, t];

s.t. one_a_day{a in A, d in D}: sum{j in J : day[j] = d} z[a, j] <= 1;
s.t. hours_min{a in A, w in W}: sum{j in J : wk[day[j]] = w} paid[j] * z[a, j] >= minh[a];
s.t. hours_max{a in A, w in W}: sum{j in J : wk[day[j]] = w} paid[j] * z[a, j] <= maxh[a];
s.t. days_max{a in A, w in W}: sum{j in J : wk[day[j]] = w} z[a, j] <= maxd[a];
s.t. rest{a in A, (j, k) in CONF}: z[a, j] + z[a, k] <= 1;
s.t. consecutive{a in A, w in D : w + maxc <= card(D)}:
	sum{j in J : day[j] >= w and day[j] <= w + maxc} z[a, j] <= maxc;
/* the window of maxc + 1 days that starts k days before the horizon holds
 * k days of the run worked before it */
s.t. carried{a in A, k in 1..maxc : carry[a] >= k}:
	sum{j in J : day[j] <= maxc - k + 1} z[a, j] <= maxc - k;
s.t. unavailable{a in A, j in J : blocked[a, j] = 1}: z[a, j] = 0;
s.t. allocate{a in A, t in T}:
	sum{c in C : skill[a, c] = 1} y[a, c, t] <= sum{j in J} cov[j, t] * z[a, j] + fix[a, t];
s.t. cover{c in C, t in T}: sum{a in A : skill[a, c] = 1} y[a, c, t] + u[c, t] >= req[c, t];
s.t. some_days_off{a in A, w in W : mcdo > 0 and mcdo <= card({d in D : wk[d] = w})}:
	sum{s in D : wk[s] = w and s + mcdo - 1 <= wlast[w]} off[a, s] >= 1;
s.t. days_off_run{a in A, s in D, d in D : mcdo > 0 and s + mcdo - 1 <= wlast[wk[s]] and d >= s and d <= s + mcdo - 1}:
	off[a, s] + sum{j in J : day[j] = d} z[a, j] <= 1;

end;
