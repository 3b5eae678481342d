#!/usr/bin/env bash
# Checks the tarball that scripts/dist.sh wrote, as a site would use it:
#
#   scripts/check-dist.sh [TARBALL]
#
# (default: the newest target/dist/kaoping-*-x86_64-unknown-linux-musl.tar.gz). Unpacks it
# into a temporary folder, checks that it holds what a site installs (the man pages in both
# languages, page for page, the completions), that the binary is static (ldd), that every
# file matches SHA256SUMS, and that the unpacked binary scores the unpacked samples exactly
# as samples/expected-2018.csv says, byte for byte.
set -euo pipefail
given=${1:+$(realpath -- "$1")}
cd "$(dirname "$0")/.."

die() {
  echo "check-dist.sh: $*" >&2
  exit 1
}

if [ -n "$given" ]; then
  tarball=$given
else
  # The newest one (an older version's may still lie beside it).
  tarball=$(ls -t target/dist/kaoping-*-x86_64-unknown-linux-musl.tar.gz 2>/dev/null | head -n 1)
  [ -n "$tarball" ] || die "no tarball in target/dist: run scripts/dist.sh first"
fi
[ -f "$tarball" ] || die "$tarball: no such file"
expected="$PWD/samples/expected-2018.csv"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
tar -C "$tmp" -xzf "$tarball"
dirs=("$tmp"/kaoping-*/)
[ ${#dirs[@]} -eq 1 ] && [ -d "${dirs[0]}" ] || die "$tarball: expected one folder kaoping-VERSION/"
top=${dirs[0]%/}
cd "$top"

for f in kaoping README.md SHA256SUMS man/man1/kaoping.1 man/zh_CN/man1/kaoping.1 \
  completions/kaoping.bash completions/_kaoping samples/2018 indicators; do
  [ -e "$f" ] || die "$tarball: $(basename "$top")/$f is missing"
done
# The same pages in both languages, each in its own.
en_pages=$(cd man/man1 && ls)
[ "$en_pages" = "$(cd man/zh_CN/man1 && ls)" ] || die "man/man1 and man/zh_CN/man1 hold different pages"
for p in $en_pages; do
  grep -q '^\.SH NAME$' "man/man1/$p" || die "man/man1/$p is not in English"
  grep -q '^\.SH 名称$' "man/zh_CN/man1/$p" || die "man/zh_CN/man1/$p is not in Chinese"
done
echo "man pages: $(echo "$en_pages" | wc -l) in English (man/man1), the same in Chinese (man/zh_CN/man1)"

ldd_says=$(ldd ./kaoping 2>&1 || true)
case "$ldd_says" in
  *"not a dynamic executable"* | *"statically linked"*) echo "ldd: $ldd_says" ;;
  *) die "the binary is not static; ldd says: $ldd_says" ;;
esac

sha256sum --quiet -c SHA256SUMS || die "SHA256SUMS does not match"
listed=$(wc -l <SHA256SUMS)
present=$(find . -type f ! -name SHA256SUMS | wc -l)
[ "$listed" -eq "$present" ] || die "SHA256SUMS lists $listed files, the folder has $present"
echo "SHA256SUMS: $listed files OK"

./kaoping --version
# Exit status 0 (row errors allowed); the samples' two intended problems go to stderr.
./kaoping score --format csv samples/2018 >"$tmp/scores.csv" 2>"$tmp/stderr" ||
  { cat "$tmp/stderr" >&2; die "kaoping score failed on the unpacked samples"; }
cmp "$tmp/scores.csv" "$expected" ||
  { diff "$tmp/scores.csv" "$expected" | head -20 >&2; die "the scores differ from samples/expected-2018.csv"; }
echo "score --format csv samples/2018: identical to samples/expected-2018.csv"
echo "check-dist.sh: $tarball OK"
# The four checks above (files, static, SHA256SUMS, scores); any failure exited already.
echo "dist: 4 passed, 0 failed"
