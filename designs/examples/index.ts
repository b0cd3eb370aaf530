// Every example design with the parameters the tests, goldens and docs use.
import type { Module } from '../../dsl/index.js';
import { Counter } from './counter.js';
import { Fifo } from './fifo.js';
import { Gcd } from './gcd.js';
import { TrafficLight } from './traffic-light.js';
import { AdderTree } from './adder-tree.js';
import { StreamLanes } from './stream-lanes.js';
import { BlackBoxUser } from './blackbox-user.js';
import { UartTx } from './uart-tx.js';

export interface Example {
  /** Folder name of its goldens. */
  readonly name: string;
  /** A fresh top module each call (a module can only be elaborated into one design). */
  readonly build: () => Module;
}

export const examples: readonly Example[] = [
  { name: 'Counter', build: () => new Counter({ width: 8 }) },
  { name: 'Fifo', build: () => new Fifo(16, 8) },
  { name: 'Gcd', build: () => new Gcd(16) },
  { name: 'TrafficLight', build: () => new TrafficLight(20, 30, 5) },
  { name: 'AdderTree', build: () => new AdderTree(8, 8) },
  { name: 'StreamLanes', build: () => new StreamLanes(4, 8) },
  { name: 'BlackBoxUser', build: () => new BlackBoxUser(8, 24) },
  { name: 'UartTx', build: () => new UartTx(4, 'onehot') },
];
