/* test_flow.c - the per-interval max-flow (src/flow.c): a flow repaired
 * after supply changes must equal one solved from scratch, and an undone
 * change must leave the flow exactly as it was.
 *
 * flow.c is internal to the solver; these tests build the few fields of a
 * struct sched it reads (groups and their cells, the requirement table)
 * by hand, on random bipartite graphs. */
#include "tests.h"

#include "../../src/sched/sched_int.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Sizes up to GMAX groups and CMAX cells: more than 64 of each, so that
 * the flow's bit sets take several words. */
enum { GMAX = 140, CMAX = 72, T = 6 };

struct inst {
	struct sched s;
	struct sp_reqs req;
	int G, C;
	struct sgroup groups[GMAX];
	int cells[GMAX][3];
	double required[CMAX * T];
	double sup[GMAX * T];
};

static unsigned rnd(unsigned *x)
{
	*x = *x * 1103515245u + 12345u;
	return (*x >> 16) & 0x7fff;
}

/* Random groups serving 1-3 cells, requirements in sevenths (like Erlang C
 * after shrinkage), supplies in halves (a break's half interval). */
static void make_inst(struct inst *I, unsigned seed, int G, int C)
{
	memset(I, 0, sizeof(*I));
	I->G = G;
	I->C = C;
	for (int g = 0; g < G; g++) {
		int n = 1 + (int)(rnd(&seed) % 3);
		for (int i = 0; i < n; i++) {
			int c = (int)(rnd(&seed) % C), dup = 0;
			for (int j = 0; j < I->groups[g].ncells; j++)
				dup |= I->cells[g][j] == c;
			if (!dup)
				I->cells[g][I->groups[g].ncells++] = c;
		}
		I->groups[g].cells = I->cells[g];
	}
	for (int i = 0; i < C * T; i++)
		I->required[i] = (rnd(&seed) % 50) / 7.0;
	for (int i = 0; i < G * T; i++)
		I->sup[i] = (rnd(&seed) % 9) / 2.0;
	I->req.ncells = C;
	I->req.nint = T;
	I->req.required = I->required;
	I->s.req = &I->req;
	I->s.groups = I->groups;
	I->s.ngroups = G;
	I->s.ncells = C;
	I->s.nint = T;
}

/* Every group gives at most its supply, every cell gets at most its
 * requirement, and nothing is negative. */
static void check_feasible(const struct flow *f, const struct inst *I, int k, int t)
{
	int G = I->G, C = I->C;
	const double *left = f->left + (size_t)k * G, *need = f->need + (size_t)k * C;
	const double *fl = f->fl + (size_t)k * f->E;
	double got[CMAX] = { 0 };

	for (int g = 0; g < G; g++) {
		double out = left[g];
		CU_ASSERT(left[g] >= -1e-9);
		for (int e = f->ge0[g]; e < f->ge0[g + 1]; e++) {
			CU_ASSERT(fl[e] >= -1e-9);
			out += fl[e];
			got[f->ecell[e]] += fl[e];
		}
		CU_ASSERT(fabs(out - I->sup[g * T + t]) < 1e-9);
	}
	for (int c = 0; c < C; c++)
		CU_ASSERT(fabs(got[c] + need[c] - I->required[c * T + t]) < 1e-9);
	/* and maximal: no path from time to spare to a cell still short,
	 * found here by a closure over the edges that does not share the
	 * flow's own searches */
	unsigned char rg[GMAX] = { 0 }, rc[CMAX] = { 0 };
	for (int g = 0; g < G; g++)
		rg[g] = left[g] > 1e-9;
	for (int more = 1; more;) {
		more = 0;
		for (int e = 0; e < f->E; e++) {
			int g = f->egroup[e], c = f->ecell[e];
			if (rg[g] && !rc[c])
				more = rc[c] = 1;
			if (rc[c] && !rg[g] && fl[e] > 1e-9)
				more = rg[g] = 1;
		}
	}
	for (int c = 0; c < C; c++)
		CU_ASSERT(!(rc[c] && need[c] > 1e-9));
}

/* Moves of one to three supply changes, some of them to the same interval
 * (a transfer between two groups), kept or undone at random: after each,
 * every interval's repaired flow equals one solved from scratch.  The
 * first change of a move searches only where the committed flow can
 * change; later ones, and moves after an undo, must still be exact.  And
 * a loss that flow_loss foresees is the change's, exactly, and supply
 * that flow_gains says cannot help where staff is short does not. */
