"""`ketenregie` command line. No arguments starts the GUI; subcommands serve IT and scripting.

Scripted commands read a passphrase from a file (`--passphrase-file F`) or standard input (`-`), never from the
command line, where other users could read it in the process list. Exit codes: 0 fine, 1 a check found a
problem, 2 wrong usage, 3 the register could not be opened or written.
"""
from __future__ import annotations

import argparse
import logging
import shutil
import sys
import tempfile
from pathlib import Path

from ketenregie import __version__

EXIT_OK, EXIT_PROBLEM, EXIT_USAGE, EXIT_REGISTER = 0, 1, 2, 3
DEMO_PASSPHRASE = "demo wachtwoordzin ketenregie"
DEMO_GUI_CASES = 250
DEMO_MAX_CASES = 100_000  # generated in memory before one insert: far more exhausts memory (issue 10)
PASSPHRASE_FILE_MAX_BYTES = 64 * 1024
_log = logging.getLogger("ketenregie.cli")


class _DutchArgumentParser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # argparse exits with 2 on usage errors: keep that, say it in Dutch
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"{self.prog}: fout: {message}\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _DutchArgumentParser(
        prog="ketenregie",
        description="Ketenregie — versleuteld casusregister voor de ketenregisseur schuldhulpverlening. "
                    "Zonder opdracht start de grafische toepassing.")
    _add_top_level_args(parser)
    sub = parser.add_subparsers(dest="command", metavar="OPDRACHT")

    doctor = sub.add_parser("doctor", help="controleer de installatie (versies, sleutelbos, mappen, beleid)")
    doctor.add_argument("--register", type=Path, dest="doctor_register", help="controleer dit register")

    audit = sub.add_parser("audit", help="auditlog")
    audit_sub = audit.add_subparsers(dest="audit_command", metavar="OPDRACHT", required=True)
    verify = audit_sub.add_parser("verify", help="controleer de hashketen van de auditlog")
    _add_register_args(verify)

    calendar = sub.add_parser("calendar", help="toon de niet-werkdagen (Atw) van een jaar, met hun bron")
    calendar.add_argument("year", type=int, metavar="JAAR")

    samples = sub.add_parser("sample-documents",
                             help="maak van elk documentsoort een voorbeeld-PDF met fictieve gegevens")
    samples.add_argument("--out", type=Path, required=True, help="map voor de voorbeelden")

    demo = sub.add_parser("demo", help="maak een wegwerp-demoregister met fictieve gegevens")
    _add_register_args(demo, register_required=True)
    demo.add_argument("--cases", type=_demo_cases, default=0, metavar="N",
                      help=f"vul het register met N fictieve casussen (standaard 0, hooguit {DEMO_MAX_CASES})")

    purge = sub.add_parser("purge", help="vernietig wat over de bewaartermijn is (eerst een voorbeeld; alleen "
                                         "aantallen)")
    _add_register_args(purge)
    mode = purge.add_mutually_exclusive_group()
    mode.add_argument("--dry-run", action="store_true", help="toon alleen wat zou verdwijnen (standaard)")
    mode.add_argument("--yes", action="store_true", help="vernietig het echt (na een voorbeeld)")

    restore = sub.add_parser("restore", help="zet een back-up terug (eerst volledig gecontroleerd; het huidige "
                                             "register wordt apart gezet, niet verwijderd)")
    restore.add_argument("backup", type=Path, metavar="BACKUP", help="het back-upbestand (met .keys ernaast)")
    _add_register_args(restore)
    clear = sub.add_parser("clear-leftover", help="zet de resten van een onvolledig register (register zonder "
                                                  "sleutelbestand of andersom) opzij")
    clear.add_argument("--register", type=Path, dest="sub_register", help="pad naar het register")
    inzage = sub.add_parser("inzage", help="maak een inzage (AVG art. 15) voor één casus: PDF en JSON")
    inzage.add_argument("case_number", metavar="CASUS", help="casusnummer, bijvoorbeeld 2026-0042")
    inzage.add_argument("--out", type=Path, required=True, help="map voor de bestanden")
    _add_register_args(inzage)
    # Vroegsignalering (issue 12)
    signals = sub.add_parser("signals", help="vroegsignalen inlezen")
    signals_sub = signals.add_subparsers(dest="signals_command", metavar="OPDRACHT", required=True)
    signals_import = signals_sub.add_parser("import", help="lees een signalenbestand in (CSV, .xlsx of DDAS-JSON)")
    signals_import.add_argument("file", type=Path, metavar="BESTAND")
    signals_import.add_argument("--mapping", metavar="NAAM", help="gebruik deze opgeslagen kolomkoppeling")
    signals_import.add_argument("--dry-run", action="store_true", help="toon alleen wat ingelezen zou worden")
    _add_register_args(signals_import)
    export = sub.add_parser("export", help="exporteer gegevens (bijv. de DDAS-levering vroegsignalering)")
    export_sub = export.add_subparsers(dest="export_command", metavar="OPDRACHT", required=True)
    ddas_vs = export_sub.add_parser("ddas-vs", help="DDAS-levering vroegsignalering (VS v1.2) over een periode")
    ddas_vs.add_argument("--from", dest="date_from", type=_iso_date, required=True, metavar="JJJJ-MM-DD")
    ddas_vs.add_argument("--to", dest="date_to", type=_iso_date, required=True, metavar="JJJJ-MM-DD")
    ddas_vs.add_argument("--out", type=Path, required=True, metavar="BESTAND")
    _add_register_args(ddas_vs)
    from ketenregie.cli_team import add_team_parser  # issue 14: `ketenregie team ...`
    add_team_parser(sub, _add_register_args)
    ddas_shv = export_sub.add_parser("ddas-shv", help="DDAS-levering schuldhulpverlening (SHV v1.0) over een periode")
    ddas_shv.add_argument("--from", dest="date_from", type=_iso_date, required=True, metavar="JJJJ-MM-DD")
    ddas_shv.add_argument("--to", dest="date_to", type=_iso_date, required=True, metavar="JJJJ-MM-DD")
    ddas_shv.add_argument("--out", type=Path, required=True, metavar="BESTAND")
    _add_register_args(ddas_shv)

    monitor = sub.add_parser("monitor", help="monitorcijfers over een periode als PDF, CSV of Excel")
    monitor.add_argument("--from", dest="date_from", type=_iso_date, required=True, metavar="JJJJ-MM-DD")
    monitor.add_argument("--to", dest="date_to", type=_iso_date, required=True, metavar="JJJJ-MM-DD")
    monitor.add_argument("--format", dest="monitor_format", choices=("pdf", "csv", "xlsx"), required=True)
    monitor.add_argument("--out", type=Path, required=True, metavar="BESTAND")
    _add_register_args(monitor)
    return parser


