/* cmd_serve.c - `staffplan serve`: the calendar feeds over HTTP
 *
 * Serves GET/HEAD /cal/SECRET.ics (src/feeds/serve.c) until SIGTERM or
 * SIGINT, then exits 0 once the requests in flight are answered.  Reads
 * the database per request, so a `plan` in another process shows in the
 * next fetch; writes only the fetch times of the feeds.
 */
#include "staffplan/cmd.h"
#include "staffplan/serve.h"

#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

static int run_serve(struct sp_ctx *ctx, int argc, char **argv);

const struct sp_cmd sp_cmd_serve = {
	.name = "serve",
	.summary = "serve the calendar feeds over HTTP",
	.usage =
	"usage: staffplan serve [--listen HOST:PORT] [--log FILE] [--threads N]\n"
	"                       [--max-connections N] [--max-per-ip N] [--timeout S] [--db F]\n"
	"\n"
	"Serves each feed issued with 'staffplan feeds issue' at /cal/SECRET.ics:\n"
	"the agent's shifts (or every agent's, for a team feed) from 4 weeks back\n"
	"on, as the published calendars hold them, with re-plans showing at the\n"
	"next fetch.  GET and HEAD only; ETag, Last-Modified and 304 answers for\n"
	"clients that ask again.  A wrong, revoked or malformed secret and any\n"
	"other path get 404 (405 for another method on a feed path), all alike.\n"
	"One Common Log Format line per request goes to stderr (or --log FILE),\n"
	"with the secret replaced by [secret].  SIGTERM or SIGINT stops it after\n"
	"the requests in flight (exit 0); SIGHUP reopens --log FILE.\n"
	"\n"
	"Plain HTTP on loopback: put a TLS reverse proxy in front of it\n"
	"(docs/CALENDARS.md has nginx and Caddy examples and a systemd unit).\n"
	"\n"
	"options:\n"
	"  --listen HOST:PORT   address to bind (default 127.0.0.1:8080; port 0\n"
	"                       picks a free one, printed on stderr)\n"
	"  --log FILE           append the access log to FILE instead of stderr\n"
	"  --threads N          polling threads (default 2)\n"
	"  --max-connections N  open connections at once (default 1000)\n"
	"  --max-per-ip N       open connections from one address (default 0: no\n"
	"                       limit; behind a proxy every client is the proxy)\n"
	"  --timeout S          close a connection idle (or trickling) for S seconds\n"
	"                       (default 15)\n"
	"  --db FILE            database (default: staffplan.db)\n"
	"  -h, --help           show this help\n"
	"\n"
	"example:\n"
	"  staffplan serve --listen 127.0.0.1:8080 --log /var/log/staffplan/feeds.log\n",
	.flags = SP_NEEDS_DB,
	.run = run_serve,
};

static const struct option longopts[] = {
	{ "listen", required_argument, NULL, 'l' },
	{ "log", required_argument, NULL, 'L' },
	{ "threads", required_argument, NULL, 't' },
	{ "max-connections", required_argument, NULL, 'c' },
	{ "max-per-ip", required_argument, NULL, 'p' },
	{ "timeout", required_argument, NULL, 'T' },
	{ "db", required_argument, NULL, 'd' },
	{ NULL, 0, NULL, 0 },
};

/* *out = arg as an integer in [lo, hi], or a usage error naming opt. */
static int parse_count(struct sp_ctx *ctx, const char *opt, const char *arg, long lo, long hi,
		       unsigned *out)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(arg, &end, 10);
	if (errno || end == arg || *end || v < lo || v > hi)
		return sp_cmd_usage_error(ctx, &sp_cmd_serve, "%s '%s': expected an integer from %ld to %ld",
					  opt, arg, lo, hi);
	*out = (unsigned)v;
	return SP_OK;
}

static int run_serve(struct sp_ctx *ctx, int argc, char **argv)
{
	struct serve_opts o;
	int c, st = SP_OK;

	serve_opts_init(&o, ctx->db_path);
	optind = 1;
	opterr = 0;
	while (st == SP_OK && (c = getopt_long(argc, argv, ":", longopts, NULL)) != -1) {
		switch (c) {
		case 'l': o.listen = optarg; break;
		case 'L': o.log_path = optarg; break;
		case 't': st = parse_count(ctx, "--threads", optarg, 1, 64, &o.threads); break;
		case 'c': st = parse_count(ctx, "--max-connections", optarg, 1, 100000, &o.max_connections); break;
		case 'p': st = parse_count(ctx, "--max-per-ip", optarg, 0, 100000, &o.max_per_ip); break;
		case 'T': st = parse_count(ctx, "--timeout", optarg, 1, 3600, &o.timeout); break;
		case 'd': break; /* opened by the driver, which also migrated it */
		case ':':
			return sp_cmd_usage_error(ctx, &sp_cmd_serve, "option '%s' needs a value", argv[optind - 1]);
		default:
			return sp_cmd_usage_error(ctx, &sp_cmd_serve, "unknown option '%s'", argv[optind - 1]);
		}
	}
	if (st != SP_OK)
		return st;
	if (optind < argc)
		return sp_cmd_usage_error(ctx, &sp_cmd_serve, "unexpected argument '%s'", argv[optind]);
	return serve_run(&o, &ctx->err);
}
