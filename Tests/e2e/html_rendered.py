#!/usr/bin/env python3
"""Renders every inline SVG of an HTML report with rsvg-convert (a real renderer) and checks the
images are not blank: enough non-white pixels, several colours. Also checks the page is
self-contained (no scripts, no external references). Standard library only (PNG decoded here).
Usage: html_rendered.py REPORT.html MIN_CHARTS"""
import re, subprocess, sys, tempfile, zlib, struct, os

def pixels(png):
    data = open(png, "rb").read()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    pos, idat, width = 8, b"", 0
    while pos < len(data):
        n, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + n]
        if kind == b"IHDR":
            width, height, depth, ctype = struct.unpack(">IIBB", body[:10])
            assert depth == 8 and ctype in (2, 6), f"unexpected PNG type {depth}/{ctype}"
            bpp = 4 if ctype == 6 else 3
        elif kind == b"IDAT":
            idat += body
        pos += 12 + n
    raw, stride, rows, prev = zlib.decompress(idat), width * bpp, [], bytearray(width * bpp)
    for y in range(height):
        f, line = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for i in range(stride):
            a = line[i - bpp] if i >= bpp else 0
            b, c = prev[i], prev[i - bpp] if i >= bpp else 0
            if f == 1: line[i] = (line[i] + a) & 255
            elif f == 2: line[i] = (line[i] + b) & 255
            elif f == 3: line[i] = (line[i] + (a + b) // 2) & 255
            elif f == 4:
                p = a + b - c; pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        rows.append(line); prev = line
    return [tuple(r[x * bpp:x * bpp + 3]) for r in rows for x in range(width)]

html = open(sys.argv[1], encoding="utf-8").read()
minimum = int(sys.argv[2])
assert "<script" not in html.lower(), "the page has a script"
refs = [u for u in re.findall(r'(?:href|src)="([^"]+)"', html)]
assert not refs, f"the page references {refs}"
svgs = re.findall(r"<svg.*?</svg>", html, re.S)
assert len(svgs) >= minimum, f"{len(svgs)} charts, expected at least {minimum}"
with tempfile.TemporaryDirectory() as tmp:
    for i, svg in enumerate(svgs):
        src, png = os.path.join(tmp, f"{i}.svg"), os.path.join(tmp, f"{i}.png")
        open(src, "w", encoding="utf-8").write(svg)
        subprocess.run(["rsvg-convert", "-o", png, src], check=True)
        px = pixels(png)
        ink = sum(1 for p in px if p != (255, 255, 255)) / len(px)
        colours = len(set(px))
        assert ink > 0.01 and colours >= 3, f"chart {i} looks blank: {ink:.3%} ink, {colours} colours"
print(f"{len(svgs)} charts rendered by rsvg-convert, none blank")
