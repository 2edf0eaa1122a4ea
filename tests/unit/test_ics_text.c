/* test_ics_text.c - iCalendar text: TEXT escaping, folding, file names, UIDs
 *
 * What a content line may hold and what an agent's calendar is called:
 * hostile ids and names, multi-byte characters at every folding offset,
 * file-name clashes that only a case-insensitive file system sees.
 */
#include "tests.h"

#include "staffplan/ics.h"
#include "staffplan/text.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

/* ---- escaping and folding -------------------------------------------------- */

static void test_ics_text_escape_specials(void)
{
	static const struct { const char *in, *out; } cases[] = {
		{ "plain", "plain" },
		{ "Wang, Li", "Wang\\, Li" },
		{ "a;b", "a\\;b" },
		{ "C:\\temp", "C:\\\\temp" },
		{ "say \"hi\" 'x'", "say \"hi\" 'x'" },
		{ "line1\nline2", "line1\\nline2" },
		{ "dos\r\nline", "dos\\nline" },
		{ "mac\rline", "mac\\nline" },
		{ "tab\there", "tab here" },
		{ "\r\nEND:VEVENT\r\nBEGIN:VEVENT", "\\nEND:VEVENT\\nBEGIN:VEVENT" },
		{ "王丽, 김민준; 😀", "王丽\\, 김민준\\; 😀" },
		{ "", "" },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *s = ics_text_escape(cases[i].in);

		CU_ASSERT_STRING_EQUAL(s, cases[i].out);
		free(s);
	}
}

static void test_ics_text_escape_drops_controls_and_bad_utf8(void)
{
	char *s = ics_text_escape("a\x01\x07\x1b" "b\x7f" "c");

	CU_ASSERT_STRING_EQUAL(s, "abc");
	free(s);
	/* invalid bytes, overlong '/', a UTF-16 surrogate, truncated sequence */
	s = ics_text_escape("x\xff" "y\xc0\xaf" "z\xed\xa0\x80" "w\xe4\xb8");
	CU_ASSERT_PTR_NULL(strchr(s, '\xff'));
	CU_ASSERT_TRUE(sp_utf8_valid(s, strlen(s)));
	CU_ASSERT_PTR_NOT_NULL(strstr(s, "x\xEF\xBF\xBDy"));
	CU_ASSERT_PTR_NOT_NULL(strstr(s, "w\xEF\xBF\xBD"));
	free(s);
}

/* Folds line, checks octet limits, UTF-8 per physical line, and unfolds. */
static void check_fold(const char *line)
{
	struct buf b = BUF_INIT;
	struct buf un = BUF_INIT;
	size_t i = 0;
	int first = 1;

	ics_fold(&b, line, strlen(line));
	CU_ASSERT_TRUE(b.len >= 2 && !strcmp(b.s + b.len - 2, "\r\n"));
	while (i < b.len) {
		const char *nl = strstr(b.s + i, "\r\n");
		size_t n = (size_t)(nl - (b.s + i));

		CU_ASSERT_TRUE(n <= 75);
		CU_ASSERT_TRUE(sp_utf8_valid(b.s + i, n)); /* never cut inside a character */
		CU_ASSERT_PTR_NULL(memchr(b.s + i, '\n', n));
		if (!first) {
			CU_ASSERT_EQUAL(b.s[i], ' ');
			buf_add(&un, b.s + i + 1, n - 1);
		} else {
			buf_add(&un, b.s + i, n);
		}
		/* no line but the last is shorter than it had to be */
		if (nl + 2 < b.s + b.len)
			CU_ASSERT_TRUE(n >= 72);
		first = 0;
		i += n + 2;
	}
	CU_ASSERT_STRING_EQUAL(un.s, line);
	buf_release(&b);
	buf_release(&un);
}

static void test_ics_fold_ascii_at_75_octets(void)
{
	char line[400];
	struct buf b = BUF_INIT;

	memset(line, 'a', sizeof(line) - 1);
	line[sizeof(line) - 1] = '\0';
	check_fold(line);
	line[75] = '\0'; /* exactly 75: not folded */
	ics_fold(&b, line, 75);
	CU_ASSERT_EQUAL(b.len, 77);
	buf_reset(&b);
	line[75] = 'a';
	line[76] = '\0';
	ics_fold(&b, line, 76);
	CU_ASSERT_STRING_EQUAL(b.s + 75, "\r\n a\r\n");
	buf_release(&b);
}

