/* flow.c - allocation of agent time to queues and languages in one interval
 *
 * A max-flow on the bipartite graph source -> skill groups (on-duty supply)
 * -> the cells each group serves (unbounded) -> sink (requirement).  A
 * greedy pass sends most of the flow; augmenting paths (breadth first, over
 * adjacency lists) finish it.  The local search runs this millions of times
 * on a few dozen nodes, so it avoids anything quadratic in the node count.
 */
#include "sched_int.h"

#include <math.h>
#include <string.h>

#define EPS 1e-12

void flow_init(struct flow *f, const struct sched *s)
{
	int G = s->ngroups, C = s->ncells;

	f->G = G;
	f->C = C;
	f->left = sp_xcalloc((size_t)G + 1, sizeof(double));
	f->need = sp_xcalloc((size_t)C + 1, sizeof(double));
	f->fl = sp_xcalloc((size_t)G * C + 1, sizeof(double));
	f->prev = sp_xmalloc(((size_t)G + C + 1) * sizeof(int));
	f->queue = sp_xmalloc(((size_t)G + C + 1) * sizeof(int));
	/* groups serving each cell, for the reverse edges */
	f->cg0 = sp_xcalloc((size_t)C + 1, sizeof(int));
	for (int g = 0; g < G; g++)
		for (int i = 0; i < s->groups[g].ncells; i++)
			f->cg0[s->groups[g].cells[i] + 1]++;
	for (int c = 0; c < C; c++)
		f->cg0[c + 1] += f->cg0[c];
	f->cg = sp_xmalloc(((size_t)f->cg0[C] + 1) * sizeof(int));
	int *fill = sp_xcalloc((size_t)C + 1, sizeof(int));
	for (int g = 0; g < G; g++)
		for (int i = 0; i < s->groups[g].ncells; i++) {
			int c = s->groups[g].cells[i];
			f->cg[f->cg0[c] + fill[c]++] = g;
		}
	free(fill);
}

void flow_release(struct flow *f)
{
	free(f->left);
	free(f->need);
	free(f->fl);
	free(f->prev);
	free(f->queue);
	free(f->cg0);
	free(f->cg);
}

/* One breadth-first search of the residual graph from every group with
 * supply left.  Nodes: groups 0..G-1, cells G..G+C-1; prev[v] is the node
 * v was reached from (-2 for a root), -1 when unreached.  Returns a cell
 * that still needs time, or -1. */
static int bfs(struct flow *f, const struct sched *s)
{
	int G = f->G, C = f->C, qh = 0, qt = 0;

	for (int v = 0; v < G + C; v++)
		f->prev[v] = -1;
	for (int g = 0; g < G; g++)
		if (f->left[g] > EPS) {
			f->prev[g] = -2;
			f->queue[qt++] = g;
		}
	while (qh < qt) {
		int u = f->queue[qh++];
		if (u < G) {
			const struct sgroup *gr = &s->groups[u];
			for (int i = 0; i < gr->ncells; i++) {
				int c = gr->cells[i];
				if (f->prev[G + c] != -1)
					continue;
				f->prev[G + c] = u;
				if (f->need[c] > EPS)
					return c;
				f->queue[qt++] = G + c;
			}
		} else {
			int c = u - G;
			for (int i = f->cg0[c]; i < f->cg0[c + 1]; i++) {
				int g = f->cg[i];
				if (f->prev[g] == -1 && f->fl[(size_t)g * C + c] > EPS) {
					f->prev[g] = u;
					f->queue[qt++] = g;
				}
			}
		}
	}
	return -1;
}

double flow_interval(struct flow *f, const struct sched *s, const double *sup, int t)
{
	int G = f->G, C = f->C;
	double short_ = 0;

	for (int c = 0; c < C; c++)
		f->need[c] = s->req->required[(size_t)c * s->nint + t];
	/* greedy: each group fills its cells in order */
	for (int g = 0; g < G; g++) {
		const struct sgroup *gr = &s->groups[g];
		double left = sup[(size_t)g * s->nint + t];
		for (int i = 0; i < gr->ncells; i++) {
			int c = gr->cells[i];
			double x = left < f->need[c] ? left : f->need[c];
			if (x < 0)
				x = 0;
			f->fl[(size_t)g * C + c] = x;
			f->need[c] -= x;
			left -= x;
		}
		f->left[g] = left > EPS ? left : 0;
	}
	/* augmenting paths: group -> cell (-> group with flow there -> cell)* */
	for (int c; (c = bfs(f, s)) >= 0;) {
		double push = f->need[c];
		int v = G + c;
		while (f->prev[v] != -2) {
			int u = f->prev[v];
			if (u >= G) /* cell u -> group v: undo flow v -> u */
				push = fmin(push, f->fl[(size_t)v * C + (u - G)]);
			v = u;
		}
		push = fmin(push, f->left[v]);
		v = G + c;
		f->need[c] -= push;
		while (f->prev[v] != -2) {
			int u = f->prev[v];
			if (u < G)
				f->fl[(size_t)u * C + (v - G)] += push;
			else
				f->fl[(size_t)v * C + (u - G)] -= push;
			v = u;
		}
		f->left[v] -= push;
	}
	for (int c = 0; c < C; c++)
		short_ += f->need[c] > 0 ? f->need[c] : 0;
	return short_ > 1e-9 ? short_ : 0;
}
