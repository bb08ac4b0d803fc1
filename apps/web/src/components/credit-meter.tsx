import { credits } from '../lib/format';
import { ProgressBar } from './progress-bar';

export interface MeterReading {
  spent: number;
  reserved: number;
  spentMicro?: string;
  reservedMicro?: string;
}

/** This build's spend against its hold, moved by the build's credits_update events. */
export function CreditMeter({ reading, finished }: { reading: MeterReading; finished: boolean }) {
  return (
    <section className="meter" aria-labelledby="meter-title">
      <h2 id="meter-title" className="meter__title">
        Credits {finished ? 'used' : 'spent so far'}
      </h2>
      <p className="meter__figures">
        <strong data-testid="build-spent">{credits(reading.spent, reading.spentMicro)}</strong> of{' '}
        <span data-testid="build-reserved">{credits(reading.reserved, reading.reservedMicro)}</span> reserved
      </p>
      <ProgressBar value={reading.spent} max={reading.reserved} label="Credits spent of the reserved hold" />
    </section>
  );
}
