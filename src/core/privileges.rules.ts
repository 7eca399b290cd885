/** The three privileges of the Sangoma portal. */
export interface Privileges {
  active: boolean;
  admin: boolean;
  portalAccess: boolean;
}

export type PrivilegeName = keyof Privileges;

export const PRIVILEGES: readonly { name: PrivilegeName; label: string; description: string }[] = [
  { name: 'active', label: 'Active', description: 'Can sign in and open support tickets.' },
  {
    name: 'admin',
    label: 'Admin',
    description: 'Can view, edit and create customers, users and deployments; make purchases.',
  },
  {
    name: 'portalAccess',
    label: 'Portal Access',
    description: 'Can view customers and deployments; no edits, no purchases.',
  },
];

export function privilegeLabels(privileges: Privileges): string[] {
  return PRIVILEGES.filter(({ name }) => privileges[name]).map(({ label }) => label);
}

/** What a stored user may do in Switchboard, from their privileges (see DESIGN "Who may do what"). */
export type Capability = 'ownProfile' | 'viewDirectory' | 'manageUsers';

export function capabilitiesOf(privileges: Privileges): Set<Capability> {
  const capabilities = new Set<Capability>();
  if (!privileges.active) return capabilities;
  capabilities.add('ownProfile');
  if (privileges.portalAccess || privileges.admin) capabilities.add('viewDirectory');
  if (privileges.admin) capabilities.add('manageUsers');
  return capabilities;
}
