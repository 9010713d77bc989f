"""One typed settings registry: user settings (QSettings, never personal data) and read-only IT policy.

Policy always wins: a user setting is clamped to what policy allows. Policy comes from
`HKLM\\SOFTWARE\\Policies\\Ketenregie` on Windows (so GPO/Intune can set it) and from a TOML file elsewhere;
`KETENREGIE_POLICY_FILE` points at a TOML file on any platform (tests, trials). Every key is documented in
docs/policy.md, which a test keeps in step with POLICY_KEYS.
"""
from __future__ import annotations

import logging
import os
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

WINDOWS_POLICY_KEY = r"SOFTWARE\Policies\Ketenregie"
POLICY_FILE_ENV = "KETENREGIE_POLICY_FILE"


def default_policy_file() -> Path:
    if sys.platform == "darwin":
        return Path("/Library/Application Support/Ketenregie/policy.toml")
    if sys.platform == "win32":
        return Path(os.environ.get("PROGRAMDATA", r"C:\ProgramData")) / "Ketenregie" / "policy.toml"
    return Path("/etc/ketenregie/policy.toml")


@dataclass(frozen=True)
class PolicyKey:
    name: str
    type: type
    default: Any
    description: str  # Dutch: rendered into docs/policy.md and the ADMX template for IT
    minimum: int | None = None
    maximum: int | None = None


