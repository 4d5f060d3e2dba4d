import { createHash, createHmac } from 'node:crypto';

/** What a draw needs from a plan: the target list, the inspector list and the rules (一单两库一细则). */
export interface DrawPlan {
  readonly id: string;
  readonly rules: DrawRules;
  readonly targets: readonly DrawCandidate[];
  readonly inspectors: readonly DrawInspector[];
}

export interface DrawRules {
  /** Percent (0–100) of each grade's candidates drawn, keyed "1", "2", "3". */
  readonly ratioPercentByGrade: Readonly<Record<'1' | '2' | '3', number>>;
  readonly inspectorsPerTarget: number;
}

export interface DrawCandidate {
  readonly enterpriseId: string;
  readonly grade: 1 | 2 | 3;
}

export interface DrawInspector {
  readonly id: string;
  readonly name: string;
  /** Enterprises this inspector must not inspect (conflict of interest, recent inspection, …). */
  readonly excludes: readonly string[];
}

/** One drawn target with its inspectors, in draw order. */
export interface DrawnTarget {
  readonly enterpriseId: string;
  readonly grade: 1 | 2 | 3;
  readonly rank: string;
  readonly inspectors: ReadonlyArray<{ readonly id: string; readonly name: string; readonly rank: string }>;
}

const GRADES = [1, 2, 3] as const;

/** The draw's seed: SHA-256 (hex) of `suyuan-draw-v1\n<planId>\n<seed block hash>`. */
export function drawSeed(planId: string, blockHash: string): string {
  return createHash('sha256').update(`suyuan-draw-v1\n${planId}\n${blockHash}`, 'utf8').digest('hex');
}

/** HMAC-SHA256 (hex) of `value` keyed by the seed's 32 bytes: the rank that orders candidates. */
export function drawRank(seed: string, value: string): string {
  return createHmac('sha256', Buffer.from(seed, 'hex')).update(value, 'utf8').digest('hex');
}

/** How many of `n` candidates a ratio of `percent` draws: ⌈n × percent / 100⌉, in integers. */
export function drawCount(n: number, percent: number): number {
  return Math.floor((n * percent + 99) / 100);
}

function byRank<T extends { rank: string; id: string }>(a: T, b: T): number {
  return a.rank < b.rank ? -1 : a.rank > b.rank ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

function inspectorsFor(plan: DrawPlan, seed: string, enterpriseId: string): DrawnTarget['inspectors'] {
  return plan.inspectors
    .filter((i) => !i.excludes.includes(enterpriseId))
    .map((i) => ({ id: i.id, name: i.name, rank: drawRank(seed, `${enterpriseId}:${i.id}`) }))
    .sort(byRank)
    .slice(0, plan.rules.inspectorsPerTarget);
}

/**
 * The draw, a pure function of the plan and the seed. Per grade 1, 2, 3: that grade's candidates
 * ordered by drawRank(seed, enterpriseId) ascending (ties by id), the first ⌈n × ratio / 100⌉ drawn.
 * Per drawn target: the inspectors who do not exclude it, ordered by
 * drawRank(seed, enterpriseId + ':' + inspectorId), the first `inspectorsPerTarget`.
 */
export function drawInspections(plan: DrawPlan, seed: string): DrawnTarget[] {
  return GRADES.flatMap((grade) => {
    const ranked = plan.targets
      .filter((t) => t.grade === grade)
      .map((t) => ({ id: t.enterpriseId, rank: drawRank(seed, t.enterpriseId) }))
      .sort(byRank);
    const chosen = ranked.slice(0, drawCount(ranked.length, plan.rules.ratioPercentByGrade[String(grade) as '1' | '2' | '3']));
    return chosen.map((t) => ({ enterpriseId: t.id, grade, rank: t.rank, inspectors: inspectorsFor(plan, seed, t.id) }));
  });
}