def _add_top_level_args(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--version", action="version", version=f"Ketenregie {__version__}")
    parser.add_argument("--register", type=Path, help="pad naar het register (standaard: lokale gegevensmap)")
    parser.add_argument("--demo", action="store_true",
                        help="start met een tijdelijk demoregister dat bij afsluiten wordt verwijderd")


class _NotTheGuiStart(Exception):
    pass


class _GuiStartParser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # anything unusual: the full parser decides (and says it in Dutch)
        raise _NotTheGuiStart


def parse_arguments(argv: list[str] | None = None) -> argparse.Namespace:
    """`build_parser().parse_args(argv)`, but the GUI start (no subcommand: at most --register and --demo) is
    parsed without building the parsers of all subcommands, which took ~10 ms of every start (issue 15 item 13).
    Help, subcommands and every mistake go through the full parser."""
    quick = _GuiStartParser(prog="ketenregie", add_help=False)
    _add_top_level_args(quick)
    try:
        args, extra = quick.parse_known_args(argv)
    except _NotTheGuiStart:
        extra = [""]
    if extra:
        return build_parser().parse_args(argv)
    args.command = None
    return args


def _iso_date(text: str):
    from datetime import date

    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"geen datum (JJJJ-MM-DD): {text!r}") from None


def _non_negative(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"geen geheel getal: {text!r}") from None
    if value < 0:
        raise argparse.ArgumentTypeError("moet 0 of groter zijn")
    return value


def _demo_cases(text: str) -> int:
    value = _non_negative(text)
    if value > DEMO_MAX_CASES:
        raise argparse.ArgumentTypeError(f"hooguit {DEMO_MAX_CASES} casussen in een demoregister (gevraagd: {value})")
    return value


