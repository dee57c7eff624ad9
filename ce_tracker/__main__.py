"""Command-line administration: ``python -m ce_tracker <command>``.

migrate       bring the database schema up to date (Alembic), after a backup (--backup-to FILE, --no-backup)
demo          fill an EMPTY database with demo data (never touches a database that has accounts)
create-staff  create a staff account on a real deployment (password read from the terminal or stdin)
backup FILE   write a consistent copy of the live database to FILE (SQLite backup API, or pg_dump)
restore FILE  replace the database with the backup in FILE (refused over existing accounts without --force)
keygen PATH   create the society's Ed25519 signing key for verifiable credentials (set CE_SIGNING_KEY_FILE=PATH)
reminders     lapse ended terms and send the reminders that are due, once each (for cron; safe beside the app)
"""

from __future__ import annotations

import argparse
import getpass
import sys

from ce_tracker.config import settings


def migrate(args: argparse.Namespace) -> None:
    from ce_tracker.clock import utcnow
    from ce_tracker.migrate import NotMigrated
    from ce_tracker.migrate import migrate as upgrade

    try:
        upgrade(settings.database_url, now=utcnow(), backup_to=args.backup_to, take_backup=not args.no_backup,
                alembic_log=True)
    except NotMigrated as error:
        raise SystemExit(str(error)) from error


def demo() -> None:
    from ce_tracker.clock import utcnow
    from ce_tracker.db import unit_of_work
    from ce_tracker.demo import seed_demo

    with unit_of_work() as session:
        seeded = seed_demo(session, now=utcnow())
    print("Demo data added." if seeded else "The database already has accounts; demo data not added.")


def _read_password(from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\n")
    first = getpass.getpass("Password for the new staff account: ")
    if first != getpass.getpass("Repeat the password: "):
        raise SystemExit("The passwords do not match.")
    return first


def create_staff(args: argparse.Namespace) -> None:
    from ce_tracker.db import unit_of_work
    from ce_tracker.rules import CMI
    from ce_tracker.services.accounts.members import create_first_staff
    from ce_tracker.services.errors import DomainError
    from ce_tracker.services.programs.store import install_program

    password = _read_password(args.password_stdin)
    try:
        with unit_of_work() as session:
            install_program(session, CMI)
            member = create_first_staff(session=session, full_name=args.name, email=args.email,
                                        username=args.username, password=password)
            number = member.member_number
    except DomainError as error:
        raise SystemExit(error.message) from error
    print(f"Staff account {args.username} created (member ID {number}).")


def backup(args: argparse.Namespace) -> None:
    from ce_tracker.backup import backup as write_backup

    print(f"Backup written to {write_backup(settings.database_url, args.file)}.")


def restore(args: argparse.Namespace) -> None:
    from ce_tracker.backup import restore as restore_backup

    restore_backup(settings.database_url, args.file, force=args.force)
    print(f"Database restored from {args.file}.")


def keygen(args: argparse.Namespace) -> None:
    from ce_tracker.services.credentials.signing import generate_key_file

    try:
        did = generate_key_file(args.path)
    except FileExistsError as error:
        raise SystemExit(f"{args.path} already exists; a signing key is never overwritten.") from error
    print(f"Signing key written to {args.path} (keep it private, outside the database). Issuer: {did}")
    print(f"Set CE_SIGNING_KEY_FILE={args.path} for the app.")
def reminders() -> None:
    from ce_tracker.tasks import sweep_once

    lapsed, sent = sweep_once(reminders=True)
    print(f"{lapsed} term(s) lapsed, {sent} reminder(s) sent.")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m ce_tracker", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True)
    migrating = commands.add_parser("migrate", help="apply database migrations (after a backup)")
    migrating.add_argument("--backup-to", metavar="FILE", help="where the backup taken before an upgrade goes "
                           "(default: backups/ beside an SQLite database, data/backups/ for PostgreSQL)")
    migrating.add_argument("--no-backup", action="store_true",
                           help="upgrade without a backup (only if you have just taken one yourself)")
    commands.add_parser("demo", help="seed demo data into an empty database")
    staff = commands.add_parser("create-staff", help="create a staff account")
    staff.add_argument("--name", required=True)
    staff.add_argument("--email", required=True)
    staff.add_argument("--username", required=True)
    staff.add_argument("--password-stdin", action="store_true", help="read the password from standard input")
    saved = commands.add_parser("backup", help="write a consistent backup of the database to a file")
    saved.add_argument("file")
    restoring = commands.add_parser("restore", help="replace the database with a backup")
    restoring.add_argument("file")
    restoring.add_argument("--force", action="store_true", help="replace a database that already has accounts")
    commands.add_parser("keygen", help="create the credential signing key").add_argument("path")
    commands.add_parser("reminders", help="lapse ended terms and send due reminders (run from cron)")
    args = parser.parse_args(argv)
    print(f"Database: {settings.database_url.split('@')[-1]}", file=sys.stderr)
    {"migrate": lambda: migrate(args), "demo": lambda: demo(), "create-staff": lambda: create_staff(args),
     "backup": lambda: backup(args), "restore": lambda: restore(args),
     "keygen": lambda: keygen(args), "reminders": reminders}[args.command]()


if __name__ == "__main__":
    main()
