#!/bin/sh
# `api|projector|scheduler|trainer` start a service; `cli ARGS` runs the hindsight command. Both from the compiled dist/.
set -e
case "$1" in
  cli) shift; exec node /app/dist/apps/cli/src/main.js "$@" ;;
  api|projector|scheduler|trainer) exec node "/app/dist/apps/$1/src/main.js" ;;
  *) echo "usage: api|projector|scheduler|trainer|cli ARGS (got \"$1\")" >&2; exit 2 ;;
esac
