import type { Command } from 'commander';

/**
 * Each CLI command file exports one registrar that adds its sub-commands to the
 * `hindsight` program. Commands print results to stdout; they throw HindsightError
 * (from @hindsight/contracts) for bad input, which main turns into a message and exit code 2.
 */
export type CommandRegistrar = (program: Command) => void;
