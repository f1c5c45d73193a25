"""Embeddings for two sentences."""

from venice_ai import VeniceClient


def main() -> None:
    model: str = "text-embedding-bge-m3"  # a model id kept in a variable
    with VeniceClient() as client:
        result = client.embeddings.create(model=model, input=["first", "second"])
        for item in result.data:
            print(item.index, type(item.embedding).__name__)


if __name__ == "__main__":
    main()
