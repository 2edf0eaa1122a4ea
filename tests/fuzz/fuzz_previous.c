/* fuzz_previous.c - a previous roster (roster.csv) and its carry-over */
#include "fuzz.h"

#include "staffplan/previous.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sp_input in;
	struct sp_previous p;
	struct sp_err err = SP_ERR_INIT;
	char *text = fuzz_text(data, size);

	fuzz_desk(&in, 1);
	sp_previous_init(&p);
	if (sp_previous_load_csv(&p, &in, text, "previous.csv", &err) == SP_OK &&
	    sp_previous_check(&p, &in, &err) == SP_OK) {
		for (int a = 0; a < in.nagents; a++) {
			struct sp_carry c;
			sp_previous_carry(&p, &in, a, &c);
		}
	}
	sp_previous_release(&p);
	sp_input_release(&in);
	free(text);
	return 0;
}
