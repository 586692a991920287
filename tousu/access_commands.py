"""`tousu keys ...` (integration keys), `tousu integrations ...` (gateways that push signed
webhooks) and `tousu staff ...` (people with a role)."""

from __future__ import annotations

import argparse
import asyncio
import sys
from datetime import timedelta
from uuid import UUID

from shared.auth.integrations import IntegrationError, IntegrationStore
from shared.auth.keys import SCOPES, ApiKeyInfo, KeyStore, UnknownScope
from shared.auth.roles import ROLES
from shared.auth.staff import StaffDirectory, StaffError
from shared.clock import SystemClock
from shared.runtime import key_store, secret_box
from shared.settings import TousuSettings
from tousu.integration_commands import add_integration_commands, integration_action


def add_commands(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    keys = sub.add_parser("keys", help="API keys for integrations").add_subparsers(
        dest="action", required=True
    )
    create = keys.add_parser("create")
    create.add_argument("--name", required=True)
    create.add_argument(
        "--scopes", required=True, nargs="+", help="space- or comma-separated: " + " ".join(SCOPES)
    )
    create.add_argument("--rate", type=int, help="requests a minute (default: unlimited)")
    keys.add_parser("list")
    keys.add_parser("revoke").add_argument("id")
    rotate = keys.add_parser("rotate", help="a new key; the old one works for --grace-hours")
    rotate.add_argument("id")
    rotate.add_argument("--grace-hours", type=float, default=24)
    add_integration_commands(sub)
    staff = sub.add_parser("staff", help="staff members, their roles and keys").add_subparsers(
        dest="action", required=True
    )
    add = staff.add_parser("add", help="add a staff member and issue their first key")
    add.add_argument("--username", required=True)
    add.add_argument("--name", required=True)
    add.add_argument("--role", required=True, choices=ROLES)
    add.add_argument("--department", help="required for handlers and supervisors")
    staff.add_parser("list")
    staff.add_parser("key", help="issue another key to a staff member").add_argument("username")
    staff.add_parser("disable", help="disable a member; their keys stop").add_argument("username")


def run(args: argparse.Namespace) -> int:
    return asyncio.run(_run(args))


async def _run(args: argparse.Namespace) -> int:
    settings = TousuSettings()
    keys = key_store(settings, SystemClock())
    try:
        if args.command == "keys":
            return await _key_action(keys, args)
        if args.command == "integrations":
            store = IntegrationStore(keys.engine, keys.clock, secret_box(settings))
            return await integration_action(store, args)
        return await _staff_action(StaffDirectory(keys), args)
    except (UnknownScope, StaffError, IntegrationError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    finally:
        await keys.close()


def _show_new_key(info: ApiKeyInfo, raw: str) -> None:
    print(f"created key {info.id} ({info.name}) with scopes {', '.join(info.scopes)}")
    print("the key (shown only this once):")
    print(raw)


async def _key_action(keys: KeyStore, args: argparse.Namespace) -> int:
    if args.action == "create":
        scopes = [s for a in args.scopes for s in a.split(",")]
        _show_new_key(*await keys.create(args.name, scopes, rate_per_minute=args.rate))
    elif args.action == "list":
        for k in await keys.list():
            state = f"revoked {k.revoked_at:%Y-%m-%d}" if k.revoked_at else "active"
            if k.expires_at and not k.revoked_at:
                state = f"rotated, valid until {k.expires_at:%Y-%m-%d %H:%M}Z"
            rate = f"{k.rate_per_minute}/min" if k.rate_per_minute else "unlimited"
            print(f"{k.id}  {k.prefix}…  {k.name:<24} {','.join(k.scopes):<40} {rate:<10} {state}")
    elif args.action == "rotate":
        rotated = await keys.rotate(UUID(args.id), timedelta(hours=args.grace_hours))
        if rotated is None:
            print("no active, unrotated key with that id", file=sys.stderr)
            return 1
        print(f"the old key stops working in {args.grace_hours:g} hours")
        _show_new_key(*rotated)
    elif not await keys.revoke(UUID(args.id)):
        print("no active key with that id", file=sys.stderr)
        return 1
    else:
        print(f"revoked {args.id}")
    return 0


async def _staff_action(staff: StaffDirectory, args: argparse.Namespace) -> int:
    if args.action == "add":
        member = await staff.add(args.username, args.name, args.role, args.department)
        print(f"added {member.username}: {member.role}, department {member.department or '-'}")
        _show_new_key(*await staff.issue_key(member.username))
    elif args.action == "list":
        for m in await staff.list():
            state = f"disabled {m.disabled_at:%Y-%m-%d}" if m.disabled_at else "active"
            print(f"{m.username:<20} {m.name:<24} {m.role:<15} {m.department or '-':<20} {state}")
    elif args.action == "key":
        _show_new_key(*await staff.issue_key(args.username))
    else:
        await staff.disable(args.username)
        print(f"disabled {args.username}; their keys are revoked")
    return 0
