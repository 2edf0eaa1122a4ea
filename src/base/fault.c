/* fault.c - the counters behind fault.h (test-only state: nothing in the
 * program arms them, so in a run they stay at zero)
 *
 * The counts are atomic: the solver allocates from two threads, and a
 * count that lost an increment would make the Nth point fail elsewhere. */
#include "staffplan/fault.h"

#include <stdatomic.h>

static struct {
	atomic_long fail_at, count;
	atomic_int sticky;
} faults[SP_FAULT_NKINDS];

void sp_fault_arm(enum sp_fault_kind k, long n, int sticky)
{
	atomic_store(&faults[k].fail_at, 0); /* no point fails while re-arming */
	atomic_store(&faults[k].count, 0);
	atomic_store(&faults[k].sticky, sticky);
	atomic_store(&faults[k].fail_at, n);
}

int sp_fault(enum sp_fault_kind k)
{
	long at = atomic_load_explicit(&faults[k].fail_at, memory_order_relaxed);

	if (!at)
		return 0;
	long c = atomic_fetch_add(&faults[k].count, 1) + 1;
	return c == at || (atomic_load(&faults[k].sticky) && c > at);
}

long sp_fault_count(enum sp_fault_kind k)
{
	return atomic_load(&faults[k].count);
}
