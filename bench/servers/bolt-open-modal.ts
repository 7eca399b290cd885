// A second floor: a bare Bolt app that acks and opens the same "Add user" modal with views.open,
// with no database. The difference to Switchboard is Switchboard's own work.
import { addUserModal } from '../../src/features/users/add/user-form.blocks.ts';
import { serveBareBolt } from './bench-bolt-app.ts';

const view = addUserModal({
  selected: { id: '00000000-0000-4000-8000-000000000000', path: 'Bench Telecom' },
  // The company and its 20 customers, as Switchboard's bench data has them (the picker's initial
  // option is one of its options, as Slack requires).
  companies: Array.from({ length: 21 }, (_, i) => ({
    id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
    path: i === 0 ? 'Bench Telecom' : `Bench Telecom › Customer ${i - 1}`,
  })),
  totalCompanies: 21,
});

await serveBareBolt(async ({ ack, command, client }) => {
  await ack();
  await client.views.open({ trigger_id: command.trigger_id, view });
});
