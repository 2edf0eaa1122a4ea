/* feed.c - the calendar a feed serves, built per request from the database
 *
 * A request reads the database as it is then (a re-plan committed a
 * moment ago is in it), so `serve` never needs a restart; what is kept
 * between requests (the VTIMEZONEs, each feed's last body under a digest
 * of its rows) can never hide a change.  The body comes from one call,
 * calendar_text(), to the calendar writer of src/out (ics_cal_agent(),
 * ics_cal_team()): the same events, UIDs, SEQUENCE and CANCELLED entries
 * as the files, from the same rows.
 */
#include "staffplan/feeds.h"
#include "staffplan/buf.h"
#include "staffplan/date.h"
#include "staffplan/ics.h"
#include "staffplan/store.h"

#include <pthread.h>
#include <string.h>

sp_status feed_secret_new(char secret[FEED_SECRET_LEN + 1], char hash[SP_SHA256_HEX],
			  struct sp_err *err)
{
	char tok[64];
	sp_status st = sp_random_token(FEED_SECRET_BYTES, tok, sizeof(tok), err);

	if (st != SP_OK)
		return st;
	SP_ASSERT(strlen(tok) == FEED_SECRET_LEN);
	memcpy(secret, tok, FEED_SECRET_LEN + 1);
	memset(tok, 0, sizeof(tok));
	sp_sha256_hex(secret, FEED_SECRET_LEN, hash);
	return SP_OK;
}

int feed_secret_shaped(const char *s, size_t len)
{
	if (len != FEED_SECRET_LEN)
		return 0;
	for (size_t i = 0; i < len; i++) {
		char c = s[i];

		if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
		      c == '-' || c == '_'))
			return 0;
	}
	return 1;
}

char *feed_url(const char *base, const char *secret)
{
	struct buf b = BUF_INIT;
	size_t n = strlen(base);

	while (n > 0 && base[n - 1] == '/')
		n--;
	buf_add(&b, base, n);
	buf_puts(&b, "/cal/");
	buf_puts(&b, secret);
	buf_puts(&b, ".ics");
	return buf_detach(&b);
}

void feed_window_start(time_t now, char out[16])
{
	time_t t = now - (time_t)FEED_WINDOW_DAYS * 86400;
	struct tm tm;

	gmtime_r(&t, &tm);
	sp_date_print(sp_days_from_civil(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday), out);
}

void feed_doc_release(struct feed_doc *d)
{
	if (!d)
		return;
	free(d->body);
	memset(d, 0, sizeof(*d));
}

/* ---- the body ------------------------------------------------------------ */

/* libical keeps process-wide state (its string ring, its error number),
 * and a calendar context caches the VTIMEZONEs it built: one calendar is
 * written at a time, under this lock, whatever the service. */
static pthread_mutex_t writer_lock = PTHREAD_MUTEX_INITIALIZER;

/* The calendar contexts of a service, kept for its lifetime so that a
 * zone's VTIMEZONE is built once rather than for every calendar (libical
 * expands its rules afresh each time).  One per site zone (the team
 * calendar's, and the agents' without one: a desk has one) and year the
 * VTIMEZONEs start in, counted from the rows as the file writer counts it
 * from a run (first_shown()), so that a body depends on its rows alone:
 * ETags survive a restart, and feed and file are the same bytes.  Two
 * years live at once around New Year; at most MAX_CALS are kept.  Guarded
 * by writer_lock. */
#define MAX_CALS 8

struct cal_ctx {
	char site_tz[128];
	int year;                /* ics_zones_year() */
	struct ics_cal *cal;
};

static struct ics_cal *cal_for(struct feed_service *s, const char *site_tz, time_t first);

static time_t published_time(const char *iso)
{
	struct sp_iso t;

	return sp_iso_parse(iso, &t) == SP_ISO_OK && t.has_offset ? sp_iso_instant(&t) : 0;
}

/* The first instant v's calendar shows, where its VTIMEZONEs start: as
 * the file writer counts it (store.h), or the window's start when the
 * calendar is empty. */
