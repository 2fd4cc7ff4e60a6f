#!/usr/bin/env python3
"""Writes the Northwind example workspace's CSV tables as one XLSX workbook and as one SQLite file, the
way people keep them: a sheet (or table) per canonical table, numbers as numbers, dates as spreadsheet
dates, yes/no as booleans. Standard library only. Run from the repository root:

    python3 Tests/tools/make_example_sources.py

It rewrites Reports/examples/northwind/northwind.xlsx and northwind.sqlite; the results of all three
forms must be identical (the tests check it)."""
import csv
import datetime
import os
import sqlite3
import zipfile
from xml.sax.saxutils import escape

FOLDER = "Reports/examples/northwind"
TABLES = ["organizations", "financials", "partners", "engagements", "launches", "targets", "fx_rates"]
NUMERIC = {"revenue", "operating_costs", "ecosystem_revenue", "cost_savings", "value", "target", "rate"}
DATES = {"started_on", "ended_on", "launched_on"}
BOOLEANS = {"ecosystem_supported"}


def read(table):
    with open(os.path.join(FOLDER, "data", table + ".csv"), newline="", encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    return rows[0], rows[1:]


def column_name(index):
    name = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        name = chr(65 + rest) + name
    return name


def serial(iso):
    day = datetime.date.fromisoformat(iso)
    return (day - datetime.date(1899, 12, 30)).days


def workbook():
    shared, index = [], {}

    def string(text):
        if text not in index:
            index[text] = len(shared)
            shared.append(text)
        return index[text]

    sheets = []
    for table in TABLES:
        header, rows = read(table)
        lines = []
        for r, values in enumerate([header] + rows, start=1):
            cells = []
            for c, value in enumerate(values):
                ref = "%s%d" % (column_name(c), r)
                name = header[c]
                if value == "":
                    continue
                if r > 1 and name in NUMERIC:
                    cells.append('<c r="%s"><v>%s</v></c>' % (ref, value))
                elif r > 1 and name in DATES:
                    cells.append('<c r="%s" s="1"><v>%d</v></c>' % (ref, serial(value)))
                elif r > 1 and name in BOOLEANS:
                    cells.append('<c r="%s" t="b"><v>%d</v></c>' % (ref, value.lower() in ("yes", "true", "1")))
                elif r > 1 and table == "partners" and name == "name":
                    cells.append('<c r="%s" t="inlineStr"><is><t>%s</t></is></c>' % (ref, escape(value)))
                else:
                    cells.append('<c r="%s" t="s"><v>%d</v></c>' % (ref, string(value)))
            lines.append('<row r="%d">%s</row>' % (r, "".join(cells)))
        sheets.append((table, '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                       '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
                       '<sheetData>%s</sheetData></worksheet>' % "".join(lines)))
    path = os.path.join(FOLDER, "northwind.xlsx")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        def write(name, text):
            info = zipfile.ZipInfo(name, date_time=(2026, 10, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, text)
        write("[Content_Types].xml",
              '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
              '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
              '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
              '<Default Extension="xml" ContentType="application/xml"/>'
              '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
              + "".join('<Override PartName="/xl/worksheets/sheet%d.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>' % (i + 1) for i in range(len(sheets)))
              + '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
              '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
              '</Types>')
        write("_rels/.rels",
              '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
              '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
              '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
              '</Relationships>')
        write("xl/workbook.xml",
              '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
              '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
              'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><workbookPr/><sheets>'
              + "".join('<sheet name="%s" sheetId="%d" r:id="rId%d"/>' % (name, i + 1, i + 1) for i, (name, _) in enumerate(sheets))
              + '</sheets></workbook>')
        write("xl/_rels/workbook.xml.rels",
              '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
              '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
              + "".join('<Relationship Id="rId%d" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet%d.xml"/>' % (i + 1, i + 1) for i in range(len(sheets)))
              + '<Relationship Id="rId%d" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>' % (len(sheets) + 1)
              + '<Relationship Id="rId%d" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>' % (len(sheets) + 2)
              + '</Relationships>')
        write("xl/styles.xml",
              '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
              '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
              '<cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="14" applyNumberFormat="1"/></cellXfs></styleSheet>')
        write("xl/sharedStrings.xml",
              '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
              '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="%d" uniqueCount="%d">%s</sst>'
              % (len(shared), len(shared), "".join("<si><t xml:space=\"preserve\">%s</t></si>" % escape(s) for s in shared)))
        for i, (_, xml) in enumerate(sheets):
            write("xl/worksheets/sheet%d.xml" % (i + 1), xml)


def database():
    path = os.path.join(FOLDER, "northwind.sqlite")
    if os.path.exists(path):
        os.remove(path)
    connection = sqlite3.connect(path)
    for table in TABLES:
        header, rows = read(table)
        types = ["REAL" if name in NUMERIC else "INTEGER" if name in BOOLEANS else "TEXT" for name in header]
        connection.execute('CREATE TABLE "%s" (%s)' % (table, ", ".join('"%s" %s' % pair for pair in zip(header, types))))
        for values in rows:
            converted = []
            for name, value in zip(header, values):
                if value == "":
                    converted.append(None)
                elif name in NUMERIC:
                    converted.append(float(value))
                elif name in BOOLEANS:
                    converted.append(1 if value.lower() in ("yes", "true", "1") else 0)
                else:
                    converted.append(value)
            connection.execute('INSERT INTO "%s" VALUES (%s)' % (table, ", ".join("?" * len(header))), converted)
    connection.commit()
    connection.execute("VACUUM")
    connection.close()


if __name__ == "__main__":
    workbook()
    database()
