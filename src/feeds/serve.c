/* serve.c - the feed server: libmicrohttpd, validators, limits, log, shutdown
 *
 * libmicrohttpd polls with epoll in a pool of threads; each request is
 * turned into its answer by serve_decide(), which knows no sockets (the
 * fuzzer and the tests call it alone) and asks feed_service_get()
 * (feed.c) for the calendar, read from the database as it is at that
 * moment.  The main thread only waits for signals: it
 * writes the fetch times now and then and, on SIGTERM, stops accepting,
 * waits for the requests in flight and stops the daemon.  Nothing a
 * client sends reaches the log unfiltered, and no answer tells a revoked
 * secret from one never issued.
 */
#include "staffplan/serve.h"
#include "staffplan/feeds.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdarg.h>
#include <stdint.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <unistd.h>

#define FEED_PREFIX "/cal/"
#define FEED_SUFFIX ".ics"
#define SECRET_RUN 16           /* a run this long of base64url is logged as "[secret]" */
#define STOP_WAIT_MS 10000      /* longest wait for requests in flight at SIGTERM */
#define CONTENT_TYPE "text/calendar; charset=utf-8"
/* clients keep a copy but ask again each time (a cheap 304); shared
 * caches keep none, so a revoked address stops working at once */
#define CACHE_CONTROL "private, no-cache"

/* One body for every refusal: a 404 for a wrong secret is the same as
 * one for a wrong path, and a 405 says no more. */
static const char refusal[] = "no calendar here\n";
static const char unavailable_text[] = "calendar temporarily unavailable\n";

struct server {
	const struct serve_opts *o;
	struct feed_service *svc;
	int log_fd;
	atomic_int inflight;      /* requests between the handler and their completion */
	atomic_int closing;       /* SIGTERM seen: answer with Connection: close */
	atomic_long requests;
};

/* ---- HTTP pieces ----------------------------------------------------------- */

/* The path of a request target: url itself in origin form ("/cal/..."),
 * what follows the authority in absolute form ("http://host/cal/..."),
 * which RFC 9112 3.2.2 says a server MUST accept and libmicrohttpd passes
 * on as it came; "" when the absolute form has no path. */
static const char *origin_path(const char *url)
{
	const char *p;

	if (!strncasecmp(url, "http://", 7))
		p = url + 7;
	else if (!strncasecmp(url, "https://", 8))
		p = url + 8;
	else
		return url;
	return p + strcspn(p, "/");
}

int serve_feed_path(const char *url, const char **secret, size_t *len)
{
	size_t n, p = strlen(FEED_PREFIX), s = strlen(FEED_SUFFIX);

	url = origin_path(url);
	n = strlen(url);

	*secret = NULL;
	*len = 0;
	if (n < p + s || strncmp(url, FEED_PREFIX, p) || strcmp(url + n - s, FEED_SUFFIX))
		return 0;
	if (memchr(url + p, '/', n - p - s))
		return 0;
	*secret = url + p;
	*len = n - p - s;
	return 1;
}

static const char *skip_ows(const char *p)
{
	while (*p == ' ' || *p == '\t')
		p++;
	return p;
}

int serve_etag_listed(const char *inm, const char *etag)
{
	size_t elen = strlen(etag);
	const char *p = inm;

	/* compare the opaque parts: etag is "\"...\"" */
	if (elen < 2)
		return 0;
	for (;;) {
		p = skip_ows(p);
		while (*p == ',')
			p = skip_ows(p + 1);
		if (!*p)
			return 0;
		if (*p == '*')
			return 1;
		if (p[0] == 'W' && p[1] == '/')
			p += 2;
		if (*p != '"')
			return 0; /* not a list of entity tags: matches nothing */
		const char *end = strchr(p + 1, '"');
		if (!end)
			return 0;
		if ((size_t)(end + 1 - p) == elen && !memcmp(p, etag, elen))
			return 1;
		p = end + 1;
	}
}

static const char *const wday_name[] = { "Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat" };
static const char *const mon_name[] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun",
					"Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };

