#!/usr/bin/env python3
"""Converts a stereo disparity map (px) to a depth map (m) for `dualpix dataset --source rgbd:DIR`.

    depth_m = focal_px * baseline_m / (disparity_px + doffs_px)

(Middlebury 2014 convention: doffs is the x-difference of the two cameras' principal points.)
Pixels without a disparity (inf, NaN, or disparity + doffs <= 0) are filled along their row with
the farther of the nearest valid values to the left and right: in a rectified pair such holes are
mostly background seen by one camera only. Writes a float32 C-order .npy (H, W), metres.

    python3 scripts/disparity-to-depth.py --disp motorcycle_disp.npz --focal-px 994.978 \\
        --baseline-mm 193.001 --doffs-px 31.086 --out depth/0000.npy

Needs numpy. Input: .npy, .npz (first array, or --key) or .pfm.
"""
import argparse
import os
import sys

import numpy as np


def read_pfm(path):
    with open(path, 'rb') as f:
        kind = f.readline().strip()
        if kind not in (b'Pf', b'PF'):
            raise ValueError('not a PFM file')
        w, h = (int(v) for v in f.readline().split())
        scale = float(f.readline())
        data = np.fromfile(f, dtype='<f4' if scale < 0 else '>f4')
    channels = 3 if kind == b'PF' else 1
    data = data.reshape(h, w, channels)[:, :, 0] if channels == 3 else data.reshape(h, w)
    return np.flipud(data).astype(np.float64)  # PFM rows run bottom to top


def read_disparity(path, key):
    if path.endswith('.pfm'):
        return read_pfm(path)
    loaded = np.load(path)
    if isinstance(loaded, np.ndarray):
        return loaded.astype(np.float64)
    names = list(loaded.files)
    name = key if key is not None else names[0]
    if name not in names:
        raise ValueError(f'no array "{name}" (has {", ".join(names)})')
    return loaded[name].astype(np.float64)


def fill_rows(disp, valid):
    """Fills invalid pixels with the smaller (farther) of the nearest valid disparities in the row."""
    out = disp.copy()
    h, w = disp.shape
    cols = np.arange(w)
    for y in range(h):
        ok = valid[y]
        if ok.all():
            continue
        if not ok.any():
            out[y] = np.nan
            continue
        idx = cols[ok]
        right = np.searchsorted(idx, cols).clip(0, len(idx) - 1)
        left = (np.searchsorted(idx, cols, side='right') - 1).clip(0, len(idx) - 1)
        cand = np.minimum(disp[y, idx[left]], disp[y, idx[right]])
        out[y, ~ok] = cand[~ok]
    # Rows with no valid value at all take the farthest disparity of the map.
    out[np.isnan(out)] = np.nanmin(out) if np.isfinite(out).any() else np.nan
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--disp', required=True, help='disparity map (px): .npy, .npz or .pfm')
    ap.add_argument('--key', help='array name inside an .npz (default: the first)')
    ap.add_argument('--focal-px', type=float, required=True, help='focal length in px at the map\'s resolution')
    ap.add_argument('--baseline-mm', type=float, required=True, help='stereo baseline in mm')
    ap.add_argument('--doffs-px', type=float, default=0.0, help='principal point x-difference in px (Middlebury doffs), default 0')
    ap.add_argument('--out', required=True, help='output .npy (float32, metres)')
    a = ap.parse_args()
    for flag, v in (('--focal-px', a.focal_px), ('--baseline-mm', a.baseline_mm)):
        if not (np.isfinite(v) and v > 0):
            print(f'{flag}: expected a positive number, got {v}', file=sys.stderr)
            sys.exit(2)
    try:
        disp = read_disparity(a.disp, a.key)
    except (OSError, ValueError) as e:
        print(f'{a.disp}: cannot read a disparity map ({e})', file=sys.stderr)
        sys.exit(2)
    if disp.ndim == 3:
        disp = disp[:, :, 0]
    if disp.ndim != 2:
        print(f'{a.disp}: expected a 2-D map, got shape {disp.shape}', file=sys.stderr)
        sys.exit(2)
    total = disp + a.doffs_px
    valid = np.isfinite(total) & (total > 0)
    if not valid.any():
        print(f'{a.disp}: no valid disparity', file=sys.stderr)
        sys.exit(2)
    filled = fill_rows(total, valid)
    depth = (a.focal_px * a.baseline_mm / 1000.0 / filled).astype('<f4')
    tmp = a.out + '.partial.npy'
    np.save(tmp, np.ascontiguousarray(depth))
    os.replace(tmp, a.out)
    print(f'{a.out}: {depth.shape[1]}x{depth.shape[0]} depth {depth.min():.3f}..{depth.max():.3f} m, '
          f'{int((~valid).sum())} px filled ({100.0 * (~valid).mean():.1f} %)')


if __name__ == '__main__':
    main()
