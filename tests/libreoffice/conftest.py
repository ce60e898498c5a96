"""LibreOffice Calc as the real client: Debian's ``libreoffice-calc-nogui`` (``make test`` installs it).

Each conversion runs its own headless LibreOffice with a throwaway profile, so tests never share state
with one another or with a LibreOffice the developer has open.
"""
import json
import shutil
import subprocess
from pathlib import Path

import pytest

SOFFICE = shutil.which("soffice") or "/usr/bin/soffice"
SYSTEM_PYTHON = "/usr/bin/python3"  # Debian's, with python3-uno: LibreOffice's bridge is not on PyPI
CALC_FILL = Path(__file__).with_name("calc_fill.py")
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "libreoffice"


@pytest.fixture(scope="session")
def libreoffice():
    if not Path(SOFFICE).exists() or not Path(SYSTEM_PYTHON).exists():
        pytest.fail("LibreOffice Calc is missing: `make test` installs it "
                    "(apt-get install libreoffice-calc-nogui python3-uno poppler-utils)")
    return SOFFICE


def pdf_of(workbook: bytes, name: str, tmp_path: Path) -> Path:
    """``workbook`` printed to PDF by LibreOffice (every sheet, with the workbook's own page setup). A copy
    lands in test-artifacts/libreoffice/ to be looked at."""
    source = tmp_path / f"{name}.xlsx"
    source.write_bytes(workbook)
    result = subprocess.run([SOFFICE, "--headless", "--norestore", f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}",
                             "--convert-to", "pdf", "--outdir", str(tmp_path), str(source)],
                            capture_output=True, text=True, timeout=180)
    pdf = tmp_path / f"{name}.pdf"
    assert result.returncode == 0 and pdf.exists(), (result.stdout, result.stderr)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    shutil.copy(pdf, ARTIFACTS / pdf.name)
    return pdf


def page_count(pdf: Path) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    return int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))


def pdf_text(pdf: Path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout


def filled_by_calc(workbook: bytes, cells: dict[str, dict[str, object]], tmp_path: Path) -> bytes:
    """``workbook`` with ``cells`` ({sheet: {"E3": 45}}) typed in and saved by LibreOffice Calc itself."""
    source, target = tmp_path / "download.xlsx", tmp_path / "saved-by-calc.xlsx"
    source.write_bytes(workbook)
    result = subprocess.run([SYSTEM_PYTHON, str(CALC_FILL), str(source), str(target), json.dumps(cells),
                             str(tmp_path / "uno-profile")], capture_output=True, text=True, timeout=300)
    assert result.returncode == 0 and target.exists(), (result.stdout, result.stderr)
    return target.read_bytes()
