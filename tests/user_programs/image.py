"""Generate an image as JSON (base64), then as a file."""

from pathlib import Path

from venice_ai import VeniceClient


def main() -> None:
    with VeniceClient() as client:
        result = client.image.generate(model="venice-sd35", prompt="A lighthouse at dawn")
        print(len(result.images), "images")
        picture = client.image.generate(
            model="venice-sd35", prompt="A lighthouse at dawn", return_binary=True
        )
        picture.write_to_file(Path("lighthouse.png"))
        print(picture.content_type)


if __name__ == "__main__":
    main()
