/* flow.c - allocation of agent time to queues and languages, per interval
 *
 * A max-flow on the bipartite graph source -> skill groups (on-duty supply)
 * -> the cells each group serves (unbounded) -> sink (requirement).  A
 * greedy pass sends most of the flow; augmenting paths (breadth first, over
 * adjacency lists) finish it.
 *
 * The local search changes one or two groups' supply at a time, millions
 * of times, so a flow can also be kept per interval and repaired after a
 * change (flow_add) instead of solved again: any feasible flow becomes a
 * maximum one by augmenting paths, and after a change of one group's supply
 * only a few are needed.  Every value flow_add overwrites is logged, so a
 * move that is not kept is undone exactly (flow_undo).  Each state also
 * remembers where its committed flow can still change (reach), so that
 * a repair does not search where no path can be.
 */
#include "sched_int.h"

#include <math.h>
#include <string.h>

#define EPS 1e-12

void flow_init(struct flow *f, const struct sched *s, int nstates)
{
	int G = s->ngroups, C = s->ncells;

	memset(f, 0, sizeof(*f));
	f->G = G;
	f->C = C;
	f->ge0 = sp_xcalloc((size_t)G + 1, sizeof(int));
	for (int g = 0; g < G; g++)
		f->ge0[g + 1] = f->ge0[g] + s->groups[g].ncells;
	int E = f->E = f->ge0[G];
	f->ecell = sp_xmalloc(((size_t)E + 1) * sizeof(int));
	f->egroup = sp_xmalloc(((size_t)E + 1) * sizeof(int));
	f->ce0 = sp_xcalloc((size_t)C + 1, sizeof(int));
	for (int g = 0; g < G; g++)
		for (int i = 0; i < s->groups[g].ncells; i++) {
			f->ecell[f->ge0[g] + i] = s->groups[g].cells[i];
			f->egroup[f->ge0[g] + i] = g;
			f->ce0[s->groups[g].cells[i] + 1]++;
		}
	for (int c = 0; c < C; c++)
		f->ce0[c + 1] += f->ce0[c];
	f->ce = sp_xmalloc(((size_t)E + 1) * sizeof(int));
	int *fill = sp_xcalloc((size_t)C + 1, sizeof(int));
	for (int e = 0; e < E; e++)
		f->ce[f->ce0[f->ecell[e]] + fill[f->ecell[e]]++] = e;
	free(fill);
	size_t n = nstates > 0 ? (size_t)nstates : 1;
	f->left = sp_xcalloc(n * G + 1, sizeof(double));
	f->need = sp_xcalloc(n * C + 1, sizeof(double));
	f->fl = sp_xcalloc(n * E + 1, sizeof(double));
	f->prev = sp_xmalloc(((size_t)G + C + 1) * sizeof(int));
	f->queue = sp_xmalloc(((size_t)G + C + 1) * sizeof(int));
	f->shortv = sp_xcalloc(n, sizeof(double));
	f->valid = sp_xcalloc(n, 1);
	f->moved = sp_xcalloc(n, 1);
	f->moved_list = sp_xmalloc(n * sizeof(int));
	f->reached = sp_xcalloc(n * (G + C) + 1, 1);
	f->gains = sp_xcalloc(n * G + 1, 1);
}

void flow_release(struct flow *f)
{
	free(f->ge0);
	free(f->ecell);
	free(f->egroup);
	free(f->ce0);
	free(f->ce);
	free(f->left);
	free(f->need);
	free(f->fl);
	free(f->prev);
	free(f->queue);
	free(f->log);
	free(f->shortv);
	free(f->valid);
	free(f->moved);
	free(f->moved_list);
	free(f->reached);
	free(f->gains);
}

/* Overwrites *p, remembering the old value when a move is being priced. */
static void put(struct flow *f, double *p, double v)
{
	if (f->logging) {
		SP_GROW(f->log, f->nlog + 1, f->caplog);
		f->log[f->nlog].p = p;
		f->log[f->nlog].v = *p;
		f->nlog++;
	}
	*p = v;
}

