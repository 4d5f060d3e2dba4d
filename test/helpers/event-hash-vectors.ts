/*
 * What the event-hash unit tests (test/unit/event-hash*.test.ts) share: the example namespace, the
 * check of a hand-written vector, and the loops over the published vectors of the reference
 * generator (github.com/RalphTro/epcis-event-hash-generator). The vectors themselves stay in the
 * test files.
 */
import { createHash } from 'node:crypto';

import { eventHashId, eventHashPreimage, namespacesFromContext, type NamespaceMap } from '../../server/epcis/event-hash';

/** The namespaces of the hand-written vectors: the `example` prefix of their user extensions. */
export const EXAMPLE_NS: NamespaceMap = { example: 'https://ns.example.com/epcis/' };

/** How a field under the `example` prefix of {@link EXAMPLE_NS} is written in a pre-hash string. */
export const EX = '{https://ns.example.com/epcis/}';

/** The hash id a pre-hash string must give, computed independently of the module under test. */
export function hashIdOf(preimage: string): string {
  return `ni:///sha-256;${createHash('sha256').update(preimage, 'utf8').digest('hex')}?ver=CBV2.0`;
}

/**
 * Expects `event` to give the pre-hash string `preimage` and the hash id of that string
 * ({@link hashIdOf}), with the prefixes in `namespaces` ({@link EXAMPLE_NS} unless given).
 */
export function expectVector(event: Record<string, unknown>, preimage: string, namespaces: NamespaceMap = EXAMPLE_NS): void {
  expect(eventHashPreimage(event, namespaces)).toBe(preimage);
  expect(eventHashId(event, namespaces)).toBe(hashIdOf(preimage));
}

/**
 * A JSON-LD example document of the reference generator, in its tests/examples/: every event, as
 * published there, with the hash the matching .hashes file gives for it, in the same order.
 * Namespace prefixes come from the document's @context; the fields a document lists in its
 * repository-x:ignoreFields member are passed as ignoreFields.
 */
export interface PublishedExample {
  /** The document's file name in tests/examples/. */
  readonly file: string;
  /** The document's @context. */
  readonly context: unknown;
  /** The fields the document asks to leave out of the hash. */
  readonly ignoreFields?: readonly string[];
  /** The document's events, in its order. */
  readonly events: readonly Record<string, unknown>[];
  /** The published hash of each event, in the same order. */
  readonly hashes: readonly string[];
}

/**
 * An example document of the reference generator that exists only as XML: some of its events, each
 * transcribed by hand to EPCIS 2.0 JSON, with the hash the example's .hashes file gives for it.
 */
export interface TranscribedExample {
  /** The document's file name in tests/examples/. */
  readonly file: string;
  /** The prefixes its xmlns attributes declare. */
  readonly namespaces: NamespaceMap;
  /** The fields the document lists under repository-x:ignoreFields. */
  readonly ignoreFields?: readonly string[];
  /** The transcribed events, each with its position in the document (`index`) and its published hash. */
  readonly cases: readonly { readonly index: number; readonly event: Record<string, unknown>; readonly hash: string }[];
}

/**
 * Declares, in the enclosing describe, a block `tests/examples/<file>` for each example: that it has
 * one published hash per event, and a test `event <n>` that event n gives its published hash.
 */
export function describePublishedExamples(examples: readonly PublishedExample[]): void {
  describe.each(examples)('tests/examples/$file', ({ context, ignoreFields, events, hashes }) => {
    it('has one published hash per event', () => {
      expect(hashes).toHaveLength(events.length);
    });

    it.each(events.map((event, index) => ({ index, event, hash: hashes[index] })))('event $index', ({ event, hash }) => {
      expect(eventHashId(event, namespacesFromContext(context), { ignoreFields })).toBe(hash);
    });
  });
}

/**
 * Declares, in the enclosing describe, a block `tests/examples/<file>` for each XML-only example,
 * with a test `event <index>` that the transcribed event gives the published hash.
 */
export function describeTranscribedExamples(examples: readonly TranscribedExample[]): void {
  describe.each(examples)('tests/examples/$file', ({ namespaces, ignoreFields, cases }) => {
    it.each(cases)('event $index', ({ event, hash }) => {
      expect(eventHashId(event, namespaces, { ignoreFields })).toBe(hash);
    });
  });
}
