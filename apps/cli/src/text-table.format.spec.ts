import { renderTable } from './text-table.format';
import { displayWidth, Style, stripAnsi } from './terminal.style';

describe('renderTable', () => {
  it('aligns columns, numbers to the right, with a footer under a rule', () => {
    const text = renderTable(
      [{ header: 'agent' }, { header: 'tokens', align: 'right' }],
      [
        ['planner', '650'],
        ['frontend', '2,800'],
      ],
      ['total', '3,450'],
    );
    expect(text.split('\n')).toEqual([
      'agent     tokens',
      '────────  ──────',
      'planner      650',
      'frontend   2,800',
      '────────  ──────',
      'total      3,450',
    ]);
  });
});

describe('displayWidth', () => {
  it('counts emoji as two columns and escape codes as none', () => {
    expect(displayWidth('🧠 ab')).toBe(5);
    expect(displayWidth('⚙️')).toBe(2);
    expect(displayWidth(new Style(true).green('ok'))).toBe(2);
    expect(stripAnsi(new Style(true).hex('#6366f1', 'x'))).toBe('x');
  });

  it('adds no escape codes when colour is off', () => {
    expect(new Style(false).red('plain')).toBe('plain');
  });
});
