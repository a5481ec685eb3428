#!/bin/sh
# Runs every benchmark in tests/bench and prints their tables. Usage: run.sh BUILD_DIR
set -eu
build=${1:-build}
echo "# Tugboat benchmarks — $(date -u +%Y-%m-%d), $(nproc) cores, $(uname -m)"
echo
echo "## Store (tests/bench/bench_store)"
"$build/tests/bench/bench_store"
echo
echo "## API server (tests/bench/bench_apiserver)"
"$build/tests/bench/bench_apiserver"
echo
echo "## Scheduler (tests/bench/bench_scheduler)"
"$build/tests/bench/bench_scheduler"
echo
echo "## Cluster on simulated nodes (tests/bench/bench_cluster)"
"$build/tests/bench/bench_cluster"
