#!/bin/sh
# Held-out evaluation of a deblurring model on data it never saw: fresh procedural frames (the
# issue's seed 9001 set), and frames rendered from the held-out photographs of
# scripts/train-default.sh, with the paper's camera sets and with all camera families. Prints
# `dualpix eval`'s table and the PSNR per |CoC| band for each set.
#   sh scripts/eval-default.sh [MODEL=default] [OUT=/tmp/dp/eval]
set -eu
cd "$(dirname "$0")/.."
MODEL=${1:-default}
OUT=${2:-/tmp/dp/eval}
WORK=${WORK:-/tmp/dp/campaign}
DUALPIX="node --import tsx src/cli/main.ts"
mkdir -p "$OUT"
[ -f "$OUT/proc12/manifest.jsonl" ] || $DUALPIX dataset --source procedural:12 --frames 1 --split train=0,val=0,test=1 --seed 9001 --out "$OUT/proc12"
[ -d "$WORK/photos-test" ] || { echo "eval-default: $WORK/photos-test missing: run scripts/train-default.sh first (it makes the photo split)" >&2; exit 2; }
[ -f "$OUT/photo-paper/manifest.jsonl" ] || $DUALPIX dataset --source "photos:$WORK/photos-test" --per-photo 4 --frames 1 --cameras paper --split train=0,val=0,test=1 --seed 9002 --out "$OUT/photo-paper"
[ -f "$OUT/photo-all/manifest.jsonl" ] || $DUALPIX dataset --source "photos:$WORK/photos-test" --per-photo 4 --frames 1 --cameras all --split train=0,val=0,test=1 --seed 9003 --out "$OUT/photo-all"
tag=$(echo "$MODEL" | tr '/.' '__')
for set in proc12 photo-paper photo-all; do
  echo "== $set"
  $DUALPIX eval --data "$OUT/$set" --model "$MODEL" --baselines input --out "$OUT/report-$set-$tag"
  $DUALPIX deblur --pairs "$OUT/$set" --model "$MODEL" --out "$OUT/deblurred-$set-$tag" >/dev/null
  node --import tsx scripts/coc-bands.ts --data "$OUT/$set" --out "$OUT/deblurred-$set-$tag" --json "$OUT/bands-$set-$tag.json"
done