void serve_http_date(time_t t, char out[32])
{
	struct tm tm;

	gmtime_r(&t, &tm);
	snprintf(out, 32, "%s, %02d %s %04d %02d:%02d:%02d GMT", wday_name[tm.tm_wday % 7],
		 tm.tm_mday % 100, mon_name[tm.tm_mon % 12], (tm.tm_year + 1900) % 10000,
		 tm.tm_hour % 100, tm.tm_min % 100, tm.tm_sec % 100);
}

static int month_of(const char *m)
{
	for (int i = 0; i < 12; i++)
		if (!strcmp(m, mon_name[i]))
			return i;
	return -1;
}

int serve_http_date_parse(const char *s, time_t *out)
{
	char wd[16], mon[4], zone[4];
	int d, y, h, mi, sec, n = 0;
	struct tm tm;

	*out = 0;
	/* IMF-fixdate: Sun, 06 Nov 1994 08:49:37 GMT */
	if (sscanf(s, "%3s, %2d %3s %4d %2d:%2d:%2d %3s%n", wd, &d, mon, &y, &h, &mi, &sec, zone, &n) == 8 &&
	    n && !s[n] && !strcmp(zone, "GMT")) {
		;
	/* RFC 850: Sunday, 06-Nov-94 08:49:37 GMT */
	} else if (n = 0, sscanf(s, "%15[A-Za-z], %2d-%3s-%2d %2d:%2d:%2d %3s%n", wd, &d, mon, &y, &h, &mi, &sec,
			  zone, &n) == 8 && n && !s[n] && !strcmp(zone, "GMT")) {
		y += y < 70 ? 2000 : 1900;
	/* asctime: Sun Nov  6 08:49:37 1994 */
	} else if (n = 0, sscanf(s, "%3s %3s %2d %2d:%2d:%2d %4d%n", wd, mon, &d, &h, &mi, &sec, &y, &n) == 7 &&
		   n && !s[n]) {
		;
	} else {
		return -1;
	}
	memset(&tm, 0, sizeof(tm));
	tm.tm_mon = month_of(mon);
	if (tm.tm_mon < 0 || d < 1 || d > 31 || h > 23 || mi > 59 || sec > 60 || y < 1900 || y > 9999 ||
	    h < 0 || mi < 0 || sec < 0)
		return -1;
	tm.tm_year = y - 1900;
	tm.tm_mday = d;
	tm.tm_hour = h;
	tm.tm_min = mi;
	tm.tm_sec = sec;
	*out = timegm(&tm);
	return 0;
}

int serve_not_modified(const char *inm, const char *ims, const char *etag, time_t last_modified)
{
	time_t since;

	if (inm) /* RFC 9110 13.2.2: If-None-Match, when sent, decides alone */
		return serve_etag_listed(inm, etag);
	if (!ims || !last_modified || serve_http_date_parse(ims, &since) != 0)
		return 0;
	return last_modified <= since;
}

static int b64url(unsigned char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
	       c == '_';
}

/* Appends s[0..l) at out + *o when it fits with room for "..." and the
 * NUL; 0 when it does not. */
static int put(char *out, size_t n, size_t *o, const char *s, size_t l)
{
	if (*o + l + 4 > n)
		return 0;
	memcpy(out + *o, s, l);
	*o += l;
	return 1;
}

void serve_log_path(const char *url, char *out, size_t n)
{
	const char *secret;
	size_t len;

	SP_ASSERT(n >= 32);
	/* Only the feed route is shown.  Any other path is a client's text
	 * of any shape, a secret mistyped into it included (split by dots,
	 * percent-encoded, ...), which no filter can be sure to catch: only
	 * its length is logged. */
	if (serve_feed_path(url, &secret, &len))
		snprintf(out, n, "%s[secret]%s", FEED_PREFIX, FEED_SUFFIX);
	else
		snprintf(out, n, "[path:%zu]", strlen(url));
}

/* s itself when it is one of known[] (NULL-terminated), else "[what:LEN]". */
static void log_token(const char *s, const char *const *known, const char *what, char *out, size_t n)
{
	for (; *known; known++)
		if (!strcmp(s, *known)) {
			snprintf(out, n, "%s", s);
			return;
		}
	snprintf(out, n, "[%s:%zu]", what, strlen(s));
}

