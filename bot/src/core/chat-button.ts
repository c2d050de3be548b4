/** A button on a message, as each platform renders it (Slack `button`, Teams `Action.Execute`). */
export interface ChatButton {
  /** The action it runs (its name in the registry). */
  readonly action: string;
  readonly label: string;
  /** The action's arguments, encoded by the action itself. */
  readonly value: string;
  /** @default the platform's plain button */
  readonly style?: 'primary' | 'danger';
}
