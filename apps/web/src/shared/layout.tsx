import type { ComponentChildren } from 'preact';
import type { Session } from './session';

export interface NavLink {
  readonly href: string;
  readonly label: string;
}

/** The frame of every page: a header with the product, the page's links and the session, then the page. */
export function Layout({
  title,
  nav = [],
  session,
  onSignOut,
  children,
}: {
  title: string;
  nav?: readonly NavLink[];
  session?: Session;
  onSignOut?: () => void;
  children: ComponentChildren;
}) {
  const here = typeof location === 'undefined' ? '' : location.pathname;
  return (
    <div class="app">
      <a class="skip-link" href="#main">
        Skip to content
      </a>
      <header class="app-header">
        <span class="brand">Hindsight · {title}</span>
        {nav.length > 0 && (
          <nav aria-label="Pages">
            <ul>
              {nav.map((l) => (
                <li key={l.href}>
                  <a href={l.href} aria-current={here === l.href ? 'page' : undefined}>
                    {l.label}
                  </a>
                </li>
              ))}
            </ul>
          </nav>
        )}
        {session && (
          <div class="session">
            <span>
              {session.raterId ? `rater ${session.raterId}` : `key ${session.keyLookupId}`} · {session.tenant}
            </span>
            {onSignOut && (
              <button type="button" class="link-button" onClick={onSignOut}>
                Sign out
              </button>
            )}
          </div>
        )}
      </header>
      <main id="main" tabIndex={-1}>
        {children}
      </main>
    </div>
  );
}
