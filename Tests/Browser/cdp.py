#!/usr/bin/env python3
"""Drives a running headless Chromium over the DevTools protocol, one command per run:

    cdp.py PORT eval EXPRESSION          print the expression's value (JSON)
    cdp.py PORT screenshot FILE W H      a PNG of the page at W x H CSS pixels
    cdp.py PORT navigate URL
"""
import base64
import json
import sys
import urllib.request

import websocket  # python3-websocket


def page(port):
    targets = json.load(urllib.request.urlopen(f"http://127.0.0.1:{port}/json/list", timeout=5))
    return next(t for t in targets if t["type"] == "page")["webSocketDebuggerUrl"]


class Session:
    def __init__(self, port):
        self.socket = websocket.create_connection(page(port), timeout=20, suppress_origin=True)
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
    port, command, *rest = sys.argv[1:]
    session = Session(port)
    if command == "eval":
        result = session.call("Runtime.evaluate", expression=rest[0], returnByValue=True, awaitPromise=True)
        print(json.dumps(result["result"].get("value"), ensure_ascii=False))
    elif command == "screenshot":
        file, width, height = rest[0], int(rest[1]), int(rest[2])
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
