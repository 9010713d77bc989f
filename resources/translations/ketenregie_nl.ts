<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="nl_NL" sourcelanguage="nl_NL">
<context>
    <name>FirstRunWizard</name>
    <message numerus="yes">
        <source>Uw register is klaar voor gebruik. Vergrendel Ketenregie met Ctrl+L als u wegloopt; na %n minuten zonder gebruik, en als de computer in slaapstand gaat of wordt vergrendeld, gebeurt dat vanzelf.</source>
        <translation>
            <numerusform>Uw register is klaar voor gebruik. Vergrendel Ketenregie met Ctrl+L als u wegloopt; na %n minuut zonder gebruik, en als de computer in slaapstand gaat of wordt vergrendeld, gebeurt dat vanzelf.</numerusform>
            <numerusform>Uw register is klaar voor gebruik. Vergrendel Ketenregie met Ctrl+L als u wegloopt; na %n minuten zonder gebruik, en als de computer in slaapstand gaat of wordt vergrendeld, gebeurt dat vanzelf.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>LockManager</name>
    <message numerus="yes">
        <source>Vergrendeld na %n minuten zonder gebruik.</source>
        <translation>
            <numerusform>Vergrendeld na %n minuut zonder gebruik.</numerusform>
            <numerusform>Vergrendeld na %n minuten zonder gebruik.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message numerus="yes">
        <source>Kies een onderdeel. Sneltoetsen: Ctrl+1 tot en met Ctrl+%n.</source>
        <translation>
            <numerusform>Kies een onderdeel. Sneltoets: Ctrl+1.</numerusform>
            <numerusform>Kies een onderdeel. Sneltoetsen: Ctrl+1 tot en met Ctrl+%n.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Gekopieerd; het klembord wordt over %n seconden gewist.</source>
        <translation>
            <numerusform>Gekopieerd; het klembord wordt over %n seconde gewist.</numerusform>
            <numerusform>Gekopieerd; het klembord wordt over %n seconden gewist.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Ketenregie vergrendelt over %n seconden. Beweeg de muis of typ om door te werken.</source>
        <translation>
            <numerusform>Ketenregie vergrendelt over %n seconde. Beweeg de muis of typ om door te werken.</numerusform>
            <numerusform>Ketenregie vergrendelt over %n seconden. Beweeg de muis of typ om door te werken.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Meetings</name>
    <message numerus="yes">
        <source>%n casussen op de agenda gezet, elk met een nieuw pseudoniem.</source>
        <translation>
            <numerusform>%n casus op de agenda gezet, met een nieuw pseudoniem.</numerusform>
            <numerusform>%n casussen op de agenda gezet, elk met een nieuw pseudoniem.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>PassphraseEntry</name>
    <message numerus="yes">
        <source>Kies een wachtwoordzin van minstens %n tekens, bijvoorbeeld een paar losse woorden met spaties ertussen.</source>
        <translation>
            <numerusform>Kies een wachtwoordzin van minstens %n teken, bijvoorbeeld een paar losse woorden met spaties ertussen.</numerusform>
            <numerusform>Kies een wachtwoordzin van minstens %n tekens, bijvoorbeeld een paar losse woorden met spaties ertussen.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>RecoveryCode</name>
    <message numerus="yes">
        <source>Controleer of u de herstelcode goed hebt bewaard: typ groep %n over (van links geteld). Kijk daarvoor op uw afdruk of in het PDF-bestand, niet op het vorige scherm.</source>
        <translation>
            <numerusform>Controleer of u de herstelcode goed hebt bewaard: typ groep %n over (van links geteld). Kijk daarvoor op uw afdruk of in het PDF-bestand, niet op het vorige scherm.</numerusform>
            <numerusform>Controleer of u de herstelcode goed hebt bewaard: typ groep %n over (van links geteld). Kijk daarvoor op uw afdruk of in het PDF-bestand, niet op het vorige scherm.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>&amp;Groep %n:</source>
        <translation>
            <numerusform>&amp;Groep %n:</numerusform>
            <numerusform>&amp;Groep %n:</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Groep %n van de herstelcode</source>
        <translation>
            <numerusform>Groep %n van de herstelcode</numerusform>
            <numerusform>Groep %n van de herstelcode</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Search</name>
    <message numerus="yes">
        <source>%n resultaten</source>
        <translation>
            <numerusform>%n resultaat</numerusform>
            <numerusform>%n resultaten</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message numerus="yes">
        <source>Uw organisatie staat maximaal %n minuten toe.</source>
        <translation>
            <numerusform>Uw organisatie staat maximaal %n minuut toe.</numerusform>
            <numerusform>Uw organisatie staat maximaal %n minuten toe.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>UnlockWidget</name>
    <message numerus="yes">
        <source>U hebt %n keer een verkeerde wachtwoordzin getypt.</source>
        <translation>
            <numerusform>U hebt %n keer een verkeerde wachtwoordzin getypt.</numerusform>
            <numerusform>U hebt %n keer een verkeerde wachtwoordzin getypt.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>&amp;Ontgrendelen (nog %n s)</source>
        <translation>
            <numerusform>&amp;Ontgrendelen (nog %n s)</numerusform>
            <numerusform>&amp;Ontgrendelen (nog %n s)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Te veel verkeerde pogingen. U kunt het over %n seconden opnieuw proberen.</source>
        <translation>
            <numerusform>Te veel verkeerde pogingen. U kunt het over %n seconde opnieuw proberen.</numerusform>
            <numerusform>Te veel verkeerde pogingen. U kunt het over %n seconden opnieuw proberen.</numerusform>
        </translation>
    </message>
</context>
</TS>
