"""Monitor view: a period picker, the figures as tables and charts, the coordinator's drill-down to the cases that
missed a term (on screen only, never exported, hidden in presentatiemodus), and the exports (report PDF, CSV,
Excel, DDAS SHV delivery, the printable survey questionnaire). Figures are computed off the UI thread."""
from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QDate, Qt, Slot
from PySide6.QtWidgets import (QComboBox, QDateEdit, QFileDialog, QGridLayout, QGroupBox, QHBoxLayout,
                               QHeaderView, QLabel, QListWidget, QPushButton, QScrollArea, QSpinBox,
                               QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget)

from ketenregie.domain.monitor import period as periods
from ketenregie.domain.monitor.period import PERIOD_LABELS_NL, Period, PeriodError, PeriodKind
from ketenregie.domain.monitor.report import MonitorReport
from ketenregie.domain.monitor.suppression import display, display_share, display_total
from ketenregie.services.monitor import SHV_BSN_WARNING, MonitorService
from ketenregie.ui.flow_layout import FlowLayout
from ketenregie.ui.icons import set_icon
from ketenregie.ui.accessibility import name_qt_internals
from ketenregie.ui.background import run_in_background
from ketenregie.ui.errors import user_message
from ketenregie.ui.monitor.charts import ChartWidget
from ketenregie.ui.privacy_mode import privacy_mode_for
from ketenregie.ui.style import heading_font, message_label, set_message
from ketenregie.ui.views.registry import VIEWS, ViewContext, ViewSpec


def tr(text: str) -> str:
    return QCoreApplication.translate("Monitor", text)


