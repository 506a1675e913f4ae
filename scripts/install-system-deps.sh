#!/usr/bin/env bash
# Installs the Debian/Ubuntu packages MockView needs that are missing; elsewhere, says what to install.
# Usage: scripts/install-system-deps.sh run|test
set -euo pipefail
mode="${1:-run}"

# Runtime: speech synthesis, audio I/O, and the libraries Qt's xcb/offscreen platforms load.
pkgs=(espeak-ng libespeak-ng1 libportaudio2 libsndfile1 libasound2-plugins pulseaudio-utils
      libegl1 libgl1 libxkbcommon0 libxkbcommon-x11-0 libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1
      libxcb-image0 libxcb-render-util0 libxcb-shape0 libxcb-randr0 libxcb-xinerama0 libxcb-xkb1
      libx11-xcb1 libfontconfig1 libdbus-1-3
      libglib2.0-0)
if [ "$mode" = "test" ]; then
  # Tests run a private PulseAudio server with virtual devices, and take screenshots under Xvfb.
  pkgs+=(pulseaudio xvfb)
  # tests/packaging validates the desktop entry and the AppStream metainfo with these.
  pkgs+=(desktop-file-utils appstream)
fi
# A Python that can make virtual environments (Debian splits venv/ensurepip out).
if ! python3 -c 'import ensurepip, venv' >/dev/null 2>&1; then
  pkgs+=(python3-venv)
fi

if ! command -v dpkg-query >/dev/null 2>&1 || ! command -v apt-get >/dev/null 2>&1; then
  echo "This is not a Debian/Ubuntu system: install these (or your system's equivalents) yourself:"
  echo "  eSpeak NG, PortAudio, libsndfile, PulseAudio (server and utilities), Xvfb, Python >= 3.11 with venv"
  echo "  and, for the tests, desktop-file-utils and AppStream (appstreamcli)"
  exit 0
fi

missing=()
for p in "${pkgs[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "Installing system packages: ${missing[*]}"
if [ "$(id -u)" -eq 0 ]; then sudo=""; else sudo="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -q
$sudo apt-get install -y -q --no-install-recommends "${missing[@]}"
