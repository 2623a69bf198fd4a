#!/bin/sh
# The paper's Table 2 at equal training compute: held-out synthetic sequences (fresh procedural
# seed, 4-frame sequences), RDPD with its recurrent state carried across frames and reset every
# frame, DPDNet, the blurred input and the classical two-view baseline; PSNR, SSIM, MAE and time
# per frame from `dualpix eval`.
#   sh scripts/table2.sh RDPD.safetensors DPDNET.safetensors [OUT=/tmp/dp/table2]
set -eu
cd "$(dirname "$0")/.."
RDPD=$1
DPDNET=$2
OUT=${3:-/tmp/dp/table2}
DUALPIX="node --import tsx src/cli/main.ts"
mkdir -p "$OUT"
[ -f "$OUT/seq/manifest.jsonl" ] || $DUALPIX dataset --source procedural:8 --frames 4 --layout sequence --split train=0,val=0,test=1 --seed 9004 --out "$OUT/seq"
$DUALPIX eval --data "$OUT/seq" --model "$RDPD" --model "$DPDNET" --state both --baselines input,wiener-dp --out "$OUT/report"
