/* digest.h - SHA-256 digests and secrets from the operating system
 *
 * Digests name what a run was made from (a history file, an input) and
 * are what a feed secret is stored as: the secret itself never reaches
 * the database or a log.  nettle computes them; the random bytes come
 * from the kernel (getrandom), never from a seeded generator.
 */
#ifndef STAFFPLAN_DIGEST_H
#define STAFFPLAN_DIGEST_H

#include "staffplan/error.h"

#include <stddef.h>

#define SP_SHA256_HEX 65 /* 64 hex digits and the NUL */

/* out = lowercase hex SHA-256 of data[0..len). */
void sp_sha256_hex(const void *data, size_t len, char out[SP_SHA256_HEX]);

/* Fills buf with n bytes from the kernel's random source.  SP_ERR_IO when
 * the source fails (never falls back to anything weaker). */
sp_status sp_random_bytes(void *buf, size_t n, struct sp_err *err);

/* A new secret of nbytes random bytes (at least 16), written as unpadded
 * base64url into out (outsz >= 4 * nbytes / 3 + 2): safe in a URL path. */
sp_status sp_random_token(size_t nbytes, char *out, size_t outsz, struct sp_err *err);

#endif
