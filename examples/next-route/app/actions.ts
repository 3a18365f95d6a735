/**
 * `app/actions.ts`: a Server Action. governAction checks its arguments (form fields by name)
 * and its result.
 */
'use server';
import { governAction } from '../../../src/pep/next/index.js';
import { gh } from '../lib/gatehouse.js';

export const saveSupportNote = governAction(async (form: FormData) => {
  // What would be written to the CRM: the redacted note.
  const note = String(form.get('note'));
  return { saved: note, message: `Saved note for ${String(form.get('customer_email'))}` };
}, gh, { identity: { orgId: 'acme', userId: 'agent-7' }, name: 'saveSupportNote' });
