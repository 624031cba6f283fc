#!/bin/sh
# A fake, slow evaluator for the command evaluator's tests:
#   fake_eval.sh CANDIDATE EPOCHS DELAY LOG
# The accuracy is a hash of the candidate file (plus the epochs). Candidates
# with tanh and 8 channels fail; with relu and 4 channels, it hangs (timeout).
cand=$1; epochs=${2:-1}; delay=${3:-0}; log=${4:-/dev/null}
echo "start $(cksum < "$cand" | cut -d' ' -f1)" >> "$log"
if grep -q '"tanh"' "$cand" && grep -q '"out_channels": *8' "$cand"; then
  echo "training diverged" >&2
  echo '{"status":"failed","reason":"diverged (fake)"}'
  exit 1
fi
if grep -q '"relu"' "$cand" && grep -q '"out_channels": *4' "$cand"; then
  sleep 30
fi
sleep "$delay"
sum=$(cksum < "$cand" | cut -d' ' -f1)
echo "some progress output"
awk -v s="$sum" -v e="$epochs" 'BEGIN { printf "{\"status\":\"ok\",\"accuracy\":%.2f,\"latency\":%.3f}\n", 50 + (s % 4000) / 100 + e, (s % 97) / 10 }'
# Logged once the result is reported: a trial is trained when its result exists.
echo "done $sum" >> "$log"
