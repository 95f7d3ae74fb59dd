#!/bin/sh
# expect_fail.sh PATTERN CMD...: passes when CMD exits non-zero (but does not
# crash) and its standard error contains PATTERN.
pattern=$1
shift
err=$("$@" 2>&1 >/dev/null)
rc=$?
if [ $rc -eq 0 ]; then echo "expected failure, got exit 0: $*"; exit 1; fi
if [ $rc -ge 128 ]; then echo "crashed with status $rc: $*"; echo "$err"; exit 1; fi
case "$err" in
  *"$pattern"*) echo "ok (exit $rc): $err"; exit 0 ;;
  *) echo "exit $rc but message lacks '$pattern': $err"; exit 1 ;;
esac
