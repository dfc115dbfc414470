#!/bin/sh
# `api|projector|scheduler|trainer` start a service; `cli ARGS` runs the hindsight command.
set -e
case "$1" in
  cli) shift; exec node /app/bin/hindsight.js "$@" ;;
  *) exec node /app/bin/service.js "$@" ;;
esac
