/* fuzz_availability.c - availability.csv against two known agents */
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sp_input in;
	struct sp_err err = SP_ERR_INIT;
	char *text = fuzz_text(data, size);

	fuzz_desk(&in, 1);
	sp_input_load_availability(&in, text, "availability.csv", &err);
	sp_input_release(&in);
	free(text);
	return 0;
}
