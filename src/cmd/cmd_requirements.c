/* cmd_requirements.c - `staffplan requirements`: the requirement table to stdout */
#include "staffplan/cmd.h"
#include "staffplan/pipeline.h"

#include <getopt.h>
#include <string.h>

static const char usage[] =
	"usage: staffplan requirements [DIR] [--config F] [--forecast F] [--format csv|table|json]\n"
	"                              [--set SECTION.KEY=VALUE]...\n\n"
	"Prints required agents per interval, queue and language (Erlang C, or Erlang A\n"
	"for queues with a patience_seconds, with bot deflection, concurrency, occupancy\n"
	"cap, abandon limit, shrinkage and min_agents):\n"
	"start,queue,language,volume,aht,traffic,agents,required,service_level,asa,\n"
	"abandon_rate (empty under Erlang C)\n"
	"DIR defaults to data/example.\n";

enum { O_CONFIG = 256, O_FORECAST, O_FORMAT, O_SET };

static const struct option longopts[] = {
	{ "config", required_argument, NULL, O_CONFIG },
	{ "forecast", required_argument, NULL, O_FORECAST },
	{ "format", required_argument, NULL, O_FORMAT },
	{ "set", required_argument, NULL, O_SET },
	{ NULL, 0, NULL, 0 },
};

static int run_requirements(struct sp_ctx *ctx, int argc, char **argv)
{
	struct pipe_paths paths = { "data/example", NULL, NULL, NULL, NULL };
	const char **sets = sp_xcalloc((size_t)argc + 1, sizeof(char *));
	int nsets = 0, format = REQ_CSV, c;
	struct pipe_texts t = { 0 };
	struct sp_input in;
	struct sp_reqs req = { 0 };
	sp_status st = SP_OK;

	sp_input_init(&in);
	optind = 1;
	while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		switch (c) {
		case O_CONFIG: paths.config = optarg; break;
		case O_FORECAST: paths.forecast = optarg; break;
		case O_SET: sets[nsets++] = optarg; break;
		case O_FORMAT:
			if (!strcmp(optarg, "csv"))
				format = REQ_CSV;
			else if (!strcmp(optarg, "table"))
				format = REQ_TABLE;
			else if (!strcmp(optarg, "json"))
				format = REQ_JSON;
			else {
				st = sp_cmd_usage_error(ctx, &sp_cmd_requirements,
							"--format '%s': expected csv, table or json", optarg);
				goto done;
			}
			break;
		default:
			st = sp_cmd_usage_error(ctx, &sp_cmd_requirements, "unknown option");
			goto done;
		}
	}
	if (optind < argc)
		paths.dir = argv[optind++];
	/* Requirements need no agents: feed an empty agent list. */
	if ((st = pipe_read_paths(&(struct pipe_paths){ paths.dir, paths.config, paths.forecast,
						       "/dev/null", "/dev/null" }, &t, &ctx->err)) != SP_OK)
		goto done;
	free(t.text[PIPE_AGENTS]);
	t.text[PIPE_AGENTS] = sp_xstrdup("id,name,languages\n");
	free(t.text[PIPE_AVAIL]);
	t.text[PIPE_AVAIL] = NULL;
	if ((st = pipe_parse(&in, &t, sets, nsets, NULL, NULL, &ctx->err)) != SP_OK)
		goto done;
	if ((st = req_compute(&in, &req, &ctx->err)) != SP_OK)
		goto done;
	st = req_write(&req, &in, format, stdout, &ctx->err);
	if (st == SP_OK && fflush(stdout) != 0)
		st = sp_err_set(&ctx->err, SP_ERR_IO, "cannot write to standard output");
done:
	free(sets);
	pipe_texts_release(&t);
	req_release(&req);
	sp_input_release(&in);
	return st;
}

const struct sp_cmd sp_cmd_requirements = {
	.name = "requirements",
	.summary = "print required agents per interval, queue and language",
	.usage = usage,
	.flags = 0,
	.run = run_requirements,
};
