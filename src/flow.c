/* flow.c - max-flow on a small dense graph (Edmonds-Karp)
 *
 * Used to allocate agent time to queues and languages in one interval:
 * source -> skill groups (on-duty supply) -> cells (infinite) -> sink
 * (requirement).  After flow_run(), prev[v] >= 0 marks the nodes still
 * reachable from the source: the source side of a minimum cut.
 */
#include "sched_int.h"

#include <math.h>
#include <string.h>

void flow_init(struct flow *f, int n)
{
	f->n = n;
	f->cap = sp_xcalloc((size_t)n * n, sizeof(double));
	f->prev = sp_xmalloc((size_t)n * sizeof(int));
	f->queue = sp_xmalloc((size_t)n * sizeof(int));
}

void flow_release(struct flow *f)
{
	free(f->cap);
	free(f->prev);
	free(f->queue);
}

/* Edmonds-Karp: augmenting paths by BFS until none is left. */
void flow_run(struct flow *f)
{
	int n = f->n;
	for (;;) {
		int qh = 0, qt = 0;
		for (int i = 0; i < n; i++)
			f->prev[i] = -1;
		f->prev[0] = 0;
		f->queue[qt++] = 0;
		while (qh < qt && f->prev[1] < 0) {
			int u = f->queue[qh++];
			for (int v = 0; v < n; v++)
				if (f->prev[v] < 0 && f->cap[(size_t)u * n + v] > 1e-12) {
					f->prev[v] = u;
					f->queue[qt++] = v;
				}
		}
		if (f->prev[1] < 0)
			return;
		double push = HUGE_VAL;
		for (int v = 1; v != 0; v = f->prev[v]) {
			double c = f->cap[(size_t)f->prev[v] * n + v];
			if (c < push)
				push = c;
		}
		for (int v = 1; v != 0; v = f->prev[v]) {
			f->cap[(size_t)f->prev[v] * n + v] -= push;
			f->cap[(size_t)v * n + f->prev[v]] += push;
		}
	}
}


double flow_interval(struct flow *f, const struct sched *s, const double *sup, int t)
{
	int G = s->ngroups, C = s->ncells, n = f->n;
	double total = 0, flowed = 0;

	memset(f->cap, 0, (size_t)n * n * sizeof(double));
	for (int g = 0; g < G; g++) {
		double sg = sup[(size_t)g * s->nint + t];
		if (sg <= 1e-12)
			continue;
		f->cap[2 + g] = sg;
		for (int i = 0; i < s->groups[g].ncells; i++)
			f->cap[(size_t)(2 + g) * n + 2 + G + s->groups[g].cells[i]] = HUGE_VAL;
	}
	for (int c = 0; c < C; c++) {
		double r = s->req->required[(size_t)c * s->nint + t];
		f->cap[(size_t)(2 + G + c) * n + 1] = r;
		total += r;
	}
	flow_run(f);
	for (int c = 0; c < C; c++)
		flowed += s->req->required[(size_t)c * s->nint + t] - f->cap[(size_t)(2 + G + c) * n + 1];
	return total - flowed > 1e-9 ? total - flowed : 0;
}
