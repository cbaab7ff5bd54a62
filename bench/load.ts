// Load generator: the demo simulator with the rates turned up, against any running server.
//   npx tsx bench/load.ts --url http://127.0.0.1:8080 --duration-s 60 --request-every-s 5-10 --position-every-s 1-2
// The server must have the accounts (DEMO=1 creates them; password "demo" unless --password).
// Prints command ack latency, refusals and position reports when done.
import { parseArgs } from 'node:util';
import { defaultSimulatorOptions, parseRange } from '../simulator/options';
import { startSimulator } from '../simulator/simulator';
import { summarize } from '../simulator/stats';

const { values } = parseArgs({
  options: {
    url: { type: 'string', default: 'http://127.0.0.1:8080' },
    password: { type: 'string', default: 'demo' },
    officers: { type: 'string', default: '1000' },
    posts: { type: 'string', default: '1000' },
    'duration-s': { type: 'string', default: '60' },
    'request-every-s': { type: 'string', default: '10-20' },
    'position-every-s': { type: 'string', default: '1-2' },
    'answer-delay-s': { type: 'string', default: '1-3' },
    'auto-dispatch-s': { type: 'string', default: '2' },
    seed: { type: 'string', default: '1' },
  },
});

const seconds = (name: string, text: string | undefined) => {
  const range = parseRange(text);
  if (!range) throw new Error(`--${name}: expected "N" or "MIN-MAX" seconds, got "${text}"`);
  return { min: range.min * 1000, max: range.max * 1000 };
};

const options = {
  ...defaultSimulatorOptions(values.url),
  password: values.password,
  officers: Number(values.officers),
  posts: Number(values.posts),
  requestEveryMs: seconds('request-every-s', values['request-every-s']),
  positionEveryMs: seconds('position-every-s', values['position-every-s']),
  answerDelayMs: seconds('answer-delay-s', values['answer-delay-s']),
  setOffDelayMs: { min: 500, max: 1500 },
  onSceneMs: { min: 5_000, max: 15_000 },
  offDutyShare: 0,
  maxOpenPerPost: 5,
  autoDispatchAfterMs: Number(values['auto-dispatch-s']) * 1000,
  seed: Number(values.seed),
};

const durationMs = Number(values['duration-s']) * 1000;
const sim = await startSimulator(options);
console.log(`load: running for ${durationMs / 1000} s against ${values.url}`);
await new Promise((resolve) => setTimeout(resolve, durationMs));
sim.stop();
console.log(summarize(sim.stats));
console.log(
  `requests raised ${sim.posts.reduce((n, p) => n + p.raised, 0)}, assigned by the stand-in ${sim.dispatcher?.assigned ?? 0}, resolved ${sim.dispatcher?.resolved ?? 0}`,
);
process.exit(0);
