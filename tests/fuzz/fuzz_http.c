/* fuzz_http.c - a request to the feed server turned into its answer
 *
 * serve_decide() (src/feeds/serve.c) without sockets: the method, path,
 * If-None-Match and If-Modified-Since of a request in, the status and
 * body out, with a lookup standing in for the database.  Input: one flag
 * byte (bit 0: the lookup fails, bit 1: If-None-Match sent, bit 2:
 * If-Modified-Since sent), then method, path, If-None-Match and
 * If-Modified-Since separated by '\n'.  Checked: only GET and HEAD of a
 * feed path ever reach the lookup; every refusal is the same 404/405;
 * 304 exactly when the validators match; the body sent fits the method;
 * dates read back as they were written; the logged path is the feed
 * route or the length alone, and a filtered note never holds a secret (16
 * characters of a base64url run of 16 or more in the request).
 */
#include "fuzz.h"

#include "staffplan/digest.h"
#include "staffplan/serve.h"

#include <stdio.h>

#define LIVE "Cz4WeA_RyxLwEGFo_SlMZfj4aqSZ7fzp"   /* the one live secret */
#define BODY "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n"
#define LAST_MODIFIED 1805976000                    /* Thu, 25 Mar 2027 12:00:00 GMT */

struct fake {
	int fail, calls;
	const char *url;        /* the request's path: the secret asked must lie in it */
	char etag[68];
};

static void check(int ok, const char *what)
{
	if (!ok) {
		fprintf(stderr, "fuzz_http: %s\n", what);
		abort();
	}
}

static sp_status lookup(void *arg, const char *secret, size_t len, struct feed_doc *doc, int *found,
			struct sp_err *err)
{
	struct fake *f = arg;

	f->calls++;
	check(secret >= f->url && secret + len <= f->url + strlen(f->url), "the secret asked is not in the path");
	memset(doc, 0, sizeof(*doc));
	*found = 0;
	if (f->fail)
		return sp_err_set(err, SP_ERR_DB, "database 'feeds.db': cannot read publications");
	if (len != strlen(LIVE) || memcmp(secret, LIVE, len))
		return SP_OK;
	doc->body = strdup(BODY);
	if (!doc->body)
		abort();
	doc->len = strlen(BODY);
	memcpy(doc->etag, f->etag, sizeof(doc->etag));
	doc->last_modified = LAST_MODIFIED;
	doc->feed_id = 1;
	*found = 1;
	return SP_OK;
}

static int b64url(unsigned char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
	       c == '_';
}

/* The log form of a request path in n bytes: "/cal/[secret].ics" for a
 * feed path, its length alone for any other. */
static void check_log_path(const char *url, size_t n)
{
	char *out = malloc(n), want[40];
	const char *secret;
	size_t len;

	if (!out)
		abort();
	serve_log_path(url, out, n);
	if (serve_feed_path(url, &secret, &len))
		snprintf(want, sizeof(want), "/cal/[secret].ics");
	else
		snprintf(want, sizeof(want), "[path:%zu]", strlen(url));
	check(!strcmp(out, want), "log path shows more than the route or the length");
	free(out);
}

/* A note filtered for the log in n bytes: printable, no '"', and no 16
 * bytes of a base64url run of 16 or more in text.  (Only windows that no
 * escaped byte can help form are looked for: "\xHH" may join "xHH", or
 * its last hex digits, to the characters after it, so a window holding an
 * 'x' or starting with a hex digit may appear without a byte of it
 * copied.) */
static void check_log_text(const char *url, size_t n)
{
	char *out = malloc(n);
	size_t len = strlen(url);

	if (!out)
		abort();
	serve_log_text(url, out, n);
	check(strlen(out) < n, "log text overflows");
	for (const char *p = out; *p; p++)
		check(*p >= 0x20 && *p <= 0x7e && *p != '"', "log text not printable");
	for (size_t i = 0; i < len;) {
		size_t run = 0;

		while (i + run < len && b64url((unsigned char)url[i + run]))
			run++;
		for (size_t k = 0; run >= 16 && k + 16 <= run; k++)
			if (!memchr(url + i + k, 'x', 16) && !strchr("0123456789ABCDEF", url[i + k]))
				check(!memmem(out, strlen(out), url + i + k, 16), "log text shows a secret");
		if (run >= 16 && memmem(url + i, run, LIVE, strlen(LIVE)))
			check(!strstr(out, LIVE), "log text shows the live secret");
		i += run ? run : 1;
	}
	free(out);
}

