/* serve.h - `staffplan serve`: the calendar feeds over HTTP (libmicrohttpd)
 *
 * GET and HEAD of /cal/SECRET.ics answer the feed's calendar (feeds.h)
 * with a strong ETag and Last-Modified, 304 to a matching If-None-Match
 * or, without one, to an If-Modified-Since not older than the latest
 * publication.  Every other request gets 404, or 405 for another method
 * on a /cal/X.ics path, with one body whatever was wrong.  One Common Log
 * Format line per request, the secret replaced by "[secret]" and any other
 * path by its length.  Binds
 * loopback by default; TLS is a reverse proxy's job (docs/CALENDARS.md).
 * Only src/feeds/serve.c includes <microhttpd.h>.
 */
#ifndef STAFFPLAN_SERVE_H
#define STAFFPLAN_SERVE_H

#include "staffplan/error.h"
#include "staffplan/feeds.h"

#include <stddef.h>
#include <time.h>

struct serve_opts {
	const char *db_path;
	const char *listen;       /* "HOST:PORT" (numeric host, "[::1]:PORT", "localhost");
				     port 0 picks a free one */
	const char *log_path;     /* access log appended to; NULL: stderr */
	unsigned threads;         /* polling threads */
	unsigned max_connections; /* open at once, all clients */
	unsigned max_per_ip;      /* open at once from one address; 0: no limit */
	unsigned timeout;         /* seconds a connection may stay idle (or trickle) */
	size_t request_memory;    /* per connection; bounds request line and headers */
	unsigned flush_seconds;   /* how often fetch times are written */
};

/* Sets the defaults: 127.0.0.1:8080, stderr, 2 threads, 1000 connections,
 * no per-address limit, 15 s, 16 KiB, 60 s. */
void serve_opts_init(struct serve_opts *o, const char *db_path);

/* Serves until SIGTERM or SIGINT, then stops accepting, lets the requests
 * in flight finish (at most 10 s), writes the fetch times and returns
 * SP_OK.  SIGHUP reopens the log file (log rotation).  The address bound
 * goes to stderr as "staffplan serve: listening on http://HOST:PORT/"
 * before the first request is taken.  Blocks those signals in the calling
 * thread and in the server's threads while it runs.  SP_ERR_USAGE for a
 * bad --listen; SP_ERR_IO when the address cannot be bound or the log not
 * opened; SP_ERR_DB when the database cannot be read. */
sp_status serve_run(const struct serve_opts *o, struct sp_err *err);

/* ---- the answer to a request, without sockets ---- */

/* A request as serve_decide() sees it: what libmicrohttpd parsed. */
struct serve_request {
	const char *method, *url;
	const char *if_none_match;      /* NULL: header absent */
	const char *if_modified_since;  /* NULL: header absent */
};

/* The feed lookup serve_decide() makes: feed_service_get() at the time of
 * the request, in the server (feeds.h has the contract). */
typedef sp_status (*serve_lookup_fn)(void *arg, const char *secret, size_t len, struct feed_doc *doc,
				     int *found, struct sp_err *err);

/* What a request gets. */
struct serve_answer {
	unsigned status;       /* 200, 304, 404, 405 (Allow: GET, HEAD) or 503 */
	struct feed_doc doc;   /* 200 and 304: the calendar and its validators (owned) */
	const char *text;      /* 404, 405 and 503: the body (static text/plain); every
				  404 and 405 has the same, whatever was wrong */
	size_t body_len;       /* bytes of body sent: 0 for HEAD and a 304 */
	struct sp_err err;     /* 503: why (names no secret) */
};

/* Decides the answer to rq: 404 for a path that is not a feed's; 405 for
 * another method than GET and HEAD on a feed path; only then asks lookup,
 * and gives 503 when it fails, 404 when the secret is not a live one,
 * else 304 when serve_not_modified() says so and 200 otherwise.  Reads no
 * clock, socket or file but through lookup.  OUT: *a (release with
 * serve_answer_release()). */
void serve_decide(const struct serve_request *rq, serve_lookup_fn lookup, void *arg, struct serve_answer *a);
void serve_answer_release(struct serve_answer *a); /* frees the doc; NULL is a no-op */

/* ---- HTTP pieces, public for the tests ---- */

/* Is url a feed path "/cal/X.ics" (X without '/'), in origin form or in
 * absolute form ("http://HOST/cal/X.ics", "https://...", the scheme in
 * any case: RFC 9112 3.2.2)?  OUT: X (inside url) and its length (not
 * checked to be a secret). */
int serve_feed_path(const char *url, const char **secret, size_t *len);
/* Does the If-None-Match value list etag ("\"...\"")?  "*" does; weak
 * tags (W/) compare by their opaque part (RFC 9110 13.1.2). */
int serve_etag_listed(const char *if_none_match, const char *etag);
/* Should a GET/HEAD answer 304?  If-None-Match (NULL: absent) decides
 * when present; otherwise a valid If-Modified-Since not older than
 * last_modified (0: unknown, never 304). */
int serve_not_modified(const char *if_none_match, const char *if_modified_since,
		       const char *etag, time_t last_modified);
/* HTTP-date: parses IMF-fixdate and the obsolete RFC 850 and asctime
 * forms (0, or -1 when s is none of them); formats IMF-fixdate. */
int serve_http_date_parse(const char *s, time_t *out);
void serve_http_date(time_t t, char out[32]);
/* The request path as the log shows it (n >= 32): a feed path
 * (serve_feed_path()) is "/cal/[secret].ics"; any other path only by its
 * length, "[path:37]": a client's path may hold a secret in any shape
 * (split by dots, mistyped), so it is never shown. */
void serve_log_path(const char *url, char *out, size_t n);
/* The request of a log line, "GET /cal/[secret].ics HTTP/1.1": the path
 * as serve_log_path() shows it, a method other than those of RFC 9110 and
 * PATCH as "[method:LEN]", a version other than HTTP/1.0 and HTTP/1.1 as
 * "[version:LEN]".  Cut to fit out. */
void serve_log_request(const char *method, const char *url, const char *version, char *out, size_t n);
/* A note of the server's own (errors, the HTTP library's messages)
 * filtered for the log: any run of 16 or more base64url characters
 * becomes "[secret]", bytes outside printable ASCII and '"' '\\' become
 * \xHH, and the text is cut to fit out (n >= 16, "..." when cut). */
void serve_log_text(const char *text, char *out, size_t n);

#endif
