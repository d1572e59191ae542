"""Report photos: checked by their content (not their name or declared type) and stored by their SHA-256."""

from __future__ import annotations

import hashlib
import io
import secrets
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, UnidentifiedImageError

ACCEPTED_FORMATS = {"JPEG": ("image/jpeg", "jpg"), "PNG": ("image/png", "png"), "WEBP": ("image/webp", "webp")}
MAX_PIXELS = 60_000_000


class PhotoError(ValueError):
    """A photo that is refused; the message names it, says why and what to send instead. ``status`` is the HTTP
    answer (api/errors.py): 413 for a photo too large, 415 for one that is not an accepted image."""

    def __init__(self, name: str, message: str, *, too_large: bool = False) -> None:
        super().__init__(f"photo {name!r}: {message}")
        self.too_large = too_large
        self.status = 413 if too_large else 415


@dataclass(frozen=True)
class Photo:
    content: bytes
    sha256: str
    content_type: str
    extension: str

    @property
    def relative_path(self) -> str:
        return f"{self.sha256[:2]}/{self.sha256}.{self.extension}"


def check_photo(name: str, content: bytes, max_bytes: int) -> Photo:
    """The photo (file ``name``) if it is a JPEG, PNG or WebP image no larger than ``max_bytes``; PhotoError
    otherwise."""
    if len(content) > max_bytes:
        raise PhotoError(
            name,
            f"the photo is {len(content):,} bytes; the limit is {max_bytes:,} bytes — send a smaller one",
            too_large=True,
        )
    if not content:
        raise PhotoError(name, "the photo is empty")
    try:
        with Image.open(io.BytesIO(content)) as image:
            image_format = image.format
            too_large = image.width * image.height > MAX_PIXELS
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError) as error:
        raise PhotoError(name, "the photo is not a readable image; send a JPEG, PNG or WebP photo") from error
    if image_format not in ACCEPTED_FORMATS:
        raise PhotoError(name, f"photos in {image_format} format are not accepted; send a JPEG, PNG or WebP photo")
    if too_large:
        raise PhotoError(name, f"the photo has more than {MAX_PIXELS:,} pixels; send a smaller one", too_large=True)
    content_type, extension = ACCEPTED_FORMATS[image_format]
    return Photo(content, hashlib.sha256(content).hexdigest(), content_type, extension)


def store_photo(photo: Photo, photo_dir: Path) -> Path:
    """Write the photo under ``photo_dir`` (named by its hash, so a photo sent twice is stored once)."""
    path = photo_dir / photo.relative_path
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_name(f"{path.name}.{secrets.token_hex(8)}.part")
        temporary.write_bytes(photo.content)
        temporary.replace(path)
    return path
