"""`ketenregie team ...`: team card, colleagues, handover and receiving bundles (issue 14). Kept out of cli.py so
that file only gains two lines. Output holds counts, fingerprints and colleague names; case numbers only where the
user must choose (a case that already exists here)."""
from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

ROLES = ("ketenregisseur", "teamleider")  # domain/team/identity.TeamRole; not imported here: the parser is built
# at every start (also of the GUI), and the team code (and its crypto) loads only when a team command runs.

EXIT_OK, EXIT_PROBLEM, EXIT_USAGE, EXIT_REGISTER = 0, 1, 2, 3

_TABLE_LABELS = {
    "households": "huishouden", "case_target_groups": "doelgroepen", "case_partners": "ketenpartners",
    "actions": "acties", "journal_entries": "journaalregels", "sharing_bases": "grondslagen en toestemmingen",
    "referrals": "verwijzingen", "conversations": "gesprekken", "conversation_checklist": "checklistregels",
    "conversation_bridge": "brugplaatsingen", "conversation_goals": "doelen", "conversation_goal_steps": "stappen",
    "conversation_recognitions": "erkenningen",
}


def add_team_parser(sub, add_register_args: Callable[[argparse.ArgumentParser], None]) -> None:
    team = sub.add_parser("team", help="werken als team: teamkaart, collega's, overdracht via bundels")
    team_sub = team.add_subparsers(dest="team_command", metavar="OPDRACHT", required=True)

    card = team_sub.add_parser("card", help="schrijf je eigen teamkaart (publieke sleutels, naam, rol)")
    add_register_args(card)
    card.add_argument("--out", type=Path, required=True, help="bestand voor de teamkaart")
    card.add_argument("--name", help="je naam op de kaart (nodig bij de eerste keer)")
    card.add_argument("--role", choices=ROLES, help="je rol (standaard ketenregisseur)")

    add = team_sub.add_parser("add", help="voeg de teamkaart van een collega toe")
    add_register_args(add)
    add.add_argument("card", type=Path, metavar="KAART")
    add.add_argument("--verified", action="store_true",
                     help="ik heb de vingerafdruk met de collega vergeleken (anders eerst 'team verify')")
    add.add_argument("--yes", action="store_true",
                     help="een nieuwe kaart van een bekende collega (dezelfde vingerafdruk, andere naam of rol) "
                          "zonder vragen bijwerken")

    listing = team_sub.add_parser("list", help="toon je collega's met hun vingerafdruk")
    add_register_args(listing)

    verify = team_sub.add_parser("verify", help="markeer de vingerafdruk van een collega als gecontroleerd")
    add_register_args(verify)
    verify.add_argument("colleague", type=int, metavar="NUMMER")

    rename = team_sub.add_parser("rename", help="geef een collega een andere naam in je lijst")
    add_register_args(rename)
    rename.add_argument("colleague", type=int, metavar="NUMMER")
    rename.add_argument("name", metavar="NAAM")

    remove = team_sub.add_parser("remove", help="verwijder een collega uit je lijst")
    add_register_args(remove)
    remove.add_argument("colleague", type=int, metavar="NUMMER")

    handover = team_sub.add_parser("handover", help="maak een overdrachtsbundel voor één collega")
    add_register_args(handover)
    handover.add_argument("--to", type=Path, required=True, metavar="KAART",
                          help="de teamkaart van de (gecontroleerde) collega")
    which = handover.add_mutually_exclusive_group(required=True)
    which.add_argument("--case", action="append", metavar="N", help="casusnummer (meerdere keren mogelijk)")
    which.add_argument("--all-open", action="store_true", help="alle open casussen")
    handover.add_argument("--out", type=Path, required=True, help="bestand voor de bundel")
    handover.add_argument("--mark-now", action="store_true",
                          help="markeer de casussen nu al als overgedragen (niet pas bij de ontvangstbevestiging)")

    cover = team_sub.add_parser("cover", help="vervanging: een kopie van casussen voor een collega tot een einddatum")
    add_register_args(cover)
    cover.add_argument("--to", type=Path, required=True, metavar="KAART", help="de teamkaart van de vervanger")
    cover.add_argument("--case", action="append", required=True, metavar="N", help="casusnummer (meerdere keren)")
    cover.add_argument("--until", type=_iso_date, required=True, metavar="JJJJ-MM-DD", help="laatste dag")
    cover.add_argument("--out", type=Path, required=True, help="bestand voor de bundel")

    cover_return = team_sub.add_parser("cover-return",
                                       help="stuur journaalnotities en acties uit een vervanging terug (ook "
                                            "opnieuw, als een terugbundel kwijt is: alles gaat opnieuw mee, de "
                                            "collega krijgt niets dubbel)")
    add_register_args(cover_return)
    cover_return.add_argument("--out", type=Path, required=True, help="bestand voor de terugbundel")

    receipt = team_sub.add_parser("receipt", help="maak opnieuw een ontvangstbevestiging voor een ingelezen "
                                                  "overdracht (zonder BUNDELNUMMER: de lijst)")
    add_register_args(receipt)
    receipt.add_argument("bundle_id", nargs="?", metavar="BUNDELNUMMER", help="(het begin van) het bundelnummer")
    receipt.add_argument("--out", type=Path, help="bestand voor de ontvangstbevestiging")

    mark = team_sub.add_parser("mark-handed-over", help="markeer de casussen van een verstuurde overdracht als "
                                                        "overgedragen zonder ontvangstbevestiging (zonder "
                                                        "BUNDELNUMMER: de lijst)")
    add_register_args(mark)
    mark.add_argument("bundle_id", nargs="?", metavar="BUNDELNUMMER", help="(het begin van) het bundelnummer")

    receive = team_sub.add_parser("receive", help="lees een bundel van een collega in")
    add_register_args(receive)
    receive.add_argument("bundle", type=Path, metavar="BUNDEL")
    choice = receive.add_mutually_exclusive_group()
    choice.add_argument("--replace", action="store_true", help="vervang casussen die hier al staan")
    choice.add_argument("--keep", action="store_true", help="houd je eigen versie van casussen die hier al staan")
    receive.add_argument("--receipt-out", type=Path, metavar="BESTAND",
                         help="schrijf een ontvangstbevestiging voor de afzender")
    _add_meeting_parsers(team_sub, add_register_args)


