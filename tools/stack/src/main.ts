import { loadPlatformConfig } from '@hindsight/config';
import { stackDown, stackStatus, stackUp } from './stack';

async function main(command: string | undefined): Promise<number> {
  const config = loadPlatformConfig();
  const say = (line: string) => process.stdout.write(`${line}\n`);
  switch (command) {
    case 'up':
      await stackUp(config, say);
      return 0;
    case 'down':
      await stackDown(config, say);
      return 0;
    case 'status':
      return (await stackStatus(config, say)) ? 0 : 1;
    default:
      process.stderr.write('usage: stack up|down|status\n');
      return 2;
  }
}

main(process.argv[2]).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
