"""Save dialogs propose the user's documents folder (issue 11 item 11), never the home folder itself; the folder the
user then picks is never chmodded (tests/test_folders.py)."""
from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QStandardPaths
from PySide6.QtWidgets import QFileDialog

from ketenregie.config import MemorySettingsBackend, Policy, Settings
from ketenregie.domain.privacy_catalogue import CATALOGUE_RESOURCE, load_catalogue
from ketenregie.resources import resource_path
from ketenregie.ui.file_dialogs import documents_folder
from ketenregie.ui.letters.dialogs import SaveDialog
from ketenregie.ui.privacy.view import PrivacyView
from ketenregie.ui.views.registry import ViewContext


@pytest.fixture
def documents(tmp_path, monkeypatch) -> Path:
    """A home of our own with an XDG documents folder, so the proposal can be told apart from the home folder."""
    home = tmp_path / "thuis"
    (home / ".config").mkdir(parents=True)
    (home / "Mijn documenten").mkdir()
    (home / ".config" / "user-dirs.dirs").write_text('XDG_DOCUMENTS_DIR="$HOME/Mijn documenten"\n', encoding="utf-8")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    folder = documents_folder()
    assert folder == home / "Mijn documenten"
    assert QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation) == str(folder)
    return folder


@pytest.fixture
def chosen_folders(monkeypatch):
    """Records the folder each directory dialog starts in (the dialog itself is Qt's; we test what we propose)."""
    proposals: list[str] = []

    def fake(_parent, _caption, directory="", *args, **kwargs):
        proposals.append(directory)
        return ""  # the user cancels

    monkeypatch.setattr(QFileDialog, "getExistingDirectory", staticmethod(fake))
    return proposals


def test_privacy_export_proposes_the_documents_folder(qtbot, documents):
    view = PrivacyView(catalogue=load_catalogue(resource_path(*CATALOGUE_RESOURCE)))
    qtbot.addWidget(view)
    proposals = []
    view.ask_save_path = lambda proposal: (proposals.append(proposal), "")[1]
    assert view.export_pdf() is None
    assert Path(proposals[0]).parent == documents


def test_letter_save_dialog_starts_in_the_documents_folder(qtbot, documents):
    dialog = SaveDialog(["V-2026-0001_verwijzing_2026-05-01.pdf"])
    qtbot.addWidget(dialog)
    assert dialog.folder() == documents


def test_meeting_and_conversation_pdfs_propose_the_documents_folder(qtbot, documents, chosen_folders, tmp_path):
    from ketenregie.services.register import create_register
    from ketenregie.ui.conversations.view import ConversationsView
    from ketenregie.ui.meetings.view import MeetingsView
    from ketenregie.vault.kdf import KdfParams

    register, _code, _notices = create_register(tmp_path / "r.ketenregie", "een lange wachtwoordzin voor tests",
                                                policy=Policy.defaults(), kdf=KdfParams.minimum())
    with register:
        context = ViewContext(register=register, settings=Settings(Policy.defaults(), MemorySettingsBackend()),
                              policy=Policy.defaults())
        for cls in (MeetingsView, ConversationsView):
            view = cls(context)
            qtbot.addWidget(view)
            assert view._target_dir() is None  # the user cancelled the dialog
            view.release()
    assert chosen_folders == [str(documents), str(documents)]
