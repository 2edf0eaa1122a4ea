/* bench_erlang.c - time of the N* search (erlang_staff) per cell
 *
 *   make && cc -O2 -Iinclude bench/erlang/bench_erlang.c build/libstaffplan.a -lm \
 *      -o build/bench_erlang && build/bench_erlang
 *
 * Prints, for traffic 1, 100 and 10 000 Erlangs (AHT 300 s, 80 % within
 * 60 s, occupancy 0.85), N* and the mean time of one search under Erlang C
 * and under Erlang A (patience 120 s, at most 5 % abandoning; and a
 * patience of a day, the slowest case the inputs allow).  Each figure is
 * the mean over as many searches as fit in 0.3 s.
 */
#include "staffplan/erlang.h"

#include <stdio.h>
#include <time.h>

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec * 1e-9;
}

static void run(const char *label, double a, double patience, double max_abandon)
{
	struct erlang_queue q = { a, 300, patience, 60 };
	struct erlang_target t = { 0.8, 0.85, max_abandon };
	struct erlang_result r;
	long calls = 0;
	double t0 = now(), t1;

	do {
		if (erlang_staff(&q, &t, &r) != SP_OK) {
			printf("%-10s A %8g: refused\n", label, a);
			return;
		}
		calls++;
		t1 = now();
	} while (t1 - t0 < 0.3);
	printf("%-10s A %8g: N* %6d  %12.3f us per search (%ld searches)\n", label, a, r.agents,
	       (t1 - t0) / calls * 1e6, calls);
}

int main(void)
{
	static const double traffic[] = { 1, 100, 10000 };

	for (int i = 0; i < 3; i++)
		run("erlang-c", traffic[i], 0, 1);
	for (int i = 0; i < 3; i++)
		run("erlang-a", traffic[i], 120, 0.05);
	for (int i = 0; i < 3; i++)
		run("a-1day", traffic[i], 86400, 0.05);
	return 0;
}
