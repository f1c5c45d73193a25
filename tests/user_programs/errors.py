"""Errors as the reference documents them: by class, with status and request id."""

from venice_ai import VeniceClient
from venice_ai.exceptions import APIConnectionError, NotFoundError, RateLimitError, VeniceError


def main() -> None:
    with VeniceClient(max_retries=0) as client:
        try:
            client.characters.retrieve("no-such-character")
        except NotFoundError as error:
            print("not found:", error.status_code, error.request_id)
        try:
            client.models.list()
        except RateLimitError as error:
            print("rate limited, retry after", error.retry_after)
        except APIConnectionError as error:
            print("network:", error)
        except VeniceError as error:
            print("other:", type(error).__name__)


if __name__ == "__main__":
    main()
