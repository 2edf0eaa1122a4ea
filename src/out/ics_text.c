/* ics_text.c - iCalendar text: TEXT escaping, line folding, file names, UIDs
 *
 * Everything here works on bytes and strings only (no libical): what a
 * content line may hold (RFC 5545 3.1, 3.3.11), which file name an agent
 * id gets, and the UIDs that must stay the same from one run to the next.
 */
#include "ics_int.h"
#include "staffplan/text.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#define ICS_NAME_PLAIN_MAX 64   /* longest id used as a file name as it is */
#define ICS_NAME_REDUCED_MAX 40 /* longest reduced id before the hash */

/* ---- text ---------------------------------------------------------------- */

/* Appends s cleaned for a TEXT value (see ics_text_escape), escaped or not. */
static void text_add(struct buf *b, const char *s, int escape)
{
	const unsigned char *p = (const unsigned char *)(s ? s : "");
	size_t len = strlen((const char *)p);

	for (size_t i = 0; i < len;) {
		unsigned c = p[i];
		size_t n = sp_utf8_seq(p + i, len - i);

		if (n == 0) {
			buf_puts(b, "\xEF\xBF\xBD");
			i++;
			continue;
		}
		if (n > 1) {
			buf_add(b, (const char *)p + i, n);
			i += n;
			continue;
		}
		i++;
		if (c == '\r') {
			if (p[i] == '\n')
				i++;
			c = '\n';
		}
		if (c == '\t')
			c = ' ';
		if (c == '\n') {
			buf_puts(b, escape ? "\\n" : "\n");
		} else if (c >= 0x20 && c != 0x7F) { /* other controls are dropped */
			if (escape && (c == '\\' || c == ';' || c == ','))
				buf_putc(b, '\\');
			buf_putc(b, (char)c);
		}
	}
}

char *ics_text_escape(const char *s)
{
	struct buf b = BUF_INIT;

	text_add(&b, s, 1);
	return buf_detach(&b);
}

char *ics_text_clean(const char *s)
{
	struct buf b = BUF_INIT;

	text_add(&b, s, 0);
	return buf_detach(&b);
}

void ics_fold(struct buf *b, const char *line, size_t len)
{
	size_t pos = 0, room = 75;

	while (len - pos > room) {
		size_t cut = pos + room;

		while (cut > pos && ((unsigned char)line[cut] & 0xC0) == 0x80)
			cut--;
		if (cut == pos) /* not UTF-8 after all: cut anyway */
			cut = pos + room;
		buf_add(b, line + pos, cut - pos);
		buf_puts(b, "\r\n ");
		pos = cut;
		room = 74; /* the leading space counts */
	}
	buf_add(b, line + pos, len - pos);
	buf_puts(b, "\r\n");
}

void ics_put_xtext(struct buf *b, const char *name, const char *value)
{
	struct buf line = BUF_INIT;
	char *esc = ics_text_escape(value);

	buf_puts(&line, name);
	buf_putc(&line, ':');
	buf_puts(&line, esc);
	ics_fold(b, line.s, line.len);
	free(esc);
	buf_release(&line);
}

void ics_list_add(struct buf *b, const char *list)
{
	for (const char *p = list ? list : ""; *p; p++) {
		if (*p == ';')
			buf_puts(b, ", ");
		else
			buf_putc(b, *p);
	}
}

/* ---- names and identifiers ----------------------------------------------- */

static int name_char(unsigned char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
	       c == '.' || c == '_' || c == '-';
}

/* Does name, as the start of a file name, give a device on Windows (a
 * calendar folder is often a Windows share)?  CON, PRN, AUX, NUL, COM1-9
 * and LPT1-9 in any case, alone or before an extension: "con.ics" and
 * "Con.x.ics" both open the console there. */
static int name_reserved(const char *name)
{
	static const char *const dev[] = { "con", "prn", "aux", "nul" };
	size_t stem = strcspn(name, ".");

	for (size_t i = 0; i < sizeof(dev) / sizeof(dev[0]); i++)
		if (stem == 3 && !strncasecmp(name, dev[i], 3))
			return 1;
	return stem == 4 && (!strncasecmp(name, "com", 3) || !strncasecmp(name, "lpt", 3)) &&
	       name[3] >= '1' && name[3] <= '9';
}

static int name_plain(const char *id)
{
	size_t n = strlen(id);

	/* Windows drops a final dot (or space): "a." would be "a" there */
	if (n == 0 || n > ICS_NAME_PLAIN_MAX || id[0] == '.' || id[n - 1] == '.' ||
	    !strcasecmp(id, ICS_TEAM) || name_reserved(id))
		return 0;
	for (size_t i = 0; i < n; i++)
		if (!name_char((unsigned char)id[i]))
			return 0;
	return 1;
}

static char *name_reduced(const char *id)
{
	struct buf b = BUF_INIT;
	int last_bad = 0;

	for (const unsigned char *p = (const unsigned char *)id; *p; p++) {
		if (b.len >= ICS_NAME_REDUCED_MAX)
			break;
		if (name_char(*p) && !(b.len == 0 && *p == '.')) {
			buf_putc(&b, (char)*p);
			last_bad = 0;
		} else if (!last_bad) {
			buf_putc(&b, '_');
			last_bad = 1;
		}
	}
	if (b.len == 0)
		buf_puts(&b, "agent");
	buf_printf(&b, "-%08x", (unsigned)(sp_hash64(id) >> 32));
	/* "con.x" reduces to "con.x-1a2b3c4d", still a device before its
	 * first dot: that dot becomes '_' */
	if (name_reserved(b.s))
		b.s[strcspn(b.s, ".")] = '_';
	return buf_detach(&b);
}

