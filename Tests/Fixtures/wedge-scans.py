#!/usr/bin/env python3
"""Writes wedge-scans.events: a keyboard-wedge scanner typing two codes in quick succession
(2 ms per key event, 8 ms between the scans), in the evemu format umockdev-run -e replays.
Run it again after changing the codes; UdevTests expects exactly these two."""
import pathlib

CODES = ["YY-2026-A7", "hall:Q+9"]
PLAIN = "1234567890-=qwertyuiop[]asdfghjkl;'`\\zxcvbnm,./"
SHIFTED = '!@#$%^&*()_+QWERTYUIOP{}ASDFGHJKL:"~|ZXCVBNM<>?'
KEYS = list(range(2, 14)) + list(range(16, 28)) + list(range(30, 42)) + list(range(43, 54))
SHIFT, ENTER = 42, 28

lines = ["# EVEMU 1.2", "# Two scans from a keyboard-wedge scanner (Tests/Fixtures/wedge-scans.py)"]
time = 0.1
def key(code, value):
    global time
    lines.append(f"E: {time:.6f} 0001 {code:04x} {value:04d}")
    lines.append(f"E: {time:.6f} 0000 0000 0000")
    time += 0.002
for code in CODES:
    for character in code:
        if character in PLAIN:
            index = PLAIN.index(character)
            key(KEYS[index], 1); key(KEYS[index], 0)
        else:
            index = SHIFTED.index(character)
            key(SHIFT, 1); key(KEYS[index], 1); key(KEYS[index], 0); key(SHIFT, 0)
    key(ENTER, 1); key(ENTER, 0)
    time += 0.008
pathlib.Path(__file__).with_name("wedge-scans.events").write_text("\n".join(lines) + "\n")
