# Runs a command and reports whether its peak resident memory stayed under a
# limit: `peak_rss.py LIMIT_MB COMMAND...` prints "peak memory under LIMIT MB"
# or "peak memory N MB, over LIMIT MB", then exits with the command's status.
import resource
import subprocess
import sys

limit = int(sys.argv[1])
status = subprocess.call(sys.argv[2:])
peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024
if peak < limit:
    print("peak memory under %d MB" % limit)
else:
    print("peak memory %d MB, over %d MB" % (peak, limit))
sys.exit(status)