struct name_slot {
	const char *id;
	char *name;
	int index; /* in the caller's arrays */
};

static int cmp_slot(const void *a, const void *b)
{
	return strcmp(((const struct name_slot *)a)->id, ((const struct name_slot *)b)->id);
}

static int name_taken(const struct name_slot *slots, int upto, const char *name)
{
	if (!strcasecmp(name, ICS_TEAM))
		return 1;
	for (int k = 0; k < upto; k++)
		if (!strcasecmp(slots[k].name, name))
			return 1;
	return 0;
}

struct icase_item {
	const char *s;
	int i;
};

static int cmp_icase(const void *a, const void *b)
{
	return strcasecmp(((const struct icase_item *)a)->s, ((const struct icase_item *)b)->s);
}

/* Sets twin[i] for each of the n strings that another one equals but for
 * case (sorted, such strings are neighbours); returns 1 when there is any. */
static int icase_twins(const char *const *str, int n, unsigned char *twin)
{
	struct icase_item *v = sp_xcalloc((size_t)n + 1, sizeof(*v));
	int any = 0;

	for (int i = 0; i < n; i++)
		v[i] = (struct icase_item){ str[i], i };
	qsort(v, (size_t)n, sizeof(*v), cmp_icase);
	for (int k = 1; k < n; k++)
		if (!strcasecmp(v[k - 1].s, v[k].s))
			any = twin[v[k - 1].i] = twin[v[k].i] = 1;
	free(v);
	return any;
}

void ics_file_names(const char *const *ids, int n, char **names)
{
	struct name_slot *slots = sp_xcalloc((size_t)(n > 0 ? n : 1), sizeof(*slots));
	const char **str = sp_xcalloc((size_t)n + 1, sizeof(*str));
	unsigned char *twin = sp_xcalloc((size_t)n + 1, 1);

	/* an id is its own name unless another id differs from it only in
	 * case (file systems that ignore case would merge their files) */
	icase_twins(ids, n, twin);
	for (int i = 0; i < n; i++) {
		int plain = name_plain(ids[i]) && !twin[i];

		slots[i].id = ids[i];
		slots[i].name = plain ? sp_xstrdup(ids[i]) : name_reduced(ids[i]);
		slots[i].index = i;
	}
	/* a clash left (a hash collision, or a plain id that looks like a
	 * reduced one): suffixes in id order, so the result is order-free.
	 * Rare, so the search for a free suffix only runs then. */
	qsort(slots, (size_t)n, sizeof(*slots), cmp_slot);
	for (int k = 0; k < n; k++)
		str[k] = slots[k].name;
	str[n] = ICS_TEAM;
	memset(twin, 0, (size_t)n + 1);
	int clash = icase_twins(str, n + 1, twin);
	for (int k = 0; clash && k < n; k++) {
		if (!name_taken(slots, k, slots[k].name))
			continue;
		for (int suffix = 2;; suffix++) {
			struct buf b = BUF_INIT;

			buf_printf(&b, "%s-%d", slots[k].name, suffix);
			if (!name_taken(slots, k, b.s)) {
				free(slots[k].name);
				slots[k].name = buf_detach(&b);
				break;
			}
			buf_release(&b);
		}
	}
	for (int k = 0; k < n; k++)
		names[slots[k].index] = slots[k].name;
	free(twin);
	free(str);
	free(slots);
}

char *ics_shift_uid(const char *agent_id, const char *date)
{
	struct buf b = BUF_INIT;

	buf_printf(&b, "sp-%016llx-", (unsigned long long)sp_hash64(agent_id));
	for (const char *p = date; *p; p++)
		if (*p >= '0' && *p <= '9')
			buf_putc(&b, *p);
	buf_puts(&b, "@staffplan");
	return buf_detach(&b);
}

/* uid with tag inserted before its '@' (at the end without one). */
static char *uid_tagged(const char *uid, const char *tag)
{
	struct buf b = BUF_INIT;
	const char *at = strrchr(uid, '@');
	size_t n = at ? (size_t)(at - uid) : strlen(uid);

	buf_add(&b, uid, n);
	buf_puts(&b, tag);
	buf_puts(&b, uid + n);
	return buf_detach(&b);
}

char *ics_snapshot_uid(const char *agent_id, const char *date, int64_t run_id)
{
	char tag[32], *uid = ics_shift_uid(agent_id, date), *out;

	snprintf(tag, sizeof(tag), "-run%lld", (long long)run_id);
	out = uid_tagged(uid, tag);
	free(uid);
	return out;
}

char *ics_break_uid(const char *uid)
{
	return uid_tagged(uid, "-break");
}

/* ---- time stamps ---------------------------------------------------------- */

void ics_iso_utc(time_t t, char out[32])
{
	struct tm tm;

	gmtime_r(&t, &tm);
	snprintf(out, 32, "%04d-%02d-%02dT%02d:%02d:%02dZ", (tm.tm_year + 1900) % 10000,
		 (tm.tm_mon + 1) % 100, tm.tm_mday % 100, tm.tm_hour % 100, tm.tm_min % 100,
		 tm.tm_sec % 100);
}