def _add_register_args(parser: argparse.ArgumentParser, register_required: bool = False) -> None:
    parser.add_argument("--register", type=Path, dest="sub_register", required=register_required,
                        help="pad naar het register")
    parser.add_argument("--passphrase-file", type=Path,
                        help="lees de wachtwoordzin uit dit bestand ('-' = standaardinvoer)")


def main(argv: list[str] | None = None) -> int:
    from ketenregie.diagnostics import harden_process, install_excepthook, setup_logging
    from ketenregie.paths import AppPaths

    args = parse_arguments(argv)
    paths = AppPaths.from_environment()
    harden_process()
    try:
        paths.ensure()
        setup_logging(paths.log_dir)
    except OSError as exc:
        detail = getattr(exc, "user_message", None) or exc.strerror or type(exc).__name__
        print(f"Ketenregie: de gegevens- of logmap kan niet worden aangemaakt ({detail}).", file=sys.stderr)
        return EXIT_PROBLEM
    install_excepthook(paths.log_dir, show_dialog=args.command is None)
    _log.info("start version=%s command=%s", __version__, args.command or "gui")

    if args.command == "doctor":
        from ketenregie.doctor import run_doctor

        return run_doctor(paths, register=args.doctor_register or args.register)
    if args.command == "audit":
        return _audit_verify(_register_path(args, paths), args.passphrase_file)
    if args.command == "calendar":
        return _calendar(args.year)
    if args.command == "sample-documents":
        return _sample_documents(args.out)
    if args.command == "purge":
        return _purge(_register_path(args, paths), args.passphrase_file, confirmed=args.yes)
    if args.command == "clear-leftover":
        return _clear_leftover(_register_path(args, paths))
    if args.command == "demo":
        return _demo(args.sub_register, args.passphrase_file, args.cases)
    if args.command == "restore":
        return _restore(_register_path(args, paths), args.backup, args.passphrase_file)
    if args.command == "inzage":
        return _inzage(_register_path(args, paths), args.passphrase_file, args.case_number, args.out)
    if args.command == "signals":
        return _signals_import(_register_path(args, paths), args.passphrase_file, args.file, args.mapping,
                               dry_run=args.dry_run)
    if args.command == "export" and args.export_command == "ddas-shv":
        return _export_ddas_shv(_register_path(args, paths), args.passphrase_file, args.date_from, args.date_to,
                                args.out)
    if args.command == "monitor":
        return _monitor(_register_path(args, paths), args.passphrase_file, args.date_from, args.date_to,
                        args.monitor_format, args.out)
    if args.command == "export":
        return _export_ddas_vs(_register_path(args, paths), args.passphrase_file, args.date_from, args.date_to,
                               args.out)
    if args.command == "team":
        from ketenregie.cli_team import run_team

        return run_team(args, _register_path(args, paths), read_passphrase)
    return _gui(args, paths)


def _register_path(args: argparse.Namespace, paths) -> Path:
    return getattr(args, "sub_register", None) or args.register or paths.default_register


def read_passphrase(source: Path | None, prompt: str = "Wachtwoordzin: ") -> str:
    """From a file (first line), from stdin ('-'), or typed at a terminal; never from argv. Through the bounded
    reader: a FIFO, /dev/zero, a folder or a huge file is refused with a Dutch message instead of hanging or
    filling memory (stdin is read up to the first newline, at most 64 KiB)."""
    from ketenregie import bounded_read

    if source is None:
        if not sys.stdin.isatty():
            raise ValueError("Geen wachtwoordzin: gebruik --passphrase-file BESTAND of --passphrase-file -.")
        import getpass  # noqa: PLC0415 - not needed by the GUI start

        return getpass.getpass(prompt)
    try:
        if str(source) == "-":
            passphrase = bounded_read.read_first_line(sys.stdin.buffer, max_bytes=PASSPHRASE_FILE_MAX_BYTES)
        else:
            text = bounded_read.read_text(source, max_bytes=PASSPHRASE_FILE_MAX_BYTES)
            passphrase = text.splitlines()[0] if text else ""
    except bounded_read.FileRefused as exc:
        raise ValueError(f"Het wachtwoordbestand kan niet worden gebruikt: {exc.reason}") from None
    if not passphrase:
        raise ValueError("Het wachtwoordbestand is leeg.")
    return passphrase


