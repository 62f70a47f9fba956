#!/bin/sh
# Runs "$@" inside a private D-Bus session with a real, unlocked GNOME Keyring
# (Secret Service) whose files live in a temporary home, removed afterwards.
set -eu
home=$(mktemp -d)
trap 'rm -rf "$home"' EXIT
HOME=$home XDG_DATA_HOME=$home/.local/share XDG_RUNTIME_DIR=$home/run \
  dbus-run-session -- sh -c '
    mkdir -p "$XDG_RUNTIME_DIR" && chmod 700 "$XDG_RUNTIME_DIR"
    eval "$(printf pw | gnome-keyring-daemon --unlock --components=secrets)"
    export GNOME_KEYRING_CONTROL
    "$@"
  ' with-keyring "$@"