static time_t first_shown(const struct sp_feed_view *v, time_t now)
{
	return v->npubs && v->first ? v->first : now - (time_t)FEED_WINDOW_DAYS * 86400;
}

/* The one call into the calendar writer: the publications in, the text of
 * f's calendar out, the same text the file writer gives them (ics.h). */
static sp_status calendar_text(struct feed_service *s, const struct sp_feed *f, const struct sp_feed_view *v,
			       time_t first, struct buf *out, struct sp_err *err)
{
	struct ics_agent *agents = sp_xcalloc((size_t)v->nagents + 1, sizeof(*agents));
	sp_status st = SP_OK;

	for (int i = 0; i < v->nagents; i++)
		agents[i] = (struct ics_agent){ v->agents[i].id, v->agents[i].name, v->agents[i].tz,
						v->agents[i].email };
	pthread_mutex_lock(&writer_lock);
	struct ics_cal *cal = cal_for(s, v->site_tz, first);
	if (f->kind == SP_FEED_TEAM) {
		ics_cal_team(cal, agents, v->nagents, v->pubs, v->npubs, out);
	} else {
		SP_ASSERT(v->nagents == 1);
		st = ics_cal_agent(cal, &agents[0], v->pubs, v->npubs, out, err);
	}
	pthread_mutex_unlock(&writer_lock);
	free(agents);
	return st;
}

/* The calendar of f from what db_feed_load() read, with its validators. */
static sp_status doc_build(struct feed_service *s, const struct sp_feed *f, const struct sp_feed_view *v,
			   time_t first, struct feed_doc *doc, struct sp_err *err)
{
	struct buf body = BUF_INIT;
	char hash[SP_SHA256_HEX];
	sp_status st;

	memset(doc, 0, sizeof(*doc));
	if ((st = calendar_text(s, f, v, first, &body, err)) != SP_OK) {
		buf_release(&body);
		return st;
	}
	for (int i = 0; i < v->npubs; i++) {
		time_t t = published_time(v->pubs[i].published_at);

		if (t > doc->last_modified)
			doc->last_modified = t;
	}
	sp_sha256_hex(body.s, body.len, hash);
	snprintf(doc->etag, sizeof(doc->etag), "\"%s\"", hash);
	doc->len = body.len;
	doc->body = buf_detach(&body);
	doc->feed_id = f->id;
	return SP_OK;
}

/* ---- the calendars already written -----------------------------------------
 * Writing a calendar costs far more than reading what goes in it (libical
 * builds, escapes and folds every property), so the service keeps the
 * last body of each feed under a digest of everything the body is made
 * of: the rows read, the kind and subject, the context.  A request reads
 * those rows again; the same digest gives the same body, any change (a
 * re-plan, a renamed agent, a shift leaving the window) another.  No
 * invalidation to get wrong.
 */
#define CACHE_BYTES (64u << 20)        /* bodies kept, at most: then all are dropped */

/* One feed's last body; open addressing by feed id, entries replaced but
 * never removed one by one (so no tombstones). */
struct cache_slot {
	int64_t feed_id;                    /* 0: free */
	char digest[SP_SHA256_HEX];
	struct feed_doc doc;
};

/* Fields go in as their bytes (numbers in machine form), strings after
 * their length, so no two inputs give the same text; no printf: this
 * runs on every request. */
static void add_num(struct buf *b, int64_t v)
{
	buf_add(b, (const char *)&v, sizeof(v));
}

static void add_str(struct buf *b, const char *s)
{
	size_t n = s ? strlen(s) : 0;

	add_num(b, (int64_t)n);
	buf_add(b, s ? s : "", n);
}

/* SHA-256 over everything doc_build() reads: the rows, and the context
 * they pick (site zone, year of the VTIMEZONEs). */
