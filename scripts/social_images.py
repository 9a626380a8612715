"""Draw the default share images (1200×630) that WhatsApp and others show.

Run once when a pillar or branch is added: `python scripts/social_images.py`.
The PNGs are committed; each event's own card is drawn at build time
(hetero/social.py).
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

OUT = Path(__file__).resolve().parent.parent / "content" / "images" / "social"
SIZE = (1200, 630)

# name -> (background, subtitle)
CARDS = {
    "hetero-space": ("#0f5b66", "Ruang kerja bersama & pusat kreatif UMKM Jawa Tengah"),
    "srawung": ("#7a2e08", "Srawung · bertemu dan berdiskusi"),
    "mbangun": ("#0a434b", "Mbangun · belajar"),
    "melesat": ("#3b2e8c", "Melesat · melaju lebih cepat"),
    "cabang-semarang": ("#0f5b66", "Cabang Semarang · UMKM Center Jawa Tengah"),
    "cabang-banyumas": ("#5c4300", "Cabang Banyumas · segera hadir"),
    "cabang-solo": ("#333333", "Cabang Solo · dalam renovasi"),
}


def draw(background: str, subtitle: str) -> Image.Image:
    image = Image.new("RGB", SIZE, background)
    pen = ImageDraw.Draw(image)
    pen.rectangle((0, SIZE[1] - 24, SIZE[0], SIZE[1]), fill="#f2a65a")
    pen.text((80, 200), "Hetero Space", fill="white", font=ImageFont.load_default(size=110))
    pen.text((84, 360), subtitle, fill="#e6eef0", font=ImageFont.load_default(size=44))
    return image


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    for name, (background, subtitle) in CARDS.items():
        draw(background, subtitle).save(OUT / f"{name}.png", optimize=True)


if __name__ == "__main__":
    main()