POLICY_KEYS: tuple[PolicyKey, ...] = (
    PolicyKey("IdleLockMaxMinutes", int, 15,
              "Maximale tijd zonder gebruik (minuten) waarna Ketenregie vergrendelt. De gebruiker kan korter "
              "kiezen, nooit langer. BIO-maximum is 15.", 1, 15),
    PolicyKey("PassphraseMinLength", int, 12,
              "Minimale lengte van de wachtwoordzin van het register.", 12, 128),
    PolicyKey("DeviceSecret", bool, False,
              "Meng een apparaatgeheim uit de sleutelbos van het besturingssysteem in de wachtwoordzin-sleutel, "
              "zodat een gekopieerd register niet buiten dit gebruikersaccount kan worden aangevallen."),
    PolicyKey("KdfTargetMilliseconds", int, 500,
              "Doeltijd (ms) voor het afleiden van de sleutel uit de wachtwoordzin (Argon2id) bij het instellen. "
              "Nooit minder dan 64 MiB geheugen en 3 rondes.", 250, 3000),
    PolicyKey("ClipboardClearSeconds", int, 30,
              "Na zoveel seconden wist Ketenregie gekopieerde persoonsgegevens van het klembord.", 5, 300),
    PolicyKey("BsnEnabled", bool, False,
              "Sta het vastleggen van het BSN toe (alleen nodig voor formele verwijzingen)."),
    PolicyKey("DecisionTermWeeks", int, 8,
              "Termijn (weken) voor de beschikking na het eerste gesprek (Wgs art. 4a; maximaal 8).", 1, 8),
    PolicyKey("DueSoonWorkingDays", int, 5,
              "Een termijn heet 'bijna verlopen' zoveel werkdagen voor de einddatum.", 1, 20),
    PolicyKey("EquatedDaysFile", str, "",
              "Pad naar een TOML-bestand met extra bij Koninklijk Besluit gelijkgestelde dagen (Atw), als "
              "aanvulling op de meegeleverde lijst. Leeg: alleen de meegeleverde lijst."),
    # Letterhead of outgoing letters (issue 4: referral letters; later documents use the same letterhead).
    PolicyKey("LetterheadName", str, "Gemeente Lansingerland",
              "Naam van de organisatie bovenaan brieven (briefhoofd)."),
    PolicyKey("LetterheadAddress", str, "",
              "Postadres in het briefhoofd; scheid regels met ' | ' (bijv. 'Postbus 1 | 2650 AA Plaats'). "
              "Leeg: geen adres."),
    PolicyKey("LetterheadSender", str, "Schuldhulpverlening",
              "Afdeling of team dat brieven verstuurt, onder de naam in het briefhoofd."),
    PolicyKey("LetterheadPhone", str, "",
              "Algemeen telefoonnummer in het briefhoofd. Leeg: niet tonen."),
    PolicyKey("LetterheadEmail", str, "",
              "Algemeen e-mailadres in het briefhoofd. Leeg: niet tonen."),
    PolicyKey("LetterheadWebsite", str, "",
              "Website in het briefhoofd. Leeg: niet tonen."),
    PolicyKey("LetterheadLogoFile", str, "",
              "Pad naar het logo (PNG of JPEG) linksboven in brieven. Leeg of onleesbaar: geen logo "
              "(`ketenregie doctor` meldt een onleesbaar bestand)."),
    PolicyKey("PartnerDirectoryFile", str, "",
              "Pad naar een TOML-bestand met de partnerlijst (adres, contactpersoon, kanaal, soort partner). "
              "Ingesteld: de lijst komt uit dit bestand en is in de app niet te wijzigen. Leeg: de gebruiker "
              "beheert de lijst zelf."),
    # Conversations (issue 5).
    PolicyKey("BridgeDefinitionFile", str, "",
              "Pad naar een TOML-bestand met de teksten van de brug naar zelfredzaamheid (vijf pijlers, "
              "deelgebieden, vijf treden), bijv. de gelicentieerde teksten van uw organisatie; formaat in "
              "docs/checklists.md. Leeg: de meegeleverde neutrale teksten. Een onbruikbaar bestand: de "
              "meegeleverde teksten, met een zichtbare waarschuwing."),
    # Retention (Selectielijst gemeenten 2020; domain/retention.py). The law's terms are the defaults.
    PolicyKey("RetentionCaseYears", int, 5,
              "Bewaartermijn (jaren) van een afgesloten casus waarin schuldhulp is verleend, beëindigd of afgewezen, "
              "gerekend vanaf de afsluitdatum. Selectielijst gemeenten 2020: 5 jaar.", 1, 10),
    PolicyKey("RetentionAbortedCaseYears", int, 1,
              "Bewaartermijn (jaren) van een afgebroken casus (geen contact meer, teruggetrokken), gerekend vanaf de "
              "afsluitdatum. Selectielijst gemeenten 2020: 1 jaar.", 1, 10),
    PolicyKey("RetentionMeetingExternalYears", int, 5,
              "Bewaartermijn (jaren) van agenda en verslag van een overleg met derden onder voorzitterschap van de "
              "gemeente, gerekend vanaf de datum van het overleg. Selectielijst gemeenten 2020: 5 jaar.", 1, 10),
    PolicyKey("RetentionMeetingInternalYears", int, 1,
              "Bewaartermijn (jaren) van agenda en verslag van een intern overleg, gerekend vanaf de datum van het "
              "overleg. Selectielijst gemeenten 2020: 1 jaar.", 1, 10),
    # Automatic backups (issue 10 item 13; services/backup.py, domain/backup_rotation.py).
    PolicyKey("AutomaticBackups", bool, True,
              "Maak na het ontgrendelen automatisch een versleutelde back-up (hooguit één per dag, op de "
              "achtergrond). Oude back-ups worden volgens de rotatie opgeruimd, ook als dit uit staat."),
    PolicyKey("BackupFolder", str, "",
              "Map voor de automatische back-ups (een lokale map van de gebruiker). Leeg: de map 'backups' naast "
              "het register."),
    PolicyKey("BackupDailyCount", int, 7,
              "Aantal dagelijkse back-ups dat bewaard blijft (de nieuwste van elk van de laatste N dagen).", 1, 31),
    PolicyKey("BackupWeeklyCount", int, 4,
              "Aantal wekelijkse back-ups dat bewaard blijft (de nieuwste van elk van de laatste N weken); 0 "
              "betekent geen. Bepaalt hoe lang vernietigde gegevens nog in back-ups staan.", 0, 26),
    # Issue 11: the audit log's own retention term (rows older than this go with the retention purge).
    PolicyKey("RetentionAuditLogYears", int, 5,
              "Bewaartermijn (jaren) van regels in de auditlog (wie wanneer wat deed, nooit de inhoud). Oudere regels "
              "worden met het opschonen vernietigd; de hashketen blijft controleerbaar vanaf de laatste vernietigde "
              "regel. Standaard 5 jaar; laat de termijn door de FG bevestigen.", 1, 10),
    # Issue 14: a case handed over to a colleague is kept here read-only for a limited time only.
    PolicyKey("RetentionHandedOverCaseMonths", int, 12,
              "Bewaartermijn (maanden) van een casus die aan een collega is overgedragen (\"Overgedragen aan … op "
              "…\"), gerekend vanaf de dag van de overdracht. De casus staat dan bij de collega en valt daar onder "
              "de gewone termijnen; hier blijft een alleen-lezen exemplaar om vragen over de overdracht te "
              "beantwoorden. Standaard 12 maanden (de kortste termijn voor casussen in de Selectielijst, afgebroken: 1 "
              "jaar). Een afgesloten casus waarvan de eigen termijn eerder afloopt, gaat onder die regel.", 1, 60),
    # Vroegsignalering (issue 12; domain/signals/, services/signals.py).
    PolicyKey("MunicipalityCode", str, "1621",
              "CBS-gemeentecode (vier cijfers) van de eigen gemeente. Bij het inlezen van vroegsignalen wordt alleen "
              "de levering voor deze gemeente overgenomen; de DDAS-levering draagt deze code. Lansingerland: 1621."),
    PolicyKey("SignalMatchingMonths", int, 3,
              "Matchingperiode (maanden): signalen van hetzelfde huishouden binnen deze periode komen in één "
              "vroegsignaalzaak.", 1, 12),
    PolicyKey("RetentionSignalNotPickedUpMonths", int, 6,
              "Bewaartermijn (maanden) van een vroegsignaal dat niet is opgepakt, gerekend vanaf de signaaldatum. "
              "Gemeentelijke praktijk: 6 maanden.", 1, 24),
    PolicyKey("RetentionSignalPickedUpMonths", int, 12,
              "Bewaartermijn (maanden) van een opgepakte vroegsignaalzaak, gerekend vanaf het afronden. "
              "Gemeentelijke praktijk: 12 maanden.", 1, 60),
    PolicyKey("SignalBsnEnabled", bool, False,
              "Bewaar het BSN dat een signaalpartner meelevert (de DDAS-levering identificeert de inwoner dan met "
              "het BSN). Uit: het BSN wordt bij het inlezen weggelaten en de levering gebruikt postcode en "
              "huisnummer."),
    PolicyKey("SignalTriageFile", str, "",
              "Pad naar een TOML-bestand met de triageregels voor vroegsignalen (formaat in docs/checklists.md). "
              "Leeg: de meegeleverde regels. Een onbruikbaar bestand: de meegeleverde regels, met een zichtbare "
              "waarschuwing."),
    PolicyKey("DdasOrganisationName", str, "Gemeente Lansingerland",
              "Naam van de aanleverende organisatie in de DDAS-levering vroegsignalering."),
    PolicyKey("DdasKvkNumber", str, "",
              "KvK-nummer van de aanleverende organisatie in de DDAS-levering (acht cijfers)."),
    PolicyKey("DdasContactName", str, "",
              "Contactpersoon voor het CBS in de DDAS-levering (naam)."),
    PolicyKey("DdasContactPhone", str, "",
              "Telefoonnummer van de contactpersoon in de DDAS-levering."),
    PolicyKey("DdasContactEmail", str, "",
              "E-mailadres van de contactpersoon in de DDAS-levering."),
    PolicyKey("DdasContactFunction", str, "",
              "Functietitel van de contactpersoon in de DDAS-levering."),
    # Monitor (issue 13; domain/monitor/, services/monitor.py).
    PolicyKey("MonitorMinimumCell", int, 5,
              "Kleinste aantal dat de monitor en zijn exports laten zien: kleinere aantallen staan er als '<5' "
              "(en waar nodig wordt een tweede aantal verborgen). Nooit lager dan 5.", 5, 100),
    PolicyKey("MonitorInhabitants", int, 63000,
              "Aantal inwoners van de gemeente, voor 'vroegsignalen per 1.000 inwoners per maand'.", 1, 10_000_000),
)
POLICY_BY_NAME = {key.name: key for key in POLICY_KEYS}