def _open_for_cli(register_path: Path, passphrase: str, policy):
    """Open the register for a CLI command, or print the Dutch reason and return the exit code (an int)."""
    from ketenregie.errors import UserFacingError
    from ketenregie.services.register import open_register

    try:
        return open_register(register_path, passphrase, policy=policy, origin="cli")
    except UserFacingError as exc:  # RegisterError and its kinds, FolderNotUsable
        print(exc.user_message, file=sys.stderr)
        return EXIT_REGISTER
    except OSError as exc:
        print(_os_message(exc), file=sys.stderr)
        return EXIT_REGISTER


def _os_message(exc: OSError) -> str:
    import errno

    reasons = {errno.EACCES: "u heeft geen rechten op deze plek", errno.EPERM: "u heeft geen rechten op deze plek",
               errno.EROFS: "de plek is alleen-lezen", errno.ENOSPC: "de schijf is vol",
               errno.EISDIR: "het pad is een map", errno.ENOTDIR: "een deel van het pad is geen map"}
    reason = reasons.get(exc.errno or 0, "het bestand kan niet worden gelezen of geschreven")
    return f"Het register kan niet worden gebruikt: {reason}. Er is niets gewijzigd."


def _audit_verify(register_path: Path, passphrase_file: Path | None) -> int:
    """Read-only: checks the database, the audit chain and its anchor; appends nothing (also no unlock entry)."""
    from ketenregie.config import load_policy
    from ketenregie.errors import UserFacingError
    from ketenregie.services.register import verify_register

    try:
        passphrase = read_passphrase(passphrase_file)
    except ValueError as exc:
        print(exc, file=sys.stderr)
        return EXIT_USAGE
    try:
        result = verify_register(register_path, passphrase, policy=load_policy(), origin="cli")
    except UserFacingError as exc:  # RegisterError and its kinds, FolderNotUsable
        print(exc.user_message, file=sys.stderr)
        return EXIT_REGISTER
    except OSError as exc:
        print(_os_message(exc), file=sys.stderr)
        return EXIT_REGISTER
    print(result.message)
    return EXIT_OK if result.ok else EXIT_PROBLEM


def _clear_leftover(register_path: Path) -> int:
    """Move half a register (from an interrupted creation, or with a lost file) aside, so a new one can be made."""
    from ketenregie.services.register import RegisterError, clear_leftover, leftover_kind

    if leftover_kind(register_path) is None:
        print("Hier staat geen onvolledig register; er is niets opgeruimd.")
        return EXIT_OK
    try:
        moved_to = clear_leftover(register_path)
    except RegisterError as exc:
        print(exc.user_message, file=sys.stderr)
        return EXIT_REGISTER
    except OSError as exc:
        print(f"De resten konden niet opzij worden gezet ({exc.strerror}).", file=sys.stderr)
        return EXIT_REGISTER
    print(f"De resten van het onvolledige register staan nu in {moved_to}. U kunt een nieuw register maken.")
    return EXIT_OK


def _calendar(year: int) -> int:
    from ketenregie.calendar_source import CalendarUnavailable, load_calendar
    from ketenregie.domain.calendar import CalendarRangeError, format_year

    try:
        calendar = load_calendar()
        lines = format_year(calendar, year)
    except (CalendarUnavailable, CalendarRangeError) as exc:
        print(str(exc), file=sys.stderr)
        return EXIT_PROBLEM
    print("\n".join(lines))
    return EXIT_OK


def _sample_documents(out_dir: Path) -> int:
    from ketenregie.documents.samples import write_samples

    try:
        written = write_samples(out_dir)
    except OSError as exc:  # FolderNotUsable (an OSError) carries its own Dutch sentence
        detail = getattr(exc, "user_message", None) or f"De voorbeelden konden niet worden geschreven ({exc.strerror})."
        print(detail, file=sys.stderr)
        return EXIT_PROBLEM
    for path in written:
        print(path)
    return EXIT_OK


