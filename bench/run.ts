/**
 * `npm run bench`: runs every benchmark in this folder and prints its figures.
 * Benchmarks measure; they never assert. Run on a quiet machine and compare runs on the same one.
 */
async function main(): Promise<void> {
  const only = process.argv[2];
  const benches: Array<[string, () => Promise<void>]> = [
    ['search', async () => (await import('./search')).run()],
    ['turns', async () => (await import('./turns')).run()],
    ['cluster-stores', async () => (await import('./cluster-stores')).run()],
    ['cluster', async () => (await import('./cluster')).run()],
    ['quiz', async () => (await import('./quiz')).run()],
    ['distress', async () => (await import('./distress')).run()],
    ['messenger', async () => (await import('./messenger')).run()],
    ['zalo', async () => (await import('./zalo')).run()],
    // Long: a million events (about a minute or more). `npm run bench reach` runs it alone.
    ['reach', async () => (await import('./reach')).run()],
  ];
  for (const [name, run] of benches) {
    if (only && only !== name) continue;
    process.stdout.write(`\n## ${name}\n`);
    await run();
  }
}

void main();
