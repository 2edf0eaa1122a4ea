/* fault.c - the counters behind fault.h (test-only state: nothing in the
 * program arms them, so in a run they stay at zero) */
#include "staffplan/fault.h"

static struct {
	long fail_at, count;
	int sticky;
} faults[SP_FAULT_NKINDS];

void sp_fault_arm(enum sp_fault_kind k, long n, int sticky)
{
	faults[k].fail_at = n;
	faults[k].count = 0;
	faults[k].sticky = sticky;
}

int sp_fault(enum sp_fault_kind k)
{
	if (!faults[k].fail_at)
		return 0;
	long c = ++faults[k].count;
	return c == faults[k].fail_at || (faults[k].sticky && c > faults[k].fail_at);
}

long sp_fault_count(enum sp_fault_kind k)
{
	return faults[k].count;
}
