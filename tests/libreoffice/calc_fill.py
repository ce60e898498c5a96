"""Fill cells of a workbook and save it — done by LibreOffice Calc itself, through its UNO API.

Run with the system Python that has Debian's ``python3-uno`` (not the project's virtualenv):

    /usr/bin/python3 calc_fill.py IN.xlsx OUT.xlsx '{"填报": {"E3": 45, "H9": "是"}}' PROFILE_DIR

Numbers go in with ``setValue`` and texts with ``setString``, as a person typing them would; the file is
saved with Calc's own "Calc MS Excel 2007 XML" filter, so the upload tests read what Calc writes.
"""
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import uno
from com.sun.star.beans import PropertyValue
from com.sun.star.connection import NoConnectException


def prop(name, value):
    result = PropertyValue()
    result.Name, result.Value = name, value
    return result


def connect(pipe: str):
    context = uno.getComponentContext()
    resolver = context.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", context)
    for _attempt in range(120):  # LibreOffice takes a few seconds to start on a busy machine
        try:
            return resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
        except NoConnectException:
            time.sleep(0.5)
    raise SystemExit("LibreOffice did not start")


def main(source: str, target: str, cells: str, profile: str) -> None:
    pipe = f"ohplan_calc_{os.getpid()}"
    office = subprocess.Popen(["soffice", "--headless", "--invisible", "--norestore", "--nologo", "--nodefault",
                               f"-env:UserInstallation={Path(profile).resolve().as_uri()}",
                               f"--accept=pipe,name={pipe};urp;"])
    try:
        context = connect(pipe)
        desktop = context.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", context)
        document = desktop.loadComponentFromURL(Path(source).resolve().as_uri(), "_blank", 0, (prop("Hidden", True),))
        for sheet_name, values in json.loads(cells).items():
            sheet = document.Sheets.getByName(sheet_name)
            for address, value in values.items():
                cell = sheet.getCellRangeByName(address)
                if isinstance(value, str):
                    cell.setString(value)
                else:
                    cell.setValue(value)
        document.storeToURL(Path(target).resolve().as_uri(), (prop("FilterName", "Calc MS Excel 2007 XML"),))
        document.close(True)
        try:
            desktop.terminate()
        except Exception:  # the bridge goes away while terminate() returns  # noqa: BLE001
            pass
        office.wait(timeout=60)
    finally:
        if office.poll() is None:
            office.kill()


if __name__ == "__main__":
    main(*sys.argv[1:5])
