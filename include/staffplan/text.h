/* text.h - the one UTF-8 check, trim, string hash, language tag and gcd
 * every layer uses
 *
 * UTF-8 is checked strictly (RFC 3629: no overlong forms, no surrogates,
 * nothing above U+10FFFF), because input files, calendar text and the
 * report all promise valid UTF-8 to the programs that read them.
 */
#ifndef STAFFPLAN_TEXT_H
#define STAFFPLAN_TEXT_H

#include <stddef.h>
#include <stdint.h>

/* Length of the valid UTF-8 sequence at s (avail bytes readable, >= 1);
 * 0 when the bytes there are not valid UTF-8. */
size_t sp_utf8_seq(const unsigned char *s, size_t avail);

/* Is s[0..n) valid UTF-8? */
int sp_utf8_valid(const char *s, size_t n);

/* Is c ASCII white space (space, tab, CR, LF, VT, FF)? */
int sp_is_space(int c);

/* Is s empty or only ASCII white space? */
int sp_is_blank(const char *s);

/* Trims ASCII white space in place; returns the new start inside s. */
char *sp_trim(char *s);

/* FNV-1a, 64 bits: a stable hash for names and file-name suffixes (not a
 * secret: see docs for what uses a cryptographic hash). */
uint64_t sp_hash64(const char *s);

/* Language tags.  staffplan accepts a BCP 47 tag's shape: 2..35
 * characters, subtags of 1..8 ASCII letters or digits separated by single
 * hyphens, the first a letter.  Tags are case-insensitive (RFC 5646 2.1.1:
 * HE is he, zh-hant is zh-Hant), so every tag read from a file or an
 * option goes through sp_lang_tag() once, and the product compares the
 * canonical form it writes with strcmp from then on: lower case, but a
 * 2-letter subtag upper case (a region) and a 4-letter one title case (a
 * script) when neither first nor after a 1-letter subtag (an extension).
 * Writes that form to out and returns 1; returns 0 when s is not such a
 * tag (out then holds "").  out has room for SP_LANG_MAX bytes. */
#define SP_LANG_MAX 36
int sp_lang_tag(const char *s, char out[SP_LANG_MAX]);

/* Greatest common divisor of two non-negative ints (gcd(0, b) = b). */
int sp_gcd(int a, int b);

#endif
