#!/usr/bin/env bash
# Executes every Jupyter notebook in notebooks/ headless and checks the Zeppelin note; exits non-zero at the
# end if anything failed (a cell that raises fails nbconvert, and so this script). bin/test runs it after the
# Maven suite. Installs nothing: it needs Debian's Jupyter (jupyter-nbconvert, python3-nbconvert,
# python3-nbclient, python3-ipykernel, python3-matplotlib, python3-pandas; .ci/run installs them) and the Maven
# dependencies already in ~/.m2 (MEGASPARK_OFFLINE=1 unless set otherwise).
#
#   notebooks/run-notebooks.sh [--skip-zeppelin-it]
#
# Executed notebooks (with their outputs and embedded plots) go to $MEGASPARK_NOTEBOOK_OUT, default
# target/notebooks/, never back into notebooks/. --skip-zeppelin-it leaves out the Zeppelin note's run through
# the Scala REPL (udfs' ZeppelinNoteIT), for callers that have just run the whole test suite, which includes it.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="${MEGASPARK_NOTEBOOK_OUT:-$root/target/notebooks}"
# Debian's Jupyter runs on Debian's Python; a pyenv python3 earlier on PATH does not have it.
python="${MEGASPARK_NOTEBOOK_PYTHON:-/usr/bin/python3}"
zeppelin_it=1
for arg in "$@"; do
  case "$arg" in
    --skip-zeppelin-it) zeppelin_it=0 ;;
    *) echo "usage: $0 [--skip-zeppelin-it]" >&2; exit 2 ;;
  esac
done

if ! "$python" -c 'import nbconvert, nbclient, ipykernel, matplotlib, pandas' 2>/dev/null; then
  echo "run-notebooks: $python lacks Jupyter; install Debian's packages: sudo apt-get install -y" \
    "jupyter-nbconvert python3-nbconvert python3-nbclient python3-ipykernel python3-matplotlib python3-pandas" >&2
  exit 1
fi

mkdir -p "$out"
export MEGASPARK_HOME="$root" MEGASPARK_NOTEBOOK_OUT="$out"
# ipykernel warns about frozen modules on every start; the debugger is not used here.
export PYDEVD_DISABLE_FILE_VALIDATION=1
# The launcher may build the jar; the suite has already brought every dependency into ~/.m2.
export MEGASPARK_OFFLINE="${MEGASPARK_OFFLINE:-1}"

status=0 passed=0 failed=0
for nb in "$root"/notebooks/*.ipynb; do
  name="$(basename "$nb" .ipynb)"
  echo "== notebooks: executing $name.ipynb"
  start=$SECONDS
  if "$python" -m nbconvert --to notebook --execute --ExecutePreprocessor.timeout=600 \
      --ExecutePreprocessor.kernel_name=python3 --output-dir "$out" --output "$name.executed.ipynb" "$nb"; then
    echo "== notebooks: $name.ipynb passed in $((SECONDS - start)) s -> $out/$name.executed.ipynb"
    passed=$((passed + 1))
  else
    echo "== notebooks: $name.ipynb FAILED after $((SECONDS - start)) s" >&2
    status=1 failed=$((failed + 1))
  fi
done

if [[ $zeppelin_it == 1 ]]; then
  echo "== notebooks: Zeppelin note (structure, and its paragraphs through the Scala REPL)"
  offline=()
  [[ "$MEGASPARK_OFFLINE" == 1 ]] && offline=(-o)
  if (cd "$root" && mvn -B -q "${offline[@]}" -Dshade.skip=true -pl udfs -am verify -Dtest=ZeppelinNoteIT \
      -Dsurefire.failIfNoSpecifiedTests=false); then
    echo "== notebooks: megaspark.zpln passed"
    passed=$((passed + 1))
  else
    echo "== notebooks: megaspark.zpln FAILED (udfs/target/surefire-reports)" >&2
    status=1 failed=$((failed + 1))
  fi
fi
echo "notebooks: $passed passed, $failed failed"
exit $status
