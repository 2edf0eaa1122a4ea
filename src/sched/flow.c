/* flow.c - allocation of agent time to queues and languages, per interval
 *
 * A max-flow on the bipartite graph source -> skill groups (on-duty supply)
 * -> the cells each group serves (unbounded) -> sink (requirement).  A
 * greedy pass sends most of the flow; augmenting paths finish it.
 *
 * The local search changes one or two groups' supply at a time, millions
 * of times, so a flow can also be kept per interval and repaired after a
 * change (flow_add) instead of solved again: any feasible flow becomes a
 * maximum one by augmenting paths, and after a change of one group's supply
 * only a few are needed.  Every value flow_add overwrites is logged, so a
 * move that is not kept is undone exactly (flow_undo).  Each state also
 * remembers where its committed flow can still change (reach), so that
 * a repair does not search where no path can be.
 *
 * The searches are breadth first over bit sets: a layer of groups reaches
 * the union of the cells they serve, a layer of cells the union of the
 * groups giving them time.  The graph has some hundred nodes, so a layer
 * costs a few word operations where a search over adjacency lists touched
 * every edge; the path is read back from the layers once one is found.
 */
#include "sched_int.h"

#include <math.h>
#include <string.h>

#define EPS 1e-12

enum { LEFT, NEED, FLOW, SHORT }; /* what a log entry restores */

static void bit_put(uint64_t *set, int i, int on)
{
	if (on)
		set[i >> 6] |= 1ULL << (i & 63);
	else
		set[i >> 6] &= ~(1ULL << (i & 63));
}

static int bit_get(const uint64_t *set, int i)
{
	return (int)(set[i >> 6] >> (i & 63) & 1);
}

/* The first member of a & b (n words), -1 when they do not meet. */
static int first_common(const uint64_t *a, const uint64_t *b, int n)
{
	for (int w = 0; w < n; w++)
		if (a[w] & b[w])
			return w * 64 + __builtin_ctzll(a[w] & b[w]);
	return -1;
}

/* Layer i of a search: its groups (wg words), then its cells (wc). */
static uint64_t *layer(const struct flow *f, int i)
{
	return f->lay + (size_t)i * (f->wg + f->wc);
}

void flow_init(struct flow *f, const struct sched *s, int nstates)
{
	int G = s->ngroups, C = s->ncells;

	memset(f, 0, sizeof(*f));
	f->G = G;
	f->C = C;
	f->nstates = nstates > 0 ? nstates : 1;
	f->wg = (G + 63) / 64;
	f->wc = (C + 63) / 64;
	f->ge0 = sp_xcalloc((size_t)G + 1, sizeof(int));
	for (int g = 0; g < G; g++)
		f->ge0[g + 1] = f->ge0[g] + s->groups[g].ncells;
	int E = f->E = f->ge0[G];
	f->ecell = sp_xmalloc(((size_t)E + 1) * sizeof(int));
	f->egroup = sp_xmalloc(((size_t)E + 1) * sizeof(int));
	f->edge = sp_xmalloc(((size_t)G * C + 1) * sizeof(int));
	for (size_t i = 0; i < (size_t)G * C; i++)
		f->edge[i] = -1;
	f->serves = sp_xcalloc((size_t)C * f->wg + 1, sizeof(uint64_t));
	f->cells_of = sp_xcalloc((size_t)G * f->wc + 1, sizeof(uint64_t));
	for (int g = 0; g < G; g++)
		for (int i = 0; i < s->groups[g].ncells; i++) {
			int e = f->ge0[g] + i, c = s->groups[g].cells[i];
			f->ecell[e] = c;
			f->egroup[e] = g;
			f->edge[(size_t)g * C + c] = e;
			bit_put(f->serves + (size_t)c * f->wg, g, 1);
			bit_put(f->cells_of + (size_t)g * f->wc, c, 1);
		}
	size_t n = (size_t)f->nstates;
	f->left = sp_xcalloc(n * G + 1, sizeof(double));
	f->need = sp_xcalloc(n * C + 1, sizeof(double));
	f->fl = sp_xcalloc(n * E + 1, sizeof(double));
	f->spare = sp_xcalloc(n * f->wg + 1, sizeof(uint64_t));
	f->unmet = sp_xcalloc(n * f->wc + 1, sizeof(uint64_t));
	f->givers = sp_xcalloc(n * C * f->wg + 1, sizeof(uint64_t));
	f->given = sp_xcalloc(n * G * f->wc + 1, sizeof(uint64_t));
	f->shortv = sp_xcalloc(n, sizeof(double));
	f->valid = sp_xcalloc(n, 1);
	f->moved = sp_xcalloc(n, 1);
	f->reached = sp_xcalloc(n * (f->wg + f->wc) + 1, sizeof(uint64_t));
	f->gains = sp_xcalloc(n * f->wg + 1, sizeof(uint64_t));
	flow_fork(f, f);
}