static void test_ics_fold_keeps_utf8_whole(void)
{
	/* each prefix length shifts where the multi-byte characters fall */
	for (int pre = 0; pre < 5; pre++) {
		char line[1024];
		size_t n = 0;

		n += (size_t)snprintf(line + n, sizeof(line) - n, "SUMMARY:%.*s", pre, "xxxx");
		for (int k = 0; k < 20; k++)
			n += (size_t)snprintf(line + n, sizeof(line) - n, "王丽😀é\\,");
		check_fold(line);
	}
}

/* ---- file names and UIDs --------------------------------------------------- */

static int name_ok(const char *s)
{
	if (!*s || s[0] == '.')
		return 0;
	for (; *s; s++)
		if (!strchr("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._-", *s))
			return 0;
	return 1;
}

static const char *const hostile_ids[] = {
	"alice", "../../etc/passwd", "a/b", "a b", "a_b", "Bob", "bob", "team", "TEAM",
	".hidden", "..", "", "王丽", "김민준", "x\ny", "C:\\evil",
	"very-long-id-0123456789012345678901234567890123456789012345678901234567890123456789",
};
#define NHOSTILE ((int)(sizeof(hostile_ids) / sizeof(hostile_ids[0])))

static void test_ics_file_names_safe_and_unique(void)
{
	char *names[NHOSTILE];

	ics_file_names(hostile_ids, NHOSTILE, names);
	for (int i = 0; i < NHOSTILE; i++) {
		CU_ASSERT_TRUE(name_ok(names[i]));
		CU_ASSERT_TRUE(strlen(names[i]) <= 64);
		CU_ASSERT_NOT_EQUAL(strcasecmp(names[i], "team"), 0);
		for (int j = 0; j < i; j++)
			CU_ASSERT_NOT_EQUAL(strcasecmp(names[i], names[j]), 0);
	}
	CU_ASSERT_STRING_EQUAL(names[0], "alice");    /* plain ids stay */
	CU_ASSERT_STRING_EQUAL(names[4], "a_b");
	CU_ASSERT_STRING_NOT_EQUAL(names[3], "a_b");  /* "a b" reduced and hashed */
	CU_ASSERT_NOT_EQUAL(strcmp(names[5], "Bob"), 0); /* Bob/bob clash ignoring case */
	for (int i = 0; i < NHOSTILE; i++)
		free(names[i]);
}

static void test_ics_file_names_ignore_order(void)
{
	const char *rev[NHOSTILE];
	char *a[NHOSTILE], *b[NHOSTILE];

	for (int i = 0; i < NHOSTILE; i++)
		rev[i] = hostile_ids[NHOSTILE - 1 - i];
	ics_file_names(hostile_ids, NHOSTILE, a);
	ics_file_names(rev, NHOSTILE, b);
	for (int i = 0; i < NHOSTILE; i++) {
		CU_ASSERT_STRING_EQUAL(a[i], b[NHOSTILE - 1 - i]);
		free(a[i]);
		free(b[NHOSTILE - 1 - i]);
	}
}

static void test_ics_shift_uid_stable_and_valid(void)
{
	char *u1 = ics_shift_uid("王丽, \"x\"", "2027-03-22");
	char *u2 = ics_shift_uid("王丽, \"x\"", "2027-03-22");
	char *u3 = ics_shift_uid("王丽, \"x\"", "2027-03-23");
	char *u4 = ics_shift_uid("王丽, \"y\"", "2027-03-22");

	CU_ASSERT_STRING_EQUAL(u1, u2);
	CU_ASSERT_STRING_NOT_EQUAL(u1, u3);
	CU_ASSERT_STRING_NOT_EQUAL(u1, u4);
	CU_ASSERT_PTR_NOT_NULL(strstr(u1, "-20270322@staffplan"));
	for (const char *p = u1; *p; p++)
		CU_ASSERT_PTR_NOT_NULL(strchr("abcdefghijklmnopqrstuvwxyz0123456789-@", *p));
	free(u1);
	free(u2);
	free(u3);
	free(u4);
}

/* Bytes that are not UTF-8 (a run of continuation bytes) still fold at 75
 * octets instead of looping or running over. */
