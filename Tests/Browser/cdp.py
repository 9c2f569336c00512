#!/usr/bin/env python3
"""Drives a running headless Chromium over the DevTools protocol, one command per run:

    cdp.py PORT [--page TEXT] eval EXPRESSION      print the expression's value (JSON)
    cdp.py PORT [--page TEXT] screenshot FILE W H  a PNG of the page at W x H CSS pixels
    cdp.py PORT [--page TEXT] navigate URL
    cdp.py PORT open URL                           a new tab

--page picks the tab whose address contains TEXT (default: the first tab).
"""
import base64
import json
import sys
import urllib.request

import websocket  # python3-websocket


def page(port, text):
    targets = json.load(urllib.request.urlopen(f"http://127.0.0.1:{port}/json/list", timeout=30))
    pages = [t for t in targets if t["type"] == "page" and (text is None or text in t["url"])]
    if not pages:
        raise SystemExit(f"no tab at an address with {text}")
    return pages[-1]["webSocketDebuggerUrl"]


class Session:
    def __init__(self, port, text):
        self.socket = websocket.create_connection(page(port, text), timeout=60, suppress_origin=True)
        self.next = 0

    def call(self, method, **params):
        self.next += 1
        self.socket.send(json.dumps({"id": self.next, "method": method, "params": params}))
        while True:
            message = json.loads(self.socket.recv())
            if message.get("id") == self.next:
                if "error" in message:
                    raise SystemExit(f"{method}: {message['error']}")
                return message["result"]


def main():
    port, *rest = sys.argv[1:]
    text = None
    if rest[0] == "--page":
        text, rest = rest[1], rest[2:]
    command, *rest = rest
    if command == "open":
        request = urllib.request.Request(f"http://127.0.0.1:{port}/json/new?{rest[0]}", method="PUT")
        print(json.dumps(json.load(urllib.request.urlopen(request, timeout=30))["id"]))
        return
    session = Session(port, text)
    if command == "eval":
        result = session.call("Runtime.evaluate", expression=rest[0], returnByValue=True, awaitPromise=True)
        print(json.dumps(result["result"].get("value"), ensure_ascii=False))
    elif command == "screenshot":
        file, width, height = rest[0], int(rest[1]), int(rest[2])
        # A tab in the background is not drawn: its capture waits for a frame that may not come.
        session.call("Page.bringToFront")
        session.call("Emulation.setDeviceMetricsOverride", width=width, height=height, deviceScaleFactor=1, mobile=False)
        session.call("Runtime.evaluate", expression="new Promise(r => setTimeout(r, 300))", awaitPromise=True)
        shot = session.call("Page.captureScreenshot", format="png")
        with open(file, "wb") as out:
            out.write(base64.b64decode(shot["data"]))
        print(json.dumps(file))
    elif command == "navigate":
        session.call("Page.navigate", url=rest[0])
        print("null")
    else:
        raise SystemExit(f"unknown command {command}")


if __name__ == "__main__":
    main()
