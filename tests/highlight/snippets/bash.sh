#!/usr/bin/env bash
# Release script: tag, build and upload
set -euo pipefail

VERSION="${1:?usage: release.sh VERSION}"
readonly DIST=dist
count=0

die() { echo "error: $*" >&2; exit 1; }

function check_clean {
    if [[ -n "$(git status --porcelain)" ]]; then
        die "working tree is not clean"
    fi
}

check_clean
for f in "$DIST"/*.tar.gz; do
    count=$((count + 1))
    size=`stat -c %s "$f"`
    echo "uploading $f ($size bytes)"
done

case "$VERSION" in
    *rc*|*b*) channel=pre ;;
    *) channel=stable ;;
esac

cat <<EOF > notes.txt
Release $VERSION on $channel
EOF
git tag -s "v$VERSION" -m 'Release' && echo "tagged v$VERSION, $count files"
