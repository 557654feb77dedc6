#!/usr/bin/env bash
# Regenerates the data files of slim's `static` base from Debian's packages on this machine:
#   ca-certificates.crt  <- /etc/ssl/certs/ca-certificates.crt (package ca-certificates)
#   zoneinfo.zip         <- /usr/share/zoneinfo without right/ and posix/ (package tzdata)
#   VERSIONS             <- the two package versions
# Run as root on Debian (apt-get install ca-certificates tzdata zip), then review and commit.
# Every image built on the static base after the commit gets the new bytes (new layer digests):
# update the digests pinned in layers/src/test/java/dev/slim/plan/StaticBaseTest.java.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
update-ca-certificates >/dev/null 2>&1 || true
cp /etc/ssl/certs/ca-certificates.crt "$here/ca-certificates.crt"
chmod 0644 "$here/ca-certificates.crt"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
# follow symlinks (links become copies), fixed order and times, no extra attributes
(cd /usr/share/zoneinfo && find . -path ./right -prune -o -path ./posix -prune -o \
  \( -type f -o -type l \) ! -name localtime -print | sed 's|^\./||' | LC_ALL=C sort > "$tmp/list")
rm -f "$here/zoneinfo.zip"
(cd /usr/share/zoneinfo && zip -X -9 -q "$here/zoneinfo.zip" -@ < "$tmp/list")
{
  echo "ca-certificates $(dpkg-query -W -f='${Version}' ca-certificates)"
  echo "tzdata $(dpkg-query -W -f='${Version}' tzdata)"
} > "$here/VERSIONS"
cat "$here/VERSIONS"
