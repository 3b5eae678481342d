#!/usr/bin/env bash
# Builds the static kaoping for a server without internet (see README, "Installing on a
# server without internet"):
#
#   scripts/dist.sh [--vendor]
#
# writes target/dist/kaoping-VERSION-x86_64-unknown-linux-musl.tar.gz, one folder
# kaoping-VERSION/ with the static binary, README.md, indicators/, samples/, docs/, the man
# pages (kaoping.1 and one per subcommand; in English in man/man1/, in Chinese in
# man/zh_CN/man1/), the bash and zsh completions (completions/, described in Chinese) and
# SHA256SUMS (of every other file in the folder). With --vendor it also holds the
# source (Cargo.toml, Cargo.lock, build.rs, src/, benches/), every crate it needs
# (vendor/, from `cargo vendor`) and .cargo/config.toml, so that
# `cargo build --release --offline --locked` works there without a network.
#
# Needs: Linux x86_64, the Rust toolchain (rustup), the internet, and musl-gcc (Debian's
# musl-tools, installed here when missing if root or sudo can).
set -euo pipefail
cd "$(dirname "$0")/.."

TARGET=x86_64-unknown-linux-musl
vendor=false
for arg in "$@"; do
  case "$arg" in
    --vendor) vendor=true ;;
    -h | --help)
      sed -n '2,16p' "$0" | sed 's/^# \{0,1\}//'
      exit 0
      ;;
    *)
      echo "dist.sh: unknown argument: $arg (usage: scripts/dist.sh [--vendor])" >&2
      exit 2
      ;;
  esac
done

die() {
  echo "dist.sh: $*" >&2
  exit 1
}

# 1. What the build needs: musl-gcc (for rusqlite's bundled SQLite and mimalloc, both C)
#    and the Rust target.
if ! command -v musl-gcc >/dev/null 2>&1; then
  if [ "$(id -u)" -eq 0 ]; then
    as_root=()
  elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    as_root=(sudo -n)
  else
    die "musl-gcc is missing and this user cannot install it: as root, run 'apt-get install musl-tools' (Debian/Ubuntu), then run this script again"
  fi
  command -v apt-get >/dev/null 2>&1 ||
    die "musl-gcc is missing and there is no apt-get: install musl (musl-gcc) with this system's package manager"
  echo "dist.sh: installing musl-tools (musl-gcc)" >&2
  export DEBIAN_FRONTEND=noninteractive
  "${as_root[@]}" apt-get install -y --no-install-recommends musl-tools >&2 ||
    { "${as_root[@]}" apt-get update >&2 &&
      "${as_root[@]}" apt-get install -y --no-install-recommends musl-tools >&2; } ||
    die "could not install musl-tools with apt-get"
  command -v musl-gcc >/dev/null 2>&1 || die "musl-tools installed but musl-gcc not found"
fi
if command -v rustup >/dev/null 2>&1; then
  rustup target add "$TARGET" >&2 || die "rustup could not add the target $TARGET"
elif ! rustc --print target-list >/dev/null 2>&1 ||
  [ ! -d "$(rustc --print sysroot)/lib/rustlib/$TARGET" ]; then
  die "the Rust standard library for $TARGET is missing: install rustup and run 'rustup target add $TARGET'"
fi

# 2. The static binary.
export CC_x86_64_unknown_linux_musl="${CC_x86_64_unknown_linux_musl:-musl-gcc}"
start=$(date +%s)
cargo build --release --locked --target "$TARGET"
echo "dist.sh: built in $(($(date +%s) - start)) s" >&2
bin="target/$TARGET/release/kaoping"
[ -x "$bin" ] || die "$bin was not built"

ldd_says=$(ldd "$bin" 2>&1 || true)
case "$ldd_says" in
  *"not a dynamic executable"* | *"statically linked"*) ;;
  *) die "$bin is not static; ldd says: $ldd_says" ;;
esac
if command -v file >/dev/null 2>&1; then
  file_says=$(file -b "$bin")
  case "$file_says" in
    *"statically linked"* | *"static-pie linked"*) ;;
    *) die "$bin is not static; file says: $file_says" ;;
  esac
fi

# 3. The folder. The version and the commit are the binary's own (`kaoping --version`:
#    `kaoping 0.1.0 (1a2b3c4 2026-05-02)`).
version_line=$("$bin" --version)
version=$(echo "$version_line" | awk '{print $2}')
commit=$(echo "$version_line" | sed -n 's/.*(\([^ ]*\) .*/\1/p')
[ -n "$version" ] && [ -n "$commit" ] || die "cannot read the version from: $version_line"
name="kaoping-$version"
dist=target/dist
stage="$dist/$name"
tarball="$dist/$name-$TARGET.tar.gz"
rm -rf "$stage" "$tarball"
mkdir -p "$stage/man/man1" "$stage/man/zh_CN/man1" "$stage/completions"

cp "$bin" "$stage/kaoping"
cp README.md "$stage/"
cp -R indicators samples docs "$stage/"
"$bin" --lang en man --out "$stage/man/man1" >/dev/null
"$bin" --lang zh man --out "$stage/man/zh_CN/man1" >/dev/null
"$bin" --lang zh completions bash >"$stage/completions/kaoping.bash"
"$bin" --lang zh completions zsh >"$stage/completions/_kaoping"

if $vendor; then
  cp Cargo.toml Cargo.lock build.rs "$stage/"
  cp -R src "$stage/"
  # Cargo.toml's [[bench]] must find its file, or the manifest does not load.
  if grep -q '^\[\[bench\]\]' Cargo.toml; then cp -R benches "$stage/"; fi
  mkdir -p "$stage/.cargo"
  # Every crate of Cargo.lock (crates.io only: no git dependencies), read from vendor/.
  cargo vendor --locked --quiet "$stage/vendor" >/dev/null
  cat >"$stage/.cargo/config.toml" <<EOF
[source.crates-io]
replace-with = "vendored-sources"

[source.vendored-sources]
directory = "vendor"

# Without .git, build.rs names the commit from here (kaoping --version, the documents).
[env]
KAOPING_COMMIT = "$commit"

[net]
offline = true
EOF
fi

(
  cd "$stage"
  find . -type f ! -name SHA256SUMS -print0 | LC_ALL=C sort -z |
    xargs -0 sha256sum | sed 's|  \./|  |' >SHA256SUMS
)

# The same bytes for the same files: sorted, owned by root, dated by the commit.
mtime=${SOURCE_DATE_EPOCH:-$(git log -1 --format=%ct 2>/dev/null || date +%s)}
tar -C "$dist" --sort=name --owner=0 --group=0 --numeric-owner --mtime="@$mtime" \
  -cf - "$name" | gzip -n -9 >"$tarball"
rm -rf "$stage"

echo "$version_line"
echo "$tarball"
sha256sum "$tarball" | awk '{print "SHA-256: " $1}'
echo "size: $(du -h "$tarball" | cut -f1)"
