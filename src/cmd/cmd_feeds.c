/* cmd_feeds.c - `staffplan feeds issue|revoke|list`: secret calendar addresses
 *
 * The subcommands are a table the driver picks from.  issue makes a new
 * secret per agent (or team feed), stores only its SHA-256 and prints the
 * address once, as CSV on stdout; the subject's previous address stops
 * working in the same transaction.  Unknown agents refuse the whole
 * command (exit 2), nothing issued.  revoke ends addresses; list shows
 * what exists, never a secret (none is stored).
 */
#include "staffplan/csv.h"
#include "staffplan/cmd.h"
#include "staffplan/feeds.h"
#include "staffplan/store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* issue and revoke: the operands are agent ids */
struct feeds_args {
	int all;
	const char *team;
	const char *base_url;
	char **subjects;   /* the operands, borrowed from argv */
	int nsubjects;
};

static const struct feeds_args issue_defaults = { .base_url = FEED_BASE_URL };

static const struct sp_opt issue_opts[] = {
	SP_OPT("all", SP_OPT_FLAG, struct feeds_args, all, NULL, "issue for every agent of the latest plan"),
	SP_OPT("team", SP_OPT_STRING, struct feeds_args, team, "NAME",
	       "a team feed (NAME: 1-64 of A-Z a-z 0-9 . _ -)"),
	SP_OPT("base-url", SP_OPT_STRING, struct feeds_args, base_url, "URL",
	       "where 'serve' is reached, as agents see it\n(default " FEED_BASE_URL ")"),
	SP_OPT_END
};

static const struct sp_opt revoke_opts[] = {
	SP_OPT("team", SP_OPT_STRING, struct feeds_args, team, "NAME", "the team feed NAME"),
	SP_OPT_END
};

static int usage_error(struct sp_ctx *ctx, const char *fmt, const char *arg)
{
	return sp_cmd_usage_error(ctx, &sp_cmd_feeds, fmt, arg);
}

