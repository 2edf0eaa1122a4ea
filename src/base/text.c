/* text.c - UTF-8 check, trim, string hash, language tags, gcd */
#include "staffplan/text.h"

#include <string.h>

size_t sp_utf8_seq(const unsigned char *s, size_t avail)
{
	unsigned c = s[0];
	size_t n;

	if (c < 0x80)
		return 1;
	if (c < 0xC2 || c > 0xF4)
		return 0;
	n = c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
	if (n > avail)
		return 0;
	for (size_t i = 1; i < n; i++)
		if ((s[i] & 0xC0) != 0x80)
			return 0;
	if ((c == 0xE0 && s[1] < 0xA0) || (c == 0xED && s[1] > 0x9F) ||
	    (c == 0xF0 && s[1] < 0x90) || (c == 0xF4 && s[1] > 0x8F))
		return 0; /* overlong, surrogate, beyond U+10FFFF */
	return n;
}

int sp_utf8_valid(const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;

	for (size_t i = 0; i < n;) {
		size_t k = sp_utf8_seq(p + i, n - i);
		if (!k)
			return 0;
		i += k;
	}
	return 1;
}

int sp_is_space(int c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' || c == '\f';
}

int sp_is_blank(const char *s)
{
	while (sp_is_space((unsigned char)*s))
		s++;
	return !*s;
}

char *sp_trim(char *s)
{
	char *e;

	while (sp_is_space((unsigned char)*s))
		s++;
	e = s + strlen(s);
	while (e > s && sp_is_space((unsigned char)e[-1]))
		*--e = '\0';
	return s;
}

uint64_t sp_hash64(const char *s)
{
	uint64_t h = 0xcbf29ce484222325ULL;

	for (; *s; s++) {
		h ^= (unsigned char)*s;
		h *= 0x100000001b3ULL;
	}
	return h;
}

static int is_alpha(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

int sp_lang_tag(const char *s, char out[SP_LANG_MAX])
{
	size_t n = strlen(s);
	int after_singleton = 0;

	out[0] = '\0';
	if (n < 2 || n >= SP_LANG_MAX || !is_alpha((unsigned char)s[0]))
		return 0;
	for (size_t i = 0; i < n;) {
		size_t k = strspn(s + i, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789");
		if (k < 1 || k > 8 || (s[i + k] && (s[i + k] != '-' || !s[i + k + 1]))) {
			out[0] = '\0';
			return 0;
		}
		for (size_t j = 0; j < k; j++) {
			int c = (unsigned char)s[i + j];
			int up = i > 0 && !after_singleton && (k == 2 || (k == 4 && j == 0));
			out[i + j] = (char)(up ? (c >= 'a' && c <= 'z' ? c - 32 : c)
					       : (c >= 'A' && c <= 'Z' ? c + 32 : c));
		}
		after_singleton |= k == 1;
		i += k;
		if (s[i])
			out[i++] = '-';
	}
	out[n] = '\0';
	return 1;
}

int sp_gcd(int a, int b)
{
	while (b) {
		int t = a % b;
		a = b;
		b = t;
	}
	return a;
}
