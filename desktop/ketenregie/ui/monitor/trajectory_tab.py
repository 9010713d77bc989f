"""The case dialog's "Monitor" tab (issue 13 item 1): what the figures and the DDAS SHV delivery need beyond the
case itself. Dates are typed as dd-mm-jjjj; the lists (solutions, guidance, moratoria, crisis interventions) are
small tables with a kind and dates. The case dialog saves the case and this tab together through
`MonitorService.save_case` (one transaction, one audit entry); the dates a phase change implies are filled in and
shown here, so the user can correct them."""
from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import (QCheckBox, QComboBox, QFormLayout, QHBoxLayout, QLabel, QPushButton, QScrollArea,
                               QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget)

from ketenregie.domain.case_validation import CaseValidationError, Issue
from ketenregie.domain.cases import Case, Phase
from ketenregie.domain.monitor.trajectory import (CrisisIntervention, Guidance, GuidanceKind, Moratorium,
                                                  OutflowReason, Solution, SolutionKind, Trajectory)
from ketenregie.services.monitor import MonitorService
from ketenregie.ui.accessibility import name_qt_internals
from ketenregie.ui.caseload.data import nl_date
from ketenregie.ui.cases.fields import DateFieldError, DateLine, parse_nl_date

_DATES = (("action_plan_date", "Plan van aanpak afgerond"), ("stabilisation_start", "Begin stabilisatie"),
          ("stabilisation_end", "Einde stabilisatie"), ("arrangement_submitted", "Schuldregeling ingediend"),
          ("arrangement_granted", "Schuldregeling toegekend"), ("arrangement_refused", "Schuldregeling afgewezen"),
          ("arrangement_withdrawn", "Schuldregeling ingetrokken"),
          ("forced_settlement_requested", "Verzoek dwangakkoord"), ("aftercare_start", "Begin nazorg"),
          ("aftercare_end", "Einde nazorg"))


def tr(text: str) -> str:
    return QCoreApplication.translate("Monitor", text)


class _ListTable(QTableWidget):
    """Rows of (optional kind, dates...) typed as text; the kind is a combo box in column 0."""

    def __init__(self, name: str, kinds, date_headers: list[str], parent: QWidget) -> None:
        headers = ([tr("Soort")] if kinds else []) + date_headers
        super().__init__(0, len(headers), parent)
        self.kinds = kinds
        self.setAccessibleName(name)
        self.setHorizontalHeaderLabels(headers)
        self.verticalHeader().setVisible(False)
        self.setMinimumHeight(90)

    def add_row(self, kind=None, dates: tuple = ()) -> None:
        row = self.rowCount()
        self.insertRow(row)
        offset = 0
        if self.kinds:
            combo = QComboBox(self)
            combo.setAccessibleName(tr("Soort"))
            for member in self.kinds:
                combo.addItem(member.label_nl, member.value)
            if kind is not None:
                combo.setCurrentIndex(list(self.kinds).index(kind))
            self.setCellWidget(row, 0, combo)
            offset = 1
        for i in range(self.columnCount() - offset):
            value = dates[i] if i < len(dates) else None
            self.setItem(row, i + offset, QTableWidgetItem(nl_date(value)))
        name_qt_internals(self)

    def texts(self) -> list[list]:
        """The rows as typed, for a form draft at lock: [kind code or None, date text, ...]."""
        offset = 1 if self.kinds else 0
        return [[self.cellWidget(r, 0).currentData() if self.kinds else None,
                 *((self.item(r, c).text() if self.item(r, c) else "") for c in range(offset, self.columnCount()))]
                for r in range(self.rowCount())]

    def set_texts(self, rows: list) -> None:
        """Put rows from `texts()` back (a row of the wrong shape is left out)."""
        self.setRowCount(0)
        offset = 1 if self.kinds else 0
        for values in rows:
            if not isinstance(values, list) or len(values) != self.columnCount() - offset + 1:
                continue
            self.add_row()
            row = self.rowCount() - 1
            if self.kinds:
                combo = self.cellWidget(row, 0)
                found = combo.findData(values[0])
                combo.setCurrentIndex(max(found, 0))
            for i, text in enumerate(values[1:]):
                self.item(row, i + offset).setText(str(text))

    def rows(self, field: str, issues: list[Issue]) -> list[tuple]:
        out = []
        offset = 1 if self.kinds else 0
        for r in range(self.rowCount()):
            values = []
            for c in range(offset, self.columnCount()):
                item = self.item(r, c)
                try:
                    values.append(parse_nl_date(item.text() if item else ""))
                except DateFieldError:
                    issues.append(Issue(field, tr("Een datum in de lijst is geen geldige datum (dd-mm-jjjj).")))
                    values.append(None)
            kind = self.kinds.from_code(self.cellWidget(r, 0).currentData()) if self.kinds else None
            out.append((kind, *values))
        return out


