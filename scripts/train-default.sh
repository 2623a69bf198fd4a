#!/bin/sh
# The training campaign of the shipped default model, models/rdpd-default.safetensors (see
# models/MODEL.md): a residual RDPD at width 0.25 on synthetic DP data rendered from photographs
# (Debian's photographic wallpapers and scikit-image's samples, with synthetic depth layouts) and
# from procedural scenes (single frames and 4-frame sequences). It runs for many CPU-hours across
# sessions: the run folder lives in the repository (campaign/), its checkpoint is one file that is
# overwritten, and every call continues from it.
#
#   sh scripts/train-default.sh                 make the data (first time), then train or continue
#   MINUTES=50 sh scripts/train-default.sh      stop (with a checkpoint) after about 50 minutes
#   WORK=/tmp/dp/campaign sh scripts/train-default.sh
#   DATA_ONLY=1 sh scripts/train-default.sh     make the data and stop
#
# Data are made in $WORK (not committed; the same seeds give the same bytes). Held out and never
# trained on: the photographs listed in TEST_PHOTOS (their frames are the photo test set) and fresh
# procedural seeds; `sh scripts/eval-default.sh` scores a model on both.
set -eu
cd "$(dirname "$0")/.."
WORK=${WORK:-/tmp/dp/campaign}
STAGE1=${STAGE1:-campaign/rdpd-w025-wide}
STAGE1_EPOCHS=${STAGE1_EPOCHS:-230}
RUN=${RUN:-campaign/rdpd-w025-cv16}
STAGE2_EPOCHS=${STAGE2_EPOCHS:-289}
RUN3=${RUN3:-campaign/rdpd-w025-cv16-p256}
EPOCHS=${EPOCHS:-2000}
DUALPIX="node --import tsx src/cli/main.ts"
TEST_PHOTOS="mate-Garden mate-Storm plasma-FallenLeaf plasma-Kite skimage-coffee"
mkdir -p "$WORK"

