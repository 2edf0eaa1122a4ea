/* fault.h - fault injection for tests (SQLite's way): make the Nth write
 * or database step fail
 *
 * Every place that writes an output file (fileio.c) or steps a database
 * statement (src/store) asks sp_fault() first; a test arms a kind with
 * sp_fault_arm() and checks that the call failing there gives a clean
 * error, leaks nothing and leaves the previous files and rows as they
 * were.  Nothing but a test arms a fault: the program has no option or
 * variable that reaches it, and an unarmed point costs one comparison.
 */
#ifndef STAFFPLAN_FAULT_H
#define STAFFPLAN_FAULT_H

enum sp_fault_kind {
	SP_FAULT_WRITE,   /* writing, flushing, syncing or renaming an output file */
	SP_FAULT_DB,      /* a database statement (fails as a full disk would) */
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