static int name_ok(const char *s)
{
	size_t n = strlen(s);

	if (n == 0 || n > 64)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (!strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-", s[i]))
			return 0;
	return 1;
}

/* A base URL goes into every printed address: http(s), printable ASCII
 * without spaces, quotes or a query. */
static int base_url_ok(const char *s)
{
	const char *host = !strncmp(s, "http://", 7) ? s + 7 : !strncmp(s, "https://", 8) ? s + 8 : NULL;

	if (!host || !*host || *host == '/')
		return 0;
	for (const char *p = s; *p; p++)
		if (*p <= ' ' || *p > '~' || strchr("\"'<>\\?#,", *p))
			return 0;
	return 1;
}

/* What issue and revoke share: agent ids, or --all (issue), or --team NAME,
 * one of them; a team name, a base URL and ids that make sense. */
static int check_args(struct sp_ctx *ctx, const char *verb, struct feeds_args *a, int argc, char **argv)
{
	a->subjects = argv;
	a->nsubjects = argc;
	if ((a->all != 0) + (a->team != NULL) + (a->nsubjects > 0) != 1)
		return usage_error(ctx, strcmp(verb, "issue") ? "%s: give agent ids or --team NAME (one of them)"
							     : "%s: give agent ids, --all or --team NAME (one of them)", verb);
	if (a->team && !name_ok(a->team))
		return usage_error(ctx, "--team '%s': use 1-64 letters, digits, '.', '_' or '-'", a->team);
	if (a->base_url && !base_url_ok(a->base_url))
		return usage_error(ctx, "--base-url '%s': expected http:// or https:// and a host, "
				   "without spaces, quotes or a query", a->base_url);
	for (int i = 0; i < a->nsubjects; i++)
		if (!a->subjects[i][0])
			return usage_error(ctx, "an agent id cannot be empty%s", "");
	return SP_OK;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int do_issue(struct sp_ctx *ctx, void *opts, int argc, char **argv)
{
	struct feeds_args *a = opts;
	int kind = a->team ? SP_FEED_TEAM : SP_FEED_AGENT;
	char **owned = NULL, **subj;
	int n = 0, nowned = 0;
	struct sp_feed_grant *g = NULL;
	char (*secret)[FEED_SECRET_LEN + 1] = NULL;
	sp_status st;

	if ((st = check_args(ctx, "issue", a, argc, argv)) != SP_OK)
		return st;
	if (a->all) {
		if ((st = db_feed_agents(ctx->db, &owned, &nowned, &ctx->err)) != SP_OK)
			return st;
		if (nowned == 0)
			return sp_err_set(&ctx->err, SP_ERR_USAGE,
					  "--all: no stored run of scenario base in '%s' (plan the week first)",
					  ctx->db_path);
		subj = owned;
		n = nowned;
	} else if (a->team) {
		subj = (char **)&a->team;
		n = 1;
	} else {
		/* each agent once, however often named */
		subj = sp_xcalloc((size_t)a->nsubjects, sizeof(*subj));
		memcpy(subj, a->subjects, (size_t)a->nsubjects * sizeof(*subj));
		qsort(subj, (size_t)a->nsubjects, sizeof(*subj), cmp_str);
		for (int i = 0; i < a->nsubjects; i++)
			if (n == 0 || strcmp(subj[n - 1], subj[i]))
				subj[n++] = subj[i];
	}
	g = sp_xcalloc((size_t)n, sizeof(*g));
	secret = sp_xcalloc((size_t)n, sizeof(*secret));
	st = SP_OK;
	for (int i = 0; i < n && st == SP_OK; i++) {
		g[i].kind = kind;
		g[i].subject = subj[i];
		st = feed_secret_new(secret[i], g[i].hash, &ctx->err);
	}
	if (st == SP_OK)
		st = db_feeds_issue(ctx->db, g, n, &ctx->err);
	if (st == SP_OK) {
		fputs(a->team ? "team,url\n" : "agent_id,url\n", stdout);
		for (int i = 0; i < n; i++) {
			char *url = feed_url(a->base_url, secret[i]);

			sp_csv_write_field(stdout, subj[i]);
			putchar(',');
			sp_csv_write_field(stdout, url);
			putchar('\n');
			free(url);
		}
		if (fflush(stdout) != 0 || ferror(stdout))
			st = sp_err_set(&ctx->err, SP_ERR_IO, "cannot write the addresses to stdout; "
					"they are issued: issue them again to get new ones");
		else
			fprintf(stderr, "feeds: issued %d address%s; earlier ones of the same %s no longer work\n",
				n, n == 1 ? "" : "es", a->team ? "team" : n == 1 ? "agent" : "agents");
	}
	memset(secret, 0, (size_t)n * sizeof(*secret));
	free(secret);
	free(g);
	if (!a->all && !a->team)
		free(subj);
	for (int i = 0; i < nowned; i++)
		free(owned[i]);
	free(owned);
	return st;
}

static int do_revoke(struct sp_ctx *ctx, void *opts, int argc, char **argv)
{
	struct feeds_args *a = opts;
	sp_status st;

	if ((st = check_args(ctx, "revoke", a, argc, argv)) != SP_OK)
		return st;
	if (a->team)
		st = db_feeds_revoke(ctx->db, SP_FEED_TEAM, &a->team, 1, &ctx->err);
	else
		st = db_feeds_revoke(ctx->db, SP_FEED_AGENT, (const char *const *)a->subjects, a->nsubjects,
				     &ctx->err);
	if (st == SP_OK)
		fprintf(stderr, "feeds: revoked %d address%s\n", a->team ? 1 : a->nsubjects,
			(a->team || a->nsubjects == 1) ? "" : "es");
	return st;
}

static int do_list(struct sp_ctx *ctx, void *opts, int argc, char **argv)
{
	struct sp_feed *f = NULL;
	int n = 0;
	sp_status st = db_feeds_list(ctx->db, &f, &n, &ctx->err);

	(void)opts;
	(void)argc;
	(void)argv;
	if (st != SP_OK)
		return st;
	fputs("kind,name,issued,last_fetched,revoked\n", stdout);
	for (int i = 0; i < n; i++) {
		fputs(f[i].kind == SP_FEED_TEAM ? "team," : "agent,", stdout);
		sp_csv_write_field(stdout, f[i].subject);
		printf(",%s,%s,%s\n", f[i].created_at, f[i].fetched_at, f[i].revoked_at);
	}
	db_feeds_free(f, n);
	return SP_OK;
}

/* ---- the table -------------------------------------------------------------- */

static const struct sp_cmd issue_cmd = {
	.name = "issue", .opts = issue_opts, .defaults = &issue_defaults,
	.opts_size = sizeof(struct feeds_args), .max_args = SP_MANY, .run = do_issue,
};
static const struct sp_cmd revoke_cmd = {
	.name = "revoke", .opts = revoke_opts, .opts_size = sizeof(struct feeds_args),
	.max_args = SP_MANY, .run = do_revoke,
};
static const struct sp_cmd list_cmd = { .name = "list", .run = do_list };
static const struct sp_cmd *const subs[] = { &issue_cmd, &revoke_cmd, &list_cmd, NULL };

const struct sp_cmd sp_cmd_feeds = {
	.name = "feeds",
	.summary = "issue, revoke and list the agents' calendar feed addresses",
	.usage =
	"usage: staffplan feeds issue AGENT... | --all | --team NAME [--base-url URL]\n"
	"                             [--db F]\n"
	"       staffplan feeds revoke AGENT... | --team NAME [--db F]\n"
	"       staffplan feeds list [--db F]\n"
	"\n"
	"A feed is a secret address, BASE/cal/SECRET.ics, that 'staffplan serve'\n"
	"answers with an agent's calendar: agents subscribe once and see every\n"
	"re-plan.  The secret holds 192 random bits; only its SHA-256 is stored,\n"
	"so the address is printed once, by issue, and never again.\n"
	"\n"
	"  issue    prints agent_id,url (CSV) with a new address for each AGENT,\n"
	"           or for every agent of the latest plan (--all); issuing again\n"
	"           revokes the old address.  --team NAME issues a team feed: every\n"
	"           agent's shifts in one calendar, for supervisors (prints team,url).\n"
	"           An agent not in any stored plan refuses the command: nothing\n"
	"           is issued (exit 2).\n"
	"  revoke   the address of each AGENT (or of team NAME) stops working now\n"
	"  list     kind,name,issued,last_fetched,revoked (CSV), every address ever\n"
	"           issued; last_fetched as 'serve' recorded it (within a minute)\n",
	.notes =
	"example:\n"
	"  staffplan feeds issue --all --base-url https://cal.example.com > links.csv\n"
	"  staffplan feeds revoke A007\n",
	.flags = SP_NEEDS_DB,
	.subs = subs,
};
