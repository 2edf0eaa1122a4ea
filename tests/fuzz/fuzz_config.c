/* fuzz_config.c - plan.ini and --set overrides */
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sp_input in;
	struct sp_err err = SP_ERR_INIT;
	char *text = fuzz_text(data, size);

	sp_input_init(&in);
	in.warn = NULL;
	if (sp_input_load_config(&in, text, "plan.ini", &err) == SP_OK) {
		/* the last line as a --set KEY=VALUE */
		char *line = strrchr(text, '\n');
		char *eq = line ? strchr(line, '=') : NULL;
		if (eq) {
			*eq = '\0';
			sp_input_set(&in, line + 1, eq + 1, &err);
		}
	}
	sp_input_release(&in);
	free(text);
	return 0;
}
