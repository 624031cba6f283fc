#!/bin/sh
# For the command evaluator's quoting tests:
#   record_args.sh LOG ARGS...
# appends each argument to LOG as one [line], then the environment variables
# that carry the placeholders' values, and reports a fixed accuracy.
log=$1
shift
for a in "$@"; do printf 'arg [%s]\n' "$a" >> "$log"; done
printf 'env [%s] [%s] [%s] [%s]\n' "$NASIR_TRIAL" "$NASIR_EPOCHS" "$NASIR_SEED" \
  "$NASIR_DECISIONS" >> "$log"
test -f "$NASIR_CANDIDATE" || exit 3
echo '{"accuracy": 50}'
