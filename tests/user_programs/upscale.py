"""Upscale a local image file."""

from pathlib import Path

from venice_ai import VeniceClient


def main() -> None:
    Path("small.png").write_bytes(b"\x89PNG\r\n\x1a\n pretend image")
    with VeniceClient() as client:
        upscaled = client.image.upscale(image=Path("small.png"), scale=2)
        upscaled.write_to_file("large.png")
        print(upscaled.content_type, len(upscaled.content))


if __name__ == "__main__":
    main()
