// tiersim explain: the answer, the limit and why, and a measured what-if.
import { main } from '../../src/cli/main.ts';

async function cli(...argv: string[]) {
  let out = '';
  const code = await main(argv, { stdout: (s) => void (out += s), stderr: () => {}, stderrIsTTY: false });
  return { code, out };
}

test('the default scenario: GPUs waiting on the PFS, and what twice the PFS would do', async () => {
  const r = await cli('explain');
  expect(r.code).toBe(0);
  expect(r.out).toContain('Your 16 accelerators compute 76.6% of the time (AU), below the 90% that MLPerf Storage asks for.');
  expect(r.out).toContain('bounded by the read bandwidth of pfs (`pfs:read`)');
  // the what-if is run, not guessed: 40 GB/s of PFS gives 2.17 min and AU 98.7% (see the compare test)
  expect(r.out).toMatch(/would cut the run from 2\.82 min to 2\.17 min \(-22\.9%\) and bring AU to 98\.7%/);
});
