/* cmd_serve.c - `staffplan serve`: the calendar feeds over HTTP
 *
 * Serves GET/HEAD /cal/SECRET.ics (src/feeds/serve.c) until SIGTERM or
 * SIGINT, then exits 0 once the requests in flight are answered.  Reads
 * the database per request, so a `plan` in another process shows in the
 * next fetch; writes only the fetch times of the feeds.
 */
#include "staffplan/cmd.h"
#include "staffplan/serve.h"

/* 0 (or NULL): not given, serve_opts_init()'s default stays */
struct args {
	const char *listen, *log;
	int threads, max_connections, max_per_ip, timeout;
};

static const struct sp_opt opts[] = {
	SP_OPT("listen", SP_OPT_STRING, struct args, listen, "HOST:PORT",
	       "address to bind (default 127.0.0.1:8080; port 0\npicks a free one, printed on stderr)"),
	SP_OPT("log", SP_OPT_STRING, struct args, log, "FILE", "append the access log to FILE instead of stderr"),
	SP_OPT_RANGE("threads", struct args, threads, 1, 64, "N", "polling threads (default 2)"),
	SP_OPT_RANGE("max-connections", struct args, max_connections, 1, 100000, "N",
		     "open connections at once (default 1000)"),
	SP_OPT_RANGE("max-per-ip", struct args, max_per_ip, 0, 100000, "N",
		     "open connections from one address (default 0:\nno limit; behind a proxy every client is the proxy)"),
	SP_OPT_RANGE("timeout", struct args, timeout, 1, 3600, "S",
		     "close a connection idle (or trickling) for S\nseconds (default 15)"),
	SP_OPT_END
};

static int run_serve(struct sp_ctx *ctx, void *opts_, int argc, char **argv)
{
	const struct args *a = opts_;
	struct serve_opts o;

	(void)argc;
	(void)argv;
	serve_opts_init(&o, ctx->db_path);
	if (a->listen)
		o.listen = a->listen;
	o.log_path = a->log;
	if (a->threads)
		o.threads = (unsigned)a->threads;
	if (a->max_connections)
		o.max_connections = (unsigned)a->max_connections;
	o.max_per_ip = (unsigned)a->max_per_ip;
	if (a->timeout)
		o.timeout = (unsigned)a->timeout;
	return serve_run(&o, &ctx->err);
}

const struct sp_cmd sp_cmd_serve = {
	.name = "serve",
	.summary = "serve the calendar feeds over HTTP",
	.usage =
	"usage: staffplan serve [--listen HOST:PORT] [--log FILE] [--threads N] [--db F]\n"
	"                       [--max-connections N] [--max-per-ip N] [--timeout S]\n"
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
	"(docs/CALENDARS.md has nginx and Caddy examples and a systemd unit).\n",
	.notes =
	"example:\n"
	"  staffplan serve --listen 127.0.0.1:8080 --log /var/log/staffplan/feeds.log\n",
	.flags = SP_NEEDS_DB,
	.opts = opts,
	.opts_size = sizeof(struct args),
	.run = run_serve,
};
