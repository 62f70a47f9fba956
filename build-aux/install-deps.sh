#!/bin/sh
# Installs the Debian 12 packages that CRRC Dashboard needs to build, run and test.
# It says what it installs, installs only what is missing, and needs root (or sudo).
set -eu

PACKAGES="
  build-essential pkg-config meson ninja-build gettext
  libglib2.0-dev libglib2.0-dev-bin libgtk-4-dev libadwaita-1-dev
  libsoup-3.0-dev libjson-glib-dev libsqlite3-dev libsecret-1-dev
  sqlite3 zlib1g-dev librsvg2-bin
  desktop-file-utils appstream librsvg2-common adwaita-icon-theme
  fonts-cantarell locales-all
  xvfb xauth xdotool dbus dbus-x11 at-spi2-core gnome-keyring poppler-utils
  python3
  clang libclang-rt-14-dev
"

missing=""
for p in $PACKAGES; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q '^install ok installed$'; then
    missing="$missing $p"
  fi
done

if [ -z "$missing" ]; then
  echo "install-deps: all required Debian packages are already installed."
  exit 0
fi

echo "install-deps: installing the missing Debian packages:$missing"
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  SUDO="sudo"
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q
# shellcheck disable=SC2086
$SUDO apt-get install -y -q --no-install-recommends $missing
