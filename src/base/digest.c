/* digest.c - SHA-256 through nettle, random bytes through getrandom(2) */
#include "staffplan/digest.h"

#include <errno.h>
#include <nettle/sha2.h>
#include <string.h>
#include <sys/random.h>

void sp_sha256_hex(const void *data, size_t len, char out[SP_SHA256_HEX])
{
	static const char hex[] = "0123456789abcdef";
	struct sha256_ctx ctx;
	uint8_t d[SHA256_DIGEST_SIZE];

	sha256_init(&ctx);
	sha256_update(&ctx, len, data);
	sha256_digest(&ctx, sizeof(d), d);
	for (size_t i = 0; i < sizeof(d); i++) {
		out[2 * i] = hex[d[i] >> 4];
		out[2 * i + 1] = hex[d[i] & 15];
	}
	out[2 * sizeof(d)] = '\0';
}

sp_status sp_random_bytes(void *buf, size_t n, struct sp_err *err)
{
	unsigned char *p = buf;

	while (n) {
		ssize_t got = getrandom(p, n, 0);
		if (got < 0) {
			if (errno == EINTR)
				continue;
			return sp_err_set(err, SP_ERR_IO, "cannot read the system's random source: %s",
					  strerror(errno));
		}
		p += got;
		n -= (size_t)got;
	}
	return SP_OK;
}

sp_status sp_random_token(size_t nbytes, char *out, size_t outsz, struct sp_err *err)
{
	static const char b64[] =
		"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
	unsigned char raw[64];
	size_t o = 0;
	unsigned acc = 0;
	int bits = 0;
	sp_status st;

	SP_ASSERT(nbytes >= 16 && nbytes <= sizeof(raw) && outsz >= 4 * nbytes / 3 + 2);
	if ((st = sp_random_bytes(raw, nbytes, err)) != SP_OK)
		return st;
	for (size_t i = 0; i < nbytes; i++) {
		acc = (acc << 8) | raw[i];
		bits += 8;
		while (bits >= 6) {
			bits -= 6;
			out[o++] = b64[(acc >> bits) & 63];
		}
	}
	if (bits)
		out[o++] = b64[(acc << (6 - bits)) & 63];
	out[o] = '\0';
	memset(raw, 0, sizeof(raw));
	return SP_OK;
}
