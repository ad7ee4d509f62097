#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Run every test: installs what it needs (as root), then selftests/run.sh
# on all three kernels. The last line is "N passed, N failed".
set -euo pipefail

top=$(realpath "$(dirname "$0")/..")
"$top/scripts/deps.sh"
exec "$top/selftests/run.sh" "$@"
