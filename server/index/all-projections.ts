import { declarationProjections } from './declaration-projections';
import { incidentProjections } from './incident-projections';
import { coreProjections, type Projections } from './projections';
import { supervisionProjections } from './supervision-projections';

/** Every chaincode event the index understands, by event name. */
export const ALL_PROJECTIONS: Projections = {
  ...coreProjections,
  ...declarationProjections,
  ...incidentProjections,
  ...supervisionProjections,
};
