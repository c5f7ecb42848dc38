#!/bin/bash
# usage: run.sh log...  -> prints offenders per log
for f in "$@"; do
  /tmp/benign-s9/guardctl analyze --format json --no-progress "$f" | python3 -c "
import json,sys
d=json.load(sys.stdin)
offs=d['offenders']
print('==', sys.argv[1], d['summary']['lines'], 'lines; banned', d['summary']['banned'], 'watched', d['summary']['watched'])
for o in offs:
    print('  ', o['action'], o['ip'], o['reasons'], 'req', o['requests'], 'before_ban', o.get('requests_before_ban'), 'at', o.get('banned_at'))
    for r in o['rules']: print('      ', r['id'], r['hits'], r['points'], r['sample'][:260])
" "$f"
done
