import { credits } from '../lib/format';
import { hrefOf, type Route } from '../lib/router';
import { useSession } from '../session';

const NAV: Array<{ name: Route['name']; label: string; href: string }> = [
  { name: 'workspace', label: 'Workspace', href: hrefOf.workspace() },
  { name: 'builds', label: 'Builds', href: hrefOf.builds() },
  { name: 'usage', label: 'Usage', href: hrefOf.usage() },
];

/** Brand, navigation and the live balance: what can be spent now and what running builds hold. */
export function AppHeader({ route }: { route: Route }) {
  const { balance, signOut } = useSession();
  return (
    <header className="app-header">
      <a className="brand" href={hrefOf.workspace()}>
        <span aria-hidden="true">🚀</span> AutoWebIQ
      </a>
      <nav aria-label="Main">
        <ul>
          {NAV.map((item) => (
            <li key={item.name}>
              <a href={item.href} aria-current={route.name === item.name ? 'page' : undefined}>
                {item.label}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <dl className="balance" aria-label="Credit balance">
        <div>
          <dt>Available</dt>
          <dd data-testid="balance-available">
            {balance ? credits(balance.credits, balance.credits_micro) : '…'}
          </dd>
        </div>
        <div>
          <dt>Held</dt>
          <dd data-testid="balance-held">{balance ? credits(balance.held, balance.held_micro) : '…'}</dd>
        </div>
      </dl>
      <button type="button" className="button--quiet" onClick={() => signOut()}>
        Sign out
      </button>
    </header>
  );
}