/* One breadth-first search of state k's residual graph from group root,
 * or from every group with supply left when root < 0 (root >= 0 only
 * after root's supply grew in a maximal flow).  Nodes: groups
 * 0..G-1, cells G..G+C-1; prev[v] is the edge v was reached by (-2 for a
 * root), -1 when unreached.  Returns a cell that still needs time, or -1. */
static int bfs(struct flow *f, int k, int root)
{
	int G = f->G, C = f->C, qh = 0, qt = 0;
	const double *left = f->left + (size_t)k * G, *need = f->need + (size_t)k * C;
	const double *fl = f->fl + (size_t)k * f->E;

	for (int v = 0; v < G + C; v++)
		f->prev[v] = -1;
	int g0 = root < 0 ? 0 : root, g1 = root < 0 ? G : root + 1;
	for (int g = g0; g < g1; g++)
		if (left[g] > EPS) {
			f->prev[g] = -2;
			f->queue[qt++] = g;
		}
	while (qh < qt) {
		int u = f->queue[qh++];
		if (u < G) {
			for (int e = f->ge0[u]; e < f->ge0[u + 1]; e++) {
				int c = f->ecell[e];
				if (f->prev[G + c] != -1)
					continue;
				f->prev[G + c] = e;
				if (need[c] > EPS)
					return c;
				f->queue[qt++] = G + c;
			}
		} else {
			int c = u - G;
			for (int i = f->ce0[c]; i < f->ce0[c + 1]; i++) {
				int e = f->ce[i], g = f->egroup[e];
				if (f->prev[g] == -1 && fl[e] > EPS) {
					f->prev[g] = e;
					/* from a single root, a group with time to
					 * spare leads nowhere new: the flow was
					 * maximal before root's supply grew */
					if (root < 0 || left[g] <= EPS)
						f->queue[qt++] = g;
				}
			}
		}
	}
	return -1;
}

/* Push as much as the path that prev[] records carries, from its root
 * (prev -2) to cell c: forward along group -> cell edges, back along the
 * cell -> group edges whose flow the path takes over. */
static void push_path(struct flow *f, int k, int c)
{
	int G = f->G;
	double *left = f->left + (size_t)k * G, *need = f->need + (size_t)k * f->C;
	double *fl = f->fl + (size_t)k * f->E;
	double push = need[c];
	int v = G + c;

	while (f->prev[v] != -2) {
		int e = f->prev[v];
		if (v < G) /* reached from a cell: undo flow on e */
			push = fmin(push, fl[e]);
		v = v < G ? G + f->ecell[e] : f->egroup[e];
	}
	push = fmin(push, left[v]);
	put(f, &left[v], left[v] - push);
	put(f, &need[c], need[c] - push);
	for (v = G + c; f->prev[v] != -2;) {
		int e = f->prev[v];
		put(f, &fl[e], fl[e] + (v < G ? -push : push));
		v = v < G ? G + f->ecell[e] : f->egroup[e];
	}
}

/* Augmenting paths from root (every group when root < 0) until none is
 * left: group -> cell (-> group with flow there -> cell)*. */
static void augment(struct flow *f, int k, int root)
{
	for (int c; (c = bfs(f, k, root)) >= 0;)
		push_path(f, k, c);
}

double flow_short(const struct flow *f, int k)
{
	const double *need = f->need + (size_t)k * f->C;
	double short_ = 0;

	for (int c = 0; c < f->C; c++)
		short_ += need[c] > 0 ? need[c] : 0;
	return short_ > 1e-9 ? short_ : 0;
}

double flow_solve(struct flow *f, const struct sched *s, const double *sup, int t, int k)
{
	int G = f->G, C = f->C;
	double *left = f->left + (size_t)k * G, *need = f->need + (size_t)k * C;
	double *fl = f->fl + (size_t)k * f->E;
	int logging = f->logging;

	f->logging = 0;
	f->valid[k] = 0;
	for (int c = 0; c < C; c++)
		need[c] = s->req->required[(size_t)c * s->nint + t];
	/* greedy: each group fills its cells in order */
	for (int g = 0; g < G; g++) {
		double l = sup[(size_t)g * s->nint + t];
		for (int e = f->ge0[g]; e < f->ge0[g + 1]; e++) {
			int c = f->ecell[e];
			double x = l < need[c] ? l : need[c];
			if (x < 0)
				x = 0;
			fl[e] = x;
			need[c] -= x;
			l -= x;
		}
		left[g] = l > EPS ? l : 0;
	}
	augment(f, k, -1);
	f->logging = logging;
	return f->shortv[k] = flow_short(f, k);
}

