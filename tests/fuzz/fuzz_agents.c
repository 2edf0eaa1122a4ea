/* fuzz_agents.c - agents.csv */
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sp_input in;
	struct sp_err err = SP_ERR_INIT;
	char *text = fuzz_text(data, size);

	sp_input_init(&in);
	in.warn = NULL;
	sp_input_load_agents(&in, text, "agents.csv", &err);
	sp_input_release(&in);
	free(text);
	return 0;
}
