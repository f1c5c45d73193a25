"""List the models, their traits and compatibility names."""

from venice_ai import VeniceClient


def main() -> None:
    with VeniceClient() as client:
        listing = client.models.list(type="text")
        for model in listing.data:
            print(model.id, model.model_spec.name if model.model_spec else "")
        traits = client.models.list_traits()
        print(sorted(traits.data))
        mapping = client.models.list_compatibility()
        print(len(mapping.data))


if __name__ == "__main__":
    main()
