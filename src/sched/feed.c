/* feed.c - what the bound thread hands the search while both run: the best
 * lower bound, a roster built from stage 1's counts, and that the thread
 * has ended (its core is then free for a second searcher)
 *
 * Everything goes through struct shared_bound under its one lock; the
 * bound thread writes (sched.c), the search reads (search.c).  With no
 * bound thread (s->feed NULL) the readers answer for the solve alone.
 */
#include "sched_int.h"

#include <math.h>
#include <string.h>

void feed_offer_bound(struct shared_bound *f, double b)
{
	mtx_lock(&f->lock);
	if (b > f->value)
		f->value = b;
	mtx_unlock(&f->lock);
}

void feed_offer_roster(struct shared_bound *f, const int *assign, size_t n, double obj)
{
	mtx_lock(&f->lock);
	memcpy(f->roster, assign, n * sizeof(int));
	f->roster_obj = obj;
	f->roster_new = 1;
	mtx_unlock(&f->lock);
}

void feed_end(struct shared_bound *f)
{
	mtx_lock(&f->lock);
	f->done = 1;
	mtx_unlock(&f->lock);
}

double sched_bound(const struct sched *s)
{
	double b = s->lb_valid ? s->lower_bound : -HUGE_VAL;
	if (s->feed) {
		mtx_lock(&s->feed->lock);
		b = fmax(b, s->feed->value);
		mtx_unlock(&s->feed->lock);
	}
	return b;
}

int sched_bound_done(const struct sched *s)
{
	if (!s->feed)
		return 1;
	mtx_lock(&s->feed->lock);
	int done = s->feed->done;
	mtx_unlock(&s->feed->lock);
	return done;
}

double sched_take_roster(struct sched *s, double obj)
{
	if (!s->feed)
		return obj;
	mtx_lock(&s->feed->lock);
	if (s->feed->roster_new && s->feed->roster_obj < obj - 1e-6) {
		memcpy(s->assign, s->feed->roster, (size_t)s->in->nagents * s->ndays * sizeof(int));
		obj = s->feed->roster_obj;
	}
	s->feed->roster_new = 0;
	mtx_unlock(&s->feed->lock);
	return obj;
}
