import { runCommand } from './cli/commands';
import { ConfigError, loadConfig } from './config/config';

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

async function main(): Promise<void> {
  try {
    const config = loadConfig();
    process.exitCode = await runCommand(process.argv.slice(2), config, {
      out: (line) => console.log(line),
      err: (line) => console.error(line),
      stdin: readStdin,
    });
  } catch (error) {
    console.error(error instanceof ConfigError ? error.message : error);
    process.exitCode = 1;
  }
}

void main();
