"""The raw HTTP response: status, headers the spec documents, then the parsed model."""

from venice_ai import VeniceClient


def main() -> None:
    with VeniceClient() as client:
        raw = client.with_raw_response.models.list()
        print(raw.status_code, raw.headers.get("content-type"))
        print(raw.typed_headers.x_balance_remaining)
        listing = raw.parse()
        print(len(listing.data))


if __name__ == "__main__":
    main()
