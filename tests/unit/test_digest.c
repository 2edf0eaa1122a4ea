/* test_digest.c - SHA-256 and random tokens (src/base/digest.c) */
#include "tests.h"

#include "staffplan/digest.h"

#include <string.h>

static void test_sha256_known_vectors(void)
{
	char h[SP_SHA256_HEX];

	sp_sha256_hex("", 0, h);
	CU_ASSERT_STRING_EQUAL(h, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
	sp_sha256_hex("abc", 3, h);
	CU_ASSERT_STRING_EQUAL(h, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

static void test_random_tokens_differ_and_are_url_safe(void)
{
	struct sp_err err = SP_ERR_INIT;
	char a[64], b[64];

	CU_ASSERT_EQUAL(sp_random_token(24, a, sizeof(a), &err), SP_OK);
	CU_ASSERT_EQUAL(sp_random_token(24, b, sizeof(b), &err), SP_OK);
	CU_ASSERT_EQUAL(strlen(a), 32); /* 192 bits in base64url */
	CU_ASSERT_STRING_NOT_EQUAL(a, b);
	CU_ASSERT_EQUAL(strspn(a, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"),
			strlen(a));
	CU_ASSERT_EQUAL(sp_random_token(16, a, sizeof(a), &err), SP_OK);
	CU_ASSERT_EQUAL(strlen(a), 22); /* 128 bits */
}

TEST_SUITE(digest)
{
	CU_pSuite s = CU_add_suite("digest", NULL, NULL);

	CU_add_test(s, "sha256 known vectors", test_sha256_known_vectors);
	CU_add_test(s, "random tokens differ and are URL-safe", test_random_tokens_differ_and_are_url_safe);
}
