// Runs H3deMl's exported seeded model in ONNX Runtime (the oracle) and writes the expected outputs as .npy fixtures.
//
//   1. H3DEML_WRITE_ONNX_FIXTURES=1 dotnet test tests/H3deMl.Onnx.Tests --filter OrtFixtureWriter
//      (writes small_both.onnx and small_both.export.json here; the .onnx is not committed)
//   2. npm install onnxruntime-node --ignore-scripts   (here; node_modules is not committed)
//   3. node generate_ort_fixtures.js [--reference PATH.onnx]
//
// Writes small_both_heatmap.npy, small_both_anchors.npy and ort_fixtures.json. With --reference it also runs the
// exported reference configuration on 1x1x128x128x64 and records its output shapes and timing in ort_reference.json.
'use strict';
const fs = require('fs');
const path = require('path');
const ort = require('onnxruntime-node');

const here = __dirname;

// The parity input, shared with SeededModels.Input: fround(0.8 sin(0.37 i + 1.3 b) + 0.1 cos(0.05 i)).
function parityInput(batch, size) {
  const perSample = size[0] * size[1] * size[2];
  const data = new Float32Array(batch * perSample);
  for (let b = 0; b < batch; b++)
    for (let i = 0; i < perSample; i++)
      data[b * perSample + i] = 0.8 * Math.sin(0.37 * i + 1.3 * b) + 0.1 * Math.cos(0.05 * i);
  return new ort.Tensor('float32', data, [batch, 1, ...size]);
}

function writeNpy(file, tensor) {
  const shape = tensor.dims.length === 1 ? `(${tensor.dims[0]},)` : `(${tensor.dims.join(', ')})`;
  let header = `{'descr': '<f4', 'fortran_order': False, 'shape': ${shape}, }`;
  const total = 10 + header.length + 1;
  header += ' '.repeat((64 - (total % 64)) % 64) + '\n';
  const prefix = Buffer.alloc(10);
  Buffer.from([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0]).copy(prefix);
  prefix.writeUInt16LE(header.length, 8);
  const data = Buffer.from(tensor.data.buffer, tensor.data.byteOffset, tensor.data.byteLength);
  fs.writeFileSync(file, Buffer.concat([prefix, Buffer.from(header, 'latin1'), data]));
}

function maxAbsDiff(a, b) {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

async function smallBoth() {
  const exported = JSON.parse(fs.readFileSync(path.join(here, 'small_both.export.json'), 'utf8'));
  const session = await ort.InferenceSession.create(path.join(here, 'small_both.onnx'),
    { intraOpNumThreads: 1, graphOptimizationLevel: 'all' });
  const input = parityInput(exported.batch, exported.inputSize);
  const out = await session.run({ image: input });
  writeNpy(path.join(here, 'small_both_heatmap.npy'), out.heatmap);
  writeNpy(path.join(here, 'small_both_anchors.npy'), out.anchors);

  // Dynamic batch: the second sample alone gives what it gave inside the batch of two.
  const perSample = exported.inputSize.reduce((a, b) => a * b, 1);
  const second = new ort.Tensor('float32', input.data.slice(perSample), [1, 1, ...exported.inputSize]);
  const single = await session.run({ image: second });
  const batchConsistency = {};
  for (const name of ['heatmap', 'anchors']) {
    const n = single[name].data.length;
    batchConsistency[name] = maxAbsDiff(single[name].data, out[name].data.subarray(n, 2 * n));
  }
  const manifest = {
    onnxruntime: require('onnxruntime-node/package.json').version,
    graphSha256: exported.graphSha256,
    seed: exported.seed,
    batch: exported.batch,
    inputSize: exported.inputSize,
    architecture: exported.architecture,
    outputs: { heatmap: out.heatmap.dims, anchors: out.anchors.dims },
    batchOfOneMaxAbsDiff: batchConsistency,
  };
  fs.writeFileSync(path.join(here, 'ort_fixtures.json'), JSON.stringify(manifest, null, 2) + '\n');
  console.log(JSON.stringify(manifest));
}

async function reference(file) {
  const session = await ort.InferenceSession.create(file, { intraOpNumThreads: 2, interOpNumThreads: 1, graphOptimizationLevel: 'all' });
  const input = parityInput(1, [128, 128, 64]);
  const times = [];
  let out;
  for (let r = 0; r < 3; r++) {
    const t0 = process.hrtime.bigint();
    out = await session.run({ image: input });
    times.push(Number(process.hrtime.bigint() - t0) / 1e9);
  }
  const result = {
    onnxruntime: require('onnxruntime-node/package.json').version,
    model: 'H3deNetArchitecture.Reference, Head=Both, seeded',
    input: [1, 1, 128, 128, 64],
    outputs: Object.fromEntries(Object.entries(out).map(([k, v]) => [k, v.dims])),
    intraOpNumThreads: 2,
    forwardSeconds: times,
  };
  fs.writeFileSync(path.join(here, 'ort_reference.json'), JSON.stringify(result, null, 2) + '\n');
  console.log(JSON.stringify(result));
}

(async () => {
  const i = process.argv.indexOf('--reference');
  if (i >= 0) await reference(process.argv[i + 1]);
  else await smallBoth();
})().catch(e => { console.error(e); process.exit(1); });
