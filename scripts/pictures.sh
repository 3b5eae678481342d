#!/bin/sh
# Writes the pictures of the documentation again:
#
#   scripts/pictures.sh              the screens, docs/screens/*.svg
#   scripts/pictures.sh --documents  also the document pages, docs/*.png (docs/render-pages.sh)
#
# The screens are drawn by the test `pictures::every_view_matches_its_picture_in_docs_screens`
# (tests/tui/pictures.rs) from the same buffers as the UI's snapshots; run without
# KAOPING_PICTURES=write, that test fails when a picture no longer matches. Look at what changed
# before committing (e.g. `rsvg-convert docs/screens/ranking.svg -o /tmp/ranking.png`).
# The document pages need LibreOffice, poppler-utils and fonts-noto-cjk; no test makes them.
set -eu
cd "$(dirname "$0")/.."
documents=no
for a in "$@"; do
  case $a in
    --documents) documents=yes ;;
    -h | --help) sed -n '2,11s/^# \{0,1\}//p' "$0"; exit 0 ;;
    *) echo "scripts/pictures.sh: unknown argument: $a (see --help)" >&2; exit 2 ;;
  esac
done
KAOPING_PICTURES=write cargo test --test tui -- --exact \
  pictures::every_view_matches_its_picture_in_docs_screens --nocapture
ls -l docs/screens/*.svg
if [ "$documents" = yes ]; then
  cargo build --bin kaoping
  sh docs/render-pages.sh
fi
