"""`tousu integrations ...`: the gateways that push customer messages, their secrets,
address allow-lists and rate limits."""

from __future__ import annotations

import argparse
from datetime import timedelta

from shared.auth.integrations import KINDS, Integration, IntegrationStore
from shared.auth.sealing import new_key

PATHS = {
    "twilio": "/v1/inbound/twilio/{name}",
    "aliyun": "/v1/inbound/aliyun/{name}/{secret}",
    "mailgun": "/v1/inbound/mailgun/{name}",
    "standard": "/v1/inbound/webhooks/{name}",
}


def add_integration_commands(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    actions = sub.add_parser("integrations", help="gateways pushing SMS and e-mail").add_subparsers(
        dest="action", required=True
    )
    add = actions.add_parser("add", help="register a gateway; prints where it posts")
    add.add_argument("name", help="lowercase letters, digits and dashes")
    add.add_argument("--kind", required=True, choices=KINDS)
    add.add_argument(
        "--secret",
        help="Twilio's auth token or Mailgun's signing key; made here for aliyun and standard",
    )
    add.add_argument("--rate", type=int, default=600, help="requests a minute (600)")
    add.add_argument("--allow", nargs="*", default=[], help="addresses or CIDRs (default: any)")
    add.add_argument("--public-url", help="the URL the provider posts to, as configured there")
    rotate = actions.add_parser("rotate", help="a new secret; the old one works for --grace-hours")
    rotate.add_argument("name")
    rotate.add_argument("--secret", help="the provider's new secret (twilio, mailgun)")
    rotate.add_argument("--grace-hours", type=float, default=24)
    actions.add_parser("list")
    actions.add_parser("disable").add_argument("name")
    actions.add_parser("new-key", help="a key for TOUSU_SECRET_KEY (seals the secrets)")
    actions.add_parser(
        "reseal", help="seal every secret with TOUSU_SECRET_KEY's first key (after a rotation)"
    )


def _show(i: Integration, *, with_secret: bool) -> None:
    path = PATHS[i.kind].format(name=i.name, secret=i.secret if with_secret else "<secret>")
    state = f"disabled {i.disabled_at:%Y-%m-%d}" if i.disabled_at else "active"
    allowed = ",".join(i.allowed_networks) or "any address"
    print(f"{i.name:<20} {i.kind:<9} {i.rate_per_minute}/min  {allowed:<24} {state}  {path}")
    if with_secret and i.kind not in ("twilio", "mailgun"):
        print(f"secret (shown only now): {i.secret}")


async def integration_action(store: IntegrationStore, args: argparse.Namespace) -> int:
    if args.action == "add":
        made = await store.create(
            args.name,
            args.kind,
            secret=args.secret,
            rate_per_minute=args.rate,
            allowed_networks=tuple(args.allow),
            public_url=args.public_url,
        )
        _show(made, with_secret=True)
    elif args.action == "rotate":
        rotated = await store.rotate(args.name, timedelta(hours=args.grace_hours), args.secret)
        print(f"the previous secret stops working in {args.grace_hours:g} hours")
        _show(rotated, with_secret=True)
    elif args.action == "list":
        for integration in await store.list():
            _show(integration, with_secret=False)
    elif args.action == "new-key":
        print(new_key())
    elif args.action == "reseal":
        print(f"sealed {await store.reseal()} integration(s) with the first key")
    else:
        await store.disable(args.name)
        print(f"disabled {args.name}")
    return 0