def _demo(register_path: Path, passphrase_file: Path | None, cases: int = 0) -> int:
    from ketenregie.demo import create_demo_register
    from ketenregie.errors import UserFacingError

    try:
        passphrase = read_passphrase(passphrase_file)
    except ValueError as exc:
        print(exc, file=sys.stderr)
        return EXIT_USAGE
    try:
        code = create_demo_register(register_path, passphrase, cases)
    except UserFacingError as exc:  # RegisterError, FolderNotUsable: nothing was left behind
        print(exc.user_message, file=sys.stderr)
        return EXIT_REGISTER
    except OSError as exc:
        print(_os_message(exc).replace("Er is niets gewijzigd.", "Er is niets aangemaakt."), file=sys.stderr)
        return EXIT_REGISTER
    except MemoryError:
        print("Te weinig geheugen voor dit demoregister; er is niets aangemaakt. Kies minder casussen.",
              file=sys.stderr)
        return EXIT_REGISTER
    print(f"Demoregister aangemaakt: {register_path}" + (f" ({cases} fictieve casussen)" if cases else ""))
    print(f"Herstelcode (fictief register): {code}")
    return EXIT_OK


def _purge(register_path: Path, passphrase_file: Path | None, *, confirmed: bool, today=None) -> int:
    """Preview (and with --yes destroy) what is past its retention term. Only counts reach stdout: no case
    numbers, no names (the output may end up in a scheduled task's log)."""
    from datetime import date

    from ketenregie.config import load_policy
    from ketenregie.domain.retention import RetentionTerms, cases_nl, meetings_nl
    from ketenregie.store.retention_repository import RetentionRepository

    try:
        passphrase = read_passphrase(passphrase_file)
    except ValueError as exc:
        print(exc, file=sys.stderr)
        return EXIT_USAGE
    policy = load_policy()
    register = _open_for_cli(register_path, passphrase, policy)
    if isinstance(register, int):
        return register
    with register:
        terms = RetentionTerms.from_policy(register.policy or policy)
        repo = RetentionRepository(register.db, register.audit)
        plan = repo.plan(today or date.today(), terms)
        signals = f", {len(plan.signal_cases)} vroegsignaalzaken" if plan.signal_cases else ""
        print(f"Over de bewaartermijn op {plan.today.isoformat()}: {cases_nl(len(plan.cases))}, "
              f"{meetings_nl(len(plan.meetings))}{signals}.")
        if confirmed:  # issue 14: cover copies of a colleague's cases go after their end date
            from ketenregie.services.team import TeamService

            covers = TeamService(register).purge_expired_covers(plan.today)
            if covers:
                print(f"Vervanging afgelopen: {cases_nl(covers)} (kopieën) vernietigd.")
            from ketenregie.services.team_meeting import TeamMeetingService  # issue 14 item 5

            received = TeamMeetingService(register).purge_expired_meetings(plan.today, terms)
            if received:
                print(f"Van een ketenregisseur ontvangen: {meetings_nl(received)} vernietigd.")
        _purge_form_drafts(register, confirmed=confirmed)  # issue 15: unsaved input older than 24 hours
        for rule, count in plan.counts_by_rule().items():
            print(f"  {count:5d}  {rule}")
        if plan.is_empty:
            return EXIT_OK
        if not confirmed:
            print("Niets verwijderd (voorbeeld). Vernietigen: ketenregie purge --register PAD --passphrase-file "
                  "BESTAND --yes")
            return EXIT_OK
        try:
            counts = repo.purge(plan, terms)
        except Exception as exc:  # noqa: BLE001 - one transaction: nothing was deleted
            _log.error("purge failed: %s", type(exc).__name__)  # the kind only: never content
            print("Het opschonen is mislukt; er is niets verwijderd.", file=sys.stderr)
            return EXIT_REGISTER
    signals = f", {counts.signal_cases} vroegsignaalzaken" if counts.signal_cases else ""
    print(f"Vernietigd: {cases_nl(counts.cases)}, {meetings_nl(counts.meetings)}{signals}. Vastgelegd in de auditlog "
          "(alleen aantallen).")
    _print_backup_horizon(register_path, policy, today or date.today())
    return EXIT_OK


