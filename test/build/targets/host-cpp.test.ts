// The reference XRT host program of a Vitis kernel: generated from the spec, compiled with g++ against
// the XRT declarations in build/targets/u50/xrt-stub (no XRT install here), every argument in order.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { hostCpp, hostMakefile } from '../../../build/targets/u50/host-cpp.js';
import { ttLinearSpec } from '../../../designs/tt-linear/tt-linear-kernel.js';
import type { KernelSpec } from '../../../rtl-lib/axi/kernel-spec.js';

const stub = fileURLToPath(new URL('../../../build/targets/u50/xrt-stub', import.meta.url));

const spec: KernelSpec = {
  name: 'k',
  args: [
    { name: 'n', kind: 'scalar', ctype: 'uint' },
    { name: 'src', kind: 'pointer', ctype: 'float*', master: 'gmem0' },
    { name: 'scale', kind: 'scalar', ctype: 'float' },
    { name: 'bias', kind: 'scalar', ctype: 'int' },
    { name: 'dst', kind: 'pointer', ctype: 'float*', master: 'gmem1' },
  ],
  masters: [
    { name: 'gmem0', dataBits: 512 },
    { name: 'gmem1', dataBits: 32 },
  ],
};

async function compiles(source: string): Promise<void> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'host-cpp-'));
  try {
    writeFileSync(path.join(dir, 'host.cpp'), source);
    await execa('g++', ['-std=c++17', '-Wall', '-Wextra', '-Werror', '-I', stub, '-c', 'host.cpp', '-o', 'host.o'], {
      cwd: dir,
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('build/targets/u50 reference XRT host program', () => {
  it('passes every argument in kernel order, each buffer in its port’s bank, scalars typed from the command line', () => {
    const cpp = hostCpp(spec);
    assert.match(cpp, /xrt::run run = kernel\(n, src, scale, bias, dst\);/);
    assert.match(cpp, /xrt::bo src\(device, srcIn\.size\(\), kernel\.group_id\(1\)\);/);
    assert.match(cpp, /xrt::bo dst\(device, dstIn\.size\(\), kernel\.group_id\(4\)\);/);
    assert.match(cpp, /uint32_t n = 0;/);
    assert.match(cpp, /float scale = 0;/);
    assert.match(cpp, /int32_t bias = 0;/);
    assert.match(cpp, /else if \(k == "scale"\) scale = std::stof\(v\);/);
    assert.match(cpp, /xrt::kernel kernel\(device, uuid, "k"\);/);
    assert.match(cpp, /writeFile\(dir \+ "\/dst\.out\.bin"/);
    assert.match(cpp, /usage: %s k\.xclbin DIR \[device=N\] n=V scale=V bias=V/);
    assert.equal(hostCpp(spec), cpp, 'same spec, same text');
    assert.match(hostMakefile(), /-lxrt_coreutil/);
  });

  it('compiles with g++ -Wall -Wextra -Werror against the XRT declarations (a small spec and the TT linear kernel)', async function () {
    this.timeout(60000);
    await compiles(hostCpp(spec));
    await compiles(hostCpp(ttLinearSpec));
  });

  it('a host program that misuses the API does not compile (the stub is strict enough to catch it)', async function () {
    this.timeout(60000);
    const broken = hostCpp(spec).replace('kernel.group_id(1)', 'kernel.group_id("src")');
    await assert.rejects(compiles(broken), /group_id/);
  });
});
