import type {
  AllMiddlewareArgs,
  AnyMiddlewareArgs,
  App,
  Middleware,
  SlackAction,
  SlackActionMiddlewareArgs,
  SlackCommandMiddlewareArgs,
  SlackEventMiddlewareArgs,
  SlackOptionsMiddlewareArgs,
  SlackViewAction,
  SlackViewMiddlewareArgs,
} from '@slack/bolt';

type Listener = (args: AnyMiddlewareArgs & AllMiddlewareArgs) => Promise<void>;
type Kind = 'command' | 'action' | 'view' | 'options' | 'event';

/**
 * Any id: each kind's one Bolt listener takes every request of its kind and routes it. (Bolt then
 * sets `context.actionIdMatches` and the like on every request; nothing reads them.)
 */
const ANY = /.*/;

/**
 * What the slices register their listeners on: Bolt's `command`, `action`, `view`, `options` and
 * `event` by exact name, and global middleware (`use`). Attached to the app, each kind becomes one
 * Bolt listener that looks the request's command, action id, callback id or event type up here.
 * Bolt itself runs every listener's matching middleware on every request — with 80 listeners
 * that was a third of a command's CPU time (docs/benchmarks.md) — so the app gives it five.
 * A name has one listener: registering a second is a mistake, refused at start.
 */
export class Listeners {
  private readonly routes: Record<Kind, Map<string, Listener>> = {
    command: new Map(),
    action: new Map(),
    view: new Map(),
    options: new Map(),
    event: new Map(),
  };
  /** Action ids that carry a suffix (a page number, previous / next): tried in order after the exact names. */
  private readonly actionPatterns: [RegExp, Listener][] = [];
  private readonly middleware: Middleware<AnyMiddlewareArgs>[] = [];

  command(name: string, listener: Middleware<SlackCommandMiddlewareArgs>): void {
    this.add('command', name, listener);
  }

  /** A `block_actions` click on an element with this action id (or one matching the pattern). */
  action<Action extends SlackAction = SlackAction>(
    actionId: string | RegExp,
    listener: Middleware<SlackActionMiddlewareArgs<Action>>,
  ): void {
    if (typeof actionId === 'string') this.add('action', actionId, listener);
    else this.actionPatterns.push([actionId, listener as Listener]);
  }

  /** A `view_submission` of the modal with this callback id. */
  view<ViewAction extends SlackViewAction = SlackViewAction>(
    callbackId: string,
    listener: Middleware<SlackViewMiddlewareArgs<ViewAction>>,
  ): void {
    this.add('view', callbackId, listener);
  }

  /** A `block_suggestion` (a searching select asking for options) with this action id. */
  options(actionId: string, listener: Middleware<SlackOptionsMiddlewareArgs<'block_suggestion'>>): void {
    this.add('options', actionId, listener);
  }

  event<EventType extends string>(type: EventType, listener: Middleware<SlackEventMiddlewareArgs<EventType>>): void {
    this.add('event', type, listener);
  }

  /** Global middleware, run after the app's own (request scope, NUL stripping, command names). */
  use(middleware: Middleware<AnyMiddlewareArgs>): void {
    this.middleware.push(middleware);
  }

  /** Gives the app the middleware and one listener per kind. */
  attach(app: App): void {
    for (const middleware of this.middleware) app.use(middleware);
    app.command(ANY, (args) => this.route('command', args.command.command, args));
    app.action(ANY, (args) => this.route('action', 'action_id' in args.action ? args.action.action_id : '', args));
    app.view(ANY, (args) => this.route('view', args.view.callback_id, args));
    app.options(ANY, (args) => this.route('options', 'action_id' in args.options ? args.options.action_id : '', args));
    app.event(ANY, (args) => this.route('event', args.event.type, args));
  }

  private add(kind: Kind, name: string, listener: unknown): void {
    if (this.routes[kind].has(name)) throw new Error(`Two listeners for the ${kind} ${name}`);
    this.routes[kind].set(name, listener as Listener);
  }

  /** Runs the listener for `name`; a request nobody listens for is left unanswered, as Bolt leaves it. */
  private async route(kind: Kind, name: string, args: AnyMiddlewareArgs & AllMiddlewareArgs): Promise<void> {
    const listener =
      this.routes[kind].get(name) ??
      (kind === 'action' ? this.actionPatterns.find(([pattern]) => pattern.test(name))?.[1] : undefined);
    await listener?.(args);
  }
}
