#!/bin/sh
# unprivileged.sh COMMAND...: runs COMMAND as a user whom file permissions
# bind: `nobody` when the tests run as root (root ignores them).
if [ "$(id -u)" = 0 ]; then
  exec setpriv --reuid=65534 --regid=65534 --clear-groups -- "$@"
fi
exec "$@"