void serve_log_request(const char *method, const char *url, const char *version, char *out, size_t n)
{
	/* the methods of RFC 9110 and PATCH; another token is the client's text */
	static const char *const methods[] = { "GET", "HEAD", "POST", "PUT", "DELETE", "CONNECT",
					       "OPTIONS", "TRACE", "PATCH", NULL };
	static const char *const versions[] = { "HTTP/1.0", "HTTP/1.1", NULL };
	char m[32], p[32], v[32];

	log_token(method, methods, "method", m, sizeof(m));
	serve_log_path(url, p, sizeof(p));
	log_token(version, versions, "version", v, sizeof(v));
	snprintf(out, n, "%s %s %s", m, p, v);
}

void serve_log_text(const char *text, char *out, size_t n)
{
	size_t o = 0, len = strlen(text);
	int fits = 1;

	SP_ASSERT(n >= 16);
	for (size_t i = 0; i < len && fits;) {
		unsigned char c = (unsigned char)text[i];
		size_t run = 0;
		char hex[8];

		while (i + run < len && b64url((unsigned char)text[i + run]))
			run++;
		if (run >= SECRET_RUN) {
			fits = put(out, n, &o, "[secret]", 8);
			i += run;
		} else if (run) {
			fits = put(out, n, &o, text + i, run);
			i += run;
		} else if (c < 0x20 || c > 0x7e || c == '"' || c == '\\') {
			snprintf(hex, sizeof(hex), "\\x%02X", c);
			fits = put(out, n, &o, hex, 4);
			i++;
		} else {
			fits = put(out, n, &o, text + i, 1);
			i++;
		}
	}
	if (!fits) {
		memcpy(out + o, "...", 3);
		o += 3;
	}
	out[o] = '\0';
}

/* ---- the answer ------------------------------------------------------------- */

static void answer_text(struct serve_answer *a, unsigned status, const char *text, size_t len, int head)
{
	a->status = status;
	a->text = text;
	a->body_len = head ? 0 : len;
}

void serve_decide(const struct serve_request *rq, serve_lookup_fn lookup, void *arg, struct serve_answer *a)
{
	int head = !strcmp(rq->method, "HEAD"), found = 0;
	const char *secret;
	size_t len;

	memset(a, 0, sizeof(*a));
	a->err = (struct sp_err)SP_ERR_INIT;
	if (!serve_feed_path(rq->url, &secret, &len)) {
		answer_text(a, 404, refusal, sizeof(refusal) - 1, head);
		return;
	}
	/* 405 whether or not the secret is live: a method learns nothing */
	if (!head && strcmp(rq->method, "GET")) {
		answer_text(a, 405, refusal, sizeof(refusal) - 1, 0);
		return;
	}
	if (lookup(arg, secret, len, &a->doc, &found, &a->err) != SP_OK) {
		feed_doc_release(&a->doc);
		answer_text(a, 503, unavailable_text, sizeof(unavailable_text) - 1, head);
		return;
	}
	if (!found) {
		feed_doc_release(&a->doc);
		answer_text(a, 404, refusal, sizeof(refusal) - 1, head);
		return;
	}
	if (serve_not_modified(rq->if_none_match, rq->if_modified_since, a->doc.etag, a->doc.last_modified)) {
		a->status = 304;
		a->body_len = 0;
	} else {
		a->status = 200;
		a->body_len = head ? 0 : a->doc.len;
	}
}

void serve_answer_release(struct serve_answer *a)
{
	if (a)
		feed_doc_release(&a->doc);
}

/* ---- the log --------------------------------------------------------------- */

/* Writes line to fd in one write when it can, so lines from several
 * threads never mix. */
static void write_all(int fd, const char *line, size_t len)
{
	while (len > 0) {
		ssize_t w = write(fd, line, len);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return; /* a full disk must not stop the calendars */
		line += w;
		len -= (size_t)w;
	}
}

static void log_line(const struct server *sv, const char *line, size_t len)
{
	write_all(sv->log_fd, line, len);
}

/* A note of the server's own (errors, libmicrohttpd's refusals) on
 * stderr, so the access log stays Common Log Format only.  Library
 * messages may quote a request, so the text is filtered as a path is. */
