import type { TenantQualityReport } from './tenant-quality-report';

type Cell = string | number | null | undefined;

const num = (x: number | null | undefined, digits = 3): string =>
  x === null || x === undefined || !Number.isFinite(x) ? '–' : x.toFixed(digits);
const pct = (x: number | null | undefined): string =>
  x === null || x === undefined || !Number.isFinite(x) ? '–' : `${(100 * x).toFixed(1)}%`;
const pValue = (p: number | null | undefined): string =>
  p === null || p === undefined || !Number.isFinite(p) ? '–' : p < 0.0001 ? '<0.0001' : p.toFixed(4);

/** A plain-text table: a header row, a rule, right-aligned numbers, left-aligned text. */
export function formatTable(headers: readonly string[], rows: readonly (readonly Cell[])[]): string {
  const text = rows.map((row) => row.map((c) => (c === null || c === undefined ? '–' : String(c))));
  const widths = headers.map((h, k) => Math.max(h.length, ...text.map((row) => row[k]?.length ?? 0)));
  const numeric = headers.map(
    (_, k) => text.length > 0 && text.every((row) => /^[-–+<]?[\d.,%e+-]*$/.test(row[k] ?? '')),
  );
  const line = (cells: readonly string[]) =>
    cells
      .map((c, k) => (numeric[k] ? c.padStart(widths[k]) : c.padEnd(widths[k])))
      .join('  ')
      .trimEnd();
  return [line(headers), widths.map((w) => '─'.repeat(w)).join('  '), ...text.map(line)].join('\n');
}

/**
 * The quality report as readable tables for a terminal: totals, flagged raters,
 * position bias, length bias, agreement by task type, representation and the model
 * leaderboard. `maxRaters` caps the flagged-rater table (the JSON has them all).
 */
export function renderQualityReport(report: TenantQualityReport, options: { maxRaters?: number } = {}): string {
  const out: string[] = [];
  const section = (title: string, body: string) => out.push(`\n${title}\n${body}`);
  const t = report.totals;
  out.push(`Quality report for ${report.tenant} as of ${report.asOf}`);
  out.push(
    `${t.comparisons} comparisons on ${t.tasks} tasks by ${t.raters} raters (${t.profiles} profiles); ${t.lowConfidence} low-confidence; ` +
      (t.judges > 0 ? `${t.judgeComparisons} by ${t.judges} AI judges (below); ` : '') +
      `left out: ${report.source.skipped.retracted} retracted, ${report.source.skipped['not-pairwise']} not pairwise`,
  );
  out.push(
    `flags: ${Object.entries(t.byFlag)
      .map(([f, n]) => `${f} ${n}`)
      .join(', ')}`,
  );

  const flagged = report.raters.filter((r) => r.flags.some((f) => f !== 'insufficient-data'));
  const maxRaters = options.maxRaters ?? 50;
  section(
    `Raters flagged (${flagged.length}${flagged.length > maxRaters ? `, first ${maxRaters} shown; --json for all` : ''})`,
    flagged.length === 0
      ? '(none)'
      : formatTable(
          ['rater', 'group', 'judgments', 'flags', 'first-win', 'longer-win', 'length effect', 'agreement'],
          flagged
            .slice(0, maxRaters)
            .map((r) => [
              r.rater,
              r.group,
              r.comparisons,
              r.flags.join(','),
              pct(r.firstWinRate),
              pct(r.longerWinRate),
              num(r.lengthEffect),
              pct(r.agreement),
            ]),
        ),
  );

  const pb = report.positionBias;
  section(
    'Position bias (first-shown win rate; 50% is no bias)',
    formatTable(
      ['scope', 'decided', 'first-win', '95% CI', 'p'],
      [
        [
          'overall',
          pb.overall.decided,
          pct(pb.overall.firstWinRate),
          pb.overall.ci ? `${pct(pb.overall.ci[0])}–${pct(pb.overall.ci[1])}` : '–',
          pValue(pb.overall.pValue),
        ],
        ...pb.byTaskType.map((s) => [
          `task type ${s.taskType}`,
          s.decided,
          pct(s.firstWinRate),
          s.ci ? `${pct(s.ci[0])}–${pct(s.ci[1])}` : '–',
          pValue(s.pValue),
        ]),
        ...pb.byInterfaceVersion.map((s) => [
          `interface ${s.interfaceVersion}`,
          s.decided,
          pct(s.firstWinRate),
          s.ci ? `${pct(s.ci[0])}–${pct(s.ci[1])}` : '–',
          pValue(s.pValue),
        ]),
      ],
    ) +
      `\nreversals: ${pb.reversals.crossOrderReversals}/${pb.reversals.crossOrderPairs} cross-order pairs disagree (${pct(pb.reversals.reversalRate)}) on ${pb.reversals.tasksShownBothWays} tasks shown both ways`,
  );

  const lb = report.lengthBias;
  section(
    `Length bias (longer response wins; all raters: ${pct(lb.baselineLongerWinRate)})`,
    formatTable(
      ['objective', 'judgments', 'longer wins', '95% CI', 'q', 'flagged'],
      lb.byObjective.map((r) => [
        r.name,
        r.n,
        pct(r.rate),
        r.ci ? `${pct(r.ci[0])}–${pct(r.ci[1])}` : '–',
        pValue(r.qValue),
        r.flagged ? 'yes' : 'no',
      ]),
    ),
  );

  section(
    'Agreement by task type (Fleiss’ kappa below the threshold: fix the rubric before scaling up)',
    formatTable(
      ['task type', 'tasks', 'judgments', 'agreement', 'kappa', 'low'],
      report.agreementByTaskType.map((a) => [
        a.taskType,
        a.tasks,
        a.judgments,
        pct(a.percentAgreement),
        num(a.kappa),
        a.lowAgreement ? 'yes' : 'no',
      ]),
    ),
  );

  const rep = report.representation;
  const rows = rep.coverage.rows;
  section(
    'Representation (share of raters and of judgments against the target)',
    rows.length === 0
      ? '(no rater profiles)'
      : formatTable(
          ['dimension', 'value', 'raters', 'share', 'of judgments', 'target', 'gap', 'status'],
          rows.map((r) => [
            r.dimension,
            r.value,
            r.raters,
            pct(r.actual),
            pct(r.actualByJudgments),
            pct(r.target),
            r.gap === null ? '–' : `${r.gap >= 0 ? '+' : ''}${(100 * r.gap).toFixed(1)}%`,
            r.status,
          ]),
        ) +
          `\ngroups in conflict: ${rep.groupsInConflict.length === 0 ? 'none' : rep.groupsInConflict.map((g) => `${g.group} on ${g.tasks} tasks`).join(', ')} (${rep.testedTasks} tasks tested, ${rep.groupDisagreements.length} disagreements to review)`,
  );

  if (report.judges.length > 0) {
    const ci = (c: [number, number] | null) => (c === null ? '–' : `[${num(c[0])}, ${num(c[1])}]`);
    section(
      `AI judges against human consensus (Cohen's kappa, 95 % bootstrap interval over tasks)`,
      formatTable(
        ['judge', 'model', 'judgments', 'tasks', 'kappa', 'kappa CI', 'first-win', 'position', 'length', 'outcomes'],
        report.judges.map((j) => [
          j.rater,
          [j.modelId, j.promptVersion ?? j.constitutionVersion].filter(Boolean).join(' '),
          j.comparisons,
          j.tasks,
          num(j.kappa),
          ci(j.kappaCi),
          pct(j.positionBias.firstWinRate),
          j.positionBias.flagged ? `bias (${j.positionBias.favours})` : 'ok',
          j.lengthBias.flagged ? 'bias' : 'ok',
          j.outcomes === null ? '–' : `${pct(j.outcomes.rate)} of ${j.outcomes.pairs}`,
        ]),
      ),
    );
  }

  section(
    'Model leaderboard (Bradley–Terry, spammers and low-confidence judgments left out)',
    renderLeaderboard(report),
  );
  return `${out.join('\n')}\n`;
}

