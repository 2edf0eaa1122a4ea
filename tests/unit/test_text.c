/* test_text.c - the UTF-8 check, trim, hash, language tags and gcd (src/base/text.c) */
#include "tests.h"

#include "staffplan/rng.h"
#include "staffplan/text.h"

#include <string.h>

static void test_utf8_accepts_valid_text(void)
{
	CU_ASSERT(sp_utf8_valid("", 0));
	CU_ASSERT(sp_utf8_valid("plain", 5));
	const char *cjk = "\xE5\xBC\xA0\xE4\xBC\x9F"; /* two CJK characters */
	CU_ASSERT(sp_utf8_valid(cjk, strlen(cjk)));
	const char *emoji = "\xF0\x9F\x98\x80"; /* U+1F600 */
	CU_ASSERT(sp_utf8_valid(emoji, 4));
	CU_ASSERT_EQUAL(sp_utf8_seq((const unsigned char *)emoji, 4), 4);
	CU_ASSERT_EQUAL(sp_utf8_seq((const unsigned char *)"\xC3\xA9", 2), 2);
	const char *max = "\xF4\x8F\xBF\xBF"; /* U+10FFFF */
	CU_ASSERT(sp_utf8_valid(max, 4));
}

static void test_utf8_refuses_overlong_surrogate_and_truncated(void)
{
	CU_ASSERT(!sp_utf8_valid("\xC0\xAF", 2));         /* overlong '/' */
	CU_ASSERT(!sp_utf8_valid("\xE0\x80\xAF", 3));     /* overlong */
	CU_ASSERT(!sp_utf8_valid("\xED\xA0\x80", 3));     /* surrogate U+D800 */
	CU_ASSERT(!sp_utf8_valid("\xF4\x90\x80\x80", 4)); /* above U+10FFFF */
	CU_ASSERT(!sp_utf8_valid("\xE5\xBC", 2));         /* truncated */
	CU_ASSERT(!sp_utf8_valid("\xFF", 1));
	CU_ASSERT(!sp_utf8_valid("a\x80", 2));            /* stray continuation */
	/* a sequence is never read past the bytes available */
	CU_ASSERT_EQUAL(sp_utf8_seq((const unsigned char *)"\xE5\xBC\xA0", 2), 0);
}

static void test_trim_and_blank(void)
{
	char a[] = " \t id 7 \r\n", b[] = "", c[] = "   ";

	CU_ASSERT_STRING_EQUAL(sp_trim(a), "id 7");
	CU_ASSERT_STRING_EQUAL(sp_trim(b), "");
	CU_ASSERT_STRING_EQUAL(sp_trim(c), "");
	CU_ASSERT(sp_is_blank(" \t\r\n"));
	CU_ASSERT(sp_is_blank(""));
	CU_ASSERT(!sp_is_blank(" x "));
}

static void test_hash_is_stable_fnv1a(void)
{
	/* published FNV-1a 64 test vectors: file names and UIDs depend on them */
	CU_ASSERT_EQUAL(sp_hash64(""), 0xcbf29ce484222325ULL);
	CU_ASSERT_EQUAL(sp_hash64("a"), 0xaf63dc4c8601ec8cULL);
	CU_ASSERT_EQUAL(sp_hash64("foobar"), 0x85944171f73967e8ULL);
}

static void test_gcd(void)
{
	CU_ASSERT_EQUAL(sp_gcd(60, 45), 15);
	CU_ASSERT_EQUAL(sp_gcd(0, 30), 30);
	CU_ASSERT_EQUAL(sp_gcd(30, 0), 30);
	CU_ASSERT_EQUAL(sp_gcd(7, 5), 1);
}

static void test_lang_tags_canonical_case(void)
{
	static const char *const ok[][2] = {
		{ "HE", "he" }, { "he", "he" }, { "zh-hant", "zh-Hant" }, { "ZH-HANT", "zh-Hant" },
		{ "en-us", "en-US" }, { "sr-latn-rs", "sr-Latn-RS" }, { "es-419", "es-419" },
		{ "sgn-be-fr", "sgn-BE-FR" }, { "en-CA-X-CA", "en-CA-x-ca" },
		{ "az-Latn-x-LATN", "az-Latn-x-latn" }, { "x-Klingon", "x-klingon" },
	};
	static const char *const bad[] = { "", "e", "1e", "-en", "en-", "en--us", "en_US",
					   "toolongsub", "en-toolongsub", "zh Hant",
					   "abcdefghijklmnopqrstuvwxyz-abcdefghi" };
	char out[SP_LANG_MAX];

	for (size_t i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
		CU_ASSERT_EQUAL(sp_lang_tag(ok[i][0], out), 1);
		CU_ASSERT_STRING_EQUAL(out, ok[i][1]);
	}
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		CU_ASSERT_EQUAL(sp_lang_tag(bad[i], out), 0);
		CU_ASSERT_STRING_EQUAL(out, "");
	}
}

static void test_rng_reproducible_and_in_range(void)
{
	struct sp_rng a, b, c = { 0x9E3779B97F4A7C15ULL };
	int hist[10] = { 0 };

	sp_rng_seed(&a, 42);
	sp_rng_seed(&b, 42);
	for (int i = 0; i < 1000; i++)
		CU_ASSERT_EQUAL(sp_rng_next(&a), sp_rng_next(&b));
	sp_rng_seed(&b, 43);
	CU_ASSERT_NOT_EQUAL(sp_rng_next(&a), sp_rng_next(&b));
	sp_rng_seed(&a, 0);
	CU_ASSERT_NOT_EQUAL(a.x, 0);
	for (int i = 0; i < 100000; i++) {
		int k = sp_rng_below(&c, 10);
		double u = sp_rng_unit(&c);
		CU_ASSERT_FATAL(k >= 0 && k < 10);
		CU_ASSERT_FATAL(u >= 0 && u < 1);
		hist[k]++;
	}
	for (int k = 0; k < 10; k++)
		CU_ASSERT(hist[k] > 9500 && hist[k] < 10500);
	CU_ASSERT_EQUAL(sp_rng_below(&c, 0), 0);
}

TEST_SUITE(text)
{
	CU_pSuite s = CU_add_suite("text", NULL, NULL);

	CU_add_test(s, "utf8 accepts valid text", test_utf8_accepts_valid_text);
	CU_add_test(s, "utf8 refuses overlong, surrogate, truncated",
		    test_utf8_refuses_overlong_surrogate_and_truncated);
	CU_add_test(s, "trim and blank", test_trim_and_blank);
	CU_add_test(s, "hash is stable FNV-1a", test_hash_is_stable_fnv1a);
	CU_add_test(s, "gcd", test_gcd);
	CU_add_test(s, "language tags in canonical case", test_lang_tags_canonical_case);
	CU_add_test(s, "rng reproducible and in range", test_rng_reproducible_and_in_range);
}