static void log_note(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void log_note(const char *fmt, ...)
{
	char msg[1024], line[1100];
	va_list ap;
	int n;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	memcpy(line, "staffplan serve: ", 17);
	serve_log_text(msg, line + 17, sizeof(line) - 18);
	n = (int)strlen(line);
	line[n++] = '\n';
	write_all(2, line, (size_t)n);
}

static void mhd_logger(void *cls, const char *fmt, va_list ap)
{
	char msg[1024], shown[1024];
	const char *p = msg, *q, *e;
	size_t n, o = 0;

	(void)cls;
	vsnprintf(msg, sizeof(msg), fmt, ap);
	n = strlen(msg);
	while (n && (msg[n - 1] == '\n' || msg[n - 1] == '\r'))
		msg[--n] = '\0';
	/* libmicrohttpd quotes a request's URL or data as `...' ("Failed to
	 * send the response headers for the request for `%s'"): never shown,
	 * as the access log never shows a path that is not a feed's */
	while ((q = strchr(p, '`')) && (e = strchr(q + 1, '\'')) && o < sizeof(shown)) {
		o += (size_t)snprintf(shown + o, sizeof(shown) - o, "%.*s[request]", (int)(q + 1 - p), p);
		p = e;
	}
	if (o < sizeof(shown))
		snprintf(shown + o, sizeof(shown) - o, "%s", p);
	log_note("libmicrohttpd: %s", shown);
}

/* The client's address as text ("-" when unknown). */
static void client_host(struct MHD_Connection *c, char out[64])
{
	const union MHD_ConnectionInfo *ci = MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	const struct sockaddr *sa = ci ? ci->client_addr : NULL;

	snprintf(out, 64, "-");
	if (sa && sa->sa_family == AF_INET)
		inet_ntop(AF_INET, &((const struct sockaddr_in *)(const void *)sa)->sin_addr, out, 64);
	else if (sa && sa->sa_family == AF_INET6)
		inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr, out, 64);
}

/* One Common Log Format line:
 * host - - [06/Dec/2026:12:31:31 +0000] "GET /cal/[secret].ics HTTP/1.1" 200 2326 */
static void log_request(const struct server *sv, struct MHD_Connection *c, const char *method,
			const char *url, const char *version, unsigned status, size_t bytes)
{
	char host[64], request[128], when[40], line[400], size[24];
	time_t now = time(NULL);
	struct tm tm;
	int n;

	client_host(c, host);
	serve_log_request(method, url, version, request, sizeof(request));
	gmtime_r(&now, &tm);
	snprintf(when, sizeof(when), "%02d/%s/%04d:%02d:%02d:%02d +0000", tm.tm_mday % 100,
		 mon_name[tm.tm_mon % 12], (tm.tm_year + 1900) % 10000, tm.tm_hour % 100, tm.tm_min % 100,
		 tm.tm_sec % 100);
	if (bytes)
		snprintf(size, sizeof(size), "%zu", bytes);
	else
		snprintf(size, sizeof(size), "-");
	n = snprintf(line, sizeof(line), "%s - - [%s] \"%s\" %u %s\n", host, when, request, status, size);
	log_line(sv, line, (size_t)(n < (int)sizeof(line) ? n : (int)sizeof(line) - 1));
}

/* ---- answers ------------------------------------------------------------------ */

static enum MHD_Result queue(struct server *sv, struct MHD_Connection *c, unsigned status,
			     struct MHD_Response *r)
{
	enum MHD_Result ret;

	if (atomic_load(&sv->closing))
		MHD_add_response_header(r, MHD_HTTP_HEADER_CONNECTION, "close");
	ret = MHD_queue_response(c, status, r);
	MHD_destroy_response(r);
	return ret;
}

/* The validators and caching headers a 200 and a 304 both carry. */
static void validators(struct MHD_Response *r, const struct feed_doc *d)
{
	char date[32];

	MHD_add_response_header(r, MHD_HTTP_HEADER_ETAG, d->etag);
	if (d->last_modified) {
		serve_http_date(d->last_modified, date);
		MHD_add_response_header(r, MHD_HTTP_HEADER_LAST_MODIFIED, date);
	}
	MHD_add_response_header(r, MHD_HTTP_HEADER_CACHE_CONTROL, CACHE_CONTROL);
}

