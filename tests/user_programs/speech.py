"""Text to speech, saved to a file."""

from venice_ai import VeniceClient


def main() -> None:
    with VeniceClient() as client:
        voice = "af_sky"
        model = "tts-kokoro"
        audio = client.audio.create_speech(input="Hello from Venice", model=model, voice=voice)
        audio.stream_to_file("hello.mp3")
        print(audio.content_type)


if __name__ == "__main__":
    main()
