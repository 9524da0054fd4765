#!/usr/bin/env bash
# Installs gamenight for systemd: scripts/install.sh BIN_DIR (the folder with
# the release binaries; `make install` passes the static build's).
# DESTDIR=/path installs into another root (packaging, the systemd test);
# without it, into / and then creates the users, the socket folder and
# reloads systemd. Units go to /usr/local/lib/systemd/system (the admin's
# own overrides stay in /etc/systemd/system).
set -euo pipefail
bin_dir=${1:?usage: install.sh BIN_DIR}
root=${DESTDIR:-}
here=$(cd "$(dirname "$0")/.." && pwd)

for binary in api-gateway session-service vote-service monitor-service; do
  if ldd "$bin_dir/$binary" | grep -q -e /opt/swift -e 'libswift' -e 'libFoundation' -e 'libdispatch' -e 'libBlocksRuntime'; then
    echo "$binary links the Swift toolchain's libraries; build with --static-swift-stdlib (make static-release)" >&2
    ldd "$bin_dir/$binary" >&2
    exit 1
  fi
done

install -d "$root/usr/local/bin" "$root/usr/local/lib/systemd/system" "$root/usr/lib/sysusers.d" \
  "$root/usr/lib/tmpfiles.d" "$root/etc/gamenight"
install -m 0755 "$bin_dir"/{api-gateway,session-service,vote-service,monitor-service} "$root/usr/local/bin/"
install -m 0644 "$here"/deploy/systemd/{gamenight.target,gamenight-gateway.service,gamenight-session.service,gamenight-vote.service,gamenight-monitor@.service} \
  "$root/usr/local/lib/systemd/system/"
install -m 0644 "$here/deploy/sysusers.d/gamenight.conf" "$root/usr/lib/sysusers.d/gamenight.conf"
install -m 0644 "$here/deploy/tmpfiles.d/gamenight.conf" "$root/usr/lib/tmpfiles.d/gamenight.conf"
# The shared settings (no secrets: those are credentials, see docs/deploy.md).
[ -e "$root/etc/gamenight/gamenight.env" ] || install -m 0644 /dev/null "$root/etc/gamenight/gamenight.env"

if [ -z "$root" ]; then
  systemd-sysusers gamenight.conf
  systemd-tmpfiles --create gamenight.conf
  systemctl daemon-reload
  echo "installed; start with: systemctl enable --now gamenight.target" >&2
fi