/* serve_decide()'s lookup in the server: the feed as the database holds it now. */
static sp_status lookup_now(void *arg, const char *secret, size_t len, struct feed_doc *doc, int *found,
			    struct sp_err *err)
{
	struct server *sv = arg;

	return feed_service_get(sv->svc, secret, len, time(NULL), doc, found, err);
}

/* The MHD response of answer a (takes its body); NULL when out of memory. */
static struct MHD_Response *response_of(struct serve_answer *a)
{
	struct MHD_Response *r;

	if (a->status != 200 && a->status != 304) {
		r = MHD_create_response_from_buffer(strlen(a->text), (void *)a->text, MHD_RESPMEM_PERSISTENT);
		if (!r)
			return NULL;
		MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, "text/plain; charset=utf-8");
		MHD_add_response_header(r, MHD_HTTP_HEADER_CACHE_CONTROL, "no-store");
		if (a->status == MHD_HTTP_METHOD_NOT_ALLOWED)
			MHD_add_response_header(r, MHD_HTTP_HEADER_ALLOW, "GET, HEAD");
		if (a->status == MHD_HTTP_SERVICE_UNAVAILABLE)
			MHD_add_response_header(r, MHD_HTTP_HEADER_RETRY_AFTER, "60");
		return r;
	}
	/* a 304 is made from the body too: MHD sends none with it, and its
	 * Content-Length is then the 200's, as RFC 9110 8.6 allows */
	r = MHD_create_response_from_buffer(a->doc.len, a->doc.body, MHD_RESPMEM_MUST_FREE);
	if (!r)
		return NULL;
	a->doc.body = NULL; /* MHD frees it with the response */
	validators(r, &a->doc);
	if (a->status == MHD_HTTP_OK) {
		MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, CONTENT_TYPE);
		MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
	}
	return r;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *c, const char *url, const char *method,
				  const char *version, const char *upload, size_t *upload_size, void **con_cls)
{
	struct server *sv = cls;
	struct serve_request rq = {
		method, url, MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_IF_NONE_MATCH),
		MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_IF_MODIFIED_SINCE)
	};
	struct serve_answer a;
	struct MHD_Response *r;

	(void)upload;
	(void)upload_size;
	if (!*con_cls) {
		atomic_fetch_add(&sv->inflight, 1);
		atomic_fetch_add(&sv->requests, 1);
		*con_cls = sv; /* counted in inflight */
		/* A request without a body is answered at the next call, once
		 * MHD has it all, so the connection can stay open for the
		 * next one.  One with a body is refused now, unread (MHD then
		 * closes the connection): a feed takes no body. */
		if (!MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH) &&
		    !MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_TRANSFER_ENCODING))
			return MHD_YES;
	}
	serve_decide(&rq, lookup_now, sv, &a);
	if (a.status == MHD_HTTP_SERVICE_UNAVAILABLE)
		log_note("error: %s", a.err.msg); /* names the database and the agent, never the secret */
	r = response_of(&a);
	if (r)
		log_request(sv, c, method, url, version, a.status, a.body_len);
	serve_answer_release(&a);
	return r ? queue(sv, c, a.status, r) : MHD_NO;
}

static void on_completed(void *cls, struct MHD_Connection *c, void **con_cls,
			 enum MHD_RequestTerminationCode toe)
{
	struct server *sv = cls;

	(void)c;
	(void)toe;
	if (*con_cls == sv) {
		atomic_fetch_sub(&sv->inflight, 1);
		*con_cls = NULL;
	}
}

/* ---- listening ------------------------------------------------------------------- */

void serve_opts_init(struct serve_opts *o, const char *db_path)
{
	memset(o, 0, sizeof(*o));
	o->db_path = db_path;
	o->listen = "127.0.0.1:8080";
	o->threads = 2;
	o->max_connections = 1000;
	o->timeout = 15;
	o->request_memory = 16 * 1024;
	o->flush_seconds = 60;
}

/* Binds a listening socket to spec ("HOST:PORT"). OUT: *fd, *v6, and the
 * address bound as "http://HOST:PORT/" in url. */