/* Splits text at '\n' into at most n fields (the last keeps the rest). */
static int fields(char *text, char **f, int n)
{
	int k = 0;

	f[k++] = text;
	for (char *p = text; *p && k < n; p++)
		if (*p == '\n') {
			*p = '\0';
			f[k++] = p + 1;
		}
	return k;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fake fk = { 0 };
	struct serve_request rq = { 0 };
	struct serve_answer a, ref;
	char *text, *f[4] = { NULL }, hash[SP_SHA256_HEX];
	const char *secret;
	size_t len;
	int nf, flags, is_feed, head, get;
	time_t t;

	if (size < 1)
		return 0;
	flags = data[0];
	text = fuzz_text(data + 1, size - 1);
	nf = fields(text, f, 4);
	rq.method = f[0];
	rq.url = nf > 1 ? f[1] : "";
	rq.if_none_match = flags & 2 ? (nf > 2 ? f[2] : "") : NULL;
	rq.if_modified_since = flags & 4 ? (nf > 3 ? f[3] : "") : NULL;
	fk.fail = flags & 1;
	fk.url = rq.url;
	sp_sha256_hex(BODY, strlen(BODY), hash);
	snprintf(fk.etag, sizeof(fk.etag), "\"%s\"", hash);

	serve_decide(&rq, lookup, &fk, &a);
	/* the refusal a path that is no feed's gets */
	struct serve_request nowhere = { "GET", "/", NULL, NULL };
	serve_decide(&nowhere, lookup, &fk, &ref);
	check(ref.status == 404 && ref.text && ref.body_len == strlen(ref.text), "the plain 404");

	is_feed = serve_feed_path(rq.url, &secret, &len);
	head = !strcmp(rq.method, "HEAD");
	get = !strcmp(rq.method, "GET");
	check(a.status == 200 || a.status == 304 || a.status == 404 || a.status == 405 || a.status == 503,
	      "unknown status");
	check(fk.calls == (is_feed && (get || head)), "the lookup made when it must not be, or not made");
	if (a.status >= 400) {
		check(a.doc.body == NULL, "a refusal with a calendar");
		check(a.text != NULL && a.body_len == (head ? 0 : strlen(a.text)), "a refusal's body");
	}
	if (a.status == 404 || a.status == 405)
		check(!strcmp(a.text, ref.text), "a refusal unlike the others");
	if (!is_feed)
		check(a.status == 404, "a path that is no feed's not 404");
	else if (!get && !head)
		check(a.status == 405, "another method on a feed path not 405");
	else if (fk.fail)
		check(a.status == 503 && a.err.code == SP_ERR_DB && !strstr(a.err.msg, LIVE), "a failed lookup");
	else if (len != strlen(LIVE) || memcmp(secret, LIVE, len))
		check(a.status == 404, "a wrong secret not 404");
	else {
		int nm = serve_not_modified(rq.if_none_match, rq.if_modified_since, fk.etag, LAST_MODIFIED);

		check(a.status == (nm ? 304u : 200u), "200 or 304 not as the validators say");
		check(!strcmp(a.doc.etag, fk.etag) && a.doc.body && a.doc.len == strlen(BODY), "the calendar");
		check(a.body_len == (a.status == 304 || head ? 0 : strlen(BODY)), "the body sent");
		if (rq.if_none_match) {
			/* If-None-Match decides alone; the tag itself, weak or not, and * match */
			check(nm == serve_etag_listed(rq.if_none_match, fk.etag), "If-None-Match not deciding");
			if (!strcmp(rq.if_none_match, fk.etag) || !strcmp(rq.if_none_match, "*"))
				check(nm, "the ETag itself not matched");
			if (nm)
				check(strstr(rq.if_none_match, hash) || strchr(rq.if_none_match, '*'),
				      "a 304 for a tag not sent");
		}
	}

	/* dates: what parses is written and read back as the same instant */
	if (rq.if_modified_since && serve_http_date_parse(rq.if_modified_since, &t) == 0) {
		char date[32];
		time_t back;

		serve_http_date(t, date);
		check(serve_http_date_parse(date, &back) == 0 && back == t, "an HTTP date does not read back");
	}
	check_log_path(rq.url, 32);
	check_log_path(rq.url, 300);
	check_log_text(rq.url, 16);
	check_log_text(rq.url, 64);
	check_log_text(rq.url, 300);
	check_log_text(rq.method, 40);
	{
		char line[128];

		serve_log_request(rq.method, rq.url, rq.method, line, sizeof(line));
		check(strlen(line) < sizeof(line) && !strstr(line, LIVE), "log request shows the secret");
	}

	serve_answer_release(&a);
	serve_answer_release(&ref);
	free(text);
	return 0;
}
