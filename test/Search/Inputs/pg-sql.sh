#!/bin/sh
# pg-sql.sh URL SQL: runs the test's SQL in the experiment the store URL
# names (its schema first on the search path) and prints the rows as
# sqlite3 does (columns joined by '|'), so that a test reads a PostgreSQL
# store as it reads an SQLite one.
set -eu
. "$(dirname "$0")/pg-url.sh"
pg_split_url "$1"
{
  printf '%s\n' 'SET search_path = :"experiment";'
  printf '%s\n' "$2"
} | psql -X -q -A -t -F '|' -v ON_ERROR_STOP=1 -v experiment="$pg_experiment" \
  "$pg_base" -f -
