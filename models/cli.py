"""`actionplan`: the command line for migrating, seeding, exchanging data, accounts, checks.

Each command is one transaction: it commits when it succeeds and leaves the database as it
was when it fails. Failures end with one line on stderr and a non-zero exit code.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import date
from pathlib import Path

from sqlalchemy import Engine, func, select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from models.codes import ROLES
from models.db import database_url, make_engine, transaction
from models.entities import ActionPlan
from models.exchange import document as exchange
from models.i18n import LANGUAGES, SOURCE_LANGUAGE, catalog_status, current_language, use_language
from models.ops import integrity
from models.ops.migrate import current_revision, head_revision, upgrade
from models.services import accounts, audit
from models.services.authz import Operator
from models.services.errors import DomainError

PROG = "actionplan"
EXPORT_FORMATS = ("json", "iati")

Output = tuple[list[str], int]


class CommandError(Exception):
    """A failure to report in one line, with the exit code to end with."""

    def __init__(self, message: str, code: int = 1) -> None:
        super().__init__(message)
        self.code = code


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        # argparse would print the usage as well; one line is the rule here.
        raise CommandError(f"{message} (see `{PROG} --help`)", code=2)


def main(argv: Sequence[str] | None = None) -> int:
    try:
        args = build_parser().parse_args(argv)
        lines, code = args.run(args, _url(args.database_url))
    except KeyboardInterrupt:
        return _fail("interrupted", 130)
    except CommandError as exc:
        return _fail(str(exc), exc.code)
    except DomainError as exc:
        return _fail("; ".join(exc.messages), 1)
    except SQLAlchemyError as exc:
        return _fail(f"database error: {getattr(exc, 'orig', None) or exc}", 1)
    except Exception as exc:  # noqa: BLE001  (the rule: one line, never a traceback)
        return _fail(str(exc) or type(exc).__name__, 1)
    for line in lines:
        print(line)
    return code


def _fail(message: str, code: int) -> int:
    first = message.strip().splitlines()[0] if message.strip() else "failed"
    print(f"{PROG}: error: {first}", file=sys.stderr)
    return code


def build_parser() -> _Parser:
    parser = _Parser(prog=PROG, description="Action Plan Monitor: database and accounts.")
    parser.add_argument("--database-url", help="database URL (default: $DATABASE_URL or SQLite)")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    commands.add_parser("init", help="migrate the database to the current schema").set_defaults(
        run=cmd_init
    )
    seed = commands.add_parser("seed", help="load the Kosovo plan (idempotent)")
    seed.add_argument("--demo", action="store_true", help="also load the illustrative demo set")
    seed.add_argument("--if-empty", action="store_true", help="only into a database with no plan")
    seed.set_defaults(run=cmd_seed)
    export = commands.add_parser("export", help="write the whole database as one document")
    export.add_argument("--out", required=True, help="file to write ('-' for stdout)")
    export.add_argument(
        "--format", default="json", help="json (whole database, the default) or iati (one plan)"
    )
    export.add_argument("--plan", help="plan code for --format iati (needed if several)")
    export.add_argument(
        "--allow-incomplete",
        action="store_true",
        help="--format iati: write even if the plan lacks what IATI needs (listed as warnings)",
    )
    export.add_argument(
        "--include-secrets",
        action="store_true",
        help="json: keep the accounts' password hashes (a full backup); left out by default",
    )
    export.set_defaults(run=cmd_export)
    load = commands.add_parser("import", help="load an export into an empty database")
    load.add_argument("file")
    load.add_argument("--no-audit", action="store_true", help="exact copy: no import event")
    load.set_defaults(run=cmd_import)
    _user_parsers(commands.add_parser("user", help="accounts"))
    commands.add_parser("check", help="integrity report; exit 1 on errors").set_defaults(
        run=cmd_check
    )
    _report_parser(commands)
    translations = commands.add_parser(
        "translations", help="per language: translated, untranslated and fuzzy catalog entries"
    )
    translations.add_argument(
        "--language", choices=[c for c in LANGUAGES if c != SOURCE_LANGUAGE], help="only this one"
    )
    translations.set_defaults(run=cmd_translations)
    generate = commands.add_parser("generate", help="add invented plans to measure at scale")
    generate.add_argument("--plans", type=int, required=True, help="how many plans (SYN-0001…)")
    generate.add_argument("--seed", type=int, default=2007, help="random seed (default 2007)")
    generate.set_defaults(run=cmd_generate)
    return parser


def _iso_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text!r}") from None


def _report_parser(commands) -> None:
    report = commands.add_parser("report", help="write a plan's progress report as a PDF")
    report.add_argument("--plan", required=True, help="plan code")
    report.add_argument("--as-of", required=True, type=_iso_date, help="reporting date")
    report.add_argument(
        "--since", type=_iso_date, help="previous reporting date (default: 3 months earlier)"
    )
    report.add_argument("--out", required=True, help="PDF file to write")
    report.add_argument(
        "--for",
        dest="edition",
        default="coordinator",
        choices=("coordinator", "donor"),
        help="edition: coordinator (default) or donor (small counts suppressed, no internal notes)",
    )
    report.add_argument("--no-charts", action="store_true", help="leave out the chart images")
    report.add_argument(
        "--lang",
        default="en",
        choices=tuple(LANGUAGES),
        help="the document's language: en (default), sq (Albanian) or sr_Latn (Serbian, Latin)",
    )
    report.set_defaults(run=cmd_report)


def _user_parsers(user: argparse.ArgumentParser) -> None:
    actions = user.add_subparsers(dest="action", required=True, metavar="ACTION")
    add = actions.add_parser("add", help="create an account (password prompted or on stdin)")
    add.add_argument("username")
    add.add_argument("--role", required=True, help=", ".join(ROLES))
    add.add_argument("--organisation", help="acronym (or id) of the user's organisation")
    add.add_argument("--password-stdin", action="store_true", help="read the password from stdin")
    add.set_defaults(run=cmd_user_add)
    actions.add_parser("list", help="list accounts").set_defaults(run=cmd_user_list)
    for name, verb in (("deactivate", "refuse an account's sign-ins"), ("reactivate", "undo")):
        state = actions.add_parser(name, help=verb)
        state.add_argument("username")
        state.set_defaults(run=cmd_user_state)
    reset = actions.add_parser("reset-password", help="set a new password; lifts a lock")
    reset.add_argument("username")
    reset.add_argument("--password-stdin", action="store_true", help="read it from stdin")
    reset.set_defaults(run=cmd_user_reset_password)
    set_role = actions.add_parser("set-role", help="change an account's role")
    set_role.add_argument("username")
    set_role.add_argument("role", help=", ".join(ROLES))
    set_role.add_argument("--organisation", help="acronym (or id); needed for an editor")
    set_role.set_defaults(run=cmd_user_set_role)


def cmd_init(_args: argparse.Namespace, url: str) -> Output:
    upgrade(url)
    return [f"database is at schema revision {head_revision()}"], 0


def cmd_seed(args: argparse.Namespace, url: str) -> Output:
    from models.seeding.demo_accounts import demo_accounts_notice, seed_demo_accounts
    from models.seeding.plan import seed_demo, seed_plan

    with _unit_of_work(url) as session:
        if args.if_empty and session.scalar(select(func.count()).select_from(ActionPlan)):
            return ["the database already holds a plan: nothing loaded"], 0
        counts = seed_plan(session)
        for table, created in (seed_demo(session) if args.demo else {}).items():
            counts[table] = counts.get(table, 0) + created
        demo_accounts = seed_demo_accounts(session, actor=_operator()) if args.demo else []
        counts["user_account"] = counts.get("user_account", 0) + len(demo_accounts)
        total = sum(counts.values())
        if total:
            new = {"demo": args.demo, "rows": counts}
            audit.record(session, actor=_operator(), action="seed", entity_type="database", new=new)
    lines = [f"{table}: {n}" for table, n in sorted(counts.items()) if n]
    done = f"created {total} rows" if total else "nothing to create: already loaded"
    return [*lines, done, *demo_accounts_notice(demo_accounts)], 0


def cmd_export(args: argparse.Namespace, url: str) -> Output:
    if args.format not in EXPORT_FORMATS:
        raise CommandError(
            f"export format {args.format!r} is not supported yet; use: {', '.join(EXPORT_FORMATS)}",
            code=2,
        )
    if args.format == "iati":
        if args.include_secrets:
            raise CommandError("--include-secrets is for --format json: IATI has no secrets", 2)
        return _export_iati(args, url)
    if args.plan or args.allow_incomplete:
        option = "--plan" if args.plan else "--allow-incomplete"
        raise CommandError(
            f"{option} is for --format iati: the json export is the whole database", 2
        )
    with _unit_of_work(url) as session:
        doc = exchange.export_database(session, include_secrets=args.include_secrets)
    text = exchange.dump_json(doc)
    rows = sum(len(records) for records in doc["tables"].values())
    if args.out == "-":
        sys.stdout.write(text)
        return [], 0
    exchange.write_text(Path(args.out), text)
    secrets = (
        "with password hashes: keep the file secret"
        if args.include_secrets
        else "password hashes left out (--include-secrets keeps them)"
    )
    done = f"exported {rows} rows of {len(doc['tables'])} tables to {args.out}"
    return [f"{done}; {secrets}"], 0


def _export_iati(args: argparse.Namespace, url: str) -> Output:
    """One plan as IATI 2.03 activities, written only once it validates against the schema
    and passes the IATI rule check; what is missing is listed on stderr, one item a line."""
    from models.exchange.iati_check import IatiExportRefused, checked_export

    with _unit_of_work(url) as session:
        plan = _plan_for_export(session, args.plan)
        code = plan.code
        try:
            export = checked_export(session, plan.id, allow_incomplete=args.allow_incomplete)
        except IatiExportRefused as refused:
            for message in refused.messages:
                print(f"  - {message}", file=sys.stderr)
            raise CommandError(
                f"the IATI export of {code} is refused, nothing written: "
                f"{_count(len(refused.messages), 'problem')} listed above "
                "(--allow-incomplete writes it anyway)"
            ) from None
    for warning in export.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    if args.out == "-":
        sys.stdout.write(export.xml.decode("utf-8"))
        return [], 0
    exchange.write_text(Path(args.out), export.xml.decode("utf-8"))
    return [f"exported {export.activities} activities of {code} as IATI 2.03 to {args.out}"], 0


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


def _plan_for_export(session: Session, code: str | None) -> ActionPlan:
    plans = session.scalars(select(ActionPlan).order_by(ActionPlan.code)).all()
    codes = ", ".join(p.code for p in plans) or "none"
    if code is not None:
        for plan in plans:
            if plan.code == code:
                return plan
        raise CommandError(f"no plan has code {code!r} (plans: {codes})")
    if len(plans) != 1:
        raise CommandError(f"choose a plan with --plan (plans: {codes})")
    return plans[0]


def cmd_report(args: argparse.Namespace, url: str) -> Output:
    """Build the whole document first: a failure leaves no file behind, not even a partial one."""
    from models.exchange.progress_report import build_progress_report

    out = Path(args.out)
    if not out.parent.is_dir():
        raise CommandError(f"no folder {out.parent} to write {out.name} into")
    _require_database_file(url)
    engine = make_engine(url)
    language = current_language()
    try:
        _require_head(engine)
        use_language(args.lang)  # the document's words, numbers and dates
        pdf = build_progress_report(
            engine,
            plan_code=args.plan,
            as_of=args.as_of,
            since=args.since,
            edition=args.edition,
            generated_by=f"{getpass.getuser()} (command line)",
            charts=not args.no_charts,
        )
    finally:
        use_language(language)
        engine.dispose()
    partial = out.with_name(f".{out.name}.partial")
    partial.write_bytes(pdf)
    partial.replace(out)
    edition = "coordinator's" if args.edition == "coordinator" else "donors'"
    done = f"wrote the progress report of {args.plan} as of {args.as_of} ({edition} edition)"
    return [f"{done} to {out}"], 0


def cmd_import(args: argparse.Namespace, url: str) -> Output:
    doc = exchange.read_json(Path(args.file))
    with _unit_of_work(url) as session:
        counts = exchange.import_database(
            session, doc, actor=None if args.no_audit else _operator()
        )
    return [f"imported {sum(counts.values())} rows into {len(counts)} tables"], 0


def cmd_user_add(args: argparse.Namespace, url: str) -> Output:
    with _unit_of_work(url) as session:
        password = _read_password(args.password_stdin)
        user = accounts.create_user(
            session=session,
            username=args.username,
            password=password,
            role=args.role,
            organisation_acronym_or_id=args.organisation,
            actor=_operator(),
        )
        line = f"created user {user.username} ({user.role})"
    return [line], 0


def cmd_user_state(args: argparse.Namespace, url: str) -> Output:
    change = accounts.deactivate_user if args.action == "deactivate" else accounts.reactivate_user
    with _unit_of_work(url) as session:
        user = change(session=session, username_or_id=args.username, actor=_operator())
        line = f"{args.action}d user {user.username}"
    return [line], 0


def cmd_user_reset_password(args: argparse.Namespace, url: str) -> Output:
    with _unit_of_work(url) as session:
        user = accounts.reset_password(
            session=session,
            username_or_id=args.username,
            new_password=_read_password(args.password_stdin),
            actor=_operator(),
        )
        line = f"set a new password for {user.username}"
    return [line], 0


def cmd_user_set_role(args: argparse.Namespace, url: str) -> Output:
    with _unit_of_work(url) as session:
        user = accounts.change_role(
            session=session,
            username_or_id=args.username,
            role=args.role,
            organisation_acronym_or_id=args.organisation,
            actor=_operator(),
        )
        line = f"{user.username} is now {user.role}"
        line += f" of {args.organisation}" if args.organisation else ""
    return [line], 0


def cmd_user_list(_args: argparse.Namespace, url: str) -> Output:
    with _unit_of_work(url) as session:
        users = accounts.list_users(session)
        lines = ["\t".join(_user_columns(user, organisation)) for user, organisation in users]
    return lines or ["no users"], 0


def _user_columns(user, organisation) -> list[str]:
    where = (organisation.acronym or organisation.name) if organisation else "-"
    state = "active" if user.active else "inactive"
    return [user.username, user.role, where, state, *(["demo"] if user.demo else [])]


def cmd_check(_args: argparse.Namespace, url: str) -> Output:
    with _unit_of_work(url, migrated=False) as session:
        problems = integrity.check(session)
    errors = sum(p.severity == "error" for p in problems)
    lines = [f"{p.severity}: {p.message}" for p in problems]
    lines.append(f"{errors} errors, {len(problems) - errors} warnings")
    return lines, 1 if errors else 0


def cmd_translations(args: argparse.Namespace, _url: str) -> Output:
    """How complete each language's catalog is, listing what is left to translate or check."""
    wanted = [args.language] if args.language else [c for c in LANGUAGES if c != SOURCE_LANGUAGE]
    lines = []
    for language in wanted:
        status = catalog_status(language)
        lines.append(
            f"{language} ({LANGUAGES[language]}): {status.translated} translated, "
            f"{len(status.untranslated)} untranslated, {len(status.fuzzy)} fuzzy"
        )
        lines += [f"  untranslated: {msgid}" for msgid in status.untranslated]
        lines += [f"  fuzzy: {msgid}" for msgid in status.fuzzy]
    return lines, 0


