<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<!-- Strings of Qt's own dialogs that Qt's qtbase_nl.qm leaves in English (issue 15 item 8). Loaded after qtbase_nl
     by ketenregie.ui.app.install_translations; compiled by forms/translations.py (qt_extra_nl.qm, committed). -->
<TS version="2.1" language="nl_NL" sourcelanguage="en_US">
<context>
    <name>QFileDialog</name>
    <message>
        <source>&amp;Look in:</source>
        <translation>&amp;Zoeken in:</translation>
    </message>
    <message>
        <source>Files of &amp;type:</source>
        <translation>Bestands&amp;type:</translation>
    </message>
</context>
<context>
    <name>QPrintSettingsOutput</name>
    <message>
        <source>Page &amp;Set:</source>
        <translation>Pagina&amp;selectie:</translation>
    </message>
    <message>
        <source>Double Sided Printing</source>
        <translation>Dubbelzijdig afdrukken</translation>
    </message>
    <message>
        <source>Off</source>
        <translation>Uit</translation>
    </message>
    <message>
        <source>Long side binding</source>
        <translation>Binden langs de lange zijde</translation>
    </message>
    <message>
        <source>Short side binding</source>
        <translation>Binden langs de korte zijde</translation>
    </message>
</context>
</TS>
