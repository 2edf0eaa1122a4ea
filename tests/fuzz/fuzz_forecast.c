/* fuzz_forecast.c - forecast.csv, the horizon and the requirement table */
#include "fuzz.h"

#include "staffplan/req.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sp_input in;
	struct sp_err err = SP_ERR_INIT;
	char *text = fuzz_text(data, size);

	fuzz_desk(&in, 0);
	if (sp_input_load_forecast(&in, text, "forecast.csv", &err) == SP_OK &&
	    sp_input_finish(&in, &err) == SP_OK) {
		struct sp_reqs req = { 0 };
		/* the Erlang search must end for every accepted row */
		if (req_compute(&in, &req, &err) == SP_OK)
			req_release(&req);
	}
	sp_input_release(&in);
	free(text);
	return 0;
}
