// A traffic light: an Enum state register and switchOn, a down-counting timer, and a pedestrian
// request that shortens the green phase.
import { Module, UInt, Bool, Enum, when, switchOn } from '../../dsl/index.js';

export const LightState = Enum('Light', ['Red', 'Green', 'Yellow']);

export class TrafficLight extends Module {
  readonly request = this.input(Bool());
  readonly red = this.output(Bool());
  readonly yellow = this.output(Bool());
  readonly green = this.output(Bool());

  constructor(
    readonly redCycles = 20,
    readonly greenCycles = 30,
    readonly yellowCycles = 5,
  ) {
    super({ redCycles, greenCycles, yellowCycles });
    const timerWidth = Math.max(redCycles, greenCycles, yellowCycles).toString(2).length;
    const timer = this.reg(UInt(timerWidth), { init: redCycles - 1 });
    const state = this.reg(LightState.ground, { init: LightState.code('Red') });
    const expired = timer.eq(0);
    const load = (cycles: number) => timer.set(UInt(timerWidth).lit(cycles - 1));

    when(expired.not(), () => timer.set(timer.sub(1)));
    switchOn(state)
      .is(LightState.of('Red'), () => {
        when(expired, () => {
          state.set(LightState.of('Green'));
          load(greenCycles);
        });
      })
      .is(LightState.of('Green'), () => {
        // A waiting pedestrian ends the green phase early.
        when(expired.or(this.request), () => {
          state.set(LightState.of('Yellow'));
          load(yellowCycles);
        });
      })
      .is(LightState.of('Yellow'), () => {
        when(expired, () => {
          state.set(LightState.of('Red'));
          load(redCycles);
        });
      });

    this.red.set(state.eq(LightState.of('Red')));
    this.yellow.set(state.eq(LightState.of('Yellow')));
    this.green.set(state.eq(LightState.of('Green')));
  }
}

export default TrafficLight;
