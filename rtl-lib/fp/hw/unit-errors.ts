// Bad configurations of a float unit (an unknown unit name, a depth outside the cut points, an unknown
// cut point) are the user's mistakes: they are reported as a TTF140 diagnostic at the line of the
// user's code that asked for the unit, with the valid choices, never as an internal error.
import { refuse } from '../../../dsl/index.js';

/** Throws the user error `message` (TTF140, bad parameter) at the user's line when there is one. */
export function unitConfigError(message: string): never {
  refuse('TTF140', message);
}
