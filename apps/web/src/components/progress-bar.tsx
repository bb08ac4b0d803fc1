/** The specification's ━━━━░░░░ bar, as an accessible progressbar. */
export function ProgressBar({ value, label, max = 100 }: { value: number; label: string; max?: number }) {
  const pct = max > 0 ? Math.max(0, Math.min(100, (value / max) * 100)) : 0;
  return (
    <div
      className="progress"
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={max}
      aria-valuenow={Math.round(value * 100) / 100}
    >
      <div className="progress__fill" style={{ width: `${pct}%` }} />
    </div>
  );
}
