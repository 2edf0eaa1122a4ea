/* test_lag_rows.c - the rounding rows the Lagrangian prices
 * (src/sched/lag_rows.c): one per cell and per language's cells needing a
 * fractional number of agents, the queues' and the desk's too when wide,
 * the narrow rows a subsequence of the wide (what sched_lag_go_slow carries
 * prices over by), none in an interval a previous shift leaves
 * fractional, and each group's rows where a shift covers part of an
 * interval
 */
#include "sched_fixture.h"

#include "../../src/sched/lag_rows.h"

#include <math.h>

/* One day of 4-hour shifts from 06:00 every 4 hours: every shift covers
 * whole hours.  30 % shrinkage makes one contact an hour need 1.43 agents. */
#define INI_HEAD                                                                    \
	"[service]\nshrinkage = 0.3\n[queue.chat]\n[queue.email]\n"                   \
	"[shifts]\nlengths_hours = 4\nearliest_start = 06:00\nlatest_start = 14:00\n"
static const char ini[] = INI_HEAD "start_step_minutes = 240\n";
/* the same, shifts starting on the half hour */
static const char ini30[] = INI_HEAD "start_step_minutes = 30\n";
/* 08:00: chat en and ko, email en (1.43 agents each); 09:00: chat en. */
static const char fc[] = "start,queue,language,volume\n"
			 "2026-11-30T08:00,chat,en,1\n2026-11-30T08:00,chat,ko,1\n"
			 "2026-11-30T08:00,email,en,1\n2026-11-30T09:00,chat,en,1\n";
static const char ag[] = "id,name,languages\nx,Xi,en\ny,Yu,ko\nz,Zo,en;ko\n";

/* The cells of row m, as a bit set. */
static unsigned row_cells(const struct lag_rows *R, int m)
{
	unsigned bits = 0;
	for (int i = R->m_c0[m]; i < R->m_c0[m + 1]; i++)
		bits |= 1u << R->m_cell[i];
	return bits;
}

/* The lowest cell in bits. */
static int first_cell(unsigned bits)
{
	int c = 0;
	while (bits && !(bits & 1u << c))
		c++;
	return c;
}

/* Has R a row of the cells in bits in interval t? */
static int has_row(const struct lag_rows *R, int t, unsigned bits)
{
	for (int m = 0; m < R->M; m++)
		if (R->m_t[m] == t && row_cells(R, m) == bits)
			return 1;
	return 0;
}

/* The cells of x needing anything in interval t whose queue (by 0) or
 * language (by 1) is key, or all of them (by 2), as a bit set. */
static unsigned cells_of(const struct fx *x, int t, int by, int key)
{
	unsigned bits = 0;
	for (int c = 0; c < x->s.ncells; c++) {
		int k = by == 0 ? x->req.cells[c].queue : by == 1 ? x->req.cells[c].lang : key;
		if (k == key && x->req.required[(size_t)c * x->s.nint + t] > 1e-9)
			bits |= 1u << c;
	}
	return bits;
}

static void test_lag_rows_narrow_and_wide(void)
{
	struct fx x;
	struct sp_err err = SP_ERR_INIT;
	struct lag_rows narrow, wide;

	CU_ASSERT_EQUAL_FATAL(fx_load(&x, ini, fc, ag, NULL, &err), SP_OK);
	CU_ASSERT_FATAL(x.s.ncells <= 8);
	lag_rows_build(&narrow, &x.s, NULL, NULL, 0, 0);
	lag_rows_build(&wide, &x.s, NULL, NULL, 0, 1);
	int t8 = -1, t9 = -1;
	for (int t = 0; t < x.s.nint; t++) {
		if (cells_of(&x, t, 2, 0) && t8 < 0)
			t8 = t;
		else if (cells_of(&x, t, 2, 0))
			t9 = t;
	}
	CU_ASSERT_FATAL(t8 >= 0 && t9 == t8 + 1);

	/* every row: a fraction f of ceil(r) on the right, f in (0, 1) */
	for (int m = 0; m < wide.M; m++) {
		double r = 0;
		for (int i = wide.m_c0[m]; i < wide.m_c0[m + 1]; i++)
			r += x.req.required[(size_t)wide.m_cell[i] * x.s.nint + wide.m_t[m]];
		CU_ASSERT(wide.m_f[m] > 1e-6 && wide.m_f[m] < 1 - 1e-6);
		CU_ASSERT_DOUBLE_EQUAL(wide.m_f[m], r - floor(r), 1e-9);
		CU_ASSERT_DOUBLE_EQUAL(wide.m_rhs[m], wide.m_f[m] * ceil(r), 1e-9);
	}
	/* each cell needing 1.43, and en's two cells at 08:00 (2.86) */
	for (int c = 0; c < x.s.ncells; c++)
		if (x.req.required[(size_t)c * x.s.nint + t8] > 1e-9)
			CU_ASSERT(has_row(&narrow, t8, 1u << c));
	int en = x.req.cells[first_cell(cells_of(&x, t9, 2, 0))].lang;
	CU_ASSERT(has_row(&narrow, t8, cells_of(&x, t8, 1, en)));
	CU_ASSERT(has_row(&narrow, t9, cells_of(&x, t9, 2, 0)));
	/* the queues' and the desk's (4.29 agents at 08:00) only when wide */
	unsigned desk = cells_of(&x, t8, 2, 0);
	CU_ASSERT_FALSE(has_row(&narrow, t8, desk));
	CU_ASSERT(has_row(&wide, t8, desk));
	int chat = x.req.cells[first_cell(cells_of(&x, t9, 2, 0))].queue;
	CU_ASSERT(has_row(&wide, t8, cells_of(&x, t8, 0, chat)));
	CU_ASSERT(wide.M > narrow.M);
	/* the narrow rows, in order, within the wide */
	int i = 0;
	for (int m = 0; m < wide.M && i < narrow.M; m++)
		if (lag_rows_same(&narrow, i, &wide, m))
			i++;
	CU_ASSERT_EQUAL(i, narrow.M);
	CU_ASSERT_FALSE(lag_rows_same(&narrow, 0, &narrow, narrow.M - 1));
	/* the groups of a row: those with an agent who serves one of its cells */
	for (int m = 0; m < wide.M; m++)
		for (int g = 0; g < x.s.ngroups; g++) {
			int in = 0, serves = 0;
			for (int k = wide.m_g0[m]; k < wide.m_g0[m + 1]; k++)
				in |= wide.m_grp[k] == g;
			for (int k = wide.m_c0[m]; k < wide.m_c0[m + 1]; k++)
				serves |= x.s.agent_cell[(size_t)x.s.groups[g].agents[0] * x.s.ncells + wide.m_cell[k]];
			CU_ASSERT_EQUAL(in, serves);
		}
	lag_rows_release(&narrow);
	lag_rows_release(&wide);
	fx_release(&x);
}