# A policy that cannot be read, or a security key with an unusable value, never loosens security (DESIGN.md §8):
# these keys then take their *strictest* value instead of the default — IT may have set them stricter than the
# default, and we cannot know. A device secret already in use stays required whatever the policy says: it is
# recorded in the register's key-slot file (vault/keyslots.py), not in the policy.
STRICTEST_ON_ERROR: dict[str, Any] = {
    "IdleLockMaxMinutes": 1,
    "ClipboardClearSeconds": 5,
    "BsnEnabled": False,
    "DeviceSecret": True,
}
POLICY_MAX_BYTES = 256 * 1024
_log = logging.getLogger("ketenregie.config")


@dataclass(frozen=True)
class PolicyProblem:
    severity: str  # "error" (value ignored, file unreadable) or "warning" (value clamped, unknown key)
    message: str  # Dutch, shown by `ketenregie doctor`


@dataclass(frozen=True)
class Policy:
    values: dict[str, Any]
    source: str
    problems: tuple[PolicyProblem, ...] = ()
    explicitly_set: frozenset[str] = field(default_factory=frozenset)

    def __getattr__(self, name: str) -> Any:
        try:
            return self.__dict__["values"][_snake_to_policy_name(name)]
        except KeyError:
            raise AttributeError(name) from None

    def get(self, name: str) -> Any:
        return self.values[name]

    @property
    def has_errors(self) -> bool:
        return any(p.severity == "error" for p in self.problems)

    def user_notice(self) -> str | None:
        """Dutch, for the start screen: the policy could not be (fully) used, so the strictest values apply."""
        if not self.has_errors:
            return None
        return ("Het IT-beleid kon niet (volledig) worden gelezen. Ketenregie gebruikt daarom de strengste "
                "instellingen (onder meer vergrendelen na 1 minuut zonder gebruik, geen BSN). Meld dit bij uw "
                "IT-afdeling; `ketenregie doctor` toont wat er mis is.")

    @classmethod
    def unreadable(cls, source: str, message: str) -> "Policy":
        """The policy of a file that could not be read: defaults, with every security key at its strictest."""
        values = {k.name: k.default for k in POLICY_KEYS}
        values.update(STRICTEST_ON_ERROR)
        return cls(values, source, (PolicyProblem("error", message),))

    @classmethod
    def defaults(cls) -> "Policy":
        return cls({k.name: k.default for k in POLICY_KEYS}, "ingebouwde standaardwaarden")

    @classmethod
    def from_mapping(cls, raw: dict[str, Any], source: str) -> "Policy":
        values = {k.name: k.default for k in POLICY_KEYS}
        problems: list[PolicyProblem] = []
        seen: set[str] = set()
        for name, value in raw.items():
            key = POLICY_BY_NAME.get(name)
            if key is None:
                problems.append(PolicyProblem("warning", f"Onbekende beleidsinstelling '{name}' genegeerd."))
                continue
            checked, problem = _validate(key, value)
            if checked is None and name in STRICTEST_ON_ERROR:
                checked = STRICTEST_ON_ERROR[name]
                problem = PolicyProblem("error", f"'{name}' heeft een onbruikbare waarde; de strengste waarde "
                                                 f"({_dutch_value(checked)}) wordt gebruikt.")
            if problem:
                problems.append(problem)
            if checked is not None:
                values[name] = checked
                seen.add(name)
        return cls(values, source, tuple(problems), frozenset(seen))


