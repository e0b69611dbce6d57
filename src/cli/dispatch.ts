// Finds the subcommand, parses its options and maps errors to exit codes.
import { parseArgs, UsageError, flag } from './args';
import { CliCommand, CliIo, EXIT } from './command';

function help(commands: readonly CliCommand[], prog: string): string {
  const w = Math.max(...commands.map((c) => c.name.length));
  return [
    `usage: ${prog} <command> [options]`, '', 'commands:',
    ...commands.map((c) => `  ${c.name.padEnd(w)}  ${c.summary}`),
    '', `Run '${prog} <command> --help' for a command's options. JSON output is described in docs/cli.md.`, '',
  ].join('\n');
}

export async function runCli(argv: readonly string[], io: CliIo, commands: readonly CliCommand[], prog = 'yoi-vscode'): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === 'help' || name === '--help' || name === '-h') {
    const target = name === 'help' && rest[0] ? commands.find((c) => c.name === rest[0]) : undefined;
    (name === undefined ? io.stderr : io.stdout)(target ? `usage: ${prog} ${target.usage}\n` : help(commands, prog));
    return name === undefined ? EXIT.usage : EXIT.ok;
  }
  const cmd = commands.find((c) => c.name === name);
  if (!cmd) {
    io.stderr(`${prog}: unknown command '${name}'\n\n${help(commands, prog)}`);
    return EXIT.usage;
  }
  try {
    const args = parseArgs(rest, cmd.options);
    if (flag(args, 'help')) {
      io.stdout(`usage: ${prog} ${cmd.usage}\n`);
      return EXIT.ok;
    }
    return await cmd.run(args, io);
  } catch (e) {
    if (e instanceof UsageError) {
      io.stderr(`${prog} ${cmd.name}: ${e.message}\nusage: ${prog} ${cmd.usage}\n`);
      return EXIT.usage;
    }
    throw e;
  }
}
