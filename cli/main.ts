import { runCommand, type Command } from '../shared/command-line/command.ts';
import { SOFTWARE_VERSION } from '../server/version.ts';
import { demoCommand } from './commands/demo.ts';
import { edgeCommand } from './commands/edge.ts';
import { referenceCommand } from './commands/reference.ts';
import { reportCommand } from './commands/report.ts';
import { serverCommand } from './commands/server.ts';
import { simulateCommand } from './commands/simulate.ts';
import { userCommand } from './commands/user.ts';
import { vesselCommand } from './commands/vessel.ts';

const commands: readonly Command[] = [demoCommand, serverCommand, edgeCommand, vesselCommand, userCommand, simulateCommand, reportCommand, referenceCommand];

function help(): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  return [
    'sillage — measured evidence from hybrid-electric fishing vessels',
    '',
    'Usage: sillage <command> [options]     (sillage <command> --help for its options; sillage --version)',
    '',
    ...commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
  ].join('\n');
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === '--version' || name === '-V') {
    console.log(`sillage ${SOFTWARE_VERSION}`);
    return 0;
  }
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    console.log(help());
    return name ? 0 : 1;
  }
  const command = commands.find((c) => c.name === name);
  if (!command) {
    console.error(`sillage: unknown command ${JSON.stringify(name)}\n\n${help()}`);
    return 2;
  }
  return runCommand(command, rest);
}