def _dutch_value(value: Any) -> str:
    if isinstance(value, bool):
        return "waar" if value else "onwaar"
    return str(value)


def _snake_to_policy_name(snake: str) -> str:
    candidate = "".join(part[:1].upper() + part[1:] for part in snake.split("_"))
    for key in POLICY_KEYS:
        if key.name.lower() == candidate.lower():
            return key.name
    raise KeyError(snake)


def _validate(key: PolicyKey, value: Any) -> tuple[Any, PolicyProblem | None]:
    if key.type is bool:
        if isinstance(value, bool):
            return value, None
        if isinstance(value, int) and value in (0, 1):  # REG_DWORD from the Windows registry
            return bool(value), None
        return None, PolicyProblem("error", f"'{key.name}' moet waar/onwaar zijn; standaard gebruikt.")
    if key.type is int:
        if isinstance(value, bool) or not isinstance(value, int):
            return None, PolicyProblem("error", f"'{key.name}' moet een geheel getal zijn; standaard gebruikt.")
        clamped = value
        if key.minimum is not None:
            clamped = max(key.minimum, clamped)
        if key.maximum is not None:
            clamped = min(key.maximum, clamped)
        if clamped != value:
            return clamped, PolicyProblem(
                "warning", f"'{key.name}' = {value} valt buiten {key.minimum}–{key.maximum}; {clamped} gebruikt.")
        return value, None
    if key.type is str:
        if isinstance(value, str):
            return value, None
        return None, PolicyProblem("error", f"'{key.name}' moet tekst zijn; standaard gebruikt.")
    raise TypeError(key.type)


