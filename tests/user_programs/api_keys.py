"""Create, list and delete an API key."""

from venice_ai import VeniceClient


def main() -> None:
    with VeniceClient() as client:
        created = client.api_keys.create(api_key_type="INFERENCE", description="ci key")
        print(created.data.api_key_type)
        for key in client.api_keys.list().data:
            print(key.id, key.description)
        deleted = client.api_keys.delete(id=created.data.id)
        print(deleted.success)
        limits = client.api_keys.get_rate_limits()
        print(limits.data.api_tier.id if limits.data.api_tier else None)


if __name__ == "__main__":
    main()
