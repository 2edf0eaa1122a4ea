/* fault.h - fault injection for tests (SQLite's way): make the Nth write,
 * database step or allocation fail
 *
 * Every place that writes an output file (fileio.c), steps a database
 * statement (src/store) or allocates through sp_xmalloc and its kin
 * (error.h) asks sp_fault() first; a test arms a kind with sp_fault_arm()
 * and checks that the call failing there gives a clean error, leaks
 * nothing and leaves the previous files and rows as they were.  Each
 * forecast (fc_forecast) asks too, so a test can make a method blow up
 * and check that auto passes it over (no real method does any more).  Nothing
 * but a test arms a fault: the program has no option or variable that
 * reaches it, and an unarmed point costs one comparison.
 *
 * A failed allocation is not an error to return but the end of the
 * process: sp_xmalloc prints "staffplan: fatal: out of memory" and aborts.
 * On purpose: a planner that runs out of memory has nothing useful left to
 * do, unwinding every caller for a case that cannot be recovered would put
 * an error path in nearly every function (each one a place for a leak or a
 * half-updated structure), and aborting is safe by construction -- the
 * database transaction of the run never commits (SQLite rolls it back at
 * the next open) and the outputs are only ever written under temporary
 * names that the next plan removes.  The allocation fault checks exactly
 * that: wherever the Nth allocation fails, the message, a non-zero exit,
 * no output replaced, the database as it was (tests/unit/test_fault.c).
 */
#ifndef STAFFPLAN_FAULT_H
#define STAFFPLAN_FAULT_H

enum sp_fault_kind {
	SP_FAULT_WRITE,   /* writing, flushing, syncing or renaming an output file */
	SP_FAULT_DB,      /* a database statement (fails as a full disk would) */
	SP_FAULT_ALLOC,   /* sp_xmalloc, sp_xcalloc, sp_xrealloc, sp_xstrdup (abort) */
	SP_FAULT_FORECAST, /* fc_forecast: one interval a million times too high */
	SP_FAULT_NKINDS
};

/* From now on, the nth point of kind k fails (n >= 1), and every later
 * one too when sticky (a full disk stays full); n 0 disarms and resets
 * the count. */
void sp_fault_arm(enum sp_fault_kind k, long n, int sticky);

/* At a fault point: 1 when this call must fail. */
int sp_fault(enum sp_fault_kind k);

/* Points of kind k passed since it was last armed (or disarmed). */
long sp_fault_count(enum sp_fault_kind k);

#endif
