"""A real SMTP server for NexBoard's email tests (aiosmtpd, from PyPI), on 127.0.0.1 only.

usage: smtp_sink.py OUTPUT_DIR [--starttls | --implicit-tls] [--cert CERT --key KEY] [--auth] [--silent]

Binds port 0 and prints the port it got as the first line on stdout, then serves until it is
terminated. Every message it accepts is saved as NNNN.eml (the bytes received after DATA) and
NNNN.json (the envelope: mail_from, rcpt_tos, tls, auth; and the message as Python's email
package reads it: subject, from, to, message_id, in_reply_to, references decoded, the text and
html parts decoded, and the longest line's length in octets). With --auth, AUTH PLAIN and LOGIN are
offered (after TLS) and the only accepted password is "smtppass"; without it no AUTH is offered. With --silent it accepts
connections and never says anything (a server that hangs).
"""
import argparse
import asyncio
import email
import email.policy
import json
import os
import signal
import ssl
import sys
import warnings

from aiosmtpd.smtp import SMTP, AuthResult, LoginPassword

PASSWORD = b"smtppass"
# aiosmtpd 1.4 warns about its own use of Session.login_data; the tests read stderr for failures only.
warnings.filterwarnings("ignore", category=DeprecationWarning)


class Saver:
    def __init__(self, directory):
        self.directory = directory
        self.count = 0

    async def handle_DATA(self, server, session, envelope):
        self.count += 1
        stem = os.path.join(self.directory, "%04d" % self.count)
        login = None
        if isinstance(session.auth_data, LoginPassword):
            login = session.auth_data.login.decode("utf-8", "replace")
        raw = envelope.original_content or envelope.content
        envelope_json = {
            "mail_from": envelope.mail_from,
            "rcpt_tos": list(envelope.rcpt_tos),
            "tls": server.transport.get_extra_info("sslcontext") is not None,
            "auth": login,
        }
        envelope_json.update(parsed(raw))
        # The .eml first, so a reader that sees the .json finds a complete message.
        with open(stem + ".eml.tmp", "wb") as handle:
            handle.write(raw)
        os.rename(stem + ".eml.tmp", stem + ".eml")
        with open(stem + ".json.tmp", "w") as handle:
            json.dump(envelope_json, handle)
        os.rename(stem + ".json.tmp", stem + ".json")
        return "250 2.0.0 Message accepted for delivery"


def parsed(raw):
    message = email.message_from_bytes(raw, policy=email.policy.default)

    def header(name):
        value = message.get(name)
        return None if value is None else str(value)

    def body(subtype):
        part = message.get_body(preferencelist=(subtype,))
        if part is None or part.get_content_subtype() != subtype:
            return None
        return part.get_content()

    return {
        "subject": header("Subject"),
        "from": header("From"),
        "to": header("To"),
        "message_id": header("Message-ID"),
        "in_reply_to": header("In-Reply-To"),
        "references": header("References"),
        "content_type": message.get_content_type(),
        "text": body("plain"),
        "html": body("html"),
        "longest_line": max(len(line) for line in raw.split(b"\r\n")),
        "bare_lf": b"\n" in raw.replace(b"\r\n", b""),
    }


def authenticator(server, session, envelope, mechanism, auth_data):
    ok = isinstance(auth_data, LoginPassword) and auth_data.password == PASSWORD
    # handled=False: aiosmtpd itself answers 535 on failure (handled=True would send no reply and
    # leave the client waiting).
    return AuthResult(success=ok, handled=False, auth_data=auth_data if ok else None)


async def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("output")
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--starttls", action="store_true")
    mode.add_argument("--implicit-tls", action="store_true")
    parser.add_argument("--cert")
    parser.add_argument("--key")
    parser.add_argument("--auth", action="store_true")
    parser.add_argument("--silent", action="store_true")
    args = parser.parse_args()
    os.makedirs(args.output, exist_ok=True)

    context = None
    if args.starttls or args.implicit_tls:
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(args.cert, args.key)

    saver = Saver(args.output)
    loop = asyncio.get_running_loop()

    class Silent(asyncio.Protocol):
        def data_received(self, data):
            pass

    def factory():
        if args.silent:
            return Silent()
        return SMTP(
            saver,
            hostname="nexboard-test-smtp",
            tls_context=context if args.starttls else None,
            require_starttls=args.starttls,
            authenticator=authenticator if args.auth else None,
            # With implicit TLS the connection is encrypted from the start. Without --auth, AUTH is
            # not offered at all (a relay that needs no login), as aiosmtpd offers it whenever it
            # does not require TLS for it.
            auth_require_tls=args.starttls or not args.auth,
            loop=loop,
        )

    server = await loop.create_server(
        factory, host="127.0.0.1", port=0, ssl=context if args.implicit_tls else None)
    port = server.sockets[0].getsockname()[1]
    print(port, flush=True)

    stop = asyncio.Event()
    # A child inherits its parent thread's signal mask; Swift's worker threads block SIGTERM.
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGTERM, signal.SIGINT})
    loop.add_signal_handler(signal.SIGTERM, stop.set)
    loop.add_signal_handler(signal.SIGINT, stop.set)
    await stop.wait()
    server.close()


if __name__ == "__main__":
    asyncio.run(main())
    sys.exit(0)
