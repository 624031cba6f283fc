#!/bin/sh
# pg-reset.sh URL: drops the experiment that the store URL names (its schema,
# postgresql://...?experiment=NAME; default "nasir"), so that a test starts
# clean. The name is passed to psql as a variable and quoted by psql
# (:"name"), never put into the SQL text.
set -eu
. "$(dirname "$0")/pg-url.sh"
pg_split_url "$1"
printf '%s\n' 'SET client_min_messages = warning;' 'DROP SCHEMA IF EXISTS :"experiment" CASCADE;' |
  psql -X -q -v ON_ERROR_STOP=1 -v experiment="$pg_experiment" "$pg_base" -f - \
    >/dev/null
