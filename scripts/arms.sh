#!/bin/sh
# The arms of the issue-12 campaign study (models/MODEL.md, "Campaign"): each trains from scratch
# on the campaign's data (scripts/train-default.sh makes it) with one setting changed from the
# campaign's recipe, on ONE ONNX Runtime thread, so that two arms run side by side on a 2-core
# machine at equal CPU time. Logs and loss plots land in campaign/arms/NAME (weights are not kept).
#   sh scripts/arms.sh NAME [MINUTES=40]      NAME: w025 | w025-wide | w050 | w025-wide-charbonnier | dpdnet-w0125
#                                             | w025-wide-cv16 | w025-wide-cv16-p256
#   sh scripts/arms.sh NAME MINUTES resume    continue an arm from its checkpoint
set -eu
cd "$(dirname "$0")/.."
NAME=$1
MINUTES=${2:-40}
WORK=${WORK:-/tmp/dp/campaign}
DUALPIX="node --import tsx src/cli/main.ts"
COMMON="--data $WORK/data/all --patch 128 --batch-images 8 --batch-sequences 1 --seq-length 4 \
  --lr-decay-epochs 100 --candidate-score lost --sharp-candidates 2 --val-patches 48 --cache-mb 2048 --seed 152 --threads 1 --epochs 400"
case "$NAME" in
  w025) ARM="--model rdpd --residual true --width 0.25 --head paper --lr 2e-4 --pixel-loss psnr" ;;
  w025-wide) ARM="--model rdpd --residual true --width 0.25 --head wide --lr 2e-4 --pixel-loss psnr" ;;
  w050) ARM="--model rdpd --residual true --width 0.5 --head paper --lr 2e-4 --pixel-loss psnr" ;;
  # The DP cost volume (±16 px) read by the first layer, from scratch.
  w025-wide-cv16) ARM="--model rdpd --residual true --width 0.25 --head wide --cost-volume 16 --lr 2e-4 --pixel-loss psnr" ;;
  # The same on 256² patches (the same pixels per image step: 2 patches; its validation crops are 256² too, so compare held-out evals).
  w025-wide-cv16-p256) ARM="--model rdpd --residual true --width 0.25 --head wide --cost-volume 16 --lr 2e-4 --pixel-loss psnr --patch 256 --batch-images 2" ;;
  w025-wide-charbonnier) ARM="--model rdpd --residual true --width 0.25 --head wide --lr 2e-4 --pixel-loss charbonnier" ;;
  # Table 2's DPDNet at RDPD w0.25's filter counts (8-16-32-64, bottleneck 128); no residual head (sigmoid output, as published).
  dpdnet-w0125) ARM="--model dpdnet --width 0.125 --lr 2e-4 --pixel-loss psnr" ;;
  *) echo "arms: unknown arm '$NAME'" >&2; exit 2 ;;
esac
[ -f "$WORK/data/all/train_c/target/$(ls "$WORK/data/all/train_c/target" 2>/dev/null | head -1)" ] || { echo "arms: no data in $WORK/data/all: run DATA_ONLY=1 sh scripts/train-default.sh first" >&2; exit 2; }
set +e
if [ "${3:-}" = resume ]; then
  timeout -s INT $((MINUTES * 60)) $DUALPIX train --out "campaign/arms/$NAME" --resume --data "$WORK/data/all" --threads 1
else
  # shellcheck disable=SC2086
  timeout -s INT $((MINUTES * 60)) $DUALPIX train $COMMON $ARM --out "campaign/arms/$NAME"
fi
rc=$?
set -e
[ $rc = 0 ] || [ $rc = 130 ] || [ $rc = 124 ] || exit $rc
