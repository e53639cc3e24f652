// My uploads: this tab's uploads still on their way, with live progress.
import { ProgressBar } from "../upload/progress-bar";
import { stateWords } from "./entry-state";
import { useQueueSnapshot } from "./upload-manager";

export function LiveUploads() {
  const { entries, waitSeconds } = useQueueSnapshot();
  const moving = entries.filter((entry) => ["queued", "sending", "pausing", "paused"].includes(entry.state));
  if (moving.length === 0) return null;
  return (
    <section aria-labelledby="live-uploads-title" data-testid="live-uploads">
      <h3 id="live-uploads-title">Sending from this tab</h3>
      <ul className="queue">
        {moving.map((entry) => (
          <li key={entry.key} className="queue-item" data-testid="live-upload">
            <ProgressBar
              progress={entry.progress}
              label={entry.file.name}
              paused={entry.state === "paused"}
              state={stateWords(entry, waitSeconds)}
              testId="live-upload"
            />
          </li>
        ))}
      </ul>
    </section>
  );
}