void flow_fork(struct flow *w, const struct flow *f)
{
	if (w != f)
		*w = *f;
	/* every layer of a search but the last adds a group to the path */
	w->lay = sp_xcalloc(((size_t)f->G + 2) * (f->wg + f->wc), sizeof(uint64_t));
	w->seen = sp_xcalloc((size_t)f->wg + f->wc, sizeof(uint64_t));
	w->path = sp_xmalloc(((size_t)2 * f->G + 2) * sizeof(int));
	w->moved_list = sp_xmalloc((size_t)f->nstates * sizeof(int));
	w->log = NULL;
	w->nlog = w->caplog = 0;
	w->logging = w->nmoved = 0;
}

void flow_unfork(struct flow *w)
{
	free(w->lay);
	free(w->seen);
	free(w->path);
	free(w->moved_list);
	free(w->log);
}

void flow_release(struct flow *f)
{
	free(f->ge0);
	free(f->ecell);
	free(f->egroup);
	free(f->edge);
	free(f->serves);
	free(f->cells_of);
	free(f->left);
	free(f->need);
	free(f->fl);
	free(f->spare);
	free(f->unmet);
	free(f->givers);
	free(f->given);
	free(f->shortv);
	free(f->valid);
	free(f->moved);
	free(f->reached);
	free(f->gains);
	flow_unfork(f);
}

/* Sets value i of state k and the bits that mirror it, remembering the
 * old value when a move is being priced. */
static void put(struct flow *f, int what, int k, int i, double v)
{
	double *p;

	switch (what) {
	case LEFT:
		p = &f->left[(size_t)k * f->G + i];
		bit_put(f->spare + (size_t)k * f->wg, i, v > EPS);
		break;
	case NEED:
		p = &f->need[(size_t)k * f->C + i];
		bit_put(f->unmet + (size_t)k * f->wc, i, v > EPS);
		break;
	case FLOW: {
		int c = f->ecell[i], g = f->egroup[i];
		p = &f->fl[(size_t)k * f->E + i];
		bit_put(f->givers + ((size_t)k * f->C + c) * f->wg, g, v > EPS);
		bit_put(f->given + ((size_t)k * f->G + g) * f->wc, c, v > EPS);
		break;
	}
	default:
		p = &f->shortv[k];
	}
	if (f->logging) {
		SP_GROW(f->log, f->nlog + 1, f->caplog);
		f->log[f->nlog++] = (struct flow_log){ what, k, i, *p };
	}
	*p = v;
}

/* One breadth-first search of state k's residual graph from group root,
 * or from every group with supply left when root < 0 (root >= 0 only
 * after root's supply grew in a maximal flow).  Returns a cell that still
 * needs time, the path to it in path[] (root's edge first; the odd ones
 * are edges whose flow the path takes over), its edges in *n; or -1, with
 * every node reached in seen[]. */
