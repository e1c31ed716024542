/** The panel's pages, in the order of the sidebar. */
export const NAV = [
  { path: '/', label: 'Dashboard' },
  { path: '/live', label: 'Live' },
  { path: '/menu', label: 'Menu' },
  { path: '/people', label: 'People' },
  { path: '/orders', label: 'Orders' },
] as const;