def load_policy() -> Policy:
    override = os.environ.get(POLICY_FILE_ENV)
    if override:
        return _load_toml(Path(override))
    if sys.platform == "win32":
        registry = _load_windows_registry()
        if registry.source != Policy.defaults().source:
            return registry  # GPO/Intune set it: the registry wins over the file the MSI may have placed
    path = default_policy_file()
    if path.exists():
        return _load_toml(path)
    return Policy.defaults()


_UNREADABLE_TAIL = "standaardwaarden gebruikt, met de strengste waarde voor elke beveiligingsinstelling."


def _load_toml(path: Path) -> Policy:
    """Through the bounded reader (regular file, size and nesting limit, BOM accepted). Unreadable: the strictest
    policy, a finding for doctor and the start screen, and a log line without the file's content."""
    import tomllib  # noqa: PLC0415 - only when there is a policy file (Windows reads the registry)

    from ketenregie import bounded_read  # standard library only

    try:
        raw = bounded_read.read_toml(path, max_bytes=POLICY_MAX_BYTES)
    except bounded_read.FileMissing:
        _log.warning("policy file missing; strictest values used")
        return Policy.unreadable(str(path), f"Beleidsbestand {path} bestaat niet; {_UNREADABLE_TAIL}")
    except bounded_read.FileRefused as exc:
        _log.warning("policy file refused by the bounded reader; strictest values used")
        return Policy.unreadable(str(path), f"Beleidsbestand {path}: {exc.reason} "
                                            f"{_UNREADABLE_TAIL.capitalize()}")
    except tomllib.TOMLDecodeError as exc:
        where = _decode_position(exc)
        _log.warning("policy file is not valid TOML%s; strictest values used", where)
        return Policy.unreadable(str(path), f"Beleidsbestand {path} is geen geldige TOML{where}; "
                                            f"{_UNREADABLE_TAIL}")
    return Policy.from_mapping(raw, str(path))


def _decode_position(exc: "tomllib.TOMLDecodeError") -> str:  # noqa: F821 - imported where raised
    """' (regel 3, kolom 5)' from a TOML error, without the rest of its message (which may quote the file)."""
    line, column = getattr(exc, "lineno", None), getattr(exc, "colno", None)
    if line is None:
        import re

        match = re.search(r"at line (\d+), column (\d+)", str(exc))
        if match:
            line, column = int(match.group(1)), int(match.group(2))
    if line is None and "end of document" in str(exc):
        return " (aan het eind van het bestand)"
    return f" (regel {line}, kolom {column})" if line is not None else ""


