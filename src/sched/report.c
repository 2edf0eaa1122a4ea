/* report.c - what the solver tells its caller while it runs, through the
 * callback in its options (struct sched_progress): live progress lines,
 * trace messages and summaries
 *
 * The solver never prints: the caller decides where reports go (plan's
 * pipeline prints them on stderr as docs/MODEL.md §6 describes).
 * A message is formatted only when the caller asked for its kind.
 */
#include "sched_int.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>

/* Hands the caller one report; msg NULL for none. */
static void send(const struct sched *s, enum sched_report_kind kind, double inc, double bound, double gap,
		 const char *msg)
{
	struct sched_progress p = { kind, sched_elapsed(s), inc, bound, gap, msg };

	s->opts->report(s->opts->report_info, &p);
}

int sched_tracing(const struct sched *s)
{
	return s->opts->report && s->opts->trace;
}

int sched_showing(const struct sched *s)
{
	return s->opts->report && s->opts->progress;
}

/* Formats the message and hands it over. */
static void vsend(const struct sched *s, enum sched_report_kind kind, double inc, double bound, double gap,
		  const char *fmt, va_list ap)
{
	char msg[512];

	vsnprintf(msg, sizeof(msg), fmt, ap);
	send(s, kind, inc, bound, gap, msg);
}

void sched_trace(const struct sched *s, const char *fmt, ...)
{
	va_list ap;

	if (!sched_tracing(s))
		return;
	va_start(ap, fmt);
	vsend(s, SCHED_TRACE, NAN, NAN, NAN, fmt, ap);
	va_end(ap);
}

void sched_progress(const struct sched *s, double inc, double bound, double gap, const char *fmt, ...)
{
	va_list ap;

	if (!sched_showing(s))
		return;
	va_start(ap, fmt);
	vsend(s, SCHED_PROGRESS, inc, bound, gap, fmt, ap);
	va_end(ap);
}

void sched_progress_end(const struct sched *s)
{
	if (sched_showing(s))
		send(s, SCHED_PROGRESS_END, NAN, NAN, NAN, NULL);
}

void sched_summary(const struct sched *s, double bound, const char *fmt, ...)
{
	va_list ap;

	if (!s->opts->report || s->opts->quiet)
		return;
	va_start(ap, fmt);
	vsend(s, SCHED_SUMMARY, NAN, bound, NAN, fmt, ap);
	va_end(ap);
}
