# Runs Debian's fail2ban-regex on many (log, filter) pairs in one Python
# process (starting Python once per filter costs ~1 s each). Input on stdin:
# a JSON list of {"config", "log", "filter"}. Output: for each job a line
# "\0GROUP <filter>" followed by one line per match: the address fail2ban
# took, a space, and the matched line (-o "<ip> <msg>"),
# "\0ERROR <code>" if fail2ban-regex refused the job.
import json
import sys

from fail2ban.client.fail2banregex import exec_command_line

for job in json.load(sys.stdin):
    print("\x00GROUP " + job["filter"], flush=True)
    try:
        # -r: never resolve host names; -o: print each match only.
        exec_command_line(["--config", job["config"], "-r", "-o", "<ip> <msg>", job["log"], job["filter"]])
    except SystemExit as e:
        if e.code not in (None, 0):
            print("\x00ERROR %s" % e.code, flush=True)
    sys.stdout.flush()
