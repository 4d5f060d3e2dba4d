import { createKeyCommand, registerEnterpriseCommand, revokeKeyCommand } from './admin-commands';
import { fabricEnrollCommand } from './fabric-commands';
import { importCommand } from './import-command';
import { indexRebuild, ledgerVerify } from './index-commands';
import { verifyDrawCommand } from './inspection-commands';

const USAGE = `Suyuan command line — npm run cli -- <command>

  index rebuild                      drop the derived index and replay the ledger (stop the server first on PGlite)
  ledger verify [--deep]             check the block hash chain, every signature and the state store against
                                     its signed checkpoint, and the index against its seal; --deep also re-executes
                                     every block (progress, events/s) and rebuilds the index to compare it row by row
  admin register-enterprise --id <id> --name <name> --prefixes <p1,p2> [--locations '<json>']
  admin create-key --role regulator|admin|enterprise --name <name> [--enterprise <id>]
  admin revoke-key <key id>
  fabric enroll <enterprise id>... [--org <domain>] [--msp <MSP id>] [--replace]
                                     LEDGER=fabric: issue the enterprise's Fabric identity into the wallet
                                     (development network CA), before registering it
  import <file|folder> --key <enterprise key> [--url http://localhost:3000] [--chunk 1000]
                                     stream EPCIS documents (.json) or events (.jsonl) into POST /capture
  inspections verify-draw <planId> [--url http://localhost:3000]
                                     re-run an inspection draw from the service's public data; exit 1 if it differs
`;

const COMMANDS: Readonly<Record<string, (args: string[]) => Promise<number>>> = {
  'index rebuild': () => indexRebuild(),
  'ledger verify': (args) => ledgerVerify(args),
  'admin register-enterprise': registerEnterpriseCommand,
  'admin create-key': createKeyCommand,
  'admin revoke-key': revokeKeyCommand,
  'fabric enroll': fabricEnrollCommand,
  'inspections verify-draw': (args) => verifyDrawCommand(args),
};

async function main(argv: string[]): Promise<number> {
  if (argv[0] === 'import') return importCommand(argv.slice(1));
  const command = COMMANDS[`${argv[0] ?? ''} ${argv[1] ?? ''}`];
  if (!command) {
    process.stdout.write(USAGE);
    return argv.length === 0 || argv[0] === 'help' ? 0 : 2;
  }
  return command(argv.slice(2));
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  },
);
