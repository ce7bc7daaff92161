#!/usr/bin/env bash
# mkcert.sh DIR - test certificates for the loopback simulators (openssl, EC P-256).
#
#   ca.pem, ca.key                  a test CA
#   server.pem, server.key          a server certificate for localhost and 127.0.0.1
#                                   (subjectAltName), signed by the CA
#   untrusted.pem, untrusted.key    a self-signed certificate with the same names,
#                                   that no client trusts
#
# All valid for 30 days from now. Existing files in DIR are overwritten.
set -euo pipefail

if [ $# -ne 1 ]; then
	echo "usage: $0 DIR" >&2
	exit 2
fi
dir=$1
mkdir -p "$dir"
cd "$dir"
umask 077

days=30
san="subjectAltName=DNS:localhost,IP:127.0.0.1"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

key() { openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$1" 2>/dev/null; }
serial() { echo "0x$(openssl rand -hex 12)"; }

# the CA
key ca.key
openssl req -x509 -new -key ca.key -sha256 -days "$days" -set_serial "$(serial)" \
	-subj "/O=idle tests/CN=idle test CA" \
	-addext "basicConstraints=critical,CA:TRUE" \
	-addext "keyUsage=critical,keyCertSign,cRLSign" \
	-addext "subjectKeyIdentifier=hash" \
	-out ca.pem

# the server certificate, signed by the CA
key server.key
openssl req -new -key server.key -subj "/O=idle tests/CN=localhost" -out "$tmp/server.csr"
cat >"$tmp/server.ext" <<EXT
basicConstraints=critical,CA:FALSE
keyUsage=critical,digitalSignature
extendedKeyUsage=serverAuth
$san
subjectKeyIdentifier=hash
authorityKeyIdentifier=keyid,issuer
EXT
openssl x509 -req -in "$tmp/server.csr" -CA ca.pem -CAkey ca.key -set_serial "$(serial)" \
	-days "$days" -sha256 -extfile "$tmp/server.ext" -out server.pem 2>/dev/null

# a self-signed certificate nobody trusts
key untrusted.key
openssl req -x509 -new -key untrusted.key -sha256 -days "$days" -set_serial "$(serial)" \
	-subj "/O=untrusted/CN=localhost" \
	-addext "basicConstraints=critical,CA:FALSE" \
	-addext "keyUsage=critical,digitalSignature" \
	-addext "extendedKeyUsage=serverAuth" \
	-addext "$san" \
	-out untrusted.pem

chmod 600 ca.key server.key untrusted.key
chmod 644 ca.pem server.pem untrusted.pem
openssl verify -CAfile ca.pem server.pem >/dev/null
