#!/bin/sh
# Rebuilds the committed .wasm files from their .wat sources (needs wabt's wat2wasm).
set -e
cd "$(dirname "$0")"
for f in recorder faulty; do wat2wasm "$f.wat" -o "$f.wasm"; done
