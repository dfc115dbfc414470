import { ValidationError } from '@hindsight/contracts';
import { fitBradleyTerry, parseMatchesCsv } from '@hindsight/quality';
import type { CommandRegistrar } from './command-registrar';
import { readInputTextSync } from './input-file';

interface FitFlags {
  input: string;
  reference?: string;
  json?: boolean;
}

/**
 * `hindsight bt fit`: plain Bradley–Terry maximum-likelihood strengths (log
 * scale, reference player 0) with standard errors, from a CSV
 * `player1,player2,wins1,wins2`. The fit lives in @hindsight/quality.
 */
export const registerBtCommands: CommandRegistrar = (program) => {
  const bt = program.command('bt').description('Bradley–Terry models of pairwise results');
  bt.command('fit')
    .description('fit player strengths from a CSV player1,player2,wins1,wins2')
    .requiredOption('--input <file>', 'CSV file (- reads standard input)')
    .option('--reference <name>', 'player whose strength is fixed at 0 (default: first name alphabetically)')
    .option('--json', 'print {"reference","players":[{"name","strength","se"}]} as JSON')
    .action((flags: FitFlags) => {
      let text: string;
      try {
        text = readInputTextSync(flags.input, '--input');
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code ?? 'unreadable';
        throw new ValidationError(
          [{ path: '--input', rule: `cannot be read (${code})` }],
          `--input ${flags.input} cannot be read (${code})`,
        );
      }
      const fit = fitBradleyTerry(
        parseMatchesCsv(text),
        flags.reference === undefined ? {} : { reference: flags.reference },
      );
      if (flags.json) {
        process.stdout.write(`${JSON.stringify({ reference: fit.reference, players: fit.players })}\n`);
        return;
      }
      const width = Math.max(6, ...fit.players.map((p) => p.name.length));
      const ranked = [...fit.players].sort((a, b) => b.strength - a.strength);
      const lines = [
        `Bradley–Terry fit, ${fit.players.length} players; strength on the log-odds scale, ${fit.reference} = 0`,
        '',
        `${'player'.padEnd(width)}  strength      se`,
        ...ranked.map(
          (p) => `${p.name.padEnd(width)}  ${p.strength.toFixed(3).padStart(8)}  ${p.se.toFixed(3).padStart(6)}`,
        ),
      ];
      process.stdout.write(`${lines.join('\n')}\n`);
    });
};
