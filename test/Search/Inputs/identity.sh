#!/bin/sh
# identity.sh PID: the process identity nasir records for PID (boot id and
# start time, /proc/PID/stat field 22; the comm of the processes the tests
# start has no space).
echo "$(cat /proc/sys/kernel/random/boot_id)/$(cut -d' ' -f22 /proc/$1/stat)"
