import type { Database } from '../../db/client.ts';
import type { ActorRef } from '../../core/actors.ts';
import { productNames } from '../licenses/index.ts';
import { companiesForNewUser } from '../../core/scope.ts';
import { inviteModal, type InviteFormState } from './invite-form.blocks.ts';

/** The /inviteusers modal for this actor (Admins only), showing `state`. */
export async function inviteModalFor(db: Database, ref: ActorRef, state: InviteFormState) {
  const choices = await companiesForNewUser(db, ref);
  const products = await productNames(db, ref);
  return inviteModal({ selected: choices.own, companies: choices.companies, totalCompanies: choices.total }, products, {
    ...state,
    product: state.product ?? (products.length === 1 ? products[0] : undefined),
  });
}

export const FIRST_ROW = { email: '', license: true };
