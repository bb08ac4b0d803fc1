import { headingText, statusColours } from './agent-labels';

const msg = (
  agent_type: 'system' | 'planner' | 'image' | 'frontend' | 'testing',
  status: 'thinking' | 'waiting' | 'working' | 'completed' | 'warning' | 'error',
  progress: number,
) => ({ agent_type, status, progress });

describe('message headings, as the specification prints them', () => {
  it.each([
    [msg('planner', 'thinking', 10), '🧠 Planner Agent 🤔 Thinking... [10%]'],
    [msg('frontend', 'working', 65), '🎨 Frontend Agent ⚙️ Working... [65%]'],
    [msg('image', 'waiting', 30), '🖼️ Image Agent ⏸️ Waiting... [30%]'],
    [msg('planner', 'completed', 25), '🧠 Planner Agent ✅ Complete [25%]'],
    [msg('testing', 'warning', 95), '🧪 Testing Agent ⚠️ Warning [95%]'],
    [msg('system', 'working', 0), '🚀 Initializing Agent ⚙️ Working... [0%]'],
    [msg('system', 'completed', 100), '🏗️ Building ✅ Complete [100%]'],
    [msg('system', 'error', 40), '🏗️ Building ❌ Error [40%]'],
    [msg('system', 'warning', 45), '🏗️ Building ⚠️ Warning [45%]'],
    [msg('system', 'error', 0), '🚀 Initializing Agent ❌ Error [0%]'],
  ])('%o → %s', (event, heading) => {
    expect(headingText(event)).toBe(heading);
  });

  it('colours in-flight states by border and outcomes by background', () => {
    expect(statusColours('thinking')).toEqual({ border: '#6366f1', background: undefined });
    expect(statusColours('waiting')).toEqual({ border: '#f59e0b', background: undefined });
    expect(statusColours('working')).toEqual({ border: '#10b981', background: undefined });
    expect(statusColours('completed')).toEqual({ border: undefined, background: '#0a1f0a' });
    expect(statusColours('warning')).toEqual({ border: undefined, background: '#1f1a0a' });
    expect(statusColours('error')).toEqual({ border: undefined, background: '#1f0a0a' });
  });
});
