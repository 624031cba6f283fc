#!/bin/sh
# The scenarios of `nasir search --jobs 0` with `nasir worker`s, on any store:
#   NASIR=path/to/nasir PYTHON=python3 workers-scenarios.sh SCENARIO STORE DIR
# STORE is an SQLite path or a postgresql:// URL (a fresh experiment); DIR a
# scratch folder. Each scenario prints facts for FileCheck (the same lines on
# every store) and leaves its files in DIR. The evaluation is
# worker_eval.sh, which logs each trial's start and end to DIR/log, so
# workers_check.py counts the evaluations of each trial.
#
# Waits are loops with generous limits, never a fixed sleep that a loaded
# machine could outrun; the few fixed sleeps only give something the time to
# go wrong (a worker that would exit, a trial that would be evaluated).
set -u
SCENARIO=$1 STORE=$2 DIR=$3
: "${NASIR:?set NASIR to the nasir binary}"
PYTHON=${PYTHON:-python3}
HERE=$(cd "$(dirname "$0")" && pwd)
SPACE=$HERE/widths.mlir
LOG=$DIR/log
LEASE=30
DELAY=0.5
JOBS=0 # the search's --jobs
mkdir -p "$DIR"
: > "$LOG"

fail() { echo "FAIL: $*"; exit 1; }

