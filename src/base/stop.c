/* stop.c - the checks behind stop.h: the flag main() sets, and a deadline */
#include "staffplan/stop.h"

#include <time.h>

double sp_clock(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec * 1e-9;
}

void sp_stop_init(struct sp_stop *s, volatile sig_atomic_t *signal, double limit)
{
	s->signal = signal;
	s->seen = 0;
	s->limit = limit > 0 ? limit : 0; /* NaN compares false: none */
	s->deadline = s->limit > 0 ? sp_clock() + s->limit : 0;
}

struct sp_stop sp_stop_signals_only(const struct sp_stop *s)
{
	struct sp_stop o = { 0 };

	if (s && s->signal) {
		o.signal = s->signal;
		o.seen = *s->signal;
	}
	return o;
}

int sp_stop_signalled(const struct sp_stop *s)
{
	return s && s->signal && *s->signal != s->seen;
}

int sp_stop_due(const struct sp_stop *s)
{
	return sp_stop_signalled(s) || (s && s->deadline > 0 && sp_clock() >= s->deadline);
}

sp_status sp_stop_error(const struct sp_stop *s, const char *doing, struct sp_err *err)
{
	if (sp_stop_signalled(s))
		return sp_err_set(err, SP_ERR_TIMEOUT, "%s while %s: stopped, nothing stored or written",
				  *s->signal == SP_STOP_NOW ? "SIGTERM (or a second Ctrl-C)" : "interrupted",
				  doing);
	return sp_err_set(err, SP_ERR_TIMEOUT,
			  "the time limit of %g s ran out while %s, before any roster: nothing stored or "
			  "written (raise --time-limit or [solver] time_limit_seconds)",
			  s ? s->limit : 0.0, doing);
}

sp_status sp_stop_check(const struct sp_stop *s, const char *doing, struct sp_err *err)
{
	return sp_stop_due(s) ? sp_stop_error(s, doing, err) : SP_OK;
}
