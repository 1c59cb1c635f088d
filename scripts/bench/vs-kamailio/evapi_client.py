#!/usr/bin/env python3
"""The evapi application of scripts/bench-vs-kamailio (standard library only).

Connects to an evapi server, reads netstring frames and, with --echo, sends every frame that carries an
"index" back unchanged: the event holds the transaction ids, so the echo is the message that makes the
script's message-received route call t_continue. One frame per send (TCP_NODELAY), so the server reads
whole frames as a typical application would write them. Counts go to --stats (JSON) when it stops
(SIGTERM/SIGINT).
"""
import argparse
import json
import signal
import socket
import sys
import time


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--host", default="127.0.0.1")
    ap.add_argument("--port", type=int, default=38448)
    ap.add_argument("--echo", action="store_true", help="send back every frame that holds an \"index\"")
    ap.add_argument("--stats", help="write counts here as JSON on exit")
    ap.add_argument("--connect-timeout", type=float, default=10.0)
    args = ap.parse_args()

    counts = {"frames": 0, "echoed": 0, "bytes": 0, "bad": 0}

    def stop(*_):
        raise Stopped()
    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)

    deadline = time.monotonic() + args.connect_timeout
    try:
        while True:
            try:
                sock = socket.create_connection((args.host, args.port), timeout=1.0)
                break
            except OSError:
                if time.monotonic() > deadline:
                    print("evapi_client: cannot connect to %s:%d" % (args.host, args.port), file=sys.stderr)
                    return 2
                time.sleep(0.1)
    except Stopped:
        return 1
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    sock.settimeout(None)
    print("evapi_client: connected", flush=True)
    try:
        serve(sock, args.echo, counts)
    except (Stopped, OSError):
        pass
    finally:
        sock.close()
        if args.stats:
            with open(args.stats, "w") as f:
                json.dump(counts, f)
    return 0


class Stopped(Exception):
    pass


def serve(sock, echo, counts):
    buf = b""
    while True:
        data = sock.recv(262144)
        if not data:
            break
        counts["bytes"] += len(data)
        buf += data
        pos = 0
        n = len(buf)
        while True:
            colon = buf.find(b":", pos, pos + 12)
            if colon < 0:
                if n - pos > 12:
                    counts["bad"] += 1
                    pos = n
                break
            try:
                length = int(buf[pos:colon])
            except ValueError:
                counts["bad"] += 1
                pos = n
                break
            end = colon + 1 + length
            if end + 1 > n:
                break
            counts["frames"] += 1
            if echo:
                payload = buf[colon + 1:end]
                if b'"index"' in payload:
                    sock.sendall(buf[pos:end + 1])
                    counts["echoed"] += 1
            pos = end + 1
        buf = buf[pos:]


if __name__ == "__main__":
    sys.exit(main())
