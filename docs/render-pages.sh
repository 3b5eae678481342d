#!/bin/sh
# Makes the pictures of one page of each document, from the samples: the documents as kaoping
# writes them, converted by LibreOffice (headless) to PDF, a page to PNG.
#   docs/circular-page1.png   the circular (通报), page 1, 60 dpi
#   docs/feedback-page1.png   广州海关's feedback letter (反馈意见), page 1, 60 dpi
#   docs/workbook-ranking.png the workbook for the offices (汇总表), its first page (排名), 60 dpi
#   docs/workbook-chart.png   the same workbook's last page (总分图), 60 dpi
#   docs/template-page1.png   广州海关's blank return (自评表), page 1, at 90 dpi: the sheet is
#                             scaled to one page wide, and its text is unreadable at 60
# Needs LibreOffice Writer and Calc, poppler-utils and fonts-noto-cjk; the fonts the documents
# name are mapped to Noto by docs/fontconfig/kaoping-gongwen.conf. Run by
# `scripts/pictures.sh --documents`; no test runs it. The workbook's first page shows the time
# it was exported.
set -eu
for tool in soffice pdftoppm pdfinfo; do
  command -v "$tool" >/dev/null || { echo "docs/render-pages.sh: needs $tool" >&2; exit 1; }
done
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
# A command's output only when it fails (the samples' own problems go to standard error).
quiet() {
  "$@" >"$tmp/log" 2>&1 || { cat "$tmp/log" >&2; echo "docs/render-pages.sh: failed: $*" >&2; exit 1; }
}
quiet "$kaoping" circular --date 2026-11-27 --out "$tmp/circular.docx" "$root/samples/2018"
quiet "$kaoping" feedback --date 2026-11-27 --office 广州海关 --out "$tmp/fb" "$root/samples/2018"
cp "$tmp"/fb/*.docx "$tmp/feedback.docx"
quiet "$kaoping" export --audience offices --out "$tmp/workbook.xlsx" "$root/samples/2018"
quiet "$kaoping" template --office 广州海关 --out "$tmp/tpl"
cp "$tmp"/tpl/*.xlsx "$tmp/template.xlsx"
export FONTCONFIG_FILE="$tmp/fonts.conf" HOME="$tmp"
soffice --headless --convert-to pdf --outdir "$tmp" "$tmp/circular.docx" "$tmp/feedback.docx" \
  "$tmp/workbook.xlsx" "$tmp/template.xlsx" >/dev/null 2>&1
page() { # PDF PAGE DPI NAME
  pdftoppm -r "$3" -png -f "$2" -l "$2" -singlefile "$tmp/$1.pdf" "$root/docs/$4"
}
page circular 1 60 circular-page1
page feedback 1 60 feedback-page1
page workbook 1 60 workbook-ranking
last=$(pdfinfo "$tmp/workbook.pdf" | sed -n 's/^Pages: *//p')
page workbook "$last" 60 workbook-chart
page template 1 90 template-page1
ls -l "$root"/docs/*.png