static sp_status listen_on(const char *spec, int *fd, int *v6, char url[128], struct sp_err *err)
{
	char host[64];
	const char *colon = strrchr(spec, ':');
	struct sockaddr_storage ss;
	socklen_t sl;
	long port;
	char *end;
	int one = 1, s;

	*fd = -1;
	*v6 = 0;
	memset(&ss, 0, sizeof(ss));
	if (!colon || (size_t)(colon - spec) >= sizeof(host))
		return sp_err_set(err, SP_ERR_USAGE, "--listen '%s': expected HOST:PORT, e.g. 127.0.0.1:8080", spec);
	memcpy(host, spec, (size_t)(colon - spec));
	host[colon - spec] = '\0';
	errno = 0;
	port = strtol(colon + 1, &end, 10);
	if (errno || end == colon + 1 || *end || port < 0 || port > 65535)
		return sp_err_set(err, SP_ERR_USAGE, "--listen '%s': the port must be 0..65535", spec);
	if (!strcmp(host, "localhost"))
		snprintf(host, sizeof(host), "127.0.0.1");
	if (host[0] == '[' && host[strlen(host) - 1] == ']') {
		struct sockaddr_in6 *a = (struct sockaddr_in6 *)&ss;

		host[strlen(host) - 1] = '\0';
		memmove(host, host + 1, strlen(host));
		a->sin6_family = AF_INET6;
		a->sin6_port = htons((uint16_t)port);
		if (inet_pton(AF_INET6, host, &a->sin6_addr) != 1)
			return sp_err_set(err, SP_ERR_USAGE, "--listen '%s': not an IPv6 address", spec);
		*v6 = 1;
		sl = sizeof(*a);
	} else {
		struct sockaddr_in *a = (struct sockaddr_in *)&ss;

		a->sin_family = AF_INET;
		a->sin_port = htons((uint16_t)port);
		if (inet_pton(AF_INET, host, &a->sin_addr) != 1)
			return sp_err_set(err, SP_ERR_USAGE,
					  "--listen '%s': expected a numeric address (127.0.0.1, [::1]) or localhost", spec);
		sl = sizeof(*a);
	}
	s = socket(ss.ss_family, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	if (s < 0)
		return sp_err_set(err, SP_ERR_IO, "cannot create a socket: %s", strerror(errno));
	setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (bind(s, (struct sockaddr *)&ss, sl) != 0 || listen(s, 511) != 0) {
		int e = errno;

		close(s);
		return sp_err_set(err, SP_ERR_IO, "cannot listen on %s: %s", spec, strerror(e));
	}
	sl = sizeof(ss);
	getsockname(s, (struct sockaddr *)&ss, &sl);
	port = ntohs(*v6 ? ((struct sockaddr_in6 *)&ss)->sin6_port : ((struct sockaddr_in *)&ss)->sin_port);
	snprintf(url, 128, *v6 ? "http://[%s]:%ld/" : "http://%s:%ld/", host, port);
	*fd = s;
	return SP_OK;
}

static sp_status log_open(const char *path, int *fd, struct sp_err *err)
{
	*fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0640);
	if (*fd < 0)
		return sp_err_set(err, SP_ERR_IO, "cannot open log '%s': %s", path, strerror(errno));
	return SP_OK;
}

/* Waits for the signals in set; writes fetch times every flush_seconds;
 * reopens the log on SIGHUP; returns on SIGTERM or SIGINT. */
static void wait_for_stop(struct server *sv, const sigset_t *set)
{
	for (;;) {
		struct timespec ts = { (time_t)sv->o->flush_seconds, 0 };
		struct sp_err err = SP_ERR_INIT;
		int sig = sigtimedwait(set, NULL, &ts);

		if (sig == SIGTERM || sig == SIGINT)
			return;
		if (sig == SIGHUP && sv->o->log_path) {
			int fd;

			/* the new file takes the old descriptor's number: writers never see a gap */
			if (log_open(sv->o->log_path, &fd, &err) == SP_OK) {
				dup2(fd, sv->log_fd);
				close(fd);
			} else {
				log_note("%s", err.msg);
			}
		} else if (sig < 0 && errno == EAGAIN && feed_service_flush(sv->svc, &err) != SP_OK) {
			log_note("cannot record fetch times (next try in %u s): %s", sv->o->flush_seconds, err.msg);
		}
	}
}

