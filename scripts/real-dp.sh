#!/bin/sh
# Real dual-pixel captures, before and after: the animated L/R GIFs of the DPDD authors' repository
# (github.com/Abdullah-Abuolaim/defocus-deblurring-dual-pixel, MIT licence; a Canon DSLR and a
# Pixel phone; two frames each, left then right view, 8-bit palette) split into PNG pairs, deblurred
# with each model given, and drawn side by side (scripts/side-by-side.ts). They are never trained on.
#   sh scripts/real-dp.sh GIF_DIR OUT_PICTURE.png [LABEL=MODEL ...]     (default: default=default)
# GIF_DIR: the repository's animated_dp_examples/gif folder (fetch it once; nothing is downloaded here).
set -eu
cd "$(dirname "$0")/.."
GIFS=$1
PICTURE=$2
shift 2
[ $# -gt 0 ] || set -- default=default
WORK=${WORK:-/tmp/dp/real-dp}
DUALPIX="node --import tsx src/cli/main.ts"
mkdir -p "$WORK/left" "$WORK/right"
/usr/bin/python3 - "$GIFS" "$WORK" <<'PY'
import sys, glob, os
from PIL import Image
src, work = sys.argv[1], sys.argv[2]
for f in sorted(glob.glob(os.path.join(src, '*.gif'))):
    im = Image.open(f)
    if getattr(im, 'n_frames', 1) != 2:
        continue
    name = os.path.splitext(os.path.basename(f))[0] + '.png'
    for i, side in enumerate(('left', 'right')):
        im.seek(i)
        im.convert('RGB').save(os.path.join(work, side, name))
PY
cols=""
for spec in "$@"; do
  label=${spec%%=*}
  model=${spec#*=}
  $DUALPIX deblur --pairs "$WORK" --model "$model" --out "$WORK/out-$label" >/dev/null
  cols="$cols $label=$WORK/out-$label"
done
node --import tsx scripts/side-by-side.ts --left "$WORK/left" --right "$WORK/right" --out "$PICTURE" $cols
