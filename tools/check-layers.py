#!/usr/bin/python3
"""check-layers.py - the rules docs/ARCHITECTURE.md states, checked on src/

Folders are layers; each may include the public headers of the layers
below it and of none above (LAYERS lists them bottom up, a layer's
allowed includes beside it).  Also: only src/lp includes a solver's
header, src/out never includes store.h, no command calls the solver or
the requirement table directly, the solver neither reads the environment
nor prints, and no source file grows past MAX_LINES.  Prints every
breach and exits 1 when there is one.  Python 3 standard library only.
"""
import glob
import os
import re
import sys

# header (include/staffplan/NAME.h) -> the folder that owns it
OWNER = {
    "buf": "base", "csv": "base", "date": "base", "digest": "base", "error": "base",
    "fileio": "base", "fault": "base", "rng": "base", "stop": "base", "text": "base", "version": "base",
    "config": "input", "input": "input", "previous": "input", "tz": "input",
    "history": "forecast", "forecast": "forecast", "fcrun": "forecast",
    "erlang": "req", "req": "req",
    "lp": "lp",
    "run": "out", "kpi": "out", "ics": "out", "html": "out", "report": "out",
    "sched": "sched",
    "design": "design",
    "store": "store", "feeds": "feeds", "serve": "feeds",
    "plan": "plan", "publish": "plan", "scenario": "plan",
    "cmd": "cmd",
}

# folder -> folders whose headers it may include (besides its own)
ALLOWED = {
    "base": set(),
    "input": {"base"},
    "forecast": {"base", "input"},
    "req": {"base", "input"},
    "lp": {"base"},
    "out": {"base", "input", "forecast"},
    "sched": {"base", "input", "req", "lp", "out"},
    "design": {"base", "lp"},
    "store": {"base", "input", "out"},
    "feeds": {"base", "input", "out", "store"},
    "plan": {"base", "input", "forecast", "req", "lp", "out", "sched", "design", "store"},
    "cmd": {"base", "input", "forecast", "req", "lp", "out", "design", "store", "feeds", "plan"},
}

SOLVER_HEADERS = re.compile(r'#include\s*[<"](glpk\.h|coin/[^>"]+|Cbc_C_Interface\.h|Clp_C_Interface\.h)[>"]')
MAX_LINES = 800


def main():
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    os.chdir(root)
    bad = []
    for path in sorted(glob.glob("src/*/*.[ch]")):
        folder = path.split("/")[1]
        text = open(path, encoding="utf-8").read()
        if folder not in ALLOWED:
            bad.append("%s: folder '%s' is not a known layer (tools/check-layers.py)" % (path, folder))
            continue
        for h in re.findall(r'#include "staffplan/(\w+)\.h"', text):
            owner = OWNER.get(h)
            if owner is None:
                bad.append("%s: includes staffplan/%s.h, which no layer owns" % (path, h))
            elif owner != folder and owner not in ALLOWED[folder]:
                bad.append("%s: includes staffplan/%s.h of layer %s, above %s"
                           % (path, h, owner, folder))
        code = re.sub(r"/\*.*?\*/", "", text, flags=re.S)
        if folder != "lp" and SOLVER_HEADERS.search(code):
            bad.append("%s: includes a solver's header; only src/lp may" % path)
        if folder == "cmd" and re.search(r"\b(sched_solve|req_compute)\s*\(", code):
            bad.append("%s: a command calls the solver or the requirement table; go through plan/" % path)
        if folder == "sched" and re.search(r"\bgetenv\s*\(|\bstderr\b", code):
            bad.append("%s: the solver reads the environment or prints; report through sched_opts" % path)
        n = text.count("\n")
        if n > MAX_LINES:
            bad.append("%s: %d lines, more than %d: split it by concern" % (path, n, MAX_LINES))
    for line in bad:
        print(line)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