def cmd_generate(args: argparse.Namespace, url: str) -> Output:
    from models.seeding.synthetic import generate

    if args.plans < 1:
        raise CommandError(f"--plans must be at least 1, not {args.plans}", code=2)
    with _unit_of_work(url) as session:
        counts = generate(session, plans=args.plans, seed=args.seed, actor=_operator())
    lines = [f"{table}: {n}" for table, n in sorted(counts.items()) if n]
    plans = f"{args.plans} illustrative plan{'s' if args.plans > 1 else ''}"
    return [*lines, f"generated {plans} ({sum(counts.values())} rows)"], 0


@contextmanager
def _unit_of_work(url: str, *, migrated: bool = True) -> Iterator[Session]:
    """One engine and one transaction for one command, on a database that exists."""
    _require_database_file(url)
    engine = make_engine(url)
    try:
        if migrated:
            _require_head(engine)
        with transaction(engine) as session:
            yield session
    finally:
        engine.dispose()


def _require_database_file(url: str) -> None:
    if url.startswith("sqlite:///") and ":memory:" not in url:
        path = Path(url[len("sqlite:///") :])
        if not path.exists():
            raise CommandError(f"no database at {path}: run `{PROG} init` first")


def _require_head(engine: Engine) -> None:
    current, head = current_revision(engine), head_revision()
    if current != head:
        found = f"at revision {current}" if current else "not migrated"
        raise CommandError(f"database is {found}, not {head}: run `{PROG} init` first")


def _operator() -> Operator:
    # Recorded in the audit trail as cli:<OS user>: the command runs on the server, trusted.
    return Operator.command_line()


def _read_password(from_stdin: bool) -> str:
    if from_stdin or not sys.stdin.isatty():
        return sys.stdin.readline().rstrip("\r\n")
    first = getpass.getpass("Password: ")
    if getpass.getpass("Password again: ") != first:
        raise CommandError("the two passwords do not match")
    return first


def _url(flag: str | None) -> str:
    if not flag:
        return database_url()
    for prefix in ("postgres://", "postgresql://"):
        if flag.startswith(prefix):
            return "postgresql+psycopg://" + flag[len(prefix) :]
    return flag


if __name__ == "__main__":
    sys.exit(main())
