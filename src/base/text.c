/* text.c - UTF-8 check, trim, string hash, gcd */
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

int sp_gcd(int a, int b)
{
	while (b) {
		int t = a % b;
		a = b;
		b = t;
	}
	return a;
}
