#!/usr/bin/env python3
"""Writes sam-usb-reader.ioctl: what a SAM ID card reader on USB bulk (0400:c35a, endpoints
0x01 OUT and 0x81 IN) answers, for umockdev-run -i /dev/bus/usb/001/002=... A card of
张小三 lies on the reader. Written from PROTOCOLS.md section 1 independently of the Swift codec,
so the replay checks the codec too. OUT data must match byte for byte; each indented line is
the IN answer to the OUT line above it."""
import pathlib

def frame(payload):
    length = len(payload) + 1
    body = bytes([length >> 8, length & 0xFF]) + bytes(payload)
    check = 0
    for byte in body:
        check ^= byte
    return b"\xAA\xAA\xAA\x96\x69" + body + bytes([check])

def ucs2(text, size):
    data = text.encode("utf-16-le")[:size]
    return data + " ".encode("utf-16-le") * ((size - len(data)) // 2)

text = (ucs2("张小三", 30) + ucs2("1", 2) + ucs2("01", 4) + ucs2("19491231", 16)
        + ucs2("北京市东城区景山前街4号", 70) + ucs2("11010519491231002X", 36)
        + ucs2("北京市公安局东城分局", 30) + ucs2("20150101", 16) + ucs2("长期", 16) + ucs2("", 36))
assert len(text) == 256
card = bytes([0x01, 0x00, 0x04, 0x00]) + text + b"\x57" * 1024

exchanges = [
    ([0x10, 0xFF], [0x00, 0x00, 0x90]),                      # reset SAM
    ([0x11, 0xFF], [0x00, 0x00, 0x90]),                      # SAM status
    ([0x20, 0x01], [0x00, 0x00, 0x9F, 0, 0, 0, 0]),          # find card: found
    ([0x20, 0x02], [0x00, 0x00, 0x90] + [0] * 8),            # select card
    ([0x30, 0x01], [0x00, 0x00, 0x90] + list(card)),         # read text and photo
    ([0x20, 0x01], [0x00, 0x00, 0x9F, 0, 0, 0, 0]),          # find card: still there
]
IN_BUFFER = 4096  # what USBBulkPort submits for a read
lines = []
for command, reply in exchanges:
    out, answer = frame(command), frame(reply)
    lines.append(f"USBDEVFS_REAPURBNDELAY 0 3 1 0 0 {len(out)} {len(out)} 0 {out.hex().upper()}")
    lines.append(f" USBDEVFS_REAPURBNDELAY 0 3 129 0 0 {IN_BUFFER} {len(answer)} 0 {answer.hex().upper()}")
assert len(frame([0x00, 0x00, 0x90] + list(card))) == 1295
pathlib.Path(__file__).with_name("sam-usb-reader.ioctl").write_text("\n".join(lines) + "\n")