/**
 * One table when every version is comparable with every other; otherwise the
 * table ranks within each group and the groups are listed with what is known
 * between them, since strengths from different groups are on different scales.
 */
function renderLeaderboard(report: TenantQualityReport): string {
  if (report.models.length === 0) return `(no fit: ${report.modelsNote ?? 'no comparisons'})`;
  const groups = report.modelGroups;
  if (groups.length <= 1) {
    return formatTable(
      ['rank', 'model version', 'strength', 'se', 'wins', 'losses', 'ties'],
      report.models.map((m, k) => [k + 1, m.name, num(m.strength), num(m.se), m.wins, m.losses, m.ties]),
    );
  }
  const rank = new Map<number, number>();
  const table = formatTable(
    ['group', 'rank', 'model version', 'strength', 'se', 'wins', 'losses', 'ties'],
    report.models.map((m) => {
      const r = (rank.get(m.group) ?? 0) + 1;
      rank.set(m.group, r);
      return [m.group, m.strength === null ? '–' : r, m.name, num(m.strength), num(m.se), m.wins, m.losses, m.ties];
    }),
  );
  const list = (numbers: readonly number[]) => numbers.map((n) => `group ${n}`).join(', ');
  const lines = groups.map((g) => {
    const what =
      g.reference === null
        ? `${g.models[0]}: alone, no strength`
        : `${g.models.length} versions, strengths relative to ${g.reference}`;
    const known = [
      g.beat.length > 0 ? `won every comparison with ${list(g.beat)}` : '',
      g.lostTo.length > 0 ? `lost every comparison with ${list(g.lostTo)}` : '',
    ].filter(Boolean);
    return `  group ${g.group} (${what}): ${known.length > 0 ? known.join('; ') : 'no comparison with another group'}`;
  });
  return [
    table,
    '',
    `Not comparable across groups: strengths compare only within a group. Between two groups every comparison, if any,`,
    `went one way, so Bradley–Terry has no finite strengths across them (the win graph is not strongly connected).`,
    ...lines,
  ].join('\n');
}