def _purge_form_drafts(register, *, confirmed: bool) -> None:
    """Form drafts (what was typed but not saved when Ketenregie locked) older than 24 hours: counted in the
    preview, destroyed with --yes (domain/form_drafts.py). A count only."""
    from ketenregie.services.form_drafts import FormDraftService

    service = FormDraftService(register)
    count = service.purge_expired() if confirmed else service.count_expired()
    if count:
        forms = "formulier" if count == 1 else "formulieren"
        print(f"Niet-opgeslagen invoer ouder dan 24 uur: {count} {forms} "
              + ("vernietigd." if confirmed else "(wordt met --yes vernietigd)."))


def _print_backup_horizon(register_path: Path, policy, today) -> None:
    """Backups are part of retention: say until when they can still hold what was just destroyed."""
    from ketenregie.services.backup import horizon

    try:
        print(f"Back-ups: {horizon(register_path, policy, today).summary_nl}")
    except OSError:
        print("Back-ups: de back-upmap kan niet worden gelezen.")


def _restore(register_path: Path, backup: Path, passphrase_file: Path | None) -> int:
    """Verify a backup (key slots, every page, audit chain; read-only) and put it in the register's place; the
    current register is set aside under a new name, never deleted."""
    from ketenregie.config import load_policy
    from ketenregie.services.backup import RestoreError, restore_backup
    from ketenregie.services.register import RegisterError

    try:
        passphrase = read_passphrase(passphrase_file, "Wachtwoordzin van de back-up: ")
    except ValueError as exc:
        print(exc, file=sys.stderr)
        return EXIT_USAGE
    try:
        outcome = restore_backup(register_path, backup, passphrase, policy=load_policy(), origin="cli")
    except (RestoreError, RegisterError) as exc:
        print(exc.user_message, file=sys.stderr)
        return EXIT_REGISTER
    outcome.register.close("quit")
    print("De back-up is gecontroleerd en teruggezet. Open het register met de wachtwoordzin van de back-up.")
    for path in outcome.set_aside:
        print(f"Apart gezet (niet verwijderd): {path}")
    return EXIT_OK


def _inzage(register_path: Path, passphrase_file: Path | None, case_number: str, out_dir: Path) -> int:
    """Write the inzage PDF and JSON of one case into `out_dir`. Prints the file paths (case number and document
    kind only) and a count; never a name or any other content."""
    from ketenregie.domain.cases import parse_case_number
    from ketenregie.services.inzage import InzageService
    from ketenregie.store.case_repository import CaseNotFound

    try:
        parse_case_number(case_number)
    except ValueError:
        print("Geen geldig casusnummer (verwacht JJJJ-NNNN, bijvoorbeeld 2026-0042).", file=sys.stderr)
        return EXIT_USAGE
    register, code = _open_from_passphrase_file(register_path, passphrase_file)
    if register is None:
        return code
    with register:
        try:
            files = InzageService(register).make(case_number, out_dir)
        except CaseNotFound as exc:
            print(exc.user_message, file=sys.stderr)
            return EXIT_PROBLEM
        except OSError as exc:
            print(f"De inzage kon niet worden geschreven ({exc.strerror}); er is niets gemaakt.", file=sys.stderr)
            return EXIT_PROBLEM
    print(files.pdf)
    print(files.json)
    print(f"Inzage gemaakt: {files.items} onderdelen. Vastgelegd in de auditlog (alleen aantallen).")
    return EXIT_OK


def _open_from_passphrase_file(register_path: Path, passphrase_file: Path | None):
    """(register, None) or (None, exit code) after printing the Dutch reason."""
    from ketenregie.config import load_policy

    try:
        passphrase = read_passphrase(passphrase_file)
    except ValueError as exc:
        print(exc, file=sys.stderr)
        return None, EXIT_USAGE
    opened = _open_for_cli(register_path, passphrase, load_policy())
    return (None, opened) if isinstance(opened, int) else (opened, None)


def _run_on_register(register_path: Path, passphrase_file: Path | None, work, refused: type[Exception], *,
                     refused_prefix: str = ""):
    """Open the register, run `work(register)` and close it: (result, None), or (None, exit code) after printing
    the Dutch reason — a refusal of the feature (`refused`, its own message) or a file that could not be read or
    written. Never prints content."""
    register, code = _open_from_passphrase_file(register_path, passphrase_file)
    if register is None:
        return None, code
    with register:
        try:
            return work(register), None
        except refused as exc:
            print(refused_prefix + exc.user_message, file=sys.stderr)
        except OSError as exc:
            print(f"Het bestand kon niet worden gelezen of geschreven ({exc.strerror}).", file=sys.stderr)
    return None, EXIT_PROBLEM


