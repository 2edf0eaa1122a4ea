/* rng.h - the one pseudo-random generator (xorshift64*)
 *
 * Searches draw hundreds of millions of numbers a run, so the generator is
 * inline and its state is a plain value the caller owns (one per thread).
 * A seed gives the same sequence on every machine: runs are reproducible.
 */
#ifndef STAFFPLAN_RNG_H
#define STAFFPLAN_RNG_H

#include <stdint.h>

struct sp_rng {
	uint64_t x;
};

/* Any seed is fine; 0 is mapped to a fixed non-zero state. */
static inline void sp_rng_seed(struct sp_rng *r, uint64_t seed)
{
	/* splitmix64 of the seed: nearby seeds give unrelated streams */
	uint64_t z = seed + 0x9E3779B97F4A7C15ULL;
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
	z ^= z >> 31;
	r->x = z ? z : 0x2545F4914F6CDD1DULL;
}

static inline uint64_t sp_rng_next(struct sp_rng *r)
{
	r->x ^= r->x >> 12;
	r->x ^= r->x << 25;
	r->x ^= r->x >> 27;
	return r->x * 2685821657736338717ULL;
}

/* Uniform in [0, n) for n > 0 (0 when n <= 0). */
static inline int sp_rng_below(struct sp_rng *r, int n)
{
	return n > 0 ? (int)((sp_rng_next(r) >> 33) % (uint64_t)n) : 0;
}

/* Uniform in [0, 1). */
static inline double sp_rng_unit(struct sp_rng *r)
{
	return (double)(sp_rng_next(r) >> 11) * (1.0 / 9007199254740992.0);
}

#endif