def _add_meeting_parsers(team_sub, add_register_args) -> None:
    """Issue 14 item 5: the team lead and the casuïstiekoverleg, and the monitor figures for the team lead."""
    listing = team_sub.add_parser("meetings", help="toon geplande overleggen (voor meeting-send) en overleggen die "
                                                   "je als teamleider ontving (voor meeting-result)")
    add_register_args(listing)

    send = team_sub.add_parser("meeting-send", help="stuur de agenda van een gepland overleg naar de teamleider")
    add_register_args(send)
    send.add_argument("--to", type=Path, required=True, metavar="KAART",
                      help="de teamkaart van de (gecontroleerde) teamleider")
    send.add_argument("--meeting", type=int, required=True, metavar="N", help="nummer van het overleg")
    send.add_argument("--out", type=Path, required=True, help="bestand voor de overlegbundel")

    result = team_sub.add_parser("meeting-result", help="stuur afspraken en acties van een ontvangen overleg terug")
    add_register_args(result)
    result.add_argument("--meeting", type=int, required=True, metavar="N",
                        help="nummer van het ontvangen overleg (zie 'team meetings')")
    result.add_argument("--out", type=Path, required=True, help="bestand voor de resultaatbundel")

    monitor = team_sub.add_parser("monitor-send", help="stuur de monitorcijfers (onderdrukt, zonder casussen) naar "
                                                       "een collega, bijvoorbeeld de teamleider")
    add_register_args(monitor)
    monitor.add_argument("--to", type=Path, required=True, metavar="KAART", help="de teamkaart van de collega")
    monitor.add_argument("--from", dest="period_from", type=_iso_date, required=True, metavar="JJJJ-MM-DD",
                         help="eerste dag van de periode")
    monitor.add_argument("--until", dest="period_until", type=_iso_date, required=True, metavar="JJJJ-MM-DD",
                         help="laatste dag van de periode")
    monitor.add_argument("--out", type=Path, required=True, help="bestand voor de bundel")


def _iso_date(text: str):
    from datetime import date

    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"geen datum (JJJJ-MM-DD): {text!r}") from None


