#!/bin/sh
# A fake evaluation for the worker tests (test/Search/workers-*.test):
#   worker_eval.sh LOG DELAY
# logs "start TRIAL" when it begins and "done TRIAL" once its result line is
# printed, so that a test counts how often each trial was evaluated. The
# accuracy is a hash of the decisions.
log=$1; delay=${2:-0}
echo "start $NASIR_TRIAL" >> "$log"
sleep "$delay"
sum=$(printf '%s' "$NASIR_DECISIONS" | cksum | cut -d' ' -f1)
awk -v s="$sum" 'BEGIN { printf "{\"status\":\"ok\",\"accuracy\":%.2f}\n", 50 + (s % 4000) / 100 }'
echo "done $NASIR_TRIAL" >> "$log"
