"""Read a QR code from a Chromium screenshot, as a phone's camera would from the wall: Pillow
opens the PNG and zxing-cpp reads the code."""

from __future__ import annotations

from io import BytesIO

import zxingcpp
from PIL import Image


def read_qr(png: bytes) -> list[str]:
    """The texts of every QR code in the picture."""
    with Image.open(BytesIO(png)) as image:
        found = zxingcpp.read_barcodes(image.convert("L"), formats=zxingcpp.BarcodeFormat.QRCode)
    return [barcode.text for barcode in found]