static int bfs(struct flow *f, int k, int root, int *n)
{
	int wg = f->wg, wc = f->wc, C = f->C, i = 0;
	const uint64_t *spare = f->spare + (size_t)k * wg, *unmet = f->unmet + (size_t)k * wc;
	const uint64_t *given = f->given + (size_t)k * f->G * wc;
	uint64_t *seen_g = f->seen, *seen_c = f->seen + wg, any;

	memset(f->seen, 0, (size_t)(wg + wc) * sizeof(uint64_t));
	uint64_t *lg = layer(f, 0);
	if (root < 0) {
		memcpy(lg, spare, (size_t)wg * sizeof(uint64_t));
	} else {
		memset(lg, 0, (size_t)wg * sizeof(uint64_t));
		bit_put(lg, root, f->left[(size_t)k * f->G + root] > EPS);
	}
	memcpy(seen_g, lg, (size_t)wg * sizeof(uint64_t));
	for (;; i++) {
		uint64_t *lc = (lg = layer(f, i)) + wg, *next = layer(f, i + 1);
		memset(lc, 0, (size_t)wc * sizeof(uint64_t));
		for (int w = 0; w < wg; w++)
			for (uint64_t b = lg[w]; b; b &= b - 1) {
				const uint64_t *cs = f->cells_of + (size_t)(w * 64 + __builtin_ctzll(b)) * wc;
				for (int x = 0; x < wc; x++)
					lc[x] |= cs[x];
			}
		any = 0;
		for (int x = 0; x < wc; x++) {
			lc[x] &= ~seen_c[x];
			seen_c[x] |= lc[x];
			any |= lc[x];
		}
		if (!any)
			return -1;
		int c = first_common(lc, unmet, wc);
		if (c >= 0) {
			/* back from c through the layers: a group of layer j
			 * that serves the cell, then a cell of layer j - 1
			 * that the group gives time to */
			int v = c;
			for (int j = i; j >= 0; j--) {
				int g = first_common(layer(f, j), f->serves + (size_t)v * wg, wg);
				f->path[2 * j] = f->edge[(size_t)g * C + v];
				if (j > 0) {
					v = first_common(layer(f, j - 1) + wg, given + (size_t)g * wc, wc);
					f->path[2 * j - 1] = f->edge[(size_t)g * C + v];
				}
			}
			*n = 2 * i + 1;
			return c;
		}
		memset(next, 0, (size_t)wg * sizeof(uint64_t));
		for (int x = 0; x < wc; x++)
			for (uint64_t b = lc[x]; b; b &= b - 1) {
				int cc = x * 64 + __builtin_ctzll(b);
				const uint64_t *gs = f->givers + ((size_t)k * C + cc) * wg;
				for (int w = 0; w < wg; w++)
					next[w] |= gs[w];
			}
		any = 0;
		for (int w = 0; w < wg; w++) {
			next[w] &= ~seen_g[w];
			seen_g[w] |= next[w];
			/* from a single root, a group with time to spare leads
			 * nowhere new: the flow was maximal before root's
			 * supply grew */
			if (root >= 0)
				next[w] &= ~spare[w];
			any |= next[w];
		}
		if (!any)
			return -1;
	}
}

/* Push as much as path (n edges, see bfs) carries: forward along its even
 * edges, back along the odd ones, whose flow it takes over. */
static void push_path(struct flow *f, int k, int n)
{
	double *left = f->left + (size_t)k * f->G, *need = f->need + (size_t)k * f->C;
	double *fl = f->fl + (size_t)k * f->E;
	int g = f->egroup[f->path[0]], c = f->ecell[f->path[n - 1]];
	double push = fmin(need[c], left[g]);

	for (int j = 1; j < n; j += 2)
		push = fmin(push, fl[f->path[j]]);
	put(f, LEFT, k, g, left[g] - push);
	put(f, NEED, k, c, need[c] - push);
	for (int j = 0; j < n; j++)
		put(f, FLOW, k, f->path[j], fl[f->path[j]] + (j % 2 ? -push : push));
}

/* Augmenting paths from root (every group when root < 0) until none is
 * left: group -> cell (-> group with flow there -> cell)*. */
static void augment(struct flow *f, int k, int root)
{
	int n;

	while (bfs(f, k, root, &n) >= 0)
		push_path(f, k, n);
}

double flow_short(const struct flow *f, int k)
{
	const double *need = f->need + (size_t)k * f->C;
	double short_ = 0;

	for (int c = 0; c < f->C; c++)
		short_ += need[c] > 0 ? need[c] : 0;
	return short_ > 1e-9 ? short_ : 0;
}

int flow_reaches(const struct flow *f, int c)
{
	return bit_get(f->seen + f->wg, c);
}