def run_team(args: argparse.Namespace, register_path: Path, read_passphrase) -> int:
    from ketenregie.config import load_policy
    from ketenregie.services.register import RegisterError, open_register
    from ketenregie.services.team import TeamService, TeamServiceError

    try:
        passphrase = read_passphrase(args.passphrase_file)
    except ValueError as exc:
        print(exc, file=sys.stderr)
        return EXIT_USAGE
    try:
        register = open_register(register_path, passphrase, policy=load_policy(), origin="cli")
    except RegisterError as exc:
        print(exc.user_message, file=sys.stderr)
        return EXIT_REGISTER
    with register:
        team = TeamService(register)
        try:
            return _COMMANDS[args.team_command](team, args)
        except TeamServiceError as exc:
            print(exc.user_message, file=sys.stderr)
            return EXIT_PROBLEM
        except OSError as exc:
            print(f"Het bestand kan niet worden geschreven of gelezen ({exc.strerror}). Er is niets gewijzigd.",
                  file=sys.stderr)
            return EXIT_PROBLEM


def _card(team, args) -> int:
    from ketenregie.domain.team.identity import ROLE_LABELS_NL, format_fingerprint

    me = team.identity()
    if me is None and not args.name:
        print("Je hebt nog geen teamkaart. Geef je naam op met --name (en eventueel --role).", file=sys.stderr)
        return EXIT_USAGE
    if args.name or args.role:
        me = team.set_up_identity(args.name or me.display_name,
                                  args.role or (me.role.value if me else ROLES[0]))
    team.write_my_card(args.out)
    print(f"Teamkaart geschreven: {args.out}")
    print(f"{me.display_name} ({ROLE_LABELS_NL[me.role]}). Vingerafdruk:")
    print(format_fingerprint(me.fingerprint))
    return EXIT_OK


def _add(team, args) -> int:
    from ketenregie.domain.team.identity import ROLE_LABELS_NL, format_fingerprint

    card = team.read_card(args.card)
    print(f"Teamkaart van {card.display_name} ({ROLE_LABELS_NL[card.role]}). Vingerafdruk:")
    print(format_fingerprint(card.fingerprint))
    update = team.card_update(card)
    if update is not None and update.changed:
        return _update_card(team, update, args)
    for other in team.same_name_other_key(card):
        print(f"Let op: collega {other.id} heet ook {other.display_name}, maar heeft een andere vingerafdruk (andere "
              "sleutels). Deze kaart wordt een nieuwe collega. Is het dezelfde persoon met een nieuw register, "
              f"controleer dan de vingerafdruk en verwijder de oude kaart ('ketenregie team remove {other.id}').")
    colleague = team.add_colleague(card, verified=args.verified)
    if colleague.verified:
        print(f"Toegevoegd als collega {colleague.id}; de vingerafdruk is gecontroleerd.")
    else:
        print(f"Toegevoegd als collega {colleague.id}, nog NIET gecontroleerd: vergelijk de vingerafdruk met de "
              f"collega (bijvoorbeeld telefonisch) en geef dan 'ketenregie team verify {colleague.id}'. Tot dan "
              "ontvangt deze collega geen casusgegevens.")
    return EXIT_OK


def _update_card(team, update, args) -> int:
    """A new card with the same keys as a listed colleague: show what changes, ask (or --yes), then update."""
    colleague = update.colleague
    print(f"Deze kaart heeft dezelfde vingerafdruk als collega {colleague.id} ({colleague.display_name}): "
          "dezelfde collega, met een nieuwe kaart. Dit verandert:")
    for line in update.lines_nl():
        print(f"  {line}")
    state = "gecontroleerd" if colleague.verified else "NIET gecontroleerd"
    print(f"De vingerafdruk blijft dezelfde en blijft {state}.")
    if not args.yes:
        if not sys.stdin.isatty():
            print("Geef de opdracht opnieuw met --yes om de kaart bij te werken. Er is niets gewijzigd.",
                  file=sys.stderr)
            return EXIT_PROBLEM
        if input("Bijwerken? [j/N] ").strip().casefold() not in ("j", "ja", "y", "yes"):
            print("Er is niets gewijzigd.")
            return EXIT_PROBLEM
    if args.verified and not colleague.verified:
        print("(--verified geldt alleen voor een nieuwe collega; gebruik 'ketenregie team verify "
              f"{colleague.id}' na het vergelijken van de vingerafdruk.)")
    updated = team.update_colleague_card(update.card)
    print(f"Collega {updated.id} bijgewerkt.")
    return EXIT_OK


