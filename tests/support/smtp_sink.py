#!/usr/bin/env python3
"""A real SMTP server (aiosmtpd) for Tether's tests: it records every message it accepts.

  smtp_sink.py --out messages.jsonl [--port N] [--refuse-file PATH] [--auth USER:PASS]

Prints "READY <port>" once listening. Each accepted message is one JSON line in --out:
{"mail_from", "rcpt_tos", "data"}. While --refuse-file exists, DATA is answered
"451 try again later"; a recipient containing "reject" gets "550 no such user".
"""
import argparse
import asyncio
import json
import os
import socket
import sys

import warnings

from aiosmtpd.smtp import SMTP, AuthResult, LoginPassword

# Tests log in without TLS on purpose (loopback only); the warning would only add noise.
warnings.filterwarnings("ignore", message="Requiring AUTH while not requiring TLS")


class Sink:
    def __init__(self, out, refuse_file):
        self.out = out
        self.refuse_file = refuse_file

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if "reject" in address:
            return "550 5.1.1 no such user here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        if self.refuse_file and os.path.exists(self.refuse_file):
            return "451 4.3.0 try again later"
        record = {
            "mail_from": envelope.mail_from,
            "rcpt_tos": envelope.rcpt_tos,
            "data": envelope.content.decode("utf-8", errors="replace"),
        }
        with open(self.out, "a", encoding="utf-8") as f:
            f.write(json.dumps(record) + "\n")
        return "250 Message accepted for delivery"


def authenticator(expected):
    def check(server, session, envelope, mechanism, auth_data):
        ok = isinstance(auth_data, LoginPassword) and (
            auth_data.login.decode(), auth_data.password.decode()
        ) == expected
        # handled=False makes aiosmtpd answer 535 itself; True would leave the client waiting.
        return AuthResult(success=ok, handled=False)

    return check


async def main():
    p = argparse.ArgumentParser()
    p.add_argument("--out", required=True)
    p.add_argument("--port", type=int, default=0)
    p.add_argument("--refuse-file")
    p.add_argument("--auth")
    a = p.parse_args()
    sink = Sink(a.out, a.refuse_file)
    options = {}
    if a.auth:
        user, password = a.auth.split(":", 1)
        options = dict(
            authenticator=authenticator((user, password)),
            auth_require_tls=False,
            auth_required=True,
        )
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", a.port))
    loop = asyncio.get_running_loop()
    server = await loop.create_server(
        lambda: SMTP(sink, hostname="sink.tether.test", **options), sock=sock
    )
    print(f"READY {sock.getsockname()[1]}", flush=True)
    async with server:
        await server.serve_forever()


if __name__ == "__main__":
    try:
        asyncio.run(main())
    except KeyboardInterrupt:
        sys.exit(0)
