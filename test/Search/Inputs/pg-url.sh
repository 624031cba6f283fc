# Sourced by the PostgreSQL test helpers: pg_split_url URL sets pg_base (the
# URL without nasir's `experiment` parameter, for psql) and pg_experiment
# (the experiment's name, held to nasir's alphabet: PostgresUrl.h).
pg_split_url() {
  pg_base=${1%%\?*}
  pg_experiment=nasir
  query=
  case "$1" in *\?*) query=${1#*\?} ;; esac
  rest=
  old_ifs=$IFS
  IFS='&'
  for p in $query; do
    case "$p" in
    experiment=*) pg_experiment=${p#experiment=} ;;
    *) rest="$rest${rest:+&}$p" ;;
    esac
  done
  IFS=$old_ifs
  [ -n "$rest" ] && pg_base="$pg_base?$rest"
  case "$pg_experiment" in
  "" | pg_* | *[!A-Za-z0-9_.-]*)
    echo "pg-url: experiment '$pg_experiment' is not a valid name" >&2
    exit 2
    ;;
  esac
}