static void test_ics_fold_cuts_invalid_utf8_anyway(void)
{
	char line[200];
	struct buf b = BUF_INIT;
	size_t i = 0;

	memset(line, 0x80, sizeof(line) - 1);
	line[sizeof(line) - 1] = '\0';
	ics_fold(&b, line, strlen(line));
	while (i < b.len) {
		const char *nl = strstr(b.s + i, "\r\n");

		CU_ASSERT_PTR_NOT_NULL_FATAL(nl);
		CU_ASSERT_TRUE(nl - (b.s + i) <= 75);
		i = (size_t)(nl - b.s) + 2;
	}
	CU_ASSERT_EQUAL(b.len, 199 + 3 * 2 + 2); /* 75 + 74 + 50 octets, 2 folds, CRLF */
	buf_release(&b);
}

/* The expected reduced name: reduced id, '-', 8 hex digits of the hash. */
static void reduced(char *out, size_t n, const char *red, const char *id)
{
	snprintf(out, n, "%s-%08x", red, (unsigned)(sp_hash64(id) >> 32));
}

static void test_ics_file_names_reduce_ids(void)
{
	static const char *const ids[] = {
		"a b", "王丽", ".hidden", "", "x//y", "team",
		"abcdefghij-abcdefghij-abcdefghij-abcdefghij-abcdefghij-abcdefghij-x", /* 67 */
	};
	enum { N = (int)(sizeof(ids) / sizeof(ids[0])) };
	char *names[N], want[128];

	ics_file_names(ids, N, names);
	reduced(want, sizeof(want), "a_b", ids[0]);
	CU_ASSERT_STRING_EQUAL(names[0], want);
	reduced(want, sizeof(want), "_", ids[1]);       /* a run of other bytes: one '_' */
	CU_ASSERT_STRING_EQUAL(names[1], want);
	reduced(want, sizeof(want), "_hidden", ids[2]); /* never a hidden file */
	CU_ASSERT_STRING_EQUAL(names[2], want);
	reduced(want, sizeof(want), "agent", ids[3]);
	CU_ASSERT_STRING_EQUAL(names[3], want);
	reduced(want, sizeof(want), "x_y", ids[4]);
	CU_ASSERT_STRING_EQUAL(names[4], want);
	reduced(want, sizeof(want), "team", ids[5]);    /* the team calendar's name */
	CU_ASSERT_STRING_EQUAL(names[5], want);
	reduced(want, sizeof(want), "abcdefghij-abcdefghij-abcdefghij-abcdefg", ids[6]); /* 40 */
	CU_ASSERT_STRING_EQUAL(names[6], want);
	for (int i = 0; i < N; i++)
		free(names[i]);
}

/* A plain id that equals another id's reduced name keeps the order-free
 * rule: the later id (by id) gets "-2". */
static void test_ics_file_names_resolve_collisions(void)
{
	char clash[64];
	const char *ids[3];
	char *names[3], want[80];

	reduced(clash, sizeof(clash), "a_b", "a b");
	ids[0] = clash;
	ids[1] = "a b";
	ids[2] = "A b";
	ics_file_names(ids, 3, names);
	CU_ASSERT_STRING_EQUAL(names[1], clash);      /* "a b" sorts first: it keeps it */
	snprintf(want, sizeof(want), "%s-2", clash);
	CU_ASSERT_STRING_EQUAL(names[0], want);
	reduced(want, sizeof(want), "A_b", "A b");
	CU_ASSERT_STRING_EQUAL(names[2], want);
	for (int i = 0; i < 3; i++)
		free(names[i]);
	ics_file_names(ids, 0, names); /* nothing to name */
}

/* Windows device names (a calendar folder is often a share): never the
 * stem of a file name, in any case, with or without an extension; an id
 * ending in '.' is reduced too.  Near misses stay as they are. */
