"""Generate a video: queue it, watch its progress, save the file (the helper polls and cleans
up), and say what happens when it takes too long."""

from venice_ai import JobProgress, JobTimeoutError, VeniceClient


def show(progress: JobProgress) -> None:
    done = f"{progress.fraction:.0%}" if progress.fraction is not None else "?"
    print(f"{progress.status}: {done} after {progress.polls} polls")


def main() -> None:
    with VeniceClient() as client:
        try:
            video = client.video.generate(
                model="wan-2.5-preview-text-to-video",
                prompt="A serene sunset over a calm ocean with gentle waves",
                duration="5s",
                on_progress=show,
                poll_timeout=120,
            )
        except JobTimeoutError as error:
            print("still running on the server:", error.job.to_dict())
            return
        video.write_to_file("sunset.mp4")
        print("saved", video.content_type, len(video.content), "bytes")


if __name__ == "__main__":
    main()