# 1. Photographs (installs Debian packages once) split into training and held-out photos.
if [ ! -d "$WORK/photos-train" ]; then
  sh scripts/photo-data.sh "$WORK/photo-data"
  mkdir -p "$WORK/photos-train.tmp" "$WORK/photos-test"
  for f in "$WORK/photo-data/photos"/*.png; do
    stem=$(basename "$f" .png)
    case " $TEST_PHOTOS " in *" $stem "*) cp "$f" "$WORK/photos-test/" ;; *) cp "$f" "$WORK/photos-train.tmp/" ;; esac
  done
  mv "$WORK/photos-train.tmp" "$WORK/photos-train"
fi

# 2. Training data: 16 crops (each with its own depth layout and camera) of every training photo,
#    48 procedural 4-frame sequences and 120 procedural frames, 256x256, 85/15 train/val.
D="$WORK/data"
[ -f "$D/photo/manifest.jsonl" ] || $DUALPIX dataset --source "photos:$WORK/photos-train" --per-photo 16 --frames 1 --cameras all \
  --split train=0.85,val=0.15,test=0 --seed 21 --out "$D/photo"
[ -f "$D/seq/manifest.jsonl" ] || $DUALPIX dataset --source procedural:48 --frames 4 --layout sequence \
  --split train=0.85,val=0.15,test=0 --seed 22 --out "$D/seq"
[ -f "$D/proc/manifest.jsonl" ] || $DUALPIX dataset --source procedural:120 --frames 1 \
  --split train=0.85,val=0.15,test=0 --seed 23 --out "$D/proc"

# 3. One folder holding all three (the reader takes single images and sequence folders side by side).
for split in train val; do
  for part in l/source r/source c/source c/target; do
    dst="$D/all/${split}_$part"
    mkdir -p "$dst"
    for src in "$D/photo/${split}_$part" "$D/seq/${split}_$part" "$D/proc/${split}_$part"; do
      [ -d "$src" ] || continue
      pre=$(basename "$(dirname "$(dirname "$src")")")
      for f in "$src"/*; do [ -e "$dst/${pre}_$(basename "$f")" ] || ln -s "$f" "$dst/${pre}_$(basename "$f")"; done
    done
  done
done

[ -z "${DATA_ONLY:-}" ] || exit 0

# 4. Train, or continue. A stop (MINUTES elapsed, Ctrl-C or kill -INT) writes a checkpoint first.
#    Stage 1 ($STAGE1): the wide residual head (conv10 3×3 over level 9, no three-ReLU bottleneck)
#    won the head arm of the campaign study (MODEL.md); it began as that arm (scripts/arms.sh
#    w025-wide, one thread) and was continued on all cores until epoch $STAGE1_EPOCHS.
#    Stage 2 ($RUN): the same network plus a ±16 px DP cost volume read by the first layer, started
#    from stage 1's best validation weights (the cost volume's new inputs start at zero, so it
#    begins exactly where stage 1 ended).
#    Stage 3 ($RUN3): stage 2's weights at epoch $STAGE2_EPOCHS (its validation flat at lr 1.25e-5) on
#    256² patches (2 per image batch: the same pixels per step) with the learning rate restarted at
#    1e-4; it won the stage-3 arms against the same restart on 128² patches (MODEL.md), and began
#    as that arm (one thread for 45 minutes).
STOP=""
if [ -n "${MINUTES:-}" ]; then STOP="timeout -s INT $((MINUTES * 60))"; fi
# Runs one stage; a stop (130: Ctrl-C, 124: MINUTES, both after writing the checkpoint) ends the
# script with status 0 without starting the next stage, any other failure with its status.
run() {
  set +e
  $STOP "$@"
  rc=$?
  set -e
  [ $rc = 0 ] || [ $rc = 130 ] || [ $rc = 124 ] || exit $rc
  [ $rc = 0 ] || exit 0
}
if [ -f "$RUN3/checkpoint.safetensors" ]; then
  run $DUALPIX train --out "$RUN3" --resume --data "$D/all" --epochs "$EPOCHS" --threads 2
  exit 0
fi
if [ ! -f "$RUN/checkpoint.safetensors" ]; then
  if [ -f "$STAGE1/checkpoint.safetensors" ]; then
    run $DUALPIX train --out "$STAGE1" --resume --data "$D/all" --epochs "$STAGE1_EPOCHS" --threads 2
  else
    run $DUALPIX train --data "$D/all" --model rdpd --width 0.25 --residual true --head wide --patch 128 \
      --batch-images 8 --batch-sequences 1 --seq-length 4 --lr 2e-4 --lr-decay-epochs 100 --epochs "$STAGE1_EPOCHS" \
      --pixel-loss psnr --candidate-score lost --sharp-candidates 2 --val-patches 48 --cache-mb 2048 \
      --seed 152 --threads 2 --out "$STAGE1"
  fi
  run $DUALPIX train --data "$D/all" --model rdpd --width 0.25 --residual true --head wide --cost-volume 16 \
    --init-weights "$STAGE1/best.safetensors" --patch 128 \
    --batch-images 8 --batch-sequences 1 --seq-length 4 --lr 1e-4 --lr-decay-epochs 60 --epochs "$STAGE2_EPOCHS" \
    --pixel-loss psnr --candidate-score lost --sharp-candidates 2 --val-patches 48 --cache-mb 2048 \
    --seed 152 --threads 2 --out "$RUN"
else
  run $DUALPIX train --out "$RUN" --resume --data "$D/all" --epochs "$STAGE2_EPOCHS" --threads 2
fi
run $DUALPIX train --data "$D/all" --model rdpd --width 0.25 --residual true --head wide --cost-volume 16 \
  --init-weights "$RUN/checkpoint.safetensors" --patch 256 \
  --batch-images 2 --batch-sequences 1 --seq-length 4 --lr 1e-4 --lr-decay-epochs 150 --epochs "$EPOCHS" \
  --pixel-loss psnr --candidate-score lost --sharp-candidates 2 --val-patches 48 --cache-mb 2048 \
  --seed 152 --threads 2 --out "$RUN3"