static void test_ics_file_names_avoid_windows_devices(void)
{
	static const char *const ids[] = {
		"con", "PRN", "Aux", "nul", "com1", "COM9", "lpt1", "Lpt9", "con.x", "NUL.txt.bak",
		"a.", "com1.", "lpt5.a.b",
		/* plain: not devices */
		"cons", "com0", "com10", "lpt", "xcon", "con-1", "a.con", "con_",
	};
	enum { N = (int)(sizeof(ids) / sizeof(ids[0])), NRESERVED = 13 };
	char *names[N], *again[N], want[128];

	ics_file_names(ids, N, names);
	for (int i = 0; i < N; i++) {
		size_t stem = strcspn(names[i], ".");
		char s[8] = "";
		if (stem < sizeof(s))
			snprintf(s, sizeof(s), "%.*s", (int)stem, names[i]);
		for (char *p = s; *p; p++)
			*p = (char)tolower((unsigned char)*p);
		int dev = !strcmp(s, "con") || !strcmp(s, "prn") || !strcmp(s, "aux") || !strcmp(s, "nul") ||
			  (strlen(s) == 4 && (!strncmp(s, "com", 3) || !strncmp(s, "lpt", 3)) && s[3] >= '1' &&
			   s[3] <= '9');
		CU_ASSERT_FALSE(dev);
		CU_ASSERT_NOT_EQUAL(names[i][strlen(names[i]) - 1], '.');
		if (i < NRESERVED) {
			CU_ASSERT_STRING_NOT_EQUAL(names[i], ids[i]);
		} else {
			CU_ASSERT_STRING_EQUAL(names[i], ids[i]);
		}
	}
	reduced(want, sizeof(want), "con", "con");
	CU_ASSERT_STRING_EQUAL(names[0], want);
	reduced(want, sizeof(want), "con_x", "con.x"); /* the dot after the device goes */
	CU_ASSERT_STRING_EQUAL(names[8], want);
	reduced(want, sizeof(want), "a.", "a.");
	CU_ASSERT_STRING_EQUAL(names[10], want);
	/* the same names every time: subscriptions keep working */
	ics_file_names(ids, N, again);
	for (int i = 0; i < N; i++) {
		CU_ASSERT_STRING_EQUAL(again[i], names[i]);
		free(again[i]);
		free(names[i]);
	}
	/* the shifts keep their UIDs: they come from the id, not the file */
	char *u = ics_shift_uid("con", "2027-03-22");
	snprintf(want, sizeof(want), "sp-%016llx-20270322@staffplan", (unsigned long long)sp_hash64("con"));
	CU_ASSERT_STRING_EQUAL(u, want);
	free(u);
}

static void test_ics_shift_uid_format(void)
{
	char want[80], *u = ics_shift_uid("A001", "2027-03-22");

	snprintf(want, sizeof(want), "sp-%016llx-20270322@staffplan",
		 (unsigned long long)sp_hash64("A001"));
	CU_ASSERT_STRING_EQUAL(u, want);
	free(u);
}

/* A snapshot's UID: the shift's with the run, so never a published one */
static void test_ics_snapshot_uid_format(void)
{
	char want[80], *u = ics_snapshot_uid("A001", "2027-03-22", 12), *v = ics_shift_uid("A001", "2027-03-22");

	snprintf(want, sizeof(want), "sp-%016llx-20270322-run12@staffplan",
		 (unsigned long long)sp_hash64("A001"));
	CU_ASSERT_STRING_EQUAL(u, want);
	CU_ASSERT_STRING_NOT_EQUAL(u, v);
	free(u);
	u = ics_snapshot_uid("A001", "2027-03-22", 13);
	CU_ASSERT_STRING_NOT_EQUAL(u, want);
	free(u);
	free(v);
}

TEST_SUITE(ics_text)
{
	CU_pSuite s = CU_add_suite("ics_text", NULL, NULL);

	CU_add_test(s, "text escape: , ; \\ quotes newline CJK emoji", test_ics_text_escape_specials);
	CU_add_test(s, "text escape: controls and bad UTF-8", test_ics_text_escape_drops_controls_and_bad_utf8);
	CU_add_test(s, "fold: ASCII at 75 octets", test_ics_fold_ascii_at_75_octets);
	CU_add_test(s, "fold: UTF-8 kept whole", test_ics_fold_keeps_utf8_whole);
	CU_add_test(s, "fold: invalid UTF-8 cut anyway", test_ics_fold_cuts_invalid_utf8_anyway);
	CU_add_test(s, "file names: safe and unique", test_ics_file_names_safe_and_unique);
	CU_add_test(s, "file names: independent of order", test_ics_file_names_ignore_order);
	CU_add_test(s, "file names: reduced ids", test_ics_file_names_reduce_ids);
	CU_add_test(s, "file names: collisions", test_ics_file_names_resolve_collisions);
	CU_add_test(s, "file names: no Windows device names", test_ics_file_names_avoid_windows_devices);
	CU_add_test(s, "uid: stable and valid", test_ics_shift_uid_stable_and_valid);
	CU_add_test(s, "uid: a snapshot's carries its run", test_ics_snapshot_uid_format);
	CU_add_test(s, "uid: format", test_ics_shift_uid_format);
}
