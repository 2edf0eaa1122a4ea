/* fuzz.h - what the libFuzzer harnesses share: a NUL-terminated copy of
 * the input and a small desk to load files against
 *
 * Each tests/fuzz/fuzz_<parser>.c defines LLVMFuzzerTestOneInput for one
 * parser; `make fuzz` builds them with clang's libFuzzer, ASan and UBSan
 * and runs each over its seed corpus in tests/fuzz/corpus/<parser>/.
 */
#ifndef STAFFPLAN_FUZZ_H
#define STAFFPLAN_FUZZ_H

#include "staffplan/input.h"

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The fuzz input as a C string (inputs stop at a NUL byte, as files read
 * by sp_read_file are refused there); the caller frees. */
static inline char *fuzz_text(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);

	if (!s)
		abort();
	memcpy(s, data, size);
	s[size] = '\0';
	return s;
}

/* A desk in Asia/Singapore with two agents and a one-week horizon, no
 * warnings printed; every step must succeed. */
static inline void fuzz_desk(struct sp_input *in, int with_horizon)
{
	struct sp_err err = SP_ERR_INIT;

	sp_input_init(in);
	in->warn = NULL;
	if (sp_input_load_config(in, "[site]\ntimezone = Asia/Singapore\ninterval_minutes = 30\n"
				 "[queue.security]\nrestricted = true\n", "plan.ini", &err) != SP_OK ||
	    sp_input_load_agents(in, "id,name,languages,queues\nA1,Ann,en;zh,chat;email\n"
				 "B2,Bo,ko,security\n", "agents.csv", &err) != SP_OK)
		abort();
	if (with_horizon &&
	    (sp_input_load_forecast(in, "start,language,volume\n2026-11-30T00:00,en,4\n"
				    "2026-12-06T23:30,en,2\n", "forecast.csv", &err) != SP_OK ||
	     sp_input_finish(in, &err) != SP_OK))
		abort();
}

#endif