class MonitorView(QWidget):
    def __init__(self, context: ViewContext, *, today: Callable[[], date] = date.today) -> None:
        super().__init__()
        self._context = context
        self._today = today
        self.service = MonitorService(context.register, clock=today)
        self.privacy = privacy_mode_for(context)
        self.report: MonitorReport | None = None
        self.task = None
        self._build()
        self.privacy.changed.connect(self.set_privacy_mode)
        self.set_privacy_mode(self.privacy.enabled)
        self._computed_once = False
        self._computing = False  # `task` is the last background task (computing or exporting)

    def showEvent(self, event) -> None:  # noqa: N802 - Qt override
        """The first time the view is shown it computes the proposed period (last quarter) by itself, off the UI
        thread: opening Monitor shows figures, not an empty page."""
        super().showEvent(event)
        if not self._computed_once and self.report is None and not self._computing:
            self._computed_once = True
            self.compute()

    # --- layout -------------------------------------------------------------------------------------------------
    def _build(self) -> None:
        layout = QVBoxLayout(self)
        heading = QLabel(tr("Monitor"), self)
        heading.setFont(heading_font(heading))
        layout.addWidget(heading)
        picker = QHBoxLayout()
        self.kind_combo = QComboBox(self)
        self.kind_combo.setAccessibleName(tr("Soort periode"))
        for kind in PeriodKind:
            self.kind_combo.addItem(tr(PERIOD_LABELS_NL[kind]), kind)
        self.year_spin = QSpinBox(self)
        self.year_spin.setAccessibleName(tr("Jaar"))
        self.year_spin.setRange(2000, 2100)
        self.number_spin = QSpinBox(self)
        self.number_spin.setAccessibleName(tr("Maand, kwartaal of halfjaar"))
        self.from_edit = QDateEdit(self)
        self.from_edit.setAccessibleName(tr("Van"))
        self.to_edit = QDateEdit(self)
        self.to_edit.setAccessibleName(tr("Tot en met"))
        for edit in (self.from_edit, self.to_edit):
            edit.setDisplayFormat("dd-MM-yyyy")
            edit.setCalendarPopup(True)
        self.compute_button = QPushButton(tr("Bere&kenen"), self)
        set_icon(self.compute_button, "chart")
        for w in (QLabel(tr("Periode:"), self), self.kind_combo, self.year_spin, self.number_spin, self.from_edit,
                  self.to_edit, self.compute_button):
            picker.addWidget(w)
        picker.addStretch(1)
        layout.addLayout(picker)
        exports = FlowLayout(spacing=6)  # wraps on a narrow window (1280×720): the row has seven buttons
        self.pdf_button = QPushButton(tr("Rapport (&PDF)…"), self)
        set_icon(self.pdf_button, "pdf")
        self.print_button = QPushButton(tr("Rapport af&drukken…"), self)
        set_icon(self.print_button, "print")
        self.ask_printer = None  # seam: None = the system print dialog (issue 15 item 11)
        self.xlsx_button = QPushButton(tr("&Excel…"), self)
        set_icon(self.xlsx_button, "export")
        self.csv_button = QPushButton(tr("&CSV…"), self)
        set_icon(self.csv_button, "export")
        self.shv_button = QPushButton(tr("DDAS-levering &schuldhulpverlening…"), self)
        set_icon(self.shv_button, "export")
        self.survey_button = QPushButton(tr("&Vragenlijst cliëntervaring…"), self)
        self.survey_totals_button = QPushButton(tr("Enquête&resultaten invoeren…"), self)
        self.team_lead_button = QPushButton(tr("Naar &teamleider…"), self)  # issue 14 item 5
        set_icon(self.team_lead_button, "handover")
        for w in (self.compute_button, self.pdf_button, self.print_button, self.xlsx_button, self.csv_button,
                  self.shv_button, self.survey_button, self.survey_totals_button, self.team_lead_button):
            w.setAccessibleName(w.text().replace("&", "").rstrip("…"))
        for w in (self.pdf_button, self.print_button, self.xlsx_button, self.csv_button, self.shv_button,
                  self.survey_button, self.survey_totals_button, self.team_lead_button):
            exports.addWidget(w)
        layout.addLayout(exports)
        self.message_label = message_label(self, tr("Melding"))
        layout.addWidget(self.message_label)
        self.scroll = QScrollArea(self)
        self.scroll.setWidgetResizable(True)
        self.scroll.setAccessibleName(tr("Cijfers"))
        self.content = QWidget()
        self.content_layout = QVBoxLayout(self.content)
        self.scroll.setWidget(self.content)
        layout.addWidget(self.scroll, 1)
        self.drill_box = QGroupBox(tr("Gemiste termijnen (alleen voor u, wordt nooit geëxporteerd)"), self)
        drill = QVBoxLayout(self.drill_box)
        self.drill_list = QListWidget(self.drill_box)
        self.drill_list.setAccessibleName(tr("Casussen met een gemiste termijn"))
        drill.addWidget(self.drill_list)
        layout.addWidget(self.drill_box)

        self.kind_combo.currentIndexChanged.connect(self._kind_changed)
        self.compute_button.clicked.connect(self.compute)
        self.pdf_button.clicked.connect(lambda: self._export("pdf"))
        self.print_button.clicked.connect(self.print_report)
        self.xlsx_button.clicked.connect(lambda: self._export("xlsx"))
        self.csv_button.clicked.connect(lambda: self._export("csv"))
        self.shv_button.clicked.connect(self._export_shv)
        self.survey_button.clicked.connect(self._questionnaire)
        self.survey_totals_button.clicked.connect(self.open_survey_totals)
        self.team_lead_button.clicked.connect(self.send_to_team_lead)
        last = periods.last_complete(PeriodKind.QUARTER, self._today())
        self.year_spin.setValue(last.start.year)
        self.kind_combo.setCurrentIndex(list(PeriodKind).index(PeriodKind.QUARTER))
        self._kind_changed()
        self.number_spin.setValue((last.start.month - 1) // 3 + 1)
        self.from_edit.setDate(QDate(last.start.year, last.start.month, last.start.day))
        self.to_edit.setDate(QDate(last.end.year, last.end.month, last.end.day))
        name_qt_internals(self)

    @Slot()
    def _kind_changed(self, *_args) -> None:
        kind = self.kind_combo.currentData()
        custom = kind == PeriodKind.CUSTOM
        self.from_edit.setVisible(custom)
        self.to_edit.setVisible(custom)
        self.year_spin.setVisible(not custom)
        self.number_spin.setVisible(kind in (PeriodKind.MONTH, PeriodKind.QUARTER, PeriodKind.HALF_YEAR))
        self.number_spin.setRange(1, {PeriodKind.MONTH: 12, PeriodKind.QUARTER: 4, PeriodKind.HALF_YEAR: 2}.get(kind, 1))

    def period(self) -> Period:
        kind = self.kind_combo.currentData()
        y, n = self.year_spin.value(), self.number_spin.value()
        if kind == PeriodKind.MONTH:
            return periods.month(y, n)
        if kind == PeriodKind.QUARTER:
            return periods.quarter(y, n)
        if kind == PeriodKind.HALF_YEAR:
            return periods.half_year(y, n)
        if kind == PeriodKind.YEAR:
            return periods.year(y)
        return periods.custom(self.from_edit.date().toPython(), self.to_edit.date().toPython())

    # --- computing ----------------------------------------------------------------------------------------------
    @Slot()
    def compute(self) -> None:
        if self._computing:  # one computation at a time (the button is disabled meanwhile)
            return
        try:
            period = self.period()
        except PeriodError as exc:
            set_message(self.message_label, str(exc), "error")
            return
        set_message(self.message_label, tr("De cijfers worden berekend…"))
        self.compute_button.setEnabled(False)
        self._computing = True
        self.task = run_in_background(self.service.report, period, on_success=self._show, on_failure=self._failed)

    @Slot(object)
    def _show(self, report: MonitorReport) -> None:
        self._computing = False
        self.compute_button.setEnabled(True)
        if not self._context.register.is_open:
            return
        self.report = report
        self._clear()
        m = report.minimum
        rule = QLabel(report.suppression_rule, self.content)
        rule.setWordWrap(True)
        self.content_layout.addWidget(rule)
        for warning in report.warnings:
            label = QLabel(warning, self.content)
            label.setWordWrap(True)
            self.content_layout.addWidget(label)
        grid = QGridLayout()
        for i, chart in enumerate(report.charts):
            grid.addWidget(ChartWidget(chart, self.content), i // 2, i % 2)
        self.content_layout.addLayout(grid)
        for table in report.tables:
            rows = [(g.label, c.label, display(c, m), display_share(g, c) if table.with_share else "")
                    for g in table.groups for c in g.cells]
            rows += [(g.label, tr("Totaal"), display_total(g, m), "") for g in table.groups
                     if g.additive or g.total]
            self._add_table(table.title, table.explanation, [tr("Groep"), tr("Categorie"), tr("Aantal"),
                                                             tr("Aandeel")], rows)
        for stat_table in report.stats:
            self._add_table(stat_table.title, stat_table.explanation, [tr("Onderwerp"), tr("Waarde")],
                            [(s.label, s.text(m, stat_table.decimals)) for s in stat_table.rows])
        self.content_layout.addStretch(1)
        name_qt_internals(self)
        self.drill_list.clear()
        for label, numbers in report.missed.items():
            for number in numbers:
                self.drill_list.addItem(f"{label}: {number}")
        set_message(self.message_label, tr("Cijfers over {period}.").format(period=report.period.label_nl()), "ok")

    def _add_table(self, title: str, explanation: str, headers: list[str], rows: list[tuple]) -> None:
        box = QGroupBox(title, self.content)
        layout = QVBoxLayout(box)
        if explanation:
            text = QLabel(explanation, box)
            text.setWordWrap(True)
            layout.addWidget(text)
        widget = QTableWidget(len(rows), len(headers), box)
        widget.setAccessibleName(title)
        widget.setHorizontalHeaderLabels(headers)
        widget.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        widget.verticalHeader().setVisible(False)
        widget.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                widget.setItem(r, c, QTableWidgetItem(str(value)))
        widget.setMinimumHeight(min(400, 30 + 26 * len(rows)))
        layout.addWidget(widget)
        self.content_layout.addWidget(box)

    def _clear(self) -> None:
        while self.content_layout.count():
            item = self.content_layout.takeAt(0)
            if item.widget() is not None:
                item.widget().deleteLater()
            elif item.layout() is not None:
                inner = item.layout()
                while inner.count():
                    sub = inner.takeAt(0)
                    if sub.widget() is not None:
                        sub.widget().deleteLater()

    @Slot(object)
    def _failed(self, exc: BaseException) -> None:
        self._computing = False
        self.compute_button.setEnabled(True)
        set_message(self.message_label, user_message(exc, "monitor"), "error")

    # --- exports ------------------------------------------------------------------------------------------------
    def _ask(self, title: str, name: str, pattern: str) -> Path | None:
        path, _ = QFileDialog.getSaveFileName(self, title, name, pattern)
        return Path(path) if path else None

    def export_to(self, fmt: str, path: Path) -> None:
        """Write the report (computed now if not yet shown) off the UI thread."""
        period = self.report.period if self.report else self.period()
        self.task = run_in_background(self.service.export, period, fmt, path, report=self.report,
                                      on_success=lambda _r: set_message(
                                          self.message_label, tr("Opgeslagen: {name}.").format(name=path.name), "ok"),
                                      on_failure=self._failed)

    def _export(self, fmt: str) -> None:
        try:
            period = self.report.period if self.report else self.period()
        except PeriodError as exc:
            set_message(self.message_label, str(exc), "error")
            return
        name = f"monitor-{period.start.isoformat()}-{period.end.isoformat()}.{fmt}"
        path = self._ask(tr("Monitor opslaan"), name, {"pdf": "PDF (*.pdf)", "csv": "CSV (*.csv)",
                                                       "xlsx": "Excel (*.xlsx)"}[fmt])
        if path is not None:
            self.export_to(fmt, path)

    def send_to_team_lead(self):
        """The figures on screen (suppressed as for the council, never the drill-down) as a bundle for the team
        lead (ui/team/meeting_dialogs.py)."""
        from ketenregie.ui.team import meeting_dialogs

        if self.report is None:
            set_message(self.message_label, tr("Bereken eerst de cijfers (Alt+K)."), "warning")
            return None
        return meeting_dialogs.send_monitor_bundle(self, self.service.register, self.report,
                                                   **getattr(self, "team_lead_seams", {}))

    def print_report(self):
        """The report PDF (computed now if not yet shown) through the system print dialog, rendered in memory;
        audited like the export, by number of tables. Returns the PrintJob."""
        from ketenregie.ui.printing import print_rendered  # noqa: PLC0415 - QtPrintSupport on first use

        try:
            period = self.report.period if self.report else self.period()
        except PeriodError as exc:
            set_message(self.message_label, str(exc), "error")
            return None
        service, shown, tables = self.service, self.report, []

        def render() -> bytes:  # worker thread
            report = shown or service.report(period)
            tables.append(len(report.tables))
            return service.render(report, "pdf")

        def done(printed: bool) -> None:
            if printed:
                service.record_printed(tables[0])
                set_message(self.message_label, tr("Naar de printer gestuurd."), "ok")
            else:
                set_message(self.message_label, tr("Afdrukken geannuleerd."))

        set_message(self.message_label, tr("Het rapport wordt klaargemaakt om af te drukken…"))
        self.task = print_rendered(self, render, ask=self.ask_printer, on_done=done, on_failure=self._failed)
        return self.task

    def export_shv_to(self, path: Path) -> None:
        period = self.period()
        self.task = run_in_background(self.service.export_shv, period, path,
                                      on_success=lambda counts: set_message(
                                          self.message_label,
                                          tr("DDAS-levering geschreven: {n} trajecten. ").format(n=counts.trajects)
                                          + SHV_BSN_WARNING, "warning"),
                                      on_failure=self._failed)

    def _export_shv(self) -> None:
        try:
            period = self.period()
        except PeriodError as exc:
            set_message(self.message_label, str(exc), "error")
            return
        path = self._ask(tr("DDAS-levering schuldhulpverlening opslaan"),
                         f"ddas-shv-{period.start.isoformat()}-{period.end.isoformat()}.json", "JSON (*.json)")
        if path is not None:
            self.export_shv_to(path)

    def _questionnaire(self) -> None:
        path = self._ask(tr("Vragenlijst opslaan"), "vragenlijst-clientervaring.pdf", "PDF (*.pdf)")
        if path is not None:
            try:
                self.service.questionnaire(path)
            except Exception as exc:  # noqa: BLE001 - Dutch message, nothing personal in it
                self._failed(exc)
                return
            set_message(self.message_label, tr("Vragenlijst opgeslagen."), "ok")

    def open_survey_totals(self) -> None:
        from ketenregie.ui.monitor.survey_dialog import SurveyDialog

        dialog = SurveyDialog(self.service, self, today=self._today)
        if dialog.exec():
            set_message(self.message_label, tr("Enquêteresultaten opgeslagen. Bereken opnieuw om ze te zien."), "ok")

    # --- privacy mode and lock ----------------------------------------------------------------------------------
    @Slot(bool)
    def set_privacy_mode(self, enabled: bool) -> None:
        """The drill-down (case numbers) is hidden in presentatiemodus; the totals are anonymous anyway."""
        self.drill_box.setVisible(not enabled)

    def release(self) -> None:
        self.report = None
        self.drill_list.clear()
        self._clear()


def _factory(context: ViewContext) -> QWidget:
    return MonitorView(context)


SPEC = VIEWS.register(ViewSpec("monitor", QT_TRANSLATE_NOOP("Views", "Monitor"), _factory, 88,
                               QT_TRANSLATE_NOOP("Views", "Cijfers voor de raad en het CBS: instroom, termijnen, "
                                                          "inzet, uitstroom en vroegsignalering, met exports.")))
