#!/usr/bin/env python3
"""The soak run's evapi applications (stdlib only).

  app.py answer PORT RECONNECT_SECONDS   answers every async event, reconnecting every RECONNECT_SECONDS
  app.py mute PORT                       connects and never reads (a client that stalls)
"""
import json
import socket
import sys
import time


def frames(sock, buf):
    """Yields netstring payloads read from sock; buf holds bytes carried between calls."""
    while True:
        colon = buf.find(b":")
        if colon >= 0:
            length = int(buf[:colon])
            end = colon + 1 + length
            if len(buf) > end:
                payload, rest = buf[colon + 1:end], buf[end + 1:]
                buf[:] = rest
                yield payload.decode()
                continue
        chunk = sock.recv(65536)
        if not chunk:
            return
        buf.extend(chunk)


def answer(port, every):
    answered = 0
    while True:
        sock = socket.create_connection(("127.0.0.1", port))
        sock.settimeout(0.5)
        until = time.time() + every
        buf = bytearray()
        try:
            while time.time() < until:
                try:
                    for payload in frames(sock, buf):
                        event = json.loads(payload)
                        if event.get("event") == "ask":
                            out = json.dumps({"index": event["index"], "label": event["label"]}).encode()
                            sock.sendall(b"%d:%s," % (len(out), out))
                            answered += 1
                        if time.time() >= until:
                            break
                    else:
                        break
                except socket.timeout:
                    continue
        finally:
            sock.close()
        print(f"app: reconnecting ({answered} answered so far)", flush=True)


def mute(port):
    sock = socket.create_connection(("127.0.0.1", port))
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    while True:
        time.sleep(60)


if __name__ == "__main__":
    if sys.argv[1] == "answer":
        answer(int(sys.argv[2]), float(sys.argv[3]))
    else:
        mute(int(sys.argv[2]))