def _load_windows_registry() -> Policy:  # pragma: no cover - exercised on Windows only
    import winreg

    raw: dict[str, Any] = {}
    try:
        with winreg.OpenKey(winreg.HKEY_LOCAL_MACHINE, WINDOWS_POLICY_KEY) as handle:
            index = 0
            while True:
                try:
                    name, value, _kind = winreg.EnumValue(handle, index)
                except OSError:
                    break
                raw[name] = value
                index += 1
    except FileNotFoundError:
        return Policy.defaults()
    return Policy.from_mapping(raw, "HKLM\\" + WINDOWS_POLICY_KEY)


# --- user settings -------------------------------------------------------------------------------------------

class SettingsBackend(Protocol):
    def value(self, key: str) -> Any: ...
    def set_value(self, key: str, value: Any) -> None: ...


class MemorySettingsBackend:
    """For tests and CLI commands that must not touch the user's settings."""

    def __init__(self) -> None:
        self.data: dict[str, Any] = {}

    def value(self, key: str) -> Any:
        return self.data.get(key)

    def set_value(self, key: str, value: Any) -> None:
        self.data[key] = value


class QSettingsBackend:
    def __init__(self) -> None:
        from PySide6.QtCore import QSettings  # config belongs to the UI side of the dependency rule

        from ketenregie import APP_NAME, ORG_NAME

        home = os.environ.get("KETENREGIE_HOME")
        if home:  # portable/test mode: settings live beside the data, not in the user's registry or ~/.config
            self._settings = QSettings(str(Path(home) / "settings.ini"), QSettings.Format.IniFormat)
        else:
            self._settings = QSettings(ORG_NAME, APP_NAME)

    def value(self, key: str) -> Any:
        return self._settings.value(key)

    def set_value(self, key: str, value: Any) -> None:
        self._settings.setValue(key, value)
        self._settings.sync()
        _make_user_only(Path(self._settings.fileName()))


def _make_user_only(path: Path) -> None:
    """Settings files are the user's alone (0600): Qt rewrites them with the umask's mode on every sync."""
    if sys.platform == "win32" or not path.is_file():  # on Windows: the registry / the profile's ACLs
        return
    try:
        os.chmod(path, 0o600)
    except OSError:
        pass


@dataclass(frozen=True)
class UserSetting:
    name: str
    type: type
    default: Any
    minimum: int | None = None
    maximum: int | None = None


# Never personal data here: these values live in plain QSettings (registry / ini file).
USER_SETTINGS: tuple[UserSetting, ...] = (
    UserSetting("idle_lock_minutes", int, 5, 1, 15),
    UserSetting("privacy_mode", bool, False),
    UserSetting("last_view", str, "caseload"),
    # Failed unlocks are no user setting: the register layer counts them beside the register (issue 10.11).
)
USER_SETTING_BY_NAME = {s.name: s for s in USER_SETTINGS}


class Settings:
    """Typed access to user settings, clamped by policy."""

    def __init__(self, policy: Policy, backend: SettingsBackend) -> None:
        self.policy = policy
        self._backend = backend

    def get(self, name: str) -> Any:
        spec = USER_SETTING_BY_NAME[name]
        raw = self._backend.value(name)
        value = _coerce(spec, raw)
        return self._clamp(spec, value)

    def set(self, name: str, value: Any) -> None:
        spec = USER_SETTING_BY_NAME[name]
        self._backend.set_value(name, self._clamp(spec, _coerce(spec, value)))

    def _clamp(self, spec: UserSetting, value: Any) -> Any:
        if spec.type is int:
            if spec.minimum is not None:
                value = max(spec.minimum, value)
            if spec.maximum is not None:
                value = min(spec.maximum, value)
            if spec.name == "idle_lock_minutes":
                value = min(value, self.policy.get("IdleLockMaxMinutes"))
        return value

    @property
    def idle_lock_minutes(self) -> int:
        return self.get("idle_lock_minutes")


def _coerce(spec: UserSetting, raw: Any) -> Any:
    if raw is None:
        return spec.default
    try:
        if spec.type is bool:
            if isinstance(raw, str):
                return raw.lower() in ("true", "1", "yes")
            return bool(raw)
        if spec.type is int:
            return int(raw)
        return str(raw)
    except (TypeError, ValueError):
        return spec.default