double flow_interval(struct flow *f, const struct sched *s, const double *sup, int t)
{
	return flow_solve(f, s, sup, t, 0);
}

/* One breadth-first search of state k's residual graph backwards from
 * cell c, or from every cell still short when c < 0, among the nodes that
 * reached marks (all when NULL): a group reaches a cell it serves, a cell
 * a group that gives it time.  next[v] (in prev[]) is the edge leaving v
 * on the way to the roots (-2 a root, -1 not reached).  Returns the first
 * group with time to spare it meets, or -1. */
static int bfs_back(struct flow *f, int k, int c, const unsigned char *reached)
{
	int G = f->G, C = f->C, *next = f->prev, qh = 0, qt = 0;
	const double *left = f->left + (size_t)k * G, *need = f->need + (size_t)k * C;
	const double *fl = f->fl + (size_t)k * f->E;

	for (int v = 0; v < G + C; v++)
		next[v] = -1;
	for (int x = c < 0 ? 0 : c; x < (c < 0 ? C : c + 1); x++)
		if (c >= 0 || need[x] > EPS) {
			next[G + x] = -2;
			f->queue[qt++] = G + x;
		}
	while (qh < qt) {
		int u = f->queue[qh++];
		if (u >= G) {
			for (int i = f->ce0[u - G]; i < f->ce0[u - G + 1]; i++) {
				int e = f->ce[i], h = f->egroup[e];
				if (next[h] != -1 || (reached && !reached[h]))
					continue;
				next[h] = e;
				if (left[h] > EPS)
					return h;
				f->queue[qt++] = h;
			}
		} else {
			for (int e = f->ge0[u]; e < f->ge0[u + 1]; e++)
				if (next[G + f->ecell[e]] == -1 && fl[e] > EPS &&
				    (!reached || reached[G + f->ecell[e]])) {
					next[G + f->ecell[e]] = e;
					f->queue[qt++] = G + f->ecell[e];
				}
		}
	}
	return -1;
}

/* Augmenting paths into cell c until it needs nothing more or none is
 * left, each found by bfs_back (reached: as there). */
static void augment_into(struct flow *f, int k, int c, const unsigned char *reached)
{
	int G = f->G, *next = f->prev;
	const double *need = f->need + (size_t)k * f->C;

	while (need[c] > EPS) {
		int root = bfs_back(f, k, c, reached);
		if (root < 0)
			return;
		/* the path as bfs() records it: each node's edge back toward
		 * root, in place of its edge on toward c */
		int v = root, e = next[root];
		f->prev[root] = -2;
		while (v != G + c) {
			int w = v < G ? G + f->ecell[e] : f->egroup[e], on = next[w];
			f->prev[w] = e;
			v = w;
			e = on;
		}
		push_path(f, k, c);
	}
}

/* Where state k's maximum flow can change (reached and gains, see struct
 * flow): what a search from the groups with time to spare reaches, and
 * which groups a search backwards from the cells still short reaches.  In
 * a maximum flow neither finds what it looks for; if one did, every node
 * is marked, which only costs searches. */
static void reach(struct flow *f, int k)
{
	int G = f->G, C = f->C;
	unsigned char *reached = f->reached + (size_t)k * (G + C), *gains = f->gains + (size_t)k * G;

	int open = bfs(f, k, -1) >= 0;
	for (int v = 0; v < G + C; v++)
		reached[v] = open || f->prev[v] != -1;
	open = bfs_back(f, k, -1, NULL) >= 0;
	for (int g = 0; g < G; g++)
		gains[g] = open || f->prev[g] != -1;
	f->valid[k] = 1;
}

/* State k's marks from reach(), or NULL when a move has changed the state
 * since flow_commit or flow_undo and they no longer describe it. */