double flow_solve(struct flow *f, const struct sched *s, const double *sup, int t, int k)
{
	int G = f->G, C = f->C;
	const double *need = f->need + (size_t)k * C;
	int logging = f->logging;

	f->logging = 0;
	f->valid[k] = 0;
	for (int c = 0; c < C; c++)
		put(f, NEED, k, c, s->req->required[(size_t)c * s->nint + t]);
	/* greedy: each group fills its cells in order */
	for (int g = 0; g < G; g++) {
		double l = sup[(size_t)g * s->nint + t];
		for (int e = f->ge0[g]; e < f->ge0[g + 1]; e++) {
			int c = f->ecell[e];
			double x = l < need[c] ? l : need[c];
			if (x < 0)
				x = 0;
			put(f, FLOW, k, e, x);
			put(f, NEED, k, c, need[c] - x);
			l -= x;
		}
		put(f, LEFT, k, g, l > EPS ? l : 0);
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
 * reached marks (groups then cells; all when NULL): a group reaches a cell
 * it serves, a cell a group that gives it time.  Returns the first group
 * with time to spare it meets, the path from it to c in path[] as bfs
 * writes it, its edges in *n; or -1, with every node reached in seen[]. */
static int bfs_back(struct flow *f, int k, int c, const uint64_t *marks, int *n)
{
	int wg = f->wg, wc = f->wc, C = f->C, i = 0;
	const uint64_t *spare = f->spare + (size_t)k * wg;
	const uint64_t *givers = f->givers + (size_t)k * C * wg;
	const uint64_t *given = f->given + (size_t)k * f->G * wc;
	uint64_t *seen_g = f->seen, *seen_c = f->seen + wg, any;

	memset(f->seen, 0, (size_t)(wg + wc) * sizeof(uint64_t));
	uint64_t *lc = layer(f, 0) + wg;
	if (c < 0) {
		memcpy(lc, f->unmet + (size_t)k * wc, (size_t)wc * sizeof(uint64_t));
	} else {
		memset(lc, 0, (size_t)wc * sizeof(uint64_t));
		bit_put(lc, c, 1);
	}
	memcpy(seen_c, lc, (size_t)wc * sizeof(uint64_t));
	for (;; i++) {
		uint64_t *lg = layer(f, i);
		lc = lg + wg;
		memset(lg, 0, (size_t)wg * sizeof(uint64_t));
		for (int x = 0; x < wc; x++)
			for (uint64_t b = lc[x]; b; b &= b - 1) {
				const uint64_t *gs = f->serves + (size_t)(x * 64 + __builtin_ctzll(b)) * wg;
				for (int w = 0; w < wg; w++)
					lg[w] |= gs[w];
			}
		any = 0;
		for (int w = 0; w < wg; w++) {
			lg[w] &= ~seen_g[w] & (marks ? marks[w] : ~0ULL);
			seen_g[w] |= lg[w];
			any |= lg[w];
		}
		if (!any)
			return -1;
		int h = first_common(lg, spare, wg);
		if (h >= 0) {
			/* forward from h through the layers: a cell of layer j
			 * that h serves, then a group of layer j - 1 that gives
			 * the cell time */
			int g = h;
			for (int j = i; j >= 0; j--) {
				int v = first_common(layer(f, j) + wg, f->cells_of + (size_t)g * wc, wc);
				f->path[2 * (i - j)] = f->edge[(size_t)g * C + v];
				if (j > 0) {
					g = first_common(layer(f, j - 1), givers + (size_t)v * wg, wg);
					f->path[2 * (i - j) + 1] = f->edge[(size_t)g * C + v];
				}
			}
			*n = 2 * i + 1;
			return h;
		}
		uint64_t *next = layer(f, i + 1) + wg;
		memset(next, 0, (size_t)wc * sizeof(uint64_t));
		for (int w = 0; w < wg; w++)
			for (uint64_t b = lg[w]; b; b &= b - 1) {
				const uint64_t *cs = given + (size_t)(w * 64 + __builtin_ctzll(b)) * wc;
				for (int x = 0; x < wc; x++)
					next[x] |= cs[x];
			}
		any = 0;
		for (int x = 0; x < wc; x++) {
			next[x] &= ~seen_c[x] & (marks ? marks[wg + x] : ~0ULL);
			seen_c[x] |= next[x];
			any |= next[x];
		}
		if (!any)
			return -1;
	}
}

/* Augmenting paths into cell c until it needs nothing more or none is
 * left, each found by bfs_back (marks: as there). */
static void augment_into(struct flow *f, int k, int c, const uint64_t *marks)
{
	const double *need = f->need + (size_t)k * f->C;
	int n;

	while (need[c] > EPS && bfs_back(f, k, c, marks, &n) >= 0)
		push_path(f, k, n);
}

/* Where state k's maximum flow can change (reached and gains, see struct
 * flow): what a search from the groups with time to spare reaches, and
 * which groups a search backwards from the cells still short reaches.  In
 * a maximum flow neither finds what it looks for; if one did, every node
 * is marked, which only costs searches. */
static void reach(struct flow *f, int k)
{
	int wg = f->wg, wc = f->wc, n;
	uint64_t *reached = f->reached + (size_t)k * (wg + wc), *gains = f->gains + (size_t)k * wg;

	if (bfs(f, k, -1, &n) >= 0)
		memset(reached, 0xff, (size_t)(wg + wc) * sizeof(uint64_t));
	else
		memcpy(reached, f->seen, (size_t)(wg + wc) * sizeof(uint64_t));
	if (bfs_back(f, k, -1, NULL, &n) >= 0)
		memset(gains, 0xff, (size_t)wg * sizeof(uint64_t));
	else
		memcpy(gains, f->seen, (size_t)wg * sizeof(uint64_t));
	f->valid[k] = 1;
}

/* State k's marks from reach(), or NULL when a move has changed the state
 * since flow_commit or flow_undo and they no longer describe it. */
static const uint64_t *marks(struct flow *f, int k)
{
	if (f->moved[k])
		return NULL;
	if (!f->valid[k])
		reach(f, k);
	return f->reached + (size_t)k * (f->wg + f->wc);
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
	const uint64_t *reached = search ? marks(f, k) : NULL;
	const uint64_t *gains = reached ? f->gains + (size_t)k * f->wg : NULL;
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
		put(f, FLOW, k, e, fl[e] - x);
		put(f, NEED, k, f->ecell[e], need[f->ecell[e]] + x);
		l += x;
		taken1 = e + 1;
	}
	put(f, LEFT, k, g, l > EPS ? l : 0);
	for (int e = taken0; e < taken1; e++)
		if (!reached || bit_get(reached + f->wg, f->ecell[e]))
			augment_into(f, k, f->ecell[e], reached);
	/* more supply where something is short: only paths from g can be
	 * new (every other group with time to spare had none) */
	int changed = taken1 > taken0;
	if (delta > 0 && (gains ? bit_get(gains, g) : f->shortv[k] > 0)) {
		augment(f, k, g);
		changed = 1;
	}
	if (changed)
		put(f, SHORT, k, 0, flow_short(f, k));
	return f->shortv[k];
}

double flow_loss(struct flow *f, int k, int g, double delta)
{
	const double *left = f->left + (size_t)k * f->G;
	const uint64_t *reached;

	/* the group's own spare time covers the loss: no marks needed */
	if (delta >= 0 || -delta <= left[g] || !(reached = marks(f, k)))
		return 0;
	/* what the group gives its cells is replaced only if spare time
	 * reaches one of them (see flow_add) */
	if (first_common(f->given + ((size_t)k * f->G + g) * f->wc, reached + f->wg, f->wc) >= 0)
		return 0;
	return fmax(0, -delta - left[g]);
}

int flow_gains(struct flow *f, int k, int g)
{
	return !marks(f, k) || bit_get(f->gains + (size_t)k * f->wg, g);
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
	f->logging = 0;
	while (f->nlog > 0) {
		struct flow_log *x = &f->log[--f->nlog];
		put(f, x->what, x->k, x->i, x->v);
	}
	/* the states are as reach() saw them again */
	for (int i = 0; i < f->nmoved; i++)
		f->moved[f->moved_list[i]] = 0;
	f->nmoved = 0;
}