static void inputs_digest(const struct sp_feed *f, const struct sp_feed_view *v, time_t first,
			  char out[SP_SHA256_HEX])
{
	struct buf b = BUF_INIT;

	add_num(&b, f->kind);
	add_str(&b, f->subject);
	add_str(&b, v->site_tz);
	add_num(&b, ics_zones_year(first));
	for (int i = 0; i < v->npubs; i++) {
		const struct ics_pub *p = &v->pubs[i];

		add_str(&b, p->agent_id);
		add_str(&b, p->date);
		add_str(&b, p->uid);
		add_str(&b, p->summary);
		add_str(&b, p->published_at);
		add_str(&b, p->queues);
		add_str(&b, p->langs);
		add_num(&b, p->paid_minutes);
		add_num(&b, p->sequence);
		add_num(&b, p->start);
		add_num(&b, p->end);
		add_num(&b, p->brk_start);
		add_num(&b, p->brk_end);
		add_num(&b, p->cancelled);
	}
	for (int i = 0; i < v->nagents; i++) {
		const struct sp_feed_agent *a = &v->agents[i];

		add_str(&b, a->id);
		add_str(&b, a->name);
		add_str(&b, a->tz);
		add_str(&b, a->email);
	}
	sp_sha256_hex(b.s, b.len, out);
	buf_release(&b);
}

static void doc_copy(struct feed_doc *to, const struct feed_doc *from)
{
	*to = *from;
	to->body = sp_xmalloc(from->len + 1);
	memcpy(to->body, from->body, from->len + 1);
}

/* ---- the service --------------------------------------------------------- */

struct fetch {
	int64_t id;   /* 0: a free slot */
	time_t at;
};

struct feed_service {
	char *db_path;
	struct cal_ctx cals[MAX_CALS];   /* guarded by writer_lock; oldest first */
	int ncals;
	pthread_mutex_t lock;            /* guards the fields below */
	struct cache_slot *cache;        /* capcache slots, at most half used */
	size_t ncache, capcache, cache_bytes;
	struct sp_feed_reader **idle;    /* readers not in use */
	int nidle, capidle;
	struct fetch *fetched;           /* open addressing by feed id */
	size_t nfetched, capfetched;     /* capfetched: a power of two */
};

sp_status feed_service_new(const char *db_path, struct feed_service **out, struct sp_err *err)
{
	struct feed_service *s = sp_xcalloc(1, sizeof(*s));
	struct sp_feed_reader *r = NULL;
	sp_status st;

	*out = NULL;
	s->db_path = sp_xstrdup(db_path);
	pthread_mutex_init(&s->lock, NULL);
	/* one reader now, so that a database `serve` cannot read fails at
	 * start rather than at the first request */
	if ((st = db_feed_reader_open(db_path, &r, err)) != SP_OK) {
		feed_service_free(s);
		return st;
	}
	SP_GROW(s->idle, 1, s->capidle);
	s->idle[s->nidle++] = r;
	*out = s;
	return SP_OK;
}

void feed_service_free(struct feed_service *s)
{
	if (!s)
		return;
	for (int i = 0; i < s->nidle; i++)
		db_feed_reader_close(s->idle[i]);
	free(s->idle);
	free(s->fetched);
	for (size_t i = 0; i < s->capcache; i++)
		feed_doc_release(&s->cache[i].doc);
	free(s->cache);
	for (int i = 0; i < s->ncals; i++)
		ics_cal_free(s->cals[i].cal);
	pthread_mutex_destroy(&s->lock);
	free(s->db_path);
	free(s);
}

/* The calendar context of site_tz whose VTIMEZONEs start in first's
 * year, made on first use; the oldest one goes when MAX_CALS are kept
 * (caller holds writer_lock). */
static struct ics_cal *cal_for(struct feed_service *s, const char *site_tz, time_t first)
{
	struct ics_cal_opts o = { site_tz, "base", first, 0 };
	int year = ics_zones_year(first);
	struct cal_ctx *c;

	for (int i = 0; i < s->ncals; i++)
		if (s->cals[i].year == year && !strcmp(s->cals[i].site_tz, site_tz))
			return s->cals[i].cal;
	if (s->ncals == MAX_CALS) {
		ics_cal_free(s->cals[0].cal);
		memmove(s->cals, s->cals + 1, (MAX_CALS - 1) * sizeof(*s->cals));
		s->ncals--;
	}
	c = &s->cals[s->ncals++];
	snprintf(c->site_tz, sizeof(c->site_tz), "%s", site_tz);
	c->year = year;
	c->cal = ics_cal_new(&o);
	return c->cal;
}

