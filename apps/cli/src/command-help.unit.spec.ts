import type { Command } from 'commander';
import { configVariables } from '@hindsight/config';
import { COMMAND_HELP, commandPath, EXIT_CODES, leafCommands } from './command-help';
import { buildProgram } from './program';

/** What `hindsight <command> --help` prints, captured without a process. */
function helpOf(path: string): string {
  const program = buildProgram();
  let command: Command = program;
  for (const name of path.split(' ')) command = command.commands.find((c) => c.name() === name) as Command;
  let out = '';
  command.configureOutput({ writeOut: (s) => (out += s) });
  command.outputHelp();
  return out;
}

describe("each command's --help", () => {
  const leaves = leafCommands(buildProgram());

  it('has an entry (example and needs) for every command and none for a command that does not exist', () => {
    expect(leaves.map(commandPath).sort()).toEqual(Object.keys(COMMAND_HELP).sort());
  });

  it.each(Object.keys(COMMAND_HELP))(
    'hindsight %s --help shows an example of itself, the environment and the exit codes',
    (path) => {
      const help = helpOf(path);
      expect(help).toContain(`Example:\n  hindsight ${path}`);
      expect(help).toMatch(/\nEnvironment:/);
      for (const code of Object.values(EXIT_CODES)) expect(help).toMatch(new RegExp(`\\n  ${code}  \\S`));
    },
  );

  it('names the variables a command reads with the defaults of libs/config', () => {
    const build = helpOf('dataset build');
    expect(build).toContain(
      `DATABASE_URL     ${configVariables.DATABASE_URL.meaning} (default: ${configVariables.DATABASE_URL.default})`,
    );
    expect(build).not.toContain('KAFKA_BROKERS');
    const retrain = helpOf('retrain');
    expect(retrain).toContain('KAFKA_BROKERS');
    expect(retrain).toContain('DATABASE_SCHEMA');
    const importHelp = helpOf('import');
    expect(importHelp).toContain('HINDSIGHT_API_URL');
    expect(importHelp).toContain('HINDSIGHT_API_KEY');
    expect(importHelp).not.toContain('DATABASE_URL');
    expect(helpOf('kek rotate')).toContain('HINDSIGHT_KEK_FILE');
    expect(helpOf('bt fit')).toContain('Environment: none');
  });

  it('says that - reads standard input on every option or argument that reads a file', () => {
    const fileReaders = leaves.flatMap((command) => [
      ...command.options
        .filter((o) => /<file>/.test(o.flags) && !/-out\b/.test(o.long ?? ''))
        .map((o) => ({ path: commandPath(command), flag: o.long, text: o.description })),
      ...command.registeredArguments
        .filter((a) => a.name() === 'file')
        .map((a) => ({ path: commandPath(command), flag: a.name(), text: a.description })),
    ]);
    expect(fileReaders.map((r) => `${r.path} ${r.flag}`).sort()).toEqual([
      'bt fit --input',
      'dataset build --recipe',
      'import --mapping',
      'import file',
      'policy create --recipe-file',
      'quality agreement --input',
      'quality raters --input',
      'quality report --target-profile',
    ]);
    for (const r of fileReaders)
      expect({ ...r, stdin: /- reads standard input/.test(r.text) }).toMatchObject({ stdin: true });
  });

  it("the program's own --help lists the exit codes and --version", () => {
    const program = buildProgram();
    let out = '';
    program.configureOutput({ writeOut: (s) => (out += s) });
    program.outputHelp();
    expect(out).toContain('-V, --version');
    expect(out).toContain('Exit codes:\n  0  success');
    expect(out).toContain('  3  a dependency (Kafka, PostgreSQL, the api) is unavailable');
  });
});
