/* calwrite.c - what writing the feeds' calendars costs, with and without
 * one calendar context for all of them
 *
 * usage: calwrite DB PATHS   (bench/out/feeds/L.db and paths.txt after
 * `make bench-feeds`).  Reads each feed's rows once (db_feed_load()), then,
 * three rounds: writes every agent's calendar with a new context each
 * (ics_cal_new(): its VTIMEZONE built again, what every first fetch paid
 * before `serve` kept its contexts) and with one context for all (what
 * `serve` does).  Prints microseconds per feed.  Build: see bench/FEEDS.md.
 */
#include "staffplan/digest.h"
#include "staffplan/feeds.h"
#include "staffplan/ics.h"
#include "staffplan/store.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

enum { MAX_FEEDS = 4096 };

static double seconds(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* Writes every calendar of v[0..n); a new context for each when fresh.
 * Returns 0, or -1 with the message printed. */
static int write_all(const struct sp_feed_view *v, int n, int fresh, struct buf *b)
{
	struct ics_cal_opts o = { v[0].site_tz, "base", v[0].first, 0 };
	struct ics_cal *shared = fresh ? NULL : ics_cal_new(&o);
	struct sp_err err = SP_ERR_INIT;
	int rc = 0;

	for (int i = 0; i < n && rc == 0; i++) {
		struct ics_cal_opts own = { v[i].site_tz, "base", v[i].first, 0 };
		struct ics_cal *cal = fresh ? ics_cal_new(&own) : shared;
		const struct sp_feed_agent *a = &v[i].agents[0];
		struct ics_agent ag = { a->id, a->name, a->tz, a->email };

		buf_reset(b);
		if (ics_cal_agent(cal, &ag, v[i].pubs, v[i].npubs, b, &err) != SP_OK) {
			fprintf(stderr, "calwrite: %s\n", err.msg);
			rc = -1;
		}
		if (fresh)
			ics_cal_free(cal);
	}
	ics_cal_free(shared);
	return rc;
}

int main(int argc, char **argv)
{
	static char secret[MAX_FEEDS][FEED_SECRET_LEN + 1];
	static struct sp_feed_view views[MAX_FEEDS];
	struct sp_err err = SP_ERR_INIT;
	struct sp_feed_reader *r = NULL;
	struct buf b = BUF_INIT;
	char line[512], from[16];
	int n = 0;
	FILE *f;

	if (argc != 3 || !(f = fopen(argv[2], "r"))) {
		fprintf(stderr, "usage: calwrite DB PATHS\n");
		return 2;
	}
	while (n < MAX_FEEDS && fgets(line, sizeof(line), f)) {
		const char *s = strstr(line, "/cal/");

		if (s && feed_secret_shaped(s + 5, FEED_SECRET_LEN))
			snprintf(secret[n++], sizeof(secret[0]), "%.*s", FEED_SECRET_LEN, s + 5);
	}
	fclose(f);
	if (n == 0 || db_feed_reader_open(argv[1], &r, &err) != SP_OK) {
		fprintf(stderr, "calwrite: %s\n", n ? err.msg : "no feed paths");
		return 1;
	}
	feed_window_start(time(NULL), from);
	double t0 = seconds();
	for (int i = 0; i < n; i++) {
		struct sp_feed fd;
		char hash[SP_SHA256_HEX];
		int found = 0;

		sp_sha256_hex(secret[i], FEED_SECRET_LEN, hash);
		if (db_feed_reader_begin(r, &err) != SP_OK || db_feed_find(r, hash, &fd, &found, &err) != SP_OK ||
		    !found || db_feed_load(r, &fd, from, &views[i], &err) != SP_OK || fd.kind != SP_FEED_AGENT) {
			fprintf(stderr, "calwrite: feed %d: %s\n", i, found ? err.msg : "not live");
			return 1;
		}
		db_feed_reader_end(r);
		db_feed_release(&fd);
	}
	double t1 = seconds();
	printf("%d feeds; reading the rows: %.0f us/feed\n", n, (t1 - t0) / n * 1e6);
	for (int round = 0; round < 3; round++) {
		double a0 = seconds();
		if (write_all(views, n, 1, &b) != 0)
			return 1;
		double a1 = seconds();
		if (write_all(views, n, 0, &b) != 0)
			return 1;
		double a2 = seconds();
		printf("round %d: a context per calendar %.0f us/feed, one context %.0f us/feed (%.1f times less)\n",
		       round, (a1 - a0) / n * 1e6, (a2 - a1) / n * 1e6, (a1 - a0) / (a2 - a1));
	}
	for (int i = 0; i < n; i++)
		db_feed_view_release(&views[i]);
	db_feed_reader_close(r);
	buf_release(&b);
	ics_cleanup();
	return 0;
}
