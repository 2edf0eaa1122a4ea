/* fuzz_history.c - history files (SPEC 8): interval counts and contact
 * records, onto a grid in the site zone, then the horizon after them
 *
 * The first byte picks the plan's interval (15, 30 or 60 minutes) and the
 * site zone (one with DST, one without), so grids and zone transitions
 * both get fuzzed; the rest is the file. */
#include "fuzz.h"

#include "staffplan/history.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const queues[] = { "chat", "email", "security" };
	static const int minutes[] = { 15, 30, 60 };
	static const char *const zones[] = { "Asia/Singapore", "Europe/London" };
	struct sp_history h;
	struct sp_tz tz;
	struct sp_err err = SP_ERR_INIT;

	if (size < 1)
		return 0;
	int pick = data[0];
	char *text = fuzz_text(data + 1, size - 1);
	if (sp_tz_init(&tz, zones[(pick >> 2) & 1], &err) != SP_OK)
		abort();
	if (sp_history_load(&h, text, "history.csv", &tz, minutes[pick % 3], queues, 3, "chat", "en", NULL,
			    &err) == SP_OK) {
		/* what `forecast` does next: a horizon of two weeks after it,
		 * each series found by name */
		sp_history_extend(&h, h.nhist + 14);
		struct fc_cal cal = sp_history_cal(&h);
		if (cal.ndays != h.nhist + 14)
			abort();
		for (int s = 0; s < h.nseries; s++)
			if (sp_history_find(&h, h.series[s].queue, h.series[s].lang) != s)
				abort();
		sp_history_release(&h);
	} else if (!err.msg[0]) {
		abort(); /* an error always says what is wrong */
	}
	free(text);
	return 0;
}