/* A previous shift on duty for half of 08:00 takes that hour's rows away
 * (a fractional constant would change the rounding), a whole one does
 * not.  Shifts starting on the half hour keep every row of the wide set
 * (none of the narrow), and each group's rows are listed in the
 * intervals the shifts cover in part, so that the Lagrangian can count a
 * part with its own coefficient. */
static void test_lag_rows_parts(void)
{
	struct fx x;
	struct sp_err err = SP_ERR_INIT;
	struct lag_rows R, half, whole;

	CU_ASSERT_EQUAL_FATAL(fx_load(&x, ini, fc, ag, NULL, &err), SP_OK);
	lag_rows_build(&R, &x.s, NULL, NULL, 0, 1);
	CU_ASSERT_FATAL(R.M > 0);
	int t8 = R.m_t[0], n8 = 0;
	for (int m = 0; m < R.M; m++)
		n8 += R.m_t[m] == t8;
	int ft[] = { t8 };
	double fv_half[] = { 0.5 }, fv_one[] = { 1.0 };
	lag_rows_build(&half, &x.s, ft, fv_half, 1, 1);
	lag_rows_build(&whole, &x.s, ft, fv_one, 1, 1);
	CU_ASSERT_EQUAL(half.M, R.M - n8);
	for (int m = 0; m < half.M; m++)
		CU_ASSERT(half.m_t[m] != t8);
	CU_ASSERT_EQUAL(whole.M, R.M);
	CU_ASSERT_EQUAL(R.p_r0[(size_t)x.s.ngroups * x.s.nint], 0); /* no parts */
	int rows = R.M;
	lag_rows_release(&R);
	lag_rows_release(&half);
	lag_rows_release(&whole);
	fx_release(&x);

	CU_ASSERT_EQUAL_FATAL(fx_load(&x, ini30, fc, ag, NULL, &err), SP_OK);
	lag_rows_build(&R, &x.s, NULL, NULL, 0, 0); /* the fast rule's: none */
	CU_ASSERT_EQUAL(R.M, 0);
	lag_rows_release(&R);
	lag_rows_build(&R, &x.s, NULL, NULL, 0, 1);
	CU_ASSERT_EQUAL(R.M, rows);
	int listed = 0;
	for (int g = 0; g < x.s.ngroups; g++)
		for (int t = 0; t < x.s.nint; t++) {
			size_t gt = (size_t)g * x.s.nint + t;
			int meets = 0;
			for (int m = 0; m < R.M; m++)
				for (int i = R.m_g0[m]; R.m_t[m] == t && i < R.m_g0[m + 1]; i++)
					meets += R.m_grp[i] == g;
			CU_ASSERT_EQUAL(R.p_r0[gt + 1] - R.p_r0[gt], meets);
			for (int i = R.p_r0[gt]; i < R.p_r0[gt + 1]; i++)
				CU_ASSERT_EQUAL(R.m_t[R.p_row[i]], t);
			listed += meets;
		}
	CU_ASSERT(listed > 0);
	lag_rows_release(&R);
	fx_release(&x);
}

TEST_SUITE(lag_rows)
{
	CU_pSuite s = CU_add_suite("lag_rows", NULL, NULL);
	CU_add_test(s, "cells and languages; queues and the desk when wide", test_lag_rows_narrow_and_wide);
	CU_add_test(s, "previous shifts in part; shifts in part", test_lag_rows_parts);
}
