#!/usr/bin/python3
"""idle.py - hold N idle connections open against HOST:PORT for S seconds.

    idle.py HOST PORT N SECONDS READY_FILE

Each connection sends nothing, or (every other one) the first line of a
request and then nothing: what a stalled phone or a slow-loris client
looks like.  When the server closes one (its idle timeout), another is
opened at once, so N stay open throughout.  READY_FILE is written once the
first N are connected; at the end one line of counts goes to stdout.
Python 3 standard library only.
"""
import selectors
import socket
import sys
import time

host, port, n, seconds, ready = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4]), sys.argv[5]
sel = selectors.DefaultSelector()
opened = closed = failed = 0
partial = b"GET /cal/slow.ics HTTP/1.1\r\nHost: x\r\n"


def open_one(k):
    global opened, failed
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    try:
        s.connect((host, port))
    except OSError:
        failed += 1
        s.close()
        return
    if k % 2:
        s.sendall(partial)
    s.setblocking(False)
    sel.register(s, selectors.EVENT_READ, k)
    opened += 1


for k in range(n):
    open_one(k)
with open(ready, "w") as f:
    f.write("%d\n" % opened)
low = len(sel.get_map())
end = time.monotonic() + seconds
while time.monotonic() < end:
    for key, _ in sel.select(timeout=0.2):
        try:
            data = key.fileobj.recv(4096)
        except OSError:
            data = b""
        if not data:  # closed by the server: replace it
            sel.unregister(key.fileobj)
            key.fileobj.close()
            closed += 1
            open_one(key.data)
    low = min(low, len(sel.get_map()))
print("IDLE wanted=%d opened=%d closed_by_server=%d failed=%d fewest_open=%d" % (n, opened, closed, failed, low))