def _list(team, args) -> int:
    from ketenregie.domain.team.identity import ROLE_LABELS_NL

    colleagues = team.colleagues()
    if not colleagues:
        print("Nog geen collega's. Voeg een teamkaart toe met 'ketenregie team add KAART'.")
    for c in colleagues:
        state = "gecontroleerd" if c.verified else "NIET gecontroleerd"
        groups = " ".join(c.fingerprint[i:i + 5] for i in range(0, 60, 5))
        print(f"{c.id:4d}  {c.display_name} ({ROLE_LABELS_NL[c.card.role]}, {state})  {groups}")
    return EXIT_OK


def _verify(team, args) -> int:
    team.verify_colleague(args.colleague)
    print("De vingerafdruk is als gecontroleerd gemarkeerd.")
    return EXIT_OK


def _rename(team, args) -> int:
    team.rename_colleague(args.colleague, args.name)
    print("De naam is gewijzigd.")
    return EXIT_OK


def _remove(team, args) -> int:
    team.remove_colleague(args.colleague)
    print("De collega is uit je lijst verwijderd.")
    return EXIT_OK


def _handover(team, args) -> int:
    from ketenregie.atomic import write_atomic

    colleague = team.find_colleague_for_card(team.read_card(args.to))
    bundle_id, data, count = team.make_handover(colleague.id, case_numbers=args.case or (),
                                                all_open=args.all_open, mark_now=args.mark_now)
    write_atomic(args.out, data)
    print(f"Overdrachtsbundel {bundle_id[:16]} voor {colleague.display_name}: {count} casus(sen), {len(data)} "
          f"bytes → {args.out}")
    if args.mark_now:
        print("De casussen staan nu als overgedragen (alleen-lezen) in je register.")
    else:
        print("De casussen worden als overgedragen gemarkeerd zodra je de ontvangstbevestiging inleest.")
    return EXIT_OK


def _receive(team, args) -> int:
    from ketenregie.atomic import write_atomic
    from ketenregie.domain.team.bundle import BundleKind

    opened = team.read_bundle(args.bundle)
    if opened.header.kind in (BundleKind.MEETING, BundleKind.MEETING_RESULT, BundleKind.MONITOR):
        return _receive_meeting_kind(team, opened)
    if opened.header.kind == BundleKind.RECEIPT:
        count = team.receive_receipt(opened)
        if count:
            print(f"Ontvangstbevestiging ingelezen: {count} casus(sen) staan nu als overgedragen (alleen-lezen).")
        else:
            print("Ontvangstbevestiging ingelezen; deze overdracht was al bevestigd of gemarkeerd.")
        return EXIT_OK
    if opened.header.kind == BundleKind.COVER_RETURN:
        back = team.receive_cover_return(opened)
        print(f"Terug uit de vervanging: {back.notes} journaalnotitie(s) en {back.actions} actie(s) toegevoegd.")
        if back.already:
            print(f"{back.already} regel(s) stonden er al (uit een eerdere terugbundel) en zijn overgeslagen.")
        return EXIT_OK
    if opened.header.kind == BundleKind.COVER:
        result = team.receive_cover(opened)
        print(f"Vervanging tot {opened.payload['until']}: {len(result.added)} casus(sen) als kopie ingelezen "
              f"(gegevens alleen-lezen; journaal en acties kunnen erbij). {len(result.kept)} stonden er al.")
        return EXIT_OK
    preview = team.preview_handover(opened)
    print(f"Overdracht van {preview.sender_name}: {len(preview.cases)} casus(sen).")
    for table, rows in preview.rows.items():
        if rows and table in _TABLE_LABELS:
            print(f"  {rows:6d}  {_TABLE_LABELS[table]}")
    decisions = {}
    if preview.conflicts:
        print(f"{len(preview.conflicts)} casus(sen) staan al in je register:")
        for case in preview.conflicts:
            changes = [f.split(".", 1)[1] for f in case.diff.fields]
            changes += [f"{_TABLE_LABELS.get(t, t)} {ours}→{theirs}" for t, (ours, theirs) in case.diff.counts.items()]
            print(f"  {case.local_number}: " + (", ".join(changes) if changes else "geen verschillen"))
        if not (args.replace or args.keep):
            print("Kies --replace (hun versie) of --keep (jouw versie). Er is niets ingelezen.", file=sys.stderr)
            return EXIT_PROBLEM
        decisions = {c.case_uid: "replace" if args.replace else "keep" for c in preview.conflicts}
    result = team.receive_handover(opened, decisions)
    print(f"Ingelezen: {len(result.added)} nieuw, {len(result.replaced)} vervangen, {len(result.kept)} "
          f"ongewijzigd gelaten.")
    for old, new in result.renumbered.items():
        print(f"  casusnummer {old} was hier al in gebruik: nu {new}")
    if args.receipt_out:
        _rid, receipt = team.make_receipt(opened)
        write_atomic(args.receipt_out, receipt)
        print(f"Ontvangstbevestiging voor de afzender → {args.receipt_out}")
    return EXIT_OK


