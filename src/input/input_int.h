/* input_int.h - what input.c and agents.c share: the field readers that
 * word every loader's errors alike, and the rollback of a failed load */
#ifndef STAFFPLAN_INPUT_INT_H
#define STAFFPLAN_INPUT_INT_H

#include "staffplan/csv.h"
#include "staffplan/input.h"

/* Frees an agent's strings (not the struct). */
void input_agent_release(struct sp_agent *a);
/* Forgets languages registered after the first n (a failed load). */
void input_langs_rollback(struct sp_input *in, int n);
/* The language tag of column col, registered; OUT: *idx. */
sp_status input_add_lang(struct sp_csv *rd, struct sp_input *in, int col, const char *tag, int *idx);
/* A number of column col in [lo, hi] ((lo, hi] when lo_open), what names it
 * in the message ("a number of contacts"). */
sp_status input_get_number(struct sp_csv *rd, int col, double lo, double hi, int lo_open,
			   const char *what, double *out);
/* A time of column col in the site zone (or with its offset). */
sp_status input_get_time(struct sp_csv *rd, struct sp_input *in, int col, time_t *out);
/* A queue of plan.ini named in column col. */
sp_status input_get_queue(struct sp_csv *rd, const struct sp_config *cfg, int col, const char *name,
			  int *out);

#endif
