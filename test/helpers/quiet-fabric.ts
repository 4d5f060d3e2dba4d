// fabric-shim and fabric-contract-api log every decorator at info level and every rule failure at error level;
// import this module before either of them.
process.env.CORE_CHAINCODE_LOGGING_LEVEL ??= 'CRITICAL';

export {};