static sp_status reader_take(struct feed_service *s, struct sp_feed_reader **r, struct sp_err *err)
{
	pthread_mutex_lock(&s->lock);
	*r = s->nidle ? s->idle[--s->nidle] : NULL;
	pthread_mutex_unlock(&s->lock);
	return *r ? SP_OK : db_feed_reader_open(s->db_path, r, err);
}

static void reader_give(struct feed_service *s, struct sp_feed_reader *r)
{
	db_feed_reader_end(r);
	pthread_mutex_lock(&s->lock);
	SP_GROW(s->idle, s->nidle + 1, s->capidle);
	s->idle[s->nidle++] = r;
	pthread_mutex_unlock(&s->lock);
}

/* Remembers that feed id was fetched at t (caller holds s->lock). */
static void fetch_note(struct feed_service *s, int64_t id, time_t t)
{
	size_t i;

	if (2 * (s->nfetched + 1) > s->capfetched) {
		struct fetch *old = s->fetched;
		size_t oldcap = s->capfetched;

		s->capfetched = oldcap ? 2 * oldcap : 64;
		s->fetched = sp_xcalloc(s->capfetched, sizeof(*s->fetched));
		s->nfetched = 0;
		for (size_t k = 0; k < oldcap; k++)
			if (old[k].id)
				fetch_note(s, old[k].id, old[k].at);
		free(old);
	}
	for (i = (size_t)id * 0x9E3779B97F4A7C15ull & (s->capfetched - 1); s->fetched[i].id;
	     i = (i + 1) & (s->capfetched - 1))
		if (s->fetched[i].id == id) {
			if (t > s->fetched[i].at)
				s->fetched[i].at = t;
			return;
		}
	s->fetched[i].id = id;
	s->fetched[i].at = t;
	s->nfetched++;
}

/* The slot of feed id, or the free one where it would go (caller holds
 * s->lock; the table has room). */
static struct cache_slot *cache_slot(struct feed_service *s, int64_t id)
{
	size_t i = (size_t)((uint64_t)id * 0x9E3779B97F4A7C15ull >> 32) & (s->capcache - 1);

	while (s->cache[i].feed_id && s->cache[i].feed_id != id)
		i = (i + 1) & (s->capcache - 1);
	return &s->cache[i];
}

/* Copies the body kept for feed id under digest into doc; 0 when none. */
static int cache_get(struct feed_service *s, int64_t id, const char *digest, struct feed_doc *doc)
{
	struct cache_slot *c;
	int hit = 0;

	pthread_mutex_lock(&s->lock);
	if (s->capcache) {
		c = cache_slot(s, id);
		hit = c->feed_id == id && !strcmp(c->digest, digest);
		if (hit)
			doc_copy(doc, &c->doc);
	}
	pthread_mutex_unlock(&s->lock);
	return hit;
}

static void cache_clear(struct feed_service *s)
{
	for (size_t i = 0; i < s->capcache; i++)
		feed_doc_release(&s->cache[i].doc);
	memset(s->cache, 0, s->capcache * sizeof(*s->cache));
	s->ncache = s->cache_bytes = 0;
}

static void cache_put(struct feed_service *s, const char *digest, const struct feed_doc *doc)
{
	struct cache_slot *c;

	pthread_mutex_lock(&s->lock);
	if (s->cache_bytes + doc->len > CACHE_BYTES)
		cache_clear(s); /* rare (64 MiB of calendars): start again */
	if (2 * (s->ncache + 1) > s->capcache) {
		struct cache_slot *old = s->cache;
		size_t oldcap = s->capcache;

		s->capcache = oldcap ? 2 * oldcap : 1024;
		s->cache = sp_xcalloc(s->capcache, sizeof(*s->cache));
		for (size_t i = 0; i < oldcap; i++)
			if (old[i].feed_id)
				*cache_slot(s, old[i].feed_id) = old[i];
		free(old);
	}
	c = cache_slot(s, doc->feed_id);
	if (c->feed_id) {
		s->cache_bytes -= c->doc.len;
		feed_doc_release(&c->doc);
	} else {
		s->ncache++;
	}
	c->feed_id = doc->feed_id;
	snprintf(c->digest, sizeof(c->digest), "%s", digest);
	doc_copy(&c->doc, doc);
	s->cache_bytes += doc->len;
	pthread_mutex_unlock(&s->lock);
}