def _signals_import(register_path: Path, passphrase_file: Path | None, file: Path, mapping: str | None, *,
                    dry_run: bool = False) -> int:
    """Print what was imported, repeated, skipped and refused: counts and Dutch line errors, never content."""
    from ketenregie.services.signals import SignalError, SignalService, counts_nl

    def work(register):
        service = SignalService(register)
        parsed = service.read_file(file, mapping_name=mapping)
        return service.preview(parsed) if dry_run else service.import_parsed(parsed)

    counts, code = _run_on_register(register_path, passphrase_file, work, SignalError, refused_prefix="Geweigerd: ")
    if code is not None:
        return code
    print(("Voorbeeld (niets opgeslagen): " if dry_run else "Ingelezen: ") + counts_nl(counts))
    return EXIT_OK


def _export_ddas_vs(register_path: Path, passphrase_file: Path | None, date_from, date_to, out: Path) -> int:
    from ketenregie.services.signals import BSN_WARNING, SignalError, SignalService

    counts, code = _run_on_register(register_path, passphrase_file,
                                    lambda register: SignalService(register).export_ddas(date_from, date_to, out),
                                    SignalError)
    if code is not None:
        return code
    print(f"DDAS-levering geschreven: {counts.signals} vroegsignalen, {counts.cases} vroegsignaalzaken, "
          f"{counts.attempts} contactpogingen ({counts.with_bsn} met BSN).")
    print(BSN_WARNING)
    return EXIT_OK


def _monitor_period(date_from, date_to):
    from ketenregie.domain.monitor.period import PeriodError, custom

    try:
        return custom(date_from, date_to)
    except PeriodError as exc:
        print(exc, file=sys.stderr)
        return None


def _export_ddas_shv(register_path: Path, passphrase_file: Path | None, date_from, date_to, out: Path) -> int:
    """The SHV v1.0 delivery: counts and the BSN warning only, never content."""
    from ketenregie.services.monitor import SHV_BSN_WARNING, MonitorError, MonitorService

    period = _monitor_period(date_from, date_to)
    if period is None:
        return EXIT_USAGE
    counts, code = _run_on_register(register_path, passphrase_file,
                                    lambda register: MonitorService(register).export_shv(period, out), MonitorError)
    if code is not None:
        return code
    print(f"DDAS-levering schuldhulpverlening geschreven: {counts.trajects} trajecten, {counts.closed} afgesloten "
          f"({counts.with_bsn} met BSN).")
    print(SHV_BSN_WARNING)
    return EXIT_OK


def _monitor(register_path: Path, passphrase_file: Path | None, date_from, date_to, fmt: str, out: Path) -> int:
    """The monitor report as PDF, CSV or Excel: anonymous totals with "<5" markers."""
    from ketenregie.services.monitor import MonitorError, MonitorService

    period = _monitor_period(date_from, date_to)
    if period is None:
        return EXIT_USAGE
    report, code = _run_on_register(register_path, passphrase_file,
                                    lambda register: MonitorService(register).export(period, fmt, out), MonitorError)
    if code is not None:
        return code
    print(f"Monitor geschreven ({fmt}): {len(report.tables)} tabellen over {report.period.label_nl()}.")
    return EXIT_OK


def _gui(args: argparse.Namespace, paths) -> int:
    from ketenregie.ui.app import run_gui

    if not args.demo:
        return run_gui(args.register or paths.default_register)
    from ketenregie.demo import create_demo_register

    folder = Path(tempfile.mkdtemp(prefix="ketenregie-demo-"))
    try:
        register_path = folder / "demo.ketenregie"
        create_demo_register(register_path, DEMO_PASSPHRASE, cases=DEMO_GUI_CASES)
        notice = f"Demoregister met fictieve gegevens. Wachtwoordzin: {DEMO_PASSPHRASE}"
        return run_gui(register_path, notice=notice)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