sp_status serve_run(const struct serve_opts *o, struct sp_err *err)
{
	struct server sv;
	struct MHD_Daemon *d = NULL;
	sigset_t set, old;
	char url[128];
	int fd = -1, v6 = 0;
	sp_status st;

	memset(&sv, 0, sizeof(sv));
	sv.o = o;
	sv.log_fd = 2;
	atomic_init(&sv.inflight, 0);
	atomic_init(&sv.closing, 0);
	atomic_init(&sv.requests, 0);
	if (o->log_path && (st = log_open(o->log_path, &sv.log_fd, err)) != SP_OK)
		return st;
	if ((st = feed_service_new(o->db_path, &sv.svc, err)) != SP_OK ||
	    (st = listen_on(o->listen, &fd, &v6, url, err)) != SP_OK)
		goto out;

	/* the daemon's threads inherit the mask: only sigtimedwait() below
	 * takes these signals */
	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGHUP);
	pthread_sigmask(SIG_BLOCK, &set, &old);
	d = MHD_start_daemon(MHD_USE_EPOLL_INTERNAL_THREAD | MHD_USE_ITC | MHD_USE_ERROR_LOG |
				     (v6 ? MHD_USE_IPv6 : 0),
			     0, NULL, NULL, on_request, &sv,
			     MHD_OPTION_EXTERNAL_LOGGER, mhd_logger, NULL, /* first: it logs the rest */
			     MHD_OPTION_LISTEN_SOCKET, fd,
			     MHD_OPTION_THREAD_POOL_SIZE, (unsigned)(o->threads > 1 ? o->threads : 0),
			     MHD_OPTION_CONNECTION_LIMIT, o->max_connections,
			     MHD_OPTION_PER_IP_CONNECTION_LIMIT, o->max_per_ip,
			     MHD_OPTION_CONNECTION_TIMEOUT, o->timeout,
			     MHD_OPTION_CONNECTION_MEMORY_LIMIT, o->request_memory,
			     MHD_OPTION_NOTIFY_COMPLETED, on_completed, &sv,
			     /* RFC 9112 3.2: an HTTP/1.1 request without Host gets
			      * 400, which libmicrohttpd answers itself when strict */
			     MHD_OPTION_STRICT_FOR_CLIENT, (int)1,
			     MHD_OPTION_END);
	if (!d) {
		pthread_sigmask(SIG_SETMASK, &old, NULL);
		st = sp_err_set(err, SP_ERR_IO, "cannot start the HTTP server on %s (libmicrohttpd refused the options)",
				o->listen);
		goto out;
	}
	fprintf(stderr, "staffplan serve: listening on %s (feeds at %scal/SECRET.ics, database %s)\n", url, url,
		o->db_path);
	fflush(stderr);

	wait_for_stop(&sv, &set);

	/* stop: no new connections; requests already in go on to their end */
	atomic_store(&sv.closing, 1);
	MHD_quiesce_daemon(d);
	for (int waited = 0; atomic_load(&sv.inflight) > 0 && waited < STOP_WAIT_MS; waited += 10)
		usleep(10 * 1000);
	if (atomic_load(&sv.inflight) > 0)
		log_note("stopping with %d requests unfinished after %d s", atomic_load(&sv.inflight),
			 STOP_WAIT_MS / 1000);
	MHD_stop_daemon(d);
	if (feed_service_flush(sv.svc, err) != SP_OK)
		log_note("cannot record fetch times: %s", err->msg);
	/* a SIGTERM repeated while stopping is the same request: taken here
	 * rather than left to kill the process once unblocked */
	while (sigtimedwait(&set, NULL, &(struct timespec){ 0, 0 }) > 0)
		;
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	*err = (struct sp_err)SP_ERR_INIT;
	fprintf(stderr, "staffplan serve: stopped after %ld requests\n", atomic_load(&sv.requests));
	st = SP_OK;
out:
	if (fd >= 0)
		close(fd);
	feed_service_free(sv.svc);
	if (sv.log_fd != 2)
		close(sv.log_fd);
	return st;
}
