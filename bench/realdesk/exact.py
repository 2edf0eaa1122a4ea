"""exact.py - a staff count as a staffplan requirement, exactly

Both desk builders here turn a count k of staff required in an interval
into a forecast row whose Erlang C requirement is k: traffic k - 0.5
Erlangs (the volume, at an AHT of the whole interval), a service target
the least N above the traffic meets (1 % within one interval, occupancy
up to 1), no shrinkage.  `staffplan requirements` shows N* = k.
"""


def volume(k):
    """The forecast volume of an interval that needs k agents (k > 0)."""
    return '%.1f' % (k - 0.5)


def service(interval_seconds):
    """plan.ini keys (a [service] or [queue.NAME] body) that make it so."""
    return ('aht_seconds = %d\ntarget_service_level = 0.01\ntarget_answer_seconds = %d\n'
            'max_occupancy = 1.0\nshrinkage = 0.0\n' % (interval_seconds, interval_seconds))