# Whatever this script started and is still running when it ends (a failed
# scenario) is stopped, so that no worker outlives its test.
stop_if_nasir() {
  grep -q nasir "/proc/$1/cmdline" 2> /dev/null && kill "$1" 2> /dev/null
}
cleanup() {
  for f in "$DIR"/*.pid; do
    [ -f "$f" ] && stop_if_nasir "$(cat "$f")"
  done
  [ -n "${spid:-}" ] && stop_if_nasir "$spid"
  return 0
}
trap cleanup EXIT

# until_true SECONDS COMMAND: runs the shell COMMAND until it succeeds.
until_true() {
  tries=$(($1 * 5))
  while ! sh -c "$2" > /dev/null 2>&1; do
    tries=$((tries - 1))
    [ "$tries" -gt 0 ] || fail "after $1 s still not: $2"
    sleep 0.2
  done
}

done_count() { grep -c '^done' "$LOG" || true; }

# search NAME ARGS...: a search of the scenario's experiment (stdout and
# stderr in DIR/NAME.out, .err), in the foreground.
search() {
  name=$1; shift
  "$NASIR" search "$SPACE" --strategy random --seed 1 --evaluator command \
    --command "$HERE/worker_eval.sh $LOG $DELAY" --jobs "$JOBS" --store "$STORE" \
    --work-dir "$DIR/trials" --progress plain "$@" \
    > "$DIR/$name.out" 2> "$DIR/$name.err"
}

# search_bg NAME ARGS...: the same in the background; the pid of nasir
# itself (not of a subshell) in $spid.
search_bg() {
  name=$1; shift
  "$NASIR" search "$SPACE" --strategy random --seed 1 --evaluator command \
    --command "$HERE/worker_eval.sh $LOG $DELAY" --jobs "$JOBS" --store "$STORE" \
    --work-dir "$DIR/trials" --progress plain "$@" \
    > "$DIR/$name.out" 2> "$DIR/$name.err" &
  spid=$!
}

resume() {
  name=$1; shift
  "$NASIR" search --resume --store "$STORE" --progress plain "$@" \
    > "$DIR/$name.out" 2> "$DIR/$name.err"
}

# worker NAME ARGS...: starts a worker in the background; its pid in
# DIR/NAME.pid, its output in DIR/NAME.err.
# Each worker has its own trials folder in the scenario's folder: a default
# one (./EXPERIMENT.trials for a URL) would outlive the scenario, and a job
# output left there is adopted as the trial's result (ProcessEvaluator.cpp).
worker() {
  name=$1; shift
  "$NASIR" worker --store "$STORE" --lease "$LEASE" --work-dir "$DIR/$name.trials" "$@" \
    > "$DIR/$name.out" 2> "$DIR/$name.err" &
  echo $! > "$DIR/$name.pid"
}
pid_of() { cat "$DIR/$1.pid"; }
wait_worker() {
  wait "$(pid_of "$1")"
  echo "worker $1 exit $?"
}

check() {
  "$NASIR" report "$STORE" --json > "$DIR/report.jsonl" ||
    fail "nasir report failed"
  "$PYTHON" "$HERE/workers_check.py" "$DIR/report.jsonl" "$LOG" "$@"
}

# The first trial worker NAME started.
first_trial_of() {
  sed -n 's/^worker: trial \([0-9]*\) started$/\1/p' "$DIR/$1.err" | head -1
}

case $SCENARIO in
basic)
  # Two workers started before the search finish its budget and exit.
  worker w1
  worker w2
  search s --budget 12
  echo "search exit $?"
  wait_worker w1
  wait_worker w2
  check
  echo "progress lines naming a worker: $(grep -c ' on .* pid [0-9]* cpu$' "$DIR/s.err")"
  "$NASIR" report "$STORE" | grep -m1 '^rank'
  ;;
kill-worker)
  # A worker killed mid-trial: its trial goes back to the queue once its
  # lease ends and the other worker evaluates it, once.
  LEASE=3 DELAY=3
  worker w1
  search_bg s --budget 3
  until_true 120 "grep -q 'started\$' '$DIR/w1.err'"
  trial=$(first_trial_of w1)
  kill -9 "$(pid_of w1)"
  worker w2
  wait $spid
  echo "search exit $?"
  wait_worker w2
  check --trial "$trial" | sed "s/^trial $trial:/the killed worker's trial:/"
  if grep -q "trial $trial is queued again" "$DIR/s.err" "$DIR/w2.err"; then
    echo "requeued after the lease: yes"
  fi
  owner=$("$PYTHON" -c "import json,sys; print(next(t['worker']['pid'] for t in map(json.loads, open(sys.argv[1])) if t['id'] == int(sys.argv[2])))" "$DIR/report.jsonl" "$trial")
  [ "$owner" = "$(pid_of w2)" ] && echo "evaluated by the other worker: yes"
  ;;
stop-worker)
  # A worker stopped (SIGTERM) mid-trial gives its trial back at once, not
  # after its 60 s lease.
  LEASE=60 DELAY=3
  worker w1
  search_bg s --budget 2
  until_true 120 "grep -q 'started\$' '$DIR/w1.err'"
  trial=$(first_trial_of w1)
  t0=$(date +%s)
  kill -TERM "$(pid_of w1)"
  wait_worker w1
  grep -o 'running trial(s) given back to the queue' "$DIR/w1.err"
  worker w2
  wait $spid
  echo "search exit $?"
  wait_worker w2
  [ $(($(date +%s) - t0)) -lt 50 ] && echo "taken over before the lease ended: yes"
  check --trial "$trial" | sed "s/^trial $trial:/the stopped worker's trial:/"
  ;;
kill-driver)
  # The search killed mid-run: the workers finish what they hold; resumed,
  # it observes those results and carries on with the same workers.
  DELAY=1
  worker w1
  worker w2
  search_bg s1 --budget 10
  # Killed while a worker runs a trial (started, not done).
  until_true 120 "[ \$(grep -c '^done' '$LOG') -ge 3 ] &&
    [ \$(grep -c '^start' '$LOG') -gt \$(grep -c '^done' '$LOG') ]"
  kill -9 $spid
  wait $spid 2> /dev/null
  n=$(grep -c '^start' "$LOG")
  until_true 60 "[ \$(grep -c '^done' '$LOG') -ge $n ]"
  echo "what the workers held finished without the search: yes"
  kill -0 "$(pid_of w1)" && kill -0 "$(pid_of w2)" && echo "both workers alive: yes"
  resume s2
  echo "resumed search exit $?"
  grep -o '^search random on @widths: [0-9]* trials' "$DIR/s2.out"
  wait_worker w1
  wait_worker w2
  check
  ;;
late-worker)
  # A search with no worker yet offers work and waits; a worker started
  # later does it.
  DELAY=0.3
  search_bg s --budget 5
  sleep 3
  [ "$(grep -c '^start' "$LOG")" = 0 ] && echo "nothing evaluated before a worker came: yes"
  kill -0 $spid && echo "the search waits: yes"
  worker w1
  wait $spid
  echo "search exit $?"
  wait_worker w1
  check
  ;;
race)
  # Many workers, tiny trials: no trial is claimed twice.
  DELAY=0
  for i in 1 2 3 4 5 6; do worker w$i --jobs 2; done
  search s --budget 40
  echo "search exit $?"
  for i in 1 2 3 4 5 6; do wait_worker w$i; done
  check
  ;;
second-driver)
  # A second search on the same experiment is refused while the first runs.
  DELAY=1
  worker w1
  search_bg s1 --budget 4
  until_true 120 "grep -q '^start' '$LOG'"
  resume s2
  echo "second search exit $?"
  grep -o 'the store is in use by another nasir search' "$DIR/s2.err"
  wait $spid
  echo "first search exit $?"
  wait_worker w1
  check
  ;;
wait)
  # --wait: the worker outlives the search and serves it when resumed.
  DELAY=0.2
  worker w1 --wait
  search s1 --budget 3
  echo "search exit $?"
  sleep 2
  kill -0 "$(pid_of w1)" && echo "the waiting worker still serves: yes"
  resume s2 --budget 6
  echo "resumed search exit $?"
  check
  kill -TERM "$(pid_of w1)"
  wait_worker w1
  grep -o 'the experiment is finished; waiting for more work' "$DIR/w1.err" | head -1
  ;;
pg-restart)
  # The database server restarted under the workers: they reconnect and
  # carry on. A search that the restart stopped is resumed.
  : "${NASIR_TEST_PG_BIN:?}" "${NASIR_TEST_PG_DATA:?}"
  DELAY=1
  worker w1
  worker w2
  search_bg s1 --budget 10
  until_true 120 "[ \$(grep -c '^done' '$LOG') -ge 2 ]"
  if [ "$(id -u)" = 0 ]; then
    runuser -u postgres -- "$NASIR_TEST_PG_BIN/pg_ctl" -D "$NASIR_TEST_PG_DATA" \
      -w restart -m fast > "$DIR/restart.log" 2>&1 || fail "restart failed"
  else
    "$NASIR_TEST_PG_BIN/pg_ctl" -D "$NASIR_TEST_PG_DATA" -w restart -m fast \
      > "$DIR/restart.log" 2>&1 || fail "restart failed"
  fi
  n=$(done_count)
  until_true 120 "[ \$(grep -c '^done' '$LOG') -gt $n ]"
  kill -0 "$(pid_of w1)" && kill -0 "$(pid_of w2)" && echo "both workers survived the restart: yes"
  wait $spid
  if [ $? != 0 ]; then # the search's own store calls failed: resume it
    resume s2
    [ $? = 0 ] || fail "the resumed search failed: $(cat "$DIR/s2.err")"
  fi
  wait_worker w1
  wait_worker w2
  check
  ;;
mixed)
  # --jobs 1 beside a worker: the search evaluates one trial at a time
  # itself and the worker claims the others; each trial once, the budget
  # met, the worker's trials named by it.
  JOBS=1 DELAY=1
  worker w1
  search s --budget 12
  echo "search exit $?"
  wait_worker w1
  check --mixed "$(pid_of w1)"
  ;;
mixed-kill-driver)
  # A --jobs 1 search beside a worker killed mid-run: the worker finishes
  # what it holds; resumed (--jobs 1 again), the search observes that,
  # runs its own killed trial again and carries on beside the same worker.
  JOBS=1 DELAY=1
  worker w1
  search_bg s1 --budget 10
  until_true 120 "[ \$(grep -c '^done' '$LOG') -ge 4 ] &&
    [ \$(grep -c '^start' '$LOG') -gt \$(grep -c '^done' '$LOG') ]"
  kill -9 $spid
  wait $spid 2> /dev/null
  kill -0 "$(pid_of w1)" && echo "the worker alive: yes"
  resume s2
  echo "resumed search exit $?"
  grep -o '^search random on @widths: [0-9]* trials' "$DIR/s2.out"
  wait_worker w1
  check --mixed "$(pid_of w1)"
  ;;
mixed-lost-worker)
  # --jobs 1 beside a worker that is killed: once it is no longer live, the
  # search takes back what it had been offered and evaluates it itself.
  JOBS=1 DELAY=1 LEASE=3
  worker w1
  search_bg s --budget 6
  until_true 120 "grep -q 'started\$' '$DIR/w1.err'"
  kill -9 "$(pid_of w1)"
  wait $spid
  echo "search exit $?"
  check --mixed none
  ;;
deadline)
  # --time reaches the workers: a worker's trial is cut at the search's
  # deadline (not at its own 30 s), and the search ends on time.
  DELAY=30
  worker w1
  t0=$(date +%s)
  search s --budget 1 --time 4
  echo "search exit $?"
  [ $(($(date +%s) - t0)) -lt 20 ] && echo "ended on time: yes"
  wait_worker w1
  "$NASIR" report "$STORE" --json > "$DIR/report.jsonl" ||
    fail "nasir report failed"
  "$PYTHON" -c "import json,sys; t=[json.loads(l) for l in open(sys.argv[1])]; print('trial %d: %s, %s' % (t[0]['id'], t[0]['status'], t[0].get('error', '')))" "$DIR/report.jsonl"
  grep -o "trial 1 failed (timeout after [0-9.]*s: the search's --time deadline)" "$DIR/w1.err" |
    sed 's/after [0-9.]*s/after Ns/'
  ;;
*)
  fail "unknown scenario $SCENARIO"
  ;;
esac
