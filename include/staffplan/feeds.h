/* feeds.h - calendar feeds: secret addresses and the calendar each serves
 *
 * A feed is "BASE/cal/SECRET.ics" (SPEC 9).  The secret is 192 bits from
 * the kernel's random source, written as 32 base64url characters; only
 * its SHA-256 is stored (store.h, feeds table), so the address is shown
 * once, by `feeds issue`, and never again.  The calendar is built per
 * request from the stored publications, the same events, UIDs, SEQUENCE
 * and CANCELLED entries as the files of SPEC 5.5, from FEED_WINDOW_DAYS
 * back on.  `serve` (serve.h) answers HTTP with it.
 */
#ifndef STAFFPLAN_FEEDS_H
#define STAFFPLAN_FEEDS_H

#include "staffplan/digest.h"
#include "staffplan/error.h"

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#define FEED_SECRET_BYTES 24  /* 192 random bits */
#define FEED_SECRET_LEN 32    /* their base64url characters */
#define FEED_WINDOW_DAYS 28   /* a feed shows shifts dated from 4 weeks back on */
#define FEED_BASE_URL "http://127.0.0.1:8080"

/* A new secret (FEED_SECRET_LEN characters and the NUL) and the SHA-256
 * hex of it, the only form that is stored.  SP_ERR_IO when the kernel's
 * random source fails. */
sp_status feed_secret_new(char secret[FEED_SECRET_LEN + 1], char hash[SP_SHA256_HEX],
			  struct sp_err *err);
/* Is s[0..len) shaped like a secret: FEED_SECRET_LEN characters of
 * [A-Za-z0-9_-]?  Anything else is refused before the database is asked. */
int feed_secret_shaped(const char *s, size_t len);
/* Returns the address of secret under base ("https://cal.example.com",
 * a trailing '/' dropped) as a new string; caller frees. */
char *feed_url(const char *base, const char *secret);
/* The first date a feed shows at now: the UTC date FEED_WINDOW_DAYS
 * before it, "YYYY-MM-DD". */
void feed_window_start(time_t now, char out[16]);

/* A feed's calendar and its validators. */
struct feed_doc {
	char *body;            /* owned; the iCalendar text, CRLF lines */
	size_t len;
	char etag[68];         /* strong: "\"" 64 hex digits of SHA-256(body) "\"" */
	time_t last_modified;  /* latest publication shown, whole seconds; 0: none */
	int64_t feed_id;
};
void feed_doc_release(struct feed_doc *d);  /* frees body; NULL is a no-op */

/* What `serve` asks per request: the readers (one per thread at a time),
 * the calendar contexts (ics.h: each zone's VTIMEZONE built once for the
 * service's lifetime), the bodies already written (each kept under a
 * digest of what it is made of, so a change in the database is never
 * hidden), and the fetch times not yet written.
 * Thread-safe.  Returns a new service; caller frees with
 * feed_service_free() (NULL is a no-op).  SP_ERR_DB when the database
 * cannot be read or has no feeds table. */
struct feed_service;
sp_status feed_service_new(const char *db_path, struct feed_service **out, struct sp_err *err);
void feed_service_free(struct feed_service *s);
/* OUT: *found 1 and *doc (release with feed_doc_release()) the calendar
 * of the live feed whose secret is secret[0..len), read from the
 * database as committed when the call began; *found 0 when the secret is
 * malformed, unknown or revoked (nothing tells these apart).  Remembers
 * the fetch for feed_service_flush().  Error messages never hold the
 * secret. */
sp_status feed_service_get(struct feed_service *s, const char *secret, size_t len, time_t now,
			   struct feed_doc *doc, int *found, struct sp_err *err);
/* Writes the fetch times remembered since the last flush (feeds list
 * shows them); kept for the next flush when the database is busy. */
sp_status feed_service_flush(struct feed_service *s, struct sp_err *err);

#endif
