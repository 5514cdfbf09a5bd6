#!/usr/bin/env bash
# Reproduces the measurements of docs/context-extension.md ("Measurements"):
#   1. perplexity of held-out long text at attention chunk c, 2c, 4c, 8c with each RoPE method, no fine-tuning;
#   2. passkey retrieval with carried state, without it (reset every block), and with Infini memory;
#   3. the table (results.md) and the plot (context-extension.png) from those outputs.
# Usage: docs/context-extension/measure.sh [MODEL_DIR] [WORK_DIR]
# Environment: BYTES_PER_DOC (prefix of each samples/*.txt scored, default 16384), LENGTHS (passkey lengths,
# default 1024,4096,16384), TRIALS (default 3), METHODS (default "linear ntk dynamic yarn llama3").
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
model="${1:-$root/models/megaspark-bytes-small}"
work="${2:-$root/target/context-extension}"
bytes="${BYTES_PER_DOC:-16384}"
lengths="${LENGTHS:-1024,4096,16384}"
trials="${TRIALS:-3}"
methods="${METHODS:-linear ntk dynamic yarn llama3}"
mega="$root/bin/megaspark"
c=$(sed -n 's/.*"chunk_size" *: *\([0-9]*\).*/\1/p' "$model/config.json")
[[ -n "$c" ]] || { echo "no chunk_size in $model/config.json" >&2; exit 1; }
mkdir -p "$work/heldout" "$work/ppl" "$work/passkey"

# Held-out text: the first $bytes bytes of every sample (the bundled model never trained on samples/), cut at
# a character boundary; a sample that is not UTF-8 (shakespeare-caesar.txt is Latin-1) is re-encoded first.
for f in "$root"/samples/*.txt; do
  python3 - "$f" "$work/heldout/$(basename "$f")" "$bytes" <<'PY'
import sys
raw = open(sys.argv[1], 'rb').read()
try:
    text = raw.decode('utf-8')
except UnicodeDecodeError:
    text = raw.decode('latin-1')
data = text.encode('utf-8')[:int(sys.argv[3])].decode('utf-8', errors='ignore').encode('utf-8')
open(sys.argv[2], 'wb').write(data)
PY
done

rope() { # method factor -> rope_scaling JSON for a model trained with chunk c, run at chunk factor*c
  case "$1" in
    default) echo '' ;;
    linear) echo "{\"rope_type\":\"linear\",\"factor\":$2}" ;;
    ntk) echo "{\"rope_type\":\"ntk\",\"alpha\":$2}" ;;
    dynamic) echo "{\"rope_type\":\"dynamic\",\"factor\":$2}" ;;
    yarn) echo "{\"rope_type\":\"yarn\",\"factor\":$2,\"original_max_position_embeddings\":$c}" ;;
    llama3) echo "{\"rope_type\":\"llama3\",\"factor\":$2,\"low_freq_factor\":1,\"high_freq_factor\":4,\"original_max_position_embeddings\":$c}" ;;
  esac
}
score() { # name factor method
  local out="$work/ppl/$1"
  [[ -d "$out" ]] && return 0
  local args=(score --input "$work/heldout" --model "$model" --format json --output "$out"
              --chunk-size $(( $2 * c )) --block-tokens $(( 8 * c )))
  local r; r="$(rope "$3" "$2")"
  [[ -n "$r" ]] && args+=(--rope "$r")
  echo "+ bin/megaspark ${args[*]}" >&2
  "$mega" "${args[@]}"
}
score default-1 1 default
for s in 2 4 8; do
  score "default-$s" "$s" default
  for m in $methods; do score "$m-$s" "$s" "$m"; done
done

passkey() { # name extra-args...
  local out="$work/passkey/$1"; shift
  [[ -d "$out" ]] && return 0
  local args=(passkey --model "$model" --lengths "$lengths" --depths 0,25,50,75,100 --trials "$trials"
              --block-tokens $(( 8 * c )) --output "$out" "$@")
  echo "+ bin/megaspark ${args[*]}" >&2
  "$mega" "${args[@]}"
}
passkey carried --carry-state=true
passkey reset --carry-state=false
passkey infini-linear --carry-state=true --infini '{"enabled":true,"update":"linear","gate_init":0.0}'

java "$root/docs/context-extension/Report.java" "$work" "$root/docs/context-extension" "$c"