static const unsigned char *marks(struct flow *f, int k)
{
	if (f->moved[k])
		return NULL;
	if (!f->valid[k])
		reach(f, k);
	return f->reached + (size_t)k * (f->G + f->C);
}

double flow_add(struct flow *f, int k, int g, double delta)
{
	double *left = f->left + (size_t)k * f->G, *need = f->need + (size_t)k * f->C;
	double *fl = f->fl + (size_t)k * f->E;
	double l = left[g] + delta;

	f->logging = 1;
	/* The first change of a move to state k meets the maximum flow that
	 * reach() saw: taking supply back only removes residual edges and
	 * pushing along a path only shrinks what spare time reaches, so a
	 * cell it did not reach stays out of reach; and a group that gains
	 * supply has a new path exactly when it reached a short cell.  A
	 * change that searches nowhere (supply taken from the group's own
	 * spare time, or added where nothing is short) needs no marks, and
	 * after a kept move they cost a search of the whole graph. */
	int search = l < -EPS || (delta > 0 && f->shortv[k] > 0);
	const unsigned char *reached = search ? marks(f, k) : NULL;
	const unsigned char *gains = reached ? f->gains + (size_t)k * f->G : NULL;
	if (!f->moved[k]) {
		f->moved[k] = 1;
		f->moved_list[f->nmoved++] = k;
	}
	/* less supply than the group gives away: take it back from its cells,
	 * which other groups may then fill.  The flow was maximal, so only
	 * paths into these cells can be new: searched backwards from each,
	 * they stop at the first group with time to spare. */
	int taken0 = f->ge0[g], taken1 = taken0;
	for (int e = f->ge0[g]; l < -EPS && e < f->ge0[g + 1]; e++) {
		double x = fmin(fl[e], -l);
		if (x <= 0)
			continue;
		put(f, &fl[e], fl[e] - x);
		put(f, &need[f->ecell[e]], need[f->ecell[e]] + x);
		l += x;
		taken1 = e + 1;
	}
	put(f, &left[g], l > EPS ? l : 0);
	for (int e = taken0; e < taken1; e++)
		if (!reached || reached[f->G + f->ecell[e]])
			augment_into(f, k, f->ecell[e], reached);
	/* more supply where something is short: only paths from g can be
	 * new (every other group with time to spare had none) */
	int changed = taken1 > taken0;
	if (delta > 0 && (gains ? gains[g] : f->shortv[k] > 0)) {
		augment(f, k, g);
		changed = 1;
	}
	if (changed)
		put(f, &f->shortv[k], flow_short(f, k));
	return f->shortv[k];
}

double flow_loss(struct flow *f, int k, int g, double delta)
{
	const double *left = f->left + (size_t)k * f->G, *fl = f->fl + (size_t)k * f->E;
	const unsigned char *reached;

	/* the group's own spare time covers the loss: no marks needed */
	if (delta >= 0 || -delta <= left[g] || !(reached = marks(f, k)))
		return 0;
	/* what the group gives its cells is replaced only if spare time
	 * reaches one of them (see flow_add) */
	for (int e = f->ge0[g]; e < f->ge0[g + 1]; e++)
		if (fl[e] > EPS && reached[f->G + f->ecell[e]])
			return 0;
	return fmax(0, -delta - left[g]);
}

int flow_gains(struct flow *f, int k, int g)
{
	return !marks(f, k) || f->gains[(size_t)k * f->G + g];
}

void flow_commit(struct flow *f)
{
	for (int i = 0; i < f->nmoved; i++)
		f->valid[f->moved_list[i]] = f->moved[f->moved_list[i]] = 0;
	f->nmoved = 0;
	f->nlog = 0;
	f->logging = 0;
}

void flow_undo(struct flow *f)
{
	while (f->nlog > 0) {
		f->nlog--;
		*f->log[f->nlog].p = f->log[f->nlog].v;
	}
	/* the states are as reach() saw them again */
	for (int i = 0; i < f->nmoved; i++)
		f->moved[f->moved_list[i]] = 0;
	f->nmoved = 0;
	f->logging = 0;
}
