#!/usr/bin/env bash
# count-agree.sh NASIR NASIR_OPT FILE...: for each space file, what
# `nasir count` prints and the nas.count that `nasir-opt --nas-count` sets on
# its MLIR (cells inlined), one line per file: "NAME: same N" or
# "NAME: differ A | B".
set -u
nasir=$1 opt=$2
shift 2
for f in "$@"; do
  a=$("$nasir" count "$f" 2>/dev/null | head -1)
  case $f in
    *.nas) mlir=$("$nasir" emit --to=mlir "$f" 2>/dev/null) ;;
    *) mlir=$(cat "$f") ;;
  esac
  b=$(printf '%s\n' "$mlir" | "$opt" --nas-inline-cells --nas-count 2>/dev/null |
      sed -n 's/.*nas\.count = "\([^"]*\)".*/\1/p' | head -1)
  if [ "$a" = "$b" ]; then
    echo "$(basename "$f"): same $a"
  else
    echo "$(basename "$f"): differ $a | $b"
  fi
done
