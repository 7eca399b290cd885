import { Blocks, HomeTab, Modal } from 'slack-block-builder';
import { escapeFit, fit, TEXT_LIMIT } from './fit.ts';

/** The action_id of every text input, select and checkbox group in the app's forms. */
export const VALUE = 'value';

/** A modal that only says something (used when the form can no longer be submitted). */
export function messageModal(title: string, text: string) {
  // A modal's title holds 24 characters.
  return Modal({ title: fit(title, 24), close: 'Close' })
    .blocks(Blocks.Section({ text: escapeFit(text, TEXT_LIMIT) }))
    .buildToObject();
}

/** An App Home that only says something (when the real one could not be built). */
export function messageHome(text: string) {
  return HomeTab()
    .blocks(Blocks.Header({ text: 'Switchboard' }), Blocks.Section({ text: escapeFit(text, TEXT_LIMIT) }))
    .buildToObject();
}