def _cover(team, args) -> int:
    from ketenregie.atomic import write_atomic

    colleague = team.find_colleague_for_card(team.read_card(args.to))
    _bid, data, count = team.make_cover(colleague.id, case_numbers=args.case, until=args.until)
    write_atomic(args.out, data)
    print(f"Vervangingsbundel voor {colleague.display_name} tot {args.until.isoformat()}: {count} casus(sen) → "
          f"{args.out}")
    return EXIT_OK


def _cover_return(team, args) -> int:
    from ketenregie.atomic import write_atomic

    covers = team.repo.cover_bundles()
    if not covers:
        print("Je vervangt op dit moment niemand.", file=sys.stderr)
        return EXIT_PROBLEM
    if len(covers) > 1:
        print("Je vervangt meer dan één collega; gebruik de app (Bestand → Vervanging terugsturen).",
              file=sys.stderr)
        return EXIT_PROBLEM
    _bid, data, count = team.make_cover_return(covers[0][0])
    write_atomic(args.out, data)
    print(f"Terugbundel: aanvullingen van {count} casus(sen) → {args.out}")
    return EXIT_OK


def _meeting_service(team):
    from ketenregie.services.team_meeting import TeamMeetingService

    return TeamMeetingService(team.register, team=team)


def _meetings(team, args) -> int:
    service = _meeting_service(team)
    planned, received = service.planned_meetings(), service.team_meetings()
    print("Geplande overleggen (ketenregie team meeting-send --meeting N):" if planned
          else "Geen geplande overleggen.")
    for m in planned:
        print(f"{m.id:4d}  {m.starts_at:%d-%m-%Y %H:%M}  {m.item_count} agendapunt(en)  {m.purpose}")
    if received:
        print("Ontvangen overleggen (ketenregie team meeting-result --meeting N):")
    for m in received:
        state = ("resultaat teruggestuurd" if m.result_sent_at else "afgerond" if m.finished else "nog te houden")
        print(f"{m.id:4d}  {m.starts_at:%d-%m-%Y %H:%M}  {m.item_count} agendapunt(en)  {state}  {m.purpose}")
    return EXIT_OK


def _meeting_send(team, args) -> int:
    from ketenregie.atomic import write_atomic

    colleague = team.find_colleague_for_card(team.read_card(args.to))
    _bid, data, count = _meeting_service(team).make_meeting_bundle(colleague.id, args.meeting)
    write_atomic(args.out, data)
    print(f"Overlegbundel voor {colleague.display_name}: {count} agendapunt(en) (pseudoniemen zoals op de agenda) "
          f"→ {args.out}")
    return EXIT_OK


def _meeting_result(team, args) -> int:
    from ketenregie.atomic import write_atomic

    _bid, data, agreements, actions = _meeting_service(team).make_result(args.meeting)
    write_atomic(args.out, data)
    print(f"Resultaatbundel: {agreements} afspraak/afspraken en {actions} actie(s) → {args.out}")
    return EXIT_OK


def _monitor_send(team, args) -> int:
    from ketenregie.atomic import write_atomic
    from ketenregie.domain.monitor.period import PeriodError, custom

    try:
        period = custom(args.period_from, args.period_until)
    except PeriodError as exc:
        print(str(exc), file=sys.stderr)
        return EXIT_USAGE
    from ketenregie.services.team_monitor import TeamMonitorService

    colleague = team.find_colleague_for_card(team.read_card(args.to))
    _bid, data, rows = TeamMonitorService(team.register, team=team).make_monitor_bundle(colleague.id, period)
    write_atomic(args.out, data)
    print(f"Monitorcijfers voor {colleague.display_name}: {rows} regels, alleen onderdrukte totalen → {args.out}")
    return EXIT_OK


