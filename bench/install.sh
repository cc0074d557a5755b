#!/bin/sh
# Installs the benchmark peers and the load generator from Debian's packages.
# The bench itself never installs anything: it only checks these binaries exist (run.ts says which are missing).
#   nginx (nginx-light), caddy 2.6, haproxy 2.6, wrk; util-linux provides taskset for CPU pinning;
#   nghttp2-client provides h2load and openssl its s_time (the tls scenario).
set -eu
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
NGINX_PKG=nginx-light
if ! apt-cache show nginx-light >/dev/null 2>&1; then NGINX_PKG=nginx; fi
$SUDO apt-get update
$SUDO apt-get -o DPkg::Lock::Timeout=600 install -y "$NGINX_PKG" caddy haproxy wrk util-linux nghttp2-client openssl