class TrajectoryTab(QWidget):
    def __init__(self, context, current_case: Callable[[], Case | None], *,
                 today: Callable[[], date] = date.today) -> None:
        super().__init__()
        self.service = MonitorService(context.register, clock=today)
        self._current = current_case
        outer = QVBoxLayout(self)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        page = QWidget()
        scroll.setWidget(page)
        outer.addWidget(scroll)
        layout = QVBoxLayout(page)
        intro = QLabel(tr("Voor de monitor en de DDAS-levering. Datums die uit een fasewissel volgen, vult de app "
                          "zelf in; u kunt ze aanpassen."), page)
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        self.dates: dict[str, DateLine] = {}
        for field, label in _DATES:
            edit = DateLine(tr(label), page)
            self.dates[field] = edit
            form.addRow(tr(label), edit)
        self.forced_check = QCheckBox(tr("Dwangakkoord gevraagd bij de rechter"), page)
        self.forced_check.setAccessibleName(tr("Dwangakkoord gevraagd bij de rechter"))
        form.addRow("", self.forced_check)
        self.outflow_combo = QComboBox(page)
        self.outflow_combo.setAccessibleName(tr("Uitstroomreden (DDAS)"))
        self.outflow_combo.addItem(tr("Volgt uit de sluitreden"), None)
        for reason in OutflowReason:
            self.outflow_combo.addItem(reason.label_nl, reason.value)
        form.addRow(tr("Uitstroomreden (DDAS)"), self.outflow_combo)
        layout.addLayout(form)
        self.solutions = _ListTable(tr("Oplossingen"), SolutionKind, [tr("Begin"), tr("Einde")], page)
        self.guidance = _ListTable(tr("Begeleiding"), GuidanceKind, [tr("Begin"), tr("Einde")], page)
        self.moratoria = _ListTable(tr("Moratoria"), None, [tr("Aangevraagd"), tr("Goedgekeurd"), tr("Begin"),
                                                              tr("Einde")], page)
        self.interventions = _ListTable(tr("Crisisinterventies"), None, [tr("Begin"), tr("Einde")], page)
        for title, table in ((tr("Oplossingen"), self.solutions), (tr("Begeleiding"), self.guidance),
                             (tr("Moratoria"), self.moratoria), (tr("Crisisinterventies"), self.interventions)):
            row = QHBoxLayout()
            row.addWidget(QLabel(title, page))
            add = QPushButton(tr("Toevoegen"), page)
            add.setAccessibleName(tr("{list}: regel toevoegen").format(list=title))
            remove = QPushButton(tr("Verwijderen"), page)
            remove.setAccessibleName(tr("{list}: gekozen regel verwijderen").format(list=title))
            add.clicked.connect(lambda _=False, t=table: t.add_row())
            remove.clicked.connect(lambda _=False, t=table: t.currentRow() >= 0 and t.removeRow(t.currentRow()))
            row.addStretch(1)
            row.addWidget(add)
            row.addWidget(remove)
            layout.addLayout(row)
            layout.addWidget(table)
        layout.addStretch(1)
        self.reload()
        name_qt_internals(self)

    def list_texts(self) -> dict[str, list]:
        """The four lists as typed (solutions, guidance, moratoria, crisis interventions), for a form draft."""
        return {name: table.texts() for name, table in self._lists().items()}

    def set_list_texts(self, values: dict) -> None:
        for name, table in self._lists().items():
            rows = values.get(name) if isinstance(values, dict) else None
            if isinstance(rows, list):
                table.set_texts(rows)

    def _lists(self) -> dict[str, _ListTable]:
        return {"solutions": self.solutions, "guidance": self.guidance, "moratoria": self.moratoria,
                "crisis_interventions": self.interventions}

    def reload(self) -> None:
        """Read the stored facts; a case not saved yet has none (the tab opens once the case has a number)."""
        case = self._current()
        saved = case is not None and bool(case.case_number)
        self.setEnabled(saved)
        self.load(self.service.trajectory(case.case_number) if saved else Trajectory())

    def load(self, t: Trajectory) -> None:
        for field, edit in self.dates.items():
            edit.set_date(getattr(t, field))
        self.forced_check.setChecked(t.forced_settlement)
        self.outflow_combo.setCurrentIndex(0 if t.outflow_reason is None
                                           else list(OutflowReason).index(t.outflow_reason) + 1)
        for table in (self.solutions, self.guidance, self.moratoria, self.interventions):
            table.setRowCount(0)
        for s in t.solutions:
            self.solutions.add_row(s.kind, (s.start, s.end))
        for g in t.guidance:
            self.guidance.add_row(g.kind, (g.start, g.end))
        for m in t.moratoria:
            self.moratoria.add_row(None, (m.requested_on, m.approved_on, m.start, m.end))
        for c in t.crisis_interventions:
            self.interventions.add_row(None, (c.start, c.end))

    def collect(self) -> Trajectory:
        """The tab as a Trajectory; CaseValidationError (Dutch) for a date that is no date or a row without one."""
        issues: list[Issue] = []
        values = {}
        for field, edit in self.dates.items():
            try:
                values[field] = edit.date()
            except DateFieldError:
                issues.append(Issue(f"trajectory.{field}", tr("{label} is geen geldige datum (dd-mm-jjjj).").format(
                    label=edit.accessibleName())))
        solutions = self.solutions.rows("trajectory.solutions", issues)
        guidance = self.guidance.rows("trajectory.guidance", issues)
        moratoria = self.moratoria.rows("trajectory.moratoria", issues)
        interventions = self.interventions.rows("trajectory.crisis_interventions", issues)
        if any(start is None for _, start, _ in solutions + guidance + interventions) or \
                any(requested is None for _, requested, *_ in moratoria):
            issues.append(Issue("trajectory", tr("Elke regel in een lijst heeft een begin- of aanvraagdatum nodig.")))
        if issues:
            raise CaseValidationError(issues)
        return Trajectory(**values, forced_settlement=self.forced_check.isChecked(),
                          outflow_reason=OutflowReason.from_code(self.outflow_combo.currentData())
                          if self.outflow_combo.currentData() else None,
                          solutions=tuple(Solution(k, s, e) for k, s, e in solutions),
                          guidance=tuple(Guidance(k, s, e) for k, s, e in guidance),
                          moratoria=tuple(Moratorium(r, a, s, e) for _, r, a, s, e in moratoria),
                          crisis_interventions=tuple(CrisisIntervention(s, e) for _, s, e in interventions))

    def save_case(self, case: Case, previous_phase: Phase | None) -> None:
        """Save the case with this tab's facts in one transaction; show the implied dates that were filled."""
        filled = self.service.save_case(case, self.collect(), previous_phase)
        self.load(filled)