def _receive_meeting_kind(team, opened) -> int:
    from ketenregie.domain.team.bundle import BundleKind

    service = _meeting_service(team)
    if opened.header.kind == BundleKind.MEETING:
        meeting_id = service.receive_meeting(opened)
        count = len(opened.payload.get("items", []))
        print(f"Overleg ontvangen van {service.sender_name(opened.header.sender)}: {count} agendapunt(en), "
              f"nummer {meeting_id} hier. Voorzit het in de app (Overleggen, of Bestand → Ontvangen overleggen…) "
              f"en stuur het resultaat terug met 'ketenregie team meeting-result --meeting {meeting_id}'.")
        return EXIT_OK
    if opened.header.kind == BundleKind.MEETING_RESULT:
        outcome = service.import_result(opened)
        print("Resultaat van het overleg ingelezen: " + outcome.message_nl())
        return EXIT_OK
    from ketenregie.services.team_monitor import TeamMonitorService

    figures = TeamMonitorService(team.register, team=team).receive_monitor(opened)
    print(f"{figures.title} ontvangen van {service.sender_name(opened.header.sender)}: {len(figures.rows)} "
          "regels (alleen onderdrukte totalen). Bekijk ze in de app (Bestand → Ontvangen monitorcijfers…).")
    return EXIT_OK


def _receipt(team, args) -> int:
    """A receipt made again for a handover read earlier (the first one got lost)."""
    from ketenregie.atomic import write_atomic

    received = team.received_handovers()
    if args.bundle_id is None:
        if not received:
            print("Je hebt nog geen overdracht ingelezen.")
        for bundle_id, sender, at in received:
            print(f"{bundle_id[:16]}  van {sender}, ingelezen {at[:10]}")
        if received:
            print("Maak een nieuwe ontvangstbevestiging met: ketenregie team receipt BUNDELNUMMER --out BESTAND")
        return EXIT_OK
    matches = [b for b, _s, _a in received if b.startswith(args.bundle_id.lower())]
    if len(matches) != 1:
        print("Geen (of meer dan één) ingelezen overdracht met dit bundelnummer; zie 'ketenregie team receipt'.",
              file=sys.stderr)
        return EXIT_PROBLEM
    if args.out is None:
        print("Geef met --out aan waar de ontvangstbevestiging moet komen.", file=sys.stderr)
        return EXIT_USAGE
    _rid, data = team.make_receipt_again(matches[0])
    write_atomic(args.out, data)
    print(f"Nieuwe ontvangstbevestiging voor de afzender → {args.out}")
    return EXIT_OK


def _mark_handed_over(team, args) -> int:
    """Mark the cases of a sent handover handed over without waiting for the receipt."""
    pending = team.pending_handovers()
    if args.bundle_id is None:
        if not pending:
            print("Er wacht geen overdracht op een ontvangstbevestiging.")
        for bundle_id, name, made, count in pending:
            print(f"{bundle_id[:16]}  aan {name}, gemaakt {made[:10]}, {count} casus(sen) nog niet gemarkeerd")
        return EXIT_OK
    matches = [p[0] for p in pending if p[0].startswith(args.bundle_id.lower())]
    if len(matches) != 1:
        print("Geen (of meer dan één) wachtende overdracht met dit bundelnummer; zie "
              "'ketenregie team mark-handed-over'.", file=sys.stderr)
        return EXIT_PROBLEM
    count = team.mark_handed_over(matches[0])
    print(f"{count} casus(sen) staan nu als overgedragen (alleen-lezen).")
    return EXIT_OK


_COMMANDS = {"card": _card, "add": _add, "list": _list, "verify": _verify, "rename": _rename, "remove": _remove,
             "handover": _handover, "receive": _receive, "cover": _cover, "cover-return": _cover_return,
             "meetings": _meetings, "meeting-send": _meeting_send, "meeting-result": _meeting_result,
             "monitor-send": _monitor_send,
             "receipt": _receipt, "mark-handed-over": _mark_handed_over}
