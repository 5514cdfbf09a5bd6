#!/usr/bin/env bash
# Reproduces the measurements of docs/context-extension.md ("Measurements"):
#   1. perplexity of held-out long text at attention chunk c, 2c, 4c, 8c with each RoPE method, no fine-tuning;
#   2. passkey retrieval with carried state, without it (reset every block), and with Infini memory;
#   3. the table (results.md) and the plot (context-extension.png) from those outputs.
# Usage: docs/context-extension/measure.sh [MODEL_DIR] [WORK_DIR]
# Environment: BYTES_PER_DOC (prefix of each samples/*.txt scored, default 4095: with BOS 4096 tokens, two full
# chunks of 8c for the bundled model), LENGTHS (passkey lengths, default 1024,4096), TRIALS (default 2),
# METHODS (default "linear ntk dynamic yarn llama3 longrope").
# All jobs run one after another in one JVM (bin/megaspark batch), each exactly as `bin/megaspark LINE` would
# run it; WORK_DIR/jobs.txt lists them. A job whose output directory exists is skipped, so an interrupted run
# continues where it stopped.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
model="${1:-$root/models/megaspark-bytes-small}"
work="${2:-$root/target/context-extension}"
bytes="${BYTES_PER_DOC:-4095}"
lengths="${LENGTHS:-1024,4096}"
trials="${TRIALS:-2}"
methods="${METHODS:-linear ntk dynamic yarn llama3 longrope}"
mega="$root/bin/megaspark"
read -r c d base < <(python3 -c 'import json, sys; m = json.load(open(sys.argv[1]))
print(m["chunk_size"], m["z_dim"] // m["num_heads"], m.get("rope_base", 10000.0))' "$model/config.json")
# The 8c column means something only if the prefixes fill chunks of 8c (BOS + one token per byte).
if (( bytes + 1 < 8 * c )); then
  echo "BYTES_PER_DOC=$bytes does not fill a chunk of 8c = $(( 8 * c )) tokens; use at least $(( 8 * c - 1 ))" >&2
  exit 1
fi
mkdir -p "$work/heldout" "$work/ppl" "$work/passkey"

# Held-out text: the first $bytes bytes of every sample (the bundled model never trained on samples/), cut at
# a character boundary; a sample that is not UTF-8 (a Latin-1 file) is re-encoded first.
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

# LongRoPE's per-pair factors come from a search (with fine-tuning) that this measurement does not run. The
# lists here are YaRN's per-pair interpolation (beta_fast 32, beta_slow 1, L = c; MODEL.md 2.2) written as
# factors, ext_i = 1 / ((1 - r_i) + r_i / s), so the longrope row has YaRN's frequencies and differs from the
# yarn row only by LongRoPE's attention factor sqrt(1 + ln s / ln c). short_factor (all 1) is unused: every
# run here has C' > c.
longrope_lists() { # factor -> "short_factor":[...],"long_factor":[...]
  python3 - "$1" "$c" "$d" "$base" <<'PY'
import math, sys
s, L, d, base = float(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4])
dim = lambda b: d * math.log(L / (2 * math.pi * b)) / (2 * math.log(base))
low, high = max(math.floor(dim(32)), 0), min(math.ceil(dim(1)), d - 1)
if low == high:
    high += 0.001
ramp = [min(max((i - low) / (high - low), 0.0), 1.0) for i in range(d // 2)]
fmt = lambda xs: "[" + ",".join("%.6g" % x for x in xs) + "]"
print('"short_factor":%s,"long_factor":%s' % (fmt([1.0] * (d // 2)), fmt([1 / ((1 - r) + r / s) for r in ramp])))
PY
}
rope() { # method factor -> rope_scaling JSON for a model trained with chunk c, run at chunk factor*c
  case "$1" in
    default) echo '' ;;
    linear) echo "{\"rope_type\":\"linear\",\"factor\":$2}" ;;
    ntk) echo "{\"rope_type\":\"ntk\",\"alpha\":$2}" ;;
    dynamic) echo "{\"rope_type\":\"dynamic\",\"factor\":$2}" ;;
    yarn) echo "{\"rope_type\":\"yarn\",\"factor\":$2,\"original_max_position_embeddings\":$c}" ;;
    llama3) echo "{\"rope_type\":\"llama3\",\"factor\":$2,\"low_freq_factor\":1,\"high_freq_factor\":4,\"original_max_position_embeddings\":$c}" ;;
    longrope) echo "{\"rope_type\":\"longrope\",\"factor\":$2,$(longrope_lists "$2")}" ;;
    *) echo "unknown RoPE method $1" >&2; return 1 ;;
  esac
}

jobs="$work/jobs.txt"
echo "# docs/context-extension/measure.sh $(date -u +%FT%TZ): each line is a bin/megaspark command line" > "$jobs"
score() { # name factor method
  local out="$work/ppl/$1"
  [[ -d "$out" ]] && return 0
  local line="score --input $work/heldout --model $model --format json --output $out"
  line+=" --chunk-size $(( $2 * c )) --block-tokens $(( 8 * c ))"
  local r; r="$(rope "$3" "$2")"
  [[ -n "$r" ]] && line+=" --rope '$r'"
  echo "$line" >> "$jobs"
}
score default-1 1 default
for s in 2 4 8; do
  score "default-$s" "$s" default
  for m in $methods; do score "$m-$s" "$s" "$m"; done
done

# Passkey at the trained chunk, in blocks of one chunk: with --carry-state=false nothing reaches a token from
# before its own chunk (the chunk-local model); --carry-state=true adds MEGALODON's carried state.
passkey() { # name extra-args...
  local out="$work/passkey/$1"; shift
  [[ -d "$out" ]] && return 0
  echo "passkey --model $model --lengths $lengths --depths 0,25,50,75,100 --trials $trials --block-tokens $c" \
       "--format json --output $out $*" >> "$jobs"
}
passkey carried --carry-state=true
passkey reset --carry-state=false
passkey infini-linear --carry-state=true --infini "'{\"enabled\":true,\"update\":\"linear\",\"gate_init\":0.0}'"

cat "$jobs" >&2
if grep -qv '^#' "$jobs"; then
  start=$(date +%s)
  "$mega" batch "$jobs"
  echo "measure.sh: $(grep -cv '^#' "$jobs") jobs in $(( $(date +%s) - start )) s on $(nproc) CPUs" \
       "($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)); load average at the end:" \
       "$(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$work/timing.txt" >&2
fi

java "$root/docs/context-extension/Report.java" "$work" "$root/docs/context-extension" "$c"
