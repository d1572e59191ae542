"""Report photos: checked by their content (not their name or declared type), stripped of what the camera wrote
about the phone and where it was (EXIF, XMP), and stored by their SHA-256."""

from __future__ import annotations

import hashlib
import io
import secrets
from dataclasses import dataclass
from pathlib import Path

from PIL import ExifTags, Image, ImageOps, UnidentifiedImageError

from geo.said import Said, SaidError
from geo.vi_format import vi_number

ACCEPTED_FORMATS = {"JPEG": ("image/jpeg", "jpg"), "PNG": ("image/png", "png"), "WEBP": ("image/webp", "webp")}
MAX_PIXELS = 60_000_000


class PhotoError(SaidError):
    """A photo that is refused; the message names it, says why and what to send instead, in both languages.
    ``status`` is the HTTP answer (api/errors.py): 413 for a photo too large, 415 for one that is not an accepted
    image."""

    def __init__(self, name: str, message: Said, *, too_large: bool = False) -> None:
        super().__init__(Said(f"ảnh {name!r}: {message.vi}", f"photo {name!r}: {message.en}"))
        self.too_large = too_large
        self.status = 413 if too_large else 415


_AS_PHOTO = Said("hãy gửi ảnh JPEG, PNG hoặc WebP", "send a JPEG, PNG or WebP photo")


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
            Said(
                f"ảnh có {vi_number(len(content), 0)} byte, quá giới hạn {vi_number(max_bytes, 0)} byte — hãy gửi ảnh "
                "nhỏ hơn",
                f"the photo is {len(content):,} bytes; the limit is {max_bytes:,} bytes — send a smaller one",
            ),
            too_large=True,
        )
    if not content:
        raise PhotoError(name, Said("ảnh trống", "the photo is empty"))
    try:
        with Image.open(io.BytesIO(content)) as image:
            image_format = image.format
            too_large = image.width * image.height > MAX_PIXELS
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError) as error:
        unreadable = Said(f"không đọc được ảnh; {_AS_PHOTO.vi}", f"the photo is not a readable image; {_AS_PHOTO.en}")
        raise PhotoError(name, unreadable) from error
    if image_format not in ACCEPTED_FORMATS:
        refused = Said(
            f"không nhận ảnh định dạng {image_format}; {_AS_PHOTO.vi}",
            f"photos in {image_format} format are not accepted; {_AS_PHOTO.en}",
        )
        raise PhotoError(name, refused)
    if too_large:
        over = Said(
            f"ảnh có hơn {vi_number(MAX_PIXELS, 0)} điểm ảnh; hãy gửi ảnh nhỏ hơn",
            f"the photo has more than {MAX_PIXELS:,} pixels; send a smaller one",
        )
        raise PhotoError(name, over, too_large=True)
    content_type, extension = ACCEPTED_FORMATS[image_format]
    content = without_camera_metadata(content)
    return Photo(content, hashlib.sha256(content).hexdigest(), content_type, extension)


#: What a camera writes besides the picture: EXIF (the phone's make and serial, the GPS position, the time), XMP.
_CAMERA_METADATA = ("exif", "xmp", "XML:com.adobe.xmp", "comment")


def without_camera_metadata(content: bytes) -> bytes:
    """The photo without its EXIF and XMP, turned upright as its EXIF orientation said; as sent if it has neither.

    Photos are published with their report, and a phone's EXIF gives its make and serial and where the officer was.
    The report form drops them in the browser (it redraws the photo); this does the same for one sent over the API.
    A JPEG keeps its quantisation tables and subsampling (quality "keep") unless it had to be turned; the colour
    profile is kept."""
    with Image.open(io.BytesIO(content)) as image:
        exif = image.getexif()
        if not exif and not any(image.info.get(key) for key in _CAMERA_METADATA):
            return content
        image_format, icc = image.format, image.info.get("icc_profile")
        turned = exif.get(ExifTags.Base.Orientation, 1) != 1
        options: dict = {"icc_profile": icc} if icc else {}
        if image_format == "JPEG":
            options |= {"quality": 90} if turned else {"quality": "keep", "subsampling": "keep", "qtables": "keep"}
        elif image_format == "WEBP":
            options |= {"lossless": True} if image.info.get("lossless") else {"quality": 90}
        out = io.BytesIO()
        (ImageOps.exif_transpose(image) if turned else image).save(out, format=image_format, **options)
    return out.getvalue()


def store_photo(photo: Photo, photo_dir: Path) -> Path:
    """Write the photo under ``photo_dir`` (named by its hash, so a photo sent twice is stored once)."""
    path = photo_dir / photo.relative_path
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_name(f"{path.name}.{secrets.token_hex(8)}.part")
        temporary.write_bytes(photo.content)
        temporary.replace(path)
    return path
