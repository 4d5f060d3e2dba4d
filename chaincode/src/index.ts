import { TraceContract } from './contract';

export { TraceContract } from './contract';

/** What `fabric-chaincode-node start|server` loads from package.json `main`. */
export const contracts = [TraceContract];
