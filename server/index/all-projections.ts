import { declarationProjections } from './declaration-projections';
import { incidentProjections } from './incident-projections';
import { coreProjections, type Projection } from './projections';

/** Every chaincode event the index understands, by event name. */
export const ALL_PROJECTIONS: Readonly<Record<string, Projection>> = {
  ...coreProjections,
  ...declarationProjections,
  ...incidentProjections,
};
