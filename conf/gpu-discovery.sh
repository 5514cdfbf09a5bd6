#!/usr/bin/env bash
# Spark GPU discovery script (spark.executor.resource.gpu.discoveryScript, and
# spark.worker.resource.gpu.discoveryScript in standalone mode). Spark runs it when an executor starts and
# reads one JSON line from stdout:   {"name":"gpu","addresses":["0","1"]}
#
# The addresses must be CUDA device numbers as this process sees them, because Megaspark passes them to
# TensorFlow's visible_device_list:
#   - CUDA_VISIBLE_DEVICES set (YARN, some schedulers): CUDA renumbers the listed GPUs 0..k-1, so print those;
#   - otherwise the nvidia-smi indexes, which equal CUDA numbers when CUDA_DEVICE_ORDER=PCI_BUS_ID
#     (conf/spark-gpu.conf sets it for executors; nvidia-smi always lists GPUs in PCI bus order).
# Kubernetes and Docker with the NVIDIA runtime show a container only its own GPUs, numbered from 0.
set -euo pipefail

print_json() {
  local out='{"name":"gpu","addresses":[' sep=''
  for a in "$@"; do out+="$sep\"$a\""; sep=','; done
  echo "$out]}"
}

if [[ -n "${CUDA_VISIBLE_DEVICES+x}" ]]; then
  IFS=',' read -r -a listed <<< "$CUDA_VISIBLE_DEVICES"
  numbers=()
  for i in "${!listed[@]}"; do
    # CUDA stops at the first invalid entry (-1 hides everything after it).
    [[ "${listed[$i]}" == "-1" || -z "${listed[$i]}" ]] && break
    numbers+=("$i")
  done
  print_json "${numbers[@]}"
  exit 0
fi

if ! command -v nvidia-smi > /dev/null 2>&1; then
  echo "gpu-discovery.sh: nvidia-smi not found on $(hostname): install the NVIDIA driver on GPU hosts," \
       "or remove spark.executor.resource.gpu.* to run on CPUs" >&2
  exit 1
fi
mapfile -t indexes < <(nvidia-smi --query-gpu=index --format=csv,noheader,nounits | tr -d ' ')
print_json "${indexes[@]}"
