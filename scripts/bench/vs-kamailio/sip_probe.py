#!/usr/bin/env python3
"""Latency probe of scripts/bench-vs-kamailio (standard library only).

Sends requests over UDP from its own port and times each one from the send to its final reply with
perf_counter_ns (microseconds; sipp's response times are whole milliseconds and carry sipp's own
scheduling delay). Nothing is retransmitted: a request without a final reply within --timeout fails.

  --serial N      one request at a time: the next one leaves when the previous one is answered
  --rate R --seconds S
                  paced at R/s for S s alongside a sipp load (latency under load)

Methods: MESSAGE and OPTIONS (the time to the 200), INVITE (the time to the 200; then ACK and BYE along
the Record-Route set, and the BYE must be answered 200 too, or the call counts as failed).
Prints one JSON object: sent, answered, failed, other (non-200 finals), latency percentiles in us.
"""
import argparse
import json
import os
import random
import select
import socket
import sys
import time


BYE_DELAY_NS = 20_000_000


def percentile(sorted_values, p):
    if not sorted_values:
        return None
    i = max(0, min(len(sorted_values) - 1, int(-(-p * len(sorted_values) // 100)) - 1))
    return sorted_values[i]


class Probe:
    def __init__(self, method, server, local, timeout):
        self.method = method
        self.server = server
        self.timeout_ns = int(timeout * 1e9)
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 1 << 20)
        self.sock.bind(local)
        self.local = self.sock.getsockname()
        self.tag = "%x" % random.getrandbits(32)
        self.seq = 0
        self.pending = {}  # call-id -> [phase, start_ns, route, contact, to_header]
        self.latencies = []
        self.sent = 0
        self.failed = 0
        self.other = 0
        self.done = 0
        self.byes = []  # (due perf_counter_ns, datagram)

    def request(self, method, call_id, cseq, ruri, to, branch, route=None, body=""):
        lh, lp = self.local
        lines = [
            "%s %s SIP/2.0" % (method, ruri),
            "Via: SIP/2.0/UDP %s:%d;branch=z9hG4bK%s" % (lh, lp, branch),
            "From: probe <sip:probe@%s:%d>;tag=%s" % (lh, lp, self.tag),
            "To: %s" % to,
            "Call-ID: %s" % call_id,
            "CSeq: %d %s" % (cseq, method),
            "Contact: <sip:probe@%s:%d>" % (lh, lp),
            "Max-Forwards: 70",
        ]
        if route:
            lines.append("Route: %s" % route)
        if body:
            lines.append("Content-Type: %s" % ("application/sdp" if method == "INVITE" else "text/plain"))
        lines.append("Content-Length: %d" % len(body))
        return ("\r\n".join(lines) + "\r\n\r\n" + body).encode()

    def start(self):
        self.seq += 1
        call_id = "probe-%d-%s-%d" % (os.getpid(), self.tag, self.seq)
        sh, sp = self.server
        ruri = "sip:bob@%s:%d" % (sh, sp)
        to = "<%s>" % ruri
        body = ""
        if self.method == "MESSAGE":
            body = "Hello Bob, this is a latency probe."
        elif self.method == "INVITE":
            lh = self.local[0]
            body = ("v=0\r\no=probe 1 1 IN IP4 %s\r\ns=-\r\nc=IN IP4 %s\r\nt=0 0\r\n"
                    "m=audio 6000 RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\n") % (lh, lh)
        data = self.request(self.method, call_id, 1, ruri, to, "%s%d" % (self.tag, self.seq), body=body)
        start = time.perf_counter_ns()
        self.sock.sendto(data, self.server)
        self.pending[call_id] = ["first", start, self.seq]
        self.sent += 1

    def on_datagram(self, data, now):
        text = data.decode("utf-8", "replace")
        head, _, _ = text.partition("\r\n\r\n")
        lines = head.split("\r\n")
        first = lines[0].split(" ", 2)
        if len(first) < 2 or not first[0].startswith("SIP/"):
            return  # a request to us: nothing in these scenarios
        code = int(first[1])
        headers = {}
        rr = []
        for line in lines[1:]:
            name, _, value = line.partition(":")
            key = name.strip().lower()
            value = value.strip()
            if key in ("record-route",):
                rr.append(value)
            headers.setdefault({"i": "call-id", "m": "contact", "t": "to"}.get(key, key), value)
        call_id = headers.get("call-id")
        state = self.pending.get(call_id)
        if state is None or code < 200:
            return
        cseq_method = headers.get("cseq", "").split()[-1] if headers.get("cseq") else ""
        if state[0] == "first" and cseq_method == self.method:
            latency = (now - state[1]) // 1000
            if code != 200:
                self.other += 1
                del self.pending[call_id]
                return
            self.latencies.append(latency)
            if self.method != "INVITE":
                self.done += 1
                del self.pending[call_id]
                return
            contact = headers.get("contact", "")
            target = contact[contact.find("<") + 1:contact.find(">")] if "<" in contact else contact.split(";")[0]
            route = ", ".join(reversed(rr)) if rr else None
            to = headers.get("to")
            seq = state[2]  # this call's number: branches must differ between calls
            self.sock.sendto(self.request("ACK", call_id, 1, target, to, "%sa%d" % (self.tag, seq),
                                          route), self.server)
            # the BYE leaves 20 ms later, as in uac-invite.xml: back to back, any parallel proxy may reorder them
            self.byes.append((now + BYE_DELAY_NS, self.request("BYE", call_id, 2, target, to,
                                                               "%sb%d" % (self.tag, seq), route)))
            state[0] = "bye"
        elif state[0] == "bye" and cseq_method == "BYE":
            del self.pending[call_id]
            if code == 200:
                self.done += 1
            else:
                self.other += 1

    def expire(self, now):
        for call_id in [c for c, s in self.pending.items() if now - s[1] > self.timeout_ns]:
            if self.failed < 5:
                print("sip_probe: no final reply for %s (%s)" % (call_id, self.pending[call_id][0]), file=sys.stderr)
            del self.pending[call_id]
            self.failed += 1

    def send_due_byes(self, now):
        while self.byes and self.byes[0][0] <= now:
            self.sock.sendto(self.byes.pop(0)[1], self.server)

    def poll(self, until_ns):
        """Handles replies (and sends due BYEs) until until_ns (perf_counter_ns)."""
        while True:
            now = time.perf_counter_ns()
            self.send_due_byes(now)
            if self.byes:
                until = min(until_ns, self.byes[0][0])
            else:
                until = until_ns
            wait = (until - now) / 1e9
            if until_ns - now <= 0:
                return
            r, _, _ = select.select([self.sock], [], [], wait)
            if r:
                while True:
                    try:
                        data = self.sock.recv(65535, socket.MSG_DONTWAIT)
                    except BlockingIOError:
                        break
                    self.on_datagram(data, time.perf_counter_ns())

    def serial(self, count):
        for _ in range(count):
            self.start()
            deadline = time.perf_counter_ns() + self.timeout_ns
            while self.pending and time.perf_counter_ns() < deadline:
                self.poll(min(deadline, time.perf_counter_ns() + 1_000_000))
            self.expire(time.perf_counter_ns() + self.timeout_ns + 1)

    def paced(self, rate, seconds):
        interval = int(1e9 / rate)
        t0 = time.perf_counter_ns()
        total = int(rate * seconds)
        for i in range(total):
            self.poll(t0 + i * interval)
            self.start()
            self.expire(time.perf_counter_ns())
        end = time.perf_counter_ns() + self.timeout_ns
        while self.pending and time.perf_counter_ns() < end:
            self.poll(min(end, time.perf_counter_ns() + 50_000_000))
        self.expire(end + self.timeout_ns + 1)

    def result(self):
        lat = sorted(self.latencies)
        return {
            "method": self.method, "sent": self.sent, "answered": self.done, "failed": self.failed,
            "other": self.other, "p50_us": percentile(lat, 50), "p90_us": percentile(lat, 90),
            "p99_us": percentile(lat, 99), "max_us": lat[-1] if lat else None, "samples": len(lat),
        }


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--method", choices=["MESSAGE", "OPTIONS", "INVITE"], required=True)
    ap.add_argument("--server", default="127.0.0.1:35060")
    ap.add_argument("--local", default="127.0.0.1:35090")
    ap.add_argument("--serial", type=int, help="one request at a time, this many")
    ap.add_argument("--warmup", type=int, default=0, help="with --serial: this many first, not counted")
    ap.add_argument("--rate", type=float)
    ap.add_argument("--seconds", type=float)
    ap.add_argument("--timeout", type=float, default=2.0)
    args = ap.parse_args()
    host, port = args.server.rsplit(":", 1)
    lhost, lport = args.local.rsplit(":", 1)
    probe = Probe(args.method, (host, int(port)), (lhost, int(lport)), args.timeout)
    if args.serial:
        if args.warmup:
            probe.serial(args.warmup)
            probe.latencies.clear()
            probe.sent = probe.done = probe.failed = probe.other = 0
        probe.serial(args.serial)
    elif args.rate and args.seconds:
        probe.paced(args.rate, args.seconds)
    else:
        ap.error("--serial N, or --rate R with --seconds S")
    print(json.dumps(probe.result()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