static void test_repair_matches_scratch(void)
{
	int nloss = 0; /* changes whose loss flow_loss foresaw */
	int nnogain = 0; /* additions to a short interval flow_gains ruled out */

	for (unsigned seed = 1; seed <= 20; seed++) {
		struct inst I;
		struct flow f, ref;
		unsigned x = seed * 7919u;

		make_inst(&I, seed, seed % 2 ? 14 : 130, seed % 2 ? 9 : 70);
		int G = I.G;
		flow_init(&f, &I.s, T);
		flow_init(&ref, &I.s, 1);
		for (int t = 0; t < T; t++)
			flow_solve(&f, &I.s, I.sup, t, t);
		for (int step = 0; step < 300; step++) {
			int n = 1 + (int)(rnd(&x) % 3), mt[3], mg[3];
			double md[3], before[T];
			for (int t = 0; t < T; t++)
				before[t] = flow_short(&f, t);
			for (int i = 0; i < n; i++) {
				int t = mt[i] = i > 0 && rnd(&x) % 2 ? mt[i - 1] : (int)(rnd(&x) % T);
				int g = mg[i] = (int)(rnd(&x) % G);
				double d = ((int)(rnd(&x) % 9) - 4) / 2.0;
				if (I.sup[g * T + t] + d < 0)
					d = -I.sup[g * T + t];
				md[i] = d;
				/* a bound on the loss, before the change: 0 once the
				 * move has changed the interval */
				double loss = flow_loss(&f, t, g, d), u0 = flow_short(&f, t);
				int gains = flow_gains(&f, t, g);
				double u = flow_add(&f, t, g, d);
				if (loss > 0) {
					CU_ASSERT_DOUBLE_EQUAL(u - u0, loss, 1e-9);
					nloss++;
				}
				if (!gains && d > 0 && u0 > 0) {
					CU_ASSERT_DOUBLE_EQUAL(u, u0, 1e-9);
					nnogain++;
				}
				I.sup[g * T + t] += d;
				CU_ASSERT_DOUBLE_EQUAL(u, flow_interval(&ref, &I.s, I.sup, t), 1e-9);
				check_feasible(&f, &I, t, t);
			}
			if (rnd(&x) % 3 == 0) {
				flow_undo(&f);
				for (int i = n - 1; i >= 0; i--)
					I.sup[mg[i] * T + mt[i]] -= md[i];
				for (int t = 0; t < T; t++) {
					CU_ASSERT_DOUBLE_EQUAL(flow_short(&f, t), before[t], 1e-12);
					check_feasible(&f, &I, t, t);
				}
			} else {
				flow_commit(&f);
			}
		}
		flow_release(&f);
		flow_release(&ref);
	}
	CU_ASSERT(nloss > 100);
	CU_ASSERT(nnogain > 100);
}

/* A move touches several groups before it is priced: undo takes every
 * change back, in any interval. */
static void test_undo_of_several_changes(void)
{
	struct inst I;
	struct flow f;
	double before[T];

	make_inst(&I, 42, 130, 70);
	flow_init(&f, &I.s, T);
	for (int t = 0; t < T; t++)
		before[t] = flow_solve(&f, &I.s, I.sup, t, t);
	size_t n = (size_t)T * f.E;
	double *fl0 = malloc(n * sizeof(double));
	memcpy(fl0, f.fl, n * sizeof(double));
	for (int t = 0; t < T; t++)
		for (int g = 0; g < I.G; g += 3)
			flow_add(&f, t, g, g % 2 ? 2.0 : -I.sup[g * T + t]);
	flow_undo(&f);
	for (int t = 0; t < T; t++) {
		CU_ASSERT_DOUBLE_EQUAL(flow_short(&f, t), before[t], 0);
		check_feasible(&f, &I, t, t);
	}
	CU_ASSERT(memcmp(fl0, f.fl, n * sizeof(double)) == 0);
	free(fl0);
	flow_release(&f);
}

TEST_SUITE(flow)
{
	CU_pSuite s = CU_add_suite("flow", NULL, NULL);
	CU_add_test(s, "repaired flow equals a flow from scratch", test_repair_matches_scratch);
	CU_add_test(s, "undo restores every changed interval", test_undo_of_several_changes);
}