/* The calendar of live feed f at now, from the cache when its inputs are
 * the same. */
static sp_status service_doc(struct feed_service *s, struct sp_feed_reader *r, const struct sp_feed *f,
			     time_t now, struct feed_doc *doc, struct sp_err *err)
{
	struct sp_feed_view view;
	char from[16], digest[SP_SHA256_HEX];
	sp_status st;

	feed_window_start(now, from);
	st = db_feed_load(r, f, from, &view, err);
	db_feed_reader_end(r); /* what follows needs no database */
	if (st == SP_OK) {
		time_t first = first_shown(&view, now);

		inputs_digest(f, &view, first, digest);
		if (!cache_get(s, f->id, digest, doc) && (st = doc_build(s, f, &view, first, doc, err)) == SP_OK)
			cache_put(s, digest, doc);
	}
	db_feed_view_release(&view);
	return st;
}

sp_status feed_service_get(struct feed_service *s, const char *secret, size_t len, time_t now,
			   struct feed_doc *doc, int *found, struct sp_err *err)
{
	struct sp_feed_reader *r = NULL;
	struct sp_feed f;
	char hash[SP_SHA256_HEX];
	sp_status st;

	memset(doc, 0, sizeof(*doc));
	*found = 0;
	if (!feed_secret_shaped(secret, len))
		return SP_OK;
	sp_sha256_hex(secret, len, hash);
	if ((st = reader_take(s, &r, err)) != SP_OK)
		return st;
	if ((st = db_feed_reader_begin(r, err)) == SP_OK &&
	    (st = db_feed_find(r, hash, &f, found, err)) == SP_OK && *found) {
		st = service_doc(s, r, &f, now, doc, err);
		db_feed_release(&f);
	}
	reader_give(s, r);
	if (st != SP_OK) {
		feed_doc_release(doc);
		*found = 0;
		return st;
	}
	if (*found) {
		pthread_mutex_lock(&s->lock);
		fetch_note(s, doc->feed_id, now);
		pthread_mutex_unlock(&s->lock);
	}
	return SP_OK;
}

sp_status feed_service_flush(struct feed_service *s, struct sp_err *err)
{
	struct fetch *taken;
	size_t cap;
	int64_t *ids;
	time_t *at;
	int n = 0;
	struct sp_db *db = NULL;
	sp_status st;

	pthread_mutex_lock(&s->lock);
	taken = s->fetched;
	cap = s->capfetched;
	s->fetched = NULL;
	s->capfetched = s->nfetched = 0;
	pthread_mutex_unlock(&s->lock);
	if (!taken)
		return SP_OK;
	ids = sp_xcalloc(cap, sizeof(*ids));
	at = sp_xcalloc(cap, sizeof(*at));
	for (size_t i = 0; i < cap; i++)
		if (taken[i].id) {
			ids[n] = taken[i].id;
			at[n++] = taken[i].at;
		}
	st = db_open(s->db_path, 1, &db, err);
	if (st == SP_OK)
		st = db_feeds_touch(db, ids, at, n, err);
	db_close(db);
	if (st != SP_OK) {
		/* busy (a long plan holds the write lock): the next flush tries again */
		pthread_mutex_lock(&s->lock);
		for (int i = 0; i < n; i++)
			fetch_note(s, ids[i], at[i]);
		pthread_mutex_unlock(&s->lock);
	}
	free(taken);
	free(ids);
	free(at);
	return st;
}
