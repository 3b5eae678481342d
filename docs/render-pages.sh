#!/bin/sh
# Makes docs/circular-page1.png and docs/feedback-page1.png from the samples: the documents
# as kaoping writes them, converted by LibreOffice (headless) to PDF, page 1 to PNG at 60 dpi.
# Needs LibreOffice Writer, poppler-utils and fonts-noto-cjk; the fonts the documents name
# are mapped to Noto by docs/fontconfig/kaoping-gongwen.conf.
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
kaoping=${KAOPING:-"$root/target/debug/kaoping"}
cat > "$tmp/fonts.conf" <<CONF
<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<fontconfig>
  <include>/etc/fonts/fonts.conf</include>
  <include>$root/docs/fontconfig/kaoping-gongwen.conf</include>
  <cachedir>$tmp/fccache</cachedir>
</fontconfig>
CONF
"$kaoping" circular --date 2026-11-27 --out "$tmp/circular.docx" "$root/samples/2018" 2>/dev/null
"$kaoping" feedback --date 2026-11-27 --office 广州海关 --out "$tmp/fb" "$root/samples/2018" 2>/dev/null
cp "$tmp"/fb/*.docx "$tmp/feedback.docx"
export FONTCONFIG_FILE="$tmp/fonts.conf" HOME="$tmp"
soffice --headless --convert-to pdf --outdir "$tmp" "$tmp/circular.docx" "$tmp/feedback.docx" >/dev/null 2>&1
for d in circular feedback; do
  pdftoppm -r 60 -png -f 1 -l 1 -singlefile "$tmp/$d.pdf" "$root/docs/$d-page1"
done
ls -l "$root"/docs/*-page1.png
